"""`anklet serve` starts a real server that answers the API on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.cli.conftest import Cli


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_the_openapi_document_and_stops(tmp_path: Path) -> None:
    port = _free_port()
    env = os.environ | {"ANKLET_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "anklet", "serve", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
    with subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as server:
        try:
            body = _wait_for(url)
        finally:
            server.terminate()
            _, errors = server.communicate(timeout=10)
    assert body is not None, f"the server did not answer: {errors}"
    assert '"openapi"' in body and "/api/v1/athletes" in body


# The test is about answering, not speed: a cold start on a busy 2-core machine (a fresh
# database migrated, FastAPI and the app imported) has taken 14 s.
START_DEADLINE_S = 60


def _wait_for(url: str) -> str | None:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return str(response.read().decode())
        except OSError:
            time.sleep(0.1)
    return None


def test_a_bad_port_is_a_clean_error(cli: Cli) -> None:
    result = cli("serve", "--port", "80")
    assert result.exit_code == 2
    assert "--port: 80" in result.stderr


def test_a_port_in_use_is_one_line_and_no_address_is_printed(cli: Cli) -> None:
    # Another program listens on the port: "Anklet is at ..." would name a server that is not
    # Anklet's, so the port is refused first, in one line.
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert f"--port: {port} is not allowed; expected a free port" in line
    assert "--port" in line and "ANKLET_PORT" in line
    assert "Anklet is at" not in result.output and "Errno" not in result.output
