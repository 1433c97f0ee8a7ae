"""The development GraphiQL page and the files it loads come from this server
(shipped inside the package), never from a CDN; production has neither.
tests/peers/test_browser.py uses the page in a real browser."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import httpx

from saas.app import create_app
from saas.schema.graphiql import FILES, STATIC_DIR, VENDOR_DIR, asset_file
from saas.settings import Settings
from tests.conftest import Api

HTML = {"accept": "text/html"}


async def test_the_page_loads_only_files_this_server_serves(api: Api) -> None:
    page = await api.client.get("/graphql", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(urls) == len(FILES)
    for url in urls:
        assert url.startswith("/graphiql/static/"), url
        name = url.removeprefix("/graphiql/static/").split("?")[0]
        served = await api.client.get(url.replace("&amp;", "&"))
        assert served.status_code == 200, url
        assert served.content == asset_file(name).read_bytes()
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        assert served.headers["content-type"] == f"{kind}; charset=utf-8"
        assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert served.headers["x-content-type-options"] == "nosniff"


async def test_files_are_compressed_and_revalidated(api: Api) -> None:
    url = "/graphiql/static/graphiql/graphiql.min.js"
    plain = await api.client.get(url, headers={"accept-encoding": "identity"})
    zipped = await api.client.get(url, headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3
    assert zipped.content == plain.content  # httpx decoded it
    again = await api.client.get(url, headers={"if-none-match": plain.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


async def test_only_the_listed_files_are_served(api: Api) -> None:
    for path in (
        "graphiql/LICENSE",
        "README.md",
        "../__init__.py",
        "..%2F__init__.py",
        "graphiql/graphiql.min.js.map",
        "",
    ):
        response = await api.client.get(f"/graphiql/static/{path}")
        assert response.status_code == 404, path


async def test_production_serves_neither_the_page_nor_its_files(settings: Settings) -> None:
    data = settings.model_dump() | {"environment": "production", "secret_key": "p" * 48}
    app = create_app(Settings(_env_file=None, **data), run_jobs=False)  # type: ignore[call-arg]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://prod"
    ) as client:
        page = await client.get("/graphql", headers=HTML)
        assert "graphiql" not in page.text.lower()
        for name in FILES:
            assert (await client.get(f"/graphiql/static/{name}")).status_code == 404


def test_every_vendored_package_keeps_its_licence_and_is_listed() -> None:
    readme = (VENDOR_DIR / "README.md").read_text()
    for name in FILES:
        if "/" not in name:
            continue  # ours
        package = Path(name).parts[0]
        assert any(p.name.startswith("LICENSE") for p in (VENDOR_DIR / package).iterdir()), package
        assert f"| {package} |" in readme, package


def test_the_package_data_globs_ship_every_static_file() -> None:
    """A wheel (and so the Docker image and `pip install`) carries what the page loads."""
    pyproject = tomllib.loads((STATIC_DIR.parents[3] / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["saas.schema.graphiql"]
    for path in [*STATIC_DIR.rglob("*"), *VENDOR_DIR.rglob("*")]:
        if path.is_file():
            relative = path.relative_to(STATIC_DIR.parent).as_posix()
            assert any(
                fnmatch.fnmatch(relative, g) and relative.count("/") == g.count("/") for g in globs
            ), relative
