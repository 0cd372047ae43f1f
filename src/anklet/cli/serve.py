"""`anklet serve`: the web app and the API on this machine, or with --lan on the network for
the devices paired with it (a one-time link, printed with its QR code)."""

import os

import typer

from anklet.cli.runtime import state, user_errors

LOCAL = "127.0.0.1"
ANY_ADDRESS = "0.0.0.0"  # --lan: the paired devices reach it on the network
# A documentation address (RFC 5737): "connecting" a UDP socket to it sends nothing, but
# tells which local address the machine would use for the network.
PROBE = ("192.0.2.1", 9)


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
WORKERS_MAX = 64


def serve(
    ctx: typer.Context,
    host: str = typer.Option(LOCAL, "--host", help="Address to listen on (default: this machine)."),
    port: int = typer.Option(8000, "--port", help="Port, 1024-65535."),
    lan: bool = typer.Option(
        False,
        "--lan",
        help="Serve on the network for phones: only this machine and devices paired with the "
        "printed one-time link (or QR code) are answered.",
    ),
    accounts: bool = typer.Option(
        False,
        "--accounts",
        help="The multi-user server: everyone signs in, and sees only their own athletes "
        "(an athlete) or the athletes linked to them (a coach). Needed to listen beyond this "
        "machine. Also ANKLET_ACCOUNTS=1.",
        envvar="ANKLET_ACCOUNTS",
    ),
    workers: int = typer.Option(
        1, "--workers", help=f"Worker processes, 1-{WORKERS_MAX} (more than one: --accounts)."
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        help="A host name browsers use to reach the server (e.g. anklet.example.org); "
        "repeat for several. This machine's names are always allowed.",
    ),
    tls_cert: str | None = typer.Option(
        None,
        "--tls-cert",
        metavar="PEM",
        help="Serve https with this certificate (with --tls-key). A phone's offline pages "
        "need https: use a certificate the phone trusts.",
    ),
    tls_key: str | None = typer.Option(
        None, "--tls-key", metavar="PEM", help="The private key of --tls-cert."
    ),
) -> None:
    """Serve the app and the API (/api/v1, OpenAPI at /api/v1/openapi.json) on 127.0.0.1.

    With --lan, phones on the same network reach it after pairing: the link and its QR code
    are printed, work once, and give that device a cookie that keeps it paired for about a
    year. Any other device sees a page saying how to pair.

    With --accounts it is the multi-user server for a clinic or a team (docs/server.md):
    make the first admin with `anklet admin create`, then invite people.

    With --tls-cert and --tls-key it serves https itself. Browsers run the offline app (a
    service worker) only over https or on this machine, so a phone paired over plain http
    needs the connection; over https with a certificate the phone trusts, it works offline.
    """
    from anklet.domain.errors import InvalidValue

    with user_errors():
        if not 1024 <= port <= 65535:
            raise InvalidValue("--port", port, "1024 to 65535")
        if not 1 <= workers <= WORKERS_MAX:
            raise InvalidValue("--workers", workers, f"1 to {WORKERS_MAX}")
        check_exposure(host=host, lan=lan, accounts=accounts, workers=workers)
        # Before the address is printed: a port taken by another program (or an Anklet
        # already running) would otherwise print "Anklet is at ..." for a server that is not
        # this one, then a traceback-like line from uvicorn.
        check_port_free(ANY_ADDRESS if lan else host, port)
        tls = check_tls(tls_cert, tls_key)
        scheme = "https" if tls else "http"
        import uvicorn

        from anklet.settings import build_settings
        from anklet.web.app import create_app, tune_for_serving

        settings = build_settings(db=state(ctx).db, accounts=accounts)
        if workers > 1:
            run_workers(settings.database_url, host, port, workers, allowed_host, tls)
            return
        if lan:
            from anklet.web.pairing import DEVICES_FILE, PairedDevices

            address = lan_address()
            devices = PairedDevices(settings.data_dir / DEVICES_FILE)
            app = create_app(settings, allowed_hosts={address}, paired_devices=devices)
            bind = ANY_ADDRESS
        else:
            from anklet.web.server import ALLOWED_HOSTS_ENV, allowed_hosts_from

            given = allowed_hosts_from(os.environ.get(ALLOWED_HOSTS_ENV, ""))
            app = create_app(settings, allowed_hosts={host, *allowed_host, *given})
            bind = host
        tune_for_serving(app)
    if lan:
        link = f"{scheme}://{address}:{port}/pair?token={devices.token}"
        typer.echo(pairing_text(link, f"{scheme}://127.0.0.1:{port}/", offline=bool(tls)))
    else:
        who = " with accounts (sign in at /login)" if accounts else ""
        typer.echo(
            f"Anklet is at {scheme}://{host}:{port}/{who} (API docs: /api/v1/docs). "
            "Ctrl+C stops it."
        )
    cert, key = tls or (None, None)
    uvicorn.run(app, host=bind, port=port, log_level="warning", ssl_certfile=cert, ssl_keyfile=key)


