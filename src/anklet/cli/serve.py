"""`anklet serve`: the web app and the API on this machine, or with --lan on the network for
the devices paired with it (a one-time link, printed with its QR code)."""

import typer

from anklet.cli.runtime import state, user_errors

LOCAL = "127.0.0.1"
ANY_ADDRESS = "0.0.0.0"  # --lan: the paired devices reach it on the network
# A documentation address (RFC 5737): "connecting" a UDP socket to it sends nothing, but
# tells which local address the machine would use for the network.
PROBE = ("192.0.2.1", 9)


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)


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
) -> None:
    """Serve the app and the API (/api/v1, OpenAPI at /api/v1/openapi.json) on 127.0.0.1.

    With --lan, phones on the same network reach it after pairing: the link and its QR code
    are printed, work once, and give that device a cookie that keeps it paired for about a
    year. Any other device sees a page saying how to pair.
    """
    from anklet.domain.errors import InvalidValue

    with user_errors():
        if not 1024 <= port <= 65535:
            raise InvalidValue("--port", port, "1024 to 65535")
        import uvicorn

        from anklet.settings import build_settings
        from anklet.web.app import create_app, tune_for_serving

        settings = build_settings(db=state(ctx).db)
        if lan:
            from anklet.web.pairing import DEVICES_FILE, PairedDevices

            address = lan_address()
            devices = PairedDevices(settings.data_dir / DEVICES_FILE)
            app = create_app(settings, allowed_hosts={address}, paired_devices=devices)
            bind = ANY_ADDRESS
        else:
            app = create_app(settings, allowed_hosts={host})
            bind = host
        tune_for_serving(app)
    if lan:
        link = f"http://{address}:{port}/pair?token={devices.token}"
        typer.echo(pairing_text(link, f"http://127.0.0.1:{port}/"))
    else:
        typer.echo(f"Anklet is at http://{host}:{port}/ (API docs: /api/v1/docs). Ctrl+C stops it.")
    uvicorn.run(app, host=bind, port=port, log_level="warning")


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


def pairing_text(link: str, local: str) -> str:
    """The QR code of the pairing link, the link itself and what to do with it."""
    import io

    import segno

    drawn = io.StringIO()
    segno.make(link, error="m").terminal(out=drawn, compact=True)
    return (
        "Scan this with the phone's camera (same network) to pair it:\n"
        f"{drawn.getvalue()}\n"
        f"or open this link on the phone:\n{link}\n"
        "The link works once; start Anklet again for the next device.\n"
        f"On this machine: {local} (API: /api/v1/docs). Ctrl+C stops it."
    )
