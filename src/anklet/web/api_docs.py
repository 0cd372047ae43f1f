"""/api/v1/docs: the API's interactive reference, drawn by the vendored Swagger UI from
/api/v1/openapi.json. FastAPI's own docs page loads Swagger UI from a CDN and starts it with an
inline script; both break offline and under the app's Content-Security-Policy (`script-src
'self'`), so this page is plain HTML over files served from /static."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from markupsafe import escape

from anklet import __version__

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Anklet API {version} · reference</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/static/vendor/swagger-ui.css">
  <script src="/static/vendor/swagger-ui-bundle.js" defer></script>
  <script src="/static/js/api-docs.js" defer></script>
</head>
<body>
  <noscript>This reference needs JavaScript; the same description is at
  <a href="{openapi}">{openapi}</a> and in docs/api.md.</noscript>
  <div id="swagger-ui" data-openapi="{openapi}"></div>
</body>
</html>
"""


def docs_router(openapi_url: str) -> APIRouter:
    """The docs route beside the OpenAPI document it draws."""
    router = APIRouter(include_in_schema=False)
    body = PAGE.format(version=escape(__version__), openapi=escape(openapi_url))

    @router.get("/docs")
    def api_docs() -> HTMLResponse:
        return HTMLResponse(body)

    return router
