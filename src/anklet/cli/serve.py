"""`anklet serve`: the web app and the API on this machine."""

import typer

from anklet.cli.runtime import state, user_errors

LOCAL = "127.0.0.1"


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: str = typer.Option(LOCAL, "--host", help="Address to listen on (default: this machine)."),
    port: int = typer.Option(8000, "--port", help="Port, 1024-65535."),
) -> None:
    """Serve the API (/api/v1, OpenAPI at /api/v1/openapi.json) on 127.0.0.1 by default.

    Binding to another address makes Anklet reachable from the network; it has no accounts
    yet, so do that only on a network you trust.
    """
    from anklet.domain.errors import InvalidValue

    with user_errors():
        if not 1024 <= port <= 65535:
            raise InvalidValue("--port", port, "1024 to 65535")
        import uvicorn

        from anklet.settings import build_settings
        from anklet.web.app import create_app, tune_for_serving

        app = create_app(build_settings(db=state(ctx).db), allowed_hosts={host})
        tune_for_serving(app)
    typer.echo(f"Anklet is at http://{host}:{port}/ (API docs: /api/v1/docs). Ctrl+C stops it.")
    uvicorn.run(app, host=host, port=port, log_level="warning")
