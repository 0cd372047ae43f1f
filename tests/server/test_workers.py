"""Several worker processes on PostgreSQL (issue 15): `anklet serve --accounts --workers 2`
as a real server over real HTTP, against a private schema of the local PostgreSQL.

Nothing in a worker's memory may be needed by another: a session made by signing in on one
worker is honoured by both, and sign-in failures are counted across workers. Each request goes
on a new TCP connection, and the worker that answered it is found from the operating system
(which worker process holds the server's end of that connection, /proc on Linux), so the test
knows both workers were used without the app telling anything about itself."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from sqlalchemy import text

from anklet.domain.accounts import LOGIN_FAILURES_PER_ACCOUNT
from anklet.storage.engine import make_engine
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="finds the answering worker through /proc"
)

EMAIL = "ada@clinic.test"
PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
WORKERS = 2
ATHLETES = "/api/v1/athletes"
JSON = "application/json"
# Bounds that keep the whole module well under 40 s on a loaded two-core machine: the server
# starts in a few seconds, and new connections reach both workers within a few dozen tries.
START_SECONDS = 20.0
TRIES_MAX = 200
REQUESTS_MIN = 20


@pytest.fixture(scope="module")
def workers_database() -> Iterator[str]:
    """A private schema for the server's processes (the URL sets its search_path), dropped
    after; `anklet admin create` migrates it as on a new server."""
    schema = f"anklet_workers_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # any failure to reach the server
        admin.dispose()
        message = f"PostgreSQL unreachable at {POSTGRES_URL}: {type(error).__name__}"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{message} (ANKLET_REQUIRE_POSTGRES=1)")
        pytest.skip(message)
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@dataclass(frozen=True)
class Served:
    port: int
    pid: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(workers_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    env = os.environ | {
        "ANKLET_DATABASE_URL": workers_database,
        "ANKLET_DATA_DIR": str(tmp_path_factory.mktemp("workers-data")),
    }
    env.pop("ANKLET_ACCOUNTS", None)
    made = subprocess.run(
        [sys.executable, "-m", "anklet", "admin", "create", "--email", EMAIL, "--name", "Ada"],
        env=env | {"ANKLET_ADMIN_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    port = _free_port()
    command = ["serve", "--accounts", "--workers", str(WORKERS), "--port", str(port)]
    server = subprocess.Popen(
        [sys.executable, "-m", "anklet", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped whole at the end
    )
    try:
        _wait_until_up(server, port)
        yield Served(port, server.pid)
    finally:
        _stop(server)


def _wait_until_up(server: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = server.stdout.read().decode() if server.stdout else ""
            pytest.fail(f"the server stopped ({server.returncode}): {output[-2000:]}")
        try:
            if _request(port, "GET", "/login").status == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within {START_SECONDS} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the supervisor (it stops its workers), then the whole group if need be."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    if server.stdout:
        server.stdout.close()


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    cookies: dict[str, str]
    worker: int  # the pid of the worker process that answered


def _request(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    server_pid: int | None = None,
    accept: str = "text/html",
) -> Answer:
    """One request on a new connection. The connection stays open until the answering
    worker is found, while that worker still holds the server's end of it."""
    headers = {"accept": accept, "connection": "keep-alive"}
    if cookies:
        headers["cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["content-type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text_ = response.read().decode()
        jar: SimpleCookie = SimpleCookie()
        for header in response.headers.get_all("set-cookie") or []:
            jar.load(header)
        assert connection.sock is not None
        local_port = int(connection.sock.getsockname()[1])
        worker = _worker_of(server_pid, port, local_port) if server_pid else 0
        return Answer(response.status, text_, {k: m.value for k, m in jar.items()}, worker)
    finally:
        connection.close()


def _worker_of(server_pid: int, port: int, client_port: int) -> int:
    """The child of the server holding the accepted socket of this client's connection."""
    inode = _socket_inode(port, client_port)
    wanted = f"socket:[{inode}]"
    for pid in _children(server_pid):
        fd_dir = Path(f"/proc/{pid}/fd")
        try:
            for fd in fd_dir.iterdir():
                try:
                    if os.readlink(fd) == wanted:
                        return pid
                except OSError:
                    continue
        except OSError:
            continue
    pytest.fail(f"no worker of {server_pid} holds the connection from port {client_port}")


def _socket_inode(port: int, client_port: int) -> str:
    """The inode of the server's end of 127.0.0.1:client_port -> 127.0.0.1:port."""
    local, remote = f"0100007F:{port:04X}", f"0100007F:{client_port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[2] == remote:
            return fields[9]
    pytest.fail(f"no server socket for the connection from port {client_port}")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (in parentheses) may hold spaces: the parent id follows it.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


def _csrf(served: Served) -> tuple[str, int]:
    page = _request(served.port, "GET", "/login", server_pid=served.pid)
    found = CSRF_FIELD.search(page.body)
    assert page.status == 200 and found, page.body[:400]
    assert page.cookies["anklet_csrf"] == found.group(1)
    return found.group(1), page.worker


def _sign_in(served: Served, token: str, password: str) -> Answer:
    return _request(
        served.port,
        "POST",
        "/login",
        cookies={"anklet_csrf": token},
        form={"email": EMAIL, "password": password, "csrf_token": token, "next": "/"},
        server_pid=served.pid,
    )


def test_a_session_made_on_one_worker_is_honoured_by_every_worker(served: Served) -> None:
    token, _ = _csrf(served)
    signed_in = _sign_in(served, token, PASSWORD)
    assert signed_in.status == 303, signed_in.body[:400]
    session = {"anklet_session": signed_in.cookies["anklet_session"]}
    answered: Counter[int] = Counter()
    tries = 0
    while tries < TRIES_MAX and (len(answered) < WORKERS or tries < REQUESTS_MIN):
        tries += 1
        listed = _request(
            served.port, "GET", ATHLETES, cookies=session, server_pid=served.pid, accept=JSON
        )
        assert listed.status == 200, (listed.worker, listed.status, listed.body[:400])
        assert json.loads(listed.body) == []  # an admin sees no athlete by role alone
        answered[listed.worker] += 1
    assert len(answered) == WORKERS, f"one worker answered all {tries} requests: {answered}"
    stranger = _request(served.port, "GET", ATHLETES, server_pid=served.pid, accept=JSON)
    assert stranger.status == 401


def test_sign_in_failures_are_counted_across_workers(served: Served) -> None:
    token, _ = _csrf(served)
    failed_on: Counter[int] = Counter()
    for attempt in range(LOGIN_FAILURES_PER_ACCOUNT):
        wrong = _sign_in(served, token, f"not the password {attempt}")
        assert wrong.status == 422 and "the address and password of an account" in wrong.body
        failed_on[wrong.worker] += 1
    # The right password is now refused by every worker, including one that saw fewer than
    # five of the failures itself (proof the count is shared, not kept in its memory).
    refused_on: Counter[int] = Counter()
    tries = 0
    while tries < TRIES_MAX and not any(
        failed_on[worker] < LOGIN_FAILURES_PER_ACCOUNT for worker in refused_on
    ):
        tries += 1
        right = _sign_in(served, token, PASSWORD)
        assert right.status == 422, (right.worker, right.status, right.body[:400])
        assert "too many failed sign-ins" in right.body
        assert "anklet_session" not in right.cookies
        refused_on[right.worker] += 1
    short = [w for w in refused_on if failed_on[w] < LOGIN_FAILURES_PER_ACCOUNT]
    assert short, f"failures {dict(failed_on)}, refusals {dict(refused_on)}"
