"""Small input checks shared by services. Each returns a FieldProblem or None."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from saas.errors import FieldProblem

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIN_PASSWORD_LENGTH = 10
MAX_PERIOD_DAYS = 366  # the longest period a report covers


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(path: str, email: str) -> FieldProblem | None:
    if len(email) > 254 or not _EMAIL.match(email):
        return _problem(path, "is not a valid e-mail address (expected name@example.com)")
    return None


def check_password(path: str, password: str, email: str = "") -> FieldProblem | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return _problem(path, f"must be at least {MIN_PASSWORD_LENGTH} characters long")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        return _problem(path, "must contain both letters and digits")
    local_part = email.partition("@")[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        return _problem(path, "must not contain your e-mail name")
    return None


def check_required(path: str, value: str, max_length: int = 200) -> FieldProblem | None:
    if not value.strip():
        return _problem(path, "is required")
    if len(value) > max_length:
        return _problem(path, f"must be at most {max_length} characters")
    return None


def check_code(path: str, code: str) -> FieldProblem | None:
    if not _CODE.match(code):
        return _problem(
            path,
            "must be 2-32 upper-case letters, digits, '-' or '_' (for example SH-PUDONG)",
        )
    return None


def check_timezone(path: str, name: str) -> FieldProblem | None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: e.g. a name too long
        return _problem(path, f"{name!r} is not a known time zone (for example Asia/Shanghai)")
    return None


def check_opening_hours(path: str, hours: dict[str, list[str]]) -> list[FieldProblem]:
    problems = []
    for day, span in hours.items():
        if day not in DAYS:
            problems.append(_problem(f"{path}.{day}", f"day must be one of {', '.join(DAYS)}"))
            continue
        if len(span) != 2 or not all(_HHMM.match(t) for t in span):
            problems.append(_problem(f"{path}.{day}", "must be [opens, closes] as HH:MM"))
        elif span[0] >= span[1]:
            problems.append(_problem(f"{path}.{day}", "must open before it closes"))
    return problems


def check_brands(path: str, brands: list[str]) -> FieldProblem | None:
    if any(not b.strip() or len(b) > 64 for b in brands):
        return _problem(path, "each brand must be a non-empty name of at most 64 characters")
    return None


def _problem(path: str, message: str) -> FieldProblem:
    return FieldProblem.at(path, message)


def check_aware(path: str, value: datetime | None) -> FieldProblem | None:
    """Times must say their offset: 10:00 in Shanghai is not 10:00 UTC."""
    if value is not None and value.tzinfo is None:
        return _problem(path, "give the time with its offset, e.g. 2026-11-24T10:00:00+08:00")
    return None


def check_report_period(path: str, first: date, last_exclusive: date) -> FieldProblem | None:
    """A report's days [first, last_exclusive): at least one, at most
    MAX_PERIOD_DAYS; `path` is where the period ends (its `to`)."""
    if last_exclusive <= first:
        return _problem(path, "must be after `from`")
    if (last_exclusive - first).days > MAX_PERIOD_DAYS:
        return _problem(path, f"a report covers at most {MAX_PERIOD_DAYS} days")
    return None
