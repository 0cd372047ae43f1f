"""`anklet serve` starts a real server that answers the API on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


def _wait_for(url: str, context: ssl.SSLContext | None = None) -> str | None:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1, context=context) as response:
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


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made by openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is missing")
    cert, key = folder / "cert.pem", folder / "key.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    names = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        ["openssl", *request, "-keyout", str(key), "-out", str(cert), *names],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_serve_with_a_certificate_answers_https(tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    port = _free_port()
    env = os.environ | {"ANKLET_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "anklet", "serve", "--port", str(port)]
    command += ["--tls-cert", str(cert), "--tls-key", str(key)]
    trusted = ssl.create_default_context(cafile=str(cert))
    url = f"https://127.0.0.1:{port}/api/v1/openapi.json"
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as server:
        try:
            body = _wait_for(url, context=trusted)
        finally:
            server.terminate()
            printed, errors = server.communicate(timeout=10)
    assert body is not None, f"the server did not answer over https: {errors}"
    assert '"openapi"' in body
    assert f"Anklet is at https://127.0.0.1:{port}/" in printed


def test_a_certificate_without_its_key_or_with_another_key_is_one_line(
    cli: Cli, tmp_path: Path
) -> None:
    cert, _ = _certificate(tmp_path)
    alone = cli("serve", "--tls-cert", str(cert))
    assert alone.exit_code == 2
    assert alone.stderr.strip() == (
        "error: --tls-key: 'missing' is not allowed; expected --tls-cert and --tls-key "
        "together, or neither"
    )
    other_key = tmp_path / "other.pem"
    other_key.write_text("not a key\n")
    wrong = cli("serve", "--tls-cert", str(cert), "--tls-key", str(other_key))
    assert wrong.exit_code == 2
    (line,) = wrong.stderr.strip().splitlines()
    assert "--tls-cert" in line and "a PEM certificate that --tls-key's key matches" in line
