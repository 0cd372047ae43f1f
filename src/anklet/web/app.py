"""create_app(settings): the FastAPI app, built by a function, so importing it is cheap."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from anklet import __version__
from anklet.bootstrap import Anklet, open_anklet
from anklet.domain.errors import AnkletError
from anklet.settings import Settings
from anklet.web.limits import BodyLimit, ReadOnlyRequests
from anklet.web.pairing import DevicePairing, PairedDevices
from anklet.web.problems import anklet_error, http_error, server_error, validation_error
from anklet.web.security import LocalSafety

API_PREFIX = "/api/v1"


def create_app(
    settings: Settings | None = None,
    *,
    anklet: Anklet | None = None,
    allowed_hosts: Iterable[str] = (),
    paired_devices: PairedDevices | None = None,
) -> FastAPI:
    """The app over one database. `anklet` may be given (tests share an engine). With
    `paired_devices` (serve --lan), only this machine and the paired devices are answered."""
    from pathlib import Path

    from fastapi.staticfiles import StaticFiles

    from anklet.web.api import router
    from anklet.web.api_docs import docs_router
    from anklet.web.pages import router as pages_router

    core = anklet or open_anklet(settings=settings)
    app = FastAPI(
        title="Anklet",
        version=__version__,
        summary="An evidence-based coach for ankle dorsiflexion and plantarflexion.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        # /api/v1/docs is served by web.api_docs from vendored files (offline, under the CSP).
        docs_url=None,
        redoc_url=None,
    )
    app.state.anklet = core
    if paired_devices is not None:
        # Inside the Host check: a wrong Host is refused before pairing is looked at, and the
        # refusal page carries the security headers.
        app.add_middleware(DevicePairing, devices=paired_devices)
    app.add_middleware(ReadOnlyRequests)
    app.add_middleware(LocalSafety, allowed_hosts=allowed_hosts)
    # Outermost: a body is bounded before the Host check, the routes or any parser see it.
    app.add_middleware(BodyLimit)
    app.add_exception_handler(AnkletError, anklet_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, server_error)
    app.include_router(router, prefix=API_PREFIX)
    app.include_router(docs_router(f"{API_PREFIX}/openapi.json"), prefix=API_PREFIX)
    app.include_router(pages_router)
    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=static, follow_symlink=False), name="static")
    return app


# A server keeps big long-lived structures (the catalogue, the ORM metadata, remembered
# replays). Python's cyclic garbage collector rescans them every few thousand allocations,
# which showed as the slowest 1 % of page requests (docs/performance.md).
GC_THRESHOLDS = (10_000, 20, 50)


def tune_for_serving(app: FastAPI) -> None:
    """Load what every request needs, then freeze it out of the collector's scans."""
    import gc

    core: Anklet = app.state.anklet
    _ = core.catalogue, core.norm_table
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