def check_exposure(*, host: str, lan: bool, accounts: bool, workers: int) -> None:
    """Without accounts, anyone who reaches the server could read and change every athlete:
    so it listens on this machine only (or, with --lan, answers paired devices only)."""
    from anklet.domain.errors import InvalidValue

    if lan and accounts:
        raise InvalidValue("--lan", "with --accounts", "one of them: --lan is the single-user app")
    if host not in LOOPBACK and not accounts and not lan:
        raise InvalidValue(
            "--host",
            host,
            "127.0.0.1 or localhost; to serve other machines, turn accounts on with --accounts "
            "(everyone then signs in) or pair phones with --lan",
        )
    if workers > 1 and not accounts:
        raise InvalidValue("--workers", workers, "1 without --accounts (one person, one process)")


def check_port_free(host: str, port: int) -> None:
    """The port can be listened on at `host`; otherwise one line saying what to do."""
    import errno
    import socket

    from anklet.domain.errors import InvalidValue

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn does, so a port left in TIME_WAIT by a stopped server counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise InvalidValue(
                    "--host", host, f"an address of this machine ({error.strerror})"
                ) from None
            raise InvalidValue(
                "--port",
                port,
                "a free port: another program (perhaps Anklet, already running) listens on "
                f"{port}; stop it or choose another with --port (make run: ANKLET_PORT=8001)",
            ) from None


def check_tls(cert: str | None, key: str | None) -> tuple[str, str] | None:
    """The certificate and key, checked to load together; None without them."""
    import ssl

    from anklet.domain.errors import InvalidValue

    if cert is None and key is None:
        return None
    if cert is None or key is None:
        missing = "--tls-cert" if cert is None else "--tls-key"
        raise InvalidValue(missing, "missing", "--tls-cert and --tls-key together, or neither")
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or error
        raise InvalidValue(
            "--tls-cert", cert, f"a PEM certificate that --tls-key's key matches ({reason})"
        ) from None
    return cert, key


def run_workers(
    database_url: str,
    host: str,
    port: int,
    workers: int,
    hosts: list[str],
    tls: tuple[str, str] | None = None,
) -> None:
    """Several worker processes, each building the app from the environment (web.server)."""
    import os

    import uvicorn

    from anklet.bootstrap import open_anklet
    from anklet.web.server import ALLOWED_HOSTS_ENV, allowed_hosts_from

    # Migrate once here, before the workers start: N workers meeting an empty database would
    # otherwise all try to bring it up to date at once.
    open_anklet(db=database_url).engine.dispose()
    os.environ["ANKLET_DATABASE_URL"] = database_url
    os.environ["ANKLET_ACCOUNTS"] = "1"
    # Names given in the environment (compose, a service file) are kept beside --allowed-host.
    given = allowed_hosts_from(os.environ.get(ALLOWED_HOSTS_ENV, ""))
    os.environ[ALLOWED_HOSTS_ENV] = ",".join(sorted({host, *hosts, *given}))
    scheme = "https" if tls else "http"
    typer.echo(
        f"Anklet is at {scheme}://{host}:{port}/ with accounts, {workers} workers. Ctrl+C stops it."
    )
    uvicorn.run(
        "anklet.web.server:app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
    )


def lan_address() -> str:
    """This machine's address on its network; an error when it has none."""
    import socket

    from anklet.domain.errors import InvalidValue

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(PROBE)
            address = str(probe.getsockname()[0])
        except OSError:
            address = ""
    if not address or address.startswith("127."):
        raise InvalidValue("--lan", "no network address", "a machine on a network; join one first")
    return address


def pairing_text(link: str, local: str, *, offline: bool = False) -> str:
    """The QR code of the pairing link, the link itself and what to do with it; over plain
    http, that the phone's pages then need the connection."""
    import io

    import segno

    drawn = io.StringIO()
    segno.make(link, error="m").terminal(out=drawn, compact=True)
    return (
        "Scan this with the phone's camera (same network) to pair it:\n"
        f"{drawn.getvalue()}\n"
        f"or open this link on the phone:\n{link}\n"
        "The link works once; start Anklet again for the next device.\n"
        + (
            ""
            if offline
            else "Over plain http the phone's pages need the connection: browsers keep\n"
            "an offline copy only over https (see anklet serve --help, --tls-cert).\n"
        )
        + f"On this machine: {local} (API: /api/v1/docs). Ctrl+C stops it."
    )
