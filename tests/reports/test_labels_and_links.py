"""The language a file is written in, as browsers send it, and the signed
links' guards: any change to what a link names breaks it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from saas.reports import storage
from saas.reports.labels import Language, label, pick_language
from saas.settings import Settings


@pytest.mark.parametrize(
    ("asked", "accept_language", "expected"),
    [
        (None, None, Language.EN),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", Language.ZH),
        (None, "zh-Hans", Language.ZH),
        (None, "en-US,en;q=0.9,zh-CN;q=0.8", Language.EN),
        (None, "fr-FR, zh;q=0.5, en;q=0.3", Language.ZH),  # French is not written: next best
        (None, "en;q=0.2, zh_TW;q=0.7", Language.ZH),
        (None, "de, fr", Language.EN),
        (None, "zh;q=0, en", Language.EN),  # q=0: not acceptable
        ("en", "zh-CN", Language.EN),  # asked for beats the browser
        ("ZH", None, Language.ZH),
    ],
)
def test_the_language_asked_for_else_the_browsers(
    asked: str | None, accept_language: str | None, expected: Language
) -> None:
    assert pick_language(asked, accept_language) is expected


def test_labels_fall_back_to_the_text_itself() -> None:
    assert label("first_contact", Language.ZH) == "首次接触"
    assert label("first_contact", Language.EN) == "First contact"
    assert label("SH-PUDONG", Language.ZH) == "SH-PUDONG"  # a store code, a name


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **{"secret_key": "k" * 40, **values})  # type: ignore[call-arg,arg-type]


def _parts(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_a_link_holds_for_its_person_file_and_time_only() -> None:
    settings = _settings(report_link_minutes=15)
    now = datetime(2026, 12, 7, 10, tzinfo=UTC)
    link = storage.sign(settings, run_id=7, fmt="xlsx", user_id=3, sha256="ab" * 32, now=now)
    assert link.url.startswith("/reports/7.xlsx?") and link.expires_at == now + timedelta(
        minutes=15
    )
    parts = _parts(link.url)
    assert parts["v"] == "ab" * 8  # the file's version: the download compares it with the file's
    good = {"run_id": 7, "fmt": "xlsx", "version": parts.pop("v"), **parts}
    assert storage.verify(settings, **good, now=now).user_id == 3  # type: ignore[arg-type]

    for change in (
        {"run_id": 8},
        {"fmt": "csv"},
        {"user": "4"},
        {"expires": str(int(good["expires"]) + 60)},  # type: ignore[call-overload]
        {"version": "cd" * 8},  # the file was rebuilt
        {"signature": good["signature"][:-2] + "AA"},  # type: ignore[index]
    ):
        with pytest.raises(storage.LinkRefused, match="not valid"):
            storage.verify(settings, **{**good, **change}, now=now)  # type: ignore[arg-type]
    # Malformed parts answer as a changed link does, never with a 500.
    for malformed in ({"user": "3; drop"}, {"user": "²"}, {"signature": "签名"}, {"expires": "١٢"}):
        with pytest.raises(storage.LinkRefused, match="not valid"):
            storage.verify(settings, **{**good, **malformed}, now=now)  # type: ignore[arg-type]
    with pytest.raises(storage.LinkRefused, match="expired at 2026-12-07 10:15 UTC"):
        storage.verify(settings, **good, now=now + timedelta(minutes=16))  # type: ignore[arg-type]
    # Another SECRET_KEY (another deployment) signs other links.
    with pytest.raises(storage.LinkRefused, match="not valid"):
        storage.verify(_settings(secret_key="x" * 40), **good, now=now)  # type: ignore[arg-type]


def test_a_storage_key_cannot_leave_the_storage(tmp_path: object) -> None:
    settings = _settings(report_storage_dir=tmp_path)
    assert storage.path_of(settings, "1/2/lead_export-2.xlsx").name == "lead_export-2.xlsx"
    with pytest.raises(ValueError, match="leaves the report storage"):
        storage.path_of(settings, "../../etc/passwd")
