"""GraphiQL in development, from files shipped inside the package.

The page at `GET /graphql` (browsers only) and everything it loads come from
this server, so it works on a network without internet access. The vendored
files sit in `vendor/` (their versions and licences listed in `vendor/README.md`);
`static/page.js` is ours. Both are served under `/graphiql/static/`. In
production there is neither the page nor the files.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from saas.settings import Settings

STATIC_DIR = Path(__file__).with_name("static")
VENDOR_DIR = Path(__file__).with_name("vendor")
STATIC_PATH = "/graphiql/static"

_JS = "text/javascript; charset=utf-8"
_CSS = "text/css; charset=utf-8"
# The only files served (by their path under STATIC_PATH): a fixed list, so no
# request names a path of its own.
FILES = {
    "react/react.production.min.js": _JS,
    "react-dom/react-dom.production.min.js": _JS,
    "graphql-ws/graphql-ws.min.js": _JS,
    "graphiql/graphiql.min.js": _JS,
    "graphiql/graphiql.min.css": _CSS,
    "page.js": _JS,
}
# The URLs change with the content, so browsers may keep a file for a year.
CACHE_FOREVER = "public, max-age=31536000, immutable"
# The page may load nothing from elsewhere; GraphiQL sets inline styles, and its
# fonts are data URLs inside its CSS.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass
class Asset:
    body: bytes
    content_type: str
    etag: str = field(init=False)
    _gzipped: bytes | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.etag = hashlib.sha256(self.body).hexdigest()[:16]

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


# Ours; every other file is vendored.
OWN_FILES = {"page.js"}


def asset_file(name: str) -> Path:
    """Where the file served as `STATIC_PATH/name` is shipped."""
    return (STATIC_DIR if name in OWN_FILES else VENDOR_DIR) / name


@cache
def assets() -> dict[str, Asset]:
    return {name: Asset(asset_file(name).read_bytes(), kind) for name, kind in FILES.items()}


def asset_url(name: str) -> str:
    return f"{STATIC_PATH}/{name}?v={assets()[name].etag}"


@cache
def page_html() -> str:
    def script(name: str) -> str:
        return f'<script src="{escape(asset_url(name))}"></script>'

    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>GraphiQL · Dealer CRM</title>",
            f'<link rel="stylesheet" href="{escape(asset_url("graphiql/graphiql.min.css"))}">',
            "<style>html, body, #graphiql { height: 100%; margin: 0; }</style>",
            "</head>",
            "<body>",
            '<div id="graphiql">Loading GraphiQL…</div>',
            script("react/react.production.min.js"),
            script("react-dom/react-dom.production.min.js"),
            script("graphql-ws/graphql-ws.min.js"),
            script("graphiql/graphiql.min.js"),
            script("page.js"),
            "</body>",
            "</html>",
            "",
        ]
    )


def graphiql_page() -> HTMLResponse:
    return HTMLResponse(
        page_html(),
        headers={
            "content-security-policy": PAGE_POLICY,
            "cache-control": "no-cache",
            "x-content-type-options": "nosniff",
        },
    )


async def static_file(request: Request) -> Response:
    asset = assets().get(request.path_params["path"])
    if asset is None:
        return PlainTextResponse("not found", status_code=404)
    headers = {
        "cache-control": CACHE_FOREVER,
        "etag": f'"{asset.etag}"',
        "vary": "accept-encoding",
        "x-content-type-options": "nosniff",
    }
    if request.headers.get("if-none-match") == headers["etag"]:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["content-encoding"] = "gzip"
        return Response(asset.gzipped, media_type=asset.content_type, headers=headers)
    return Response(asset.body, media_type=asset.content_type, headers=headers)


def graphiql_routes(settings: Settings) -> list[Route]:
    """The files the development page loads; none in production."""
    if settings.is_production:
        return []
    return [Route(f"{STATIC_PATH}/{{path:path}}", static_file, methods=["GET", "HEAD"])]
