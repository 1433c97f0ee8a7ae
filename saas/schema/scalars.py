"""Date and DateTime as strawberry defines them, limited to the years 1900 to
2999: a day at the edge of Python's range overflows once it is moved into a
store's time zone or a year back (period comparisons), and PostgreSQL has no
year 0. Decimal without NaN and infinities, which no amount of money is and
which break comparisons. Such values are refused while the request is
validated."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
from collections.abc import Callable
from typing import Any

import dateutil.parser
from strawberry.schema.types.base_scalars import (
    DateDefinition,
    DateTimeDefinition,
    DecimalDefinition,
    wrap_parser,
)
from strawberry.types.scalar import ScalarDefinition

FIRST_YEAR, LAST_YEAR = 1900, 2999


def _in_range(value: Any) -> Any:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    return value


def _finite_decimal(value: str) -> decimal.Decimal:
    try:
        number = decimal.Decimal(value)
    except decimal.DecimalException:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("give a finite number")
    return number


def _checked(
    definition: ScalarDefinition,
    description: str,
    parse: Callable[[str], object],
    *,
    accept_non_string: bool = False,
) -> ScalarDefinition:
    """Strawberry's `definition` with our description, parsing inputs with
    `parse` (a ValueError refuses the value)."""
    return dataclasses.replace(
        definition,
        description=description,
        parse_value=wrap_parser(parse, definition.name, accept_non_string=accept_non_string),
    )


SCALAR_OVERRIDES: dict[object, Any] = {
    dt.date: _checked(
        DateDefinition,
        "A calendar date, YYYY-MM-DD, with no time zone (a store-local day where "
        "the field says so). Years 1900 to 2999.",
        lambda v: _in_range(dt.date.fromisoformat(v)),
    ),
    dt.datetime: _checked(
        DateTimeDefinition,
        "A point in time, ISO-8601 with its offset, e.g. 2026-11-24T10:00:00+08:00. "
        "The API returns UTC (+00:00); give inputs with their offset (times without one are "
        "refused where a time is checked). Years 1900 to 2999.",
        lambda v: _in_range(dateutil.parser.isoparse(v)),
    ),
    decimal.Decimal: _checked(
        DecimalDefinition,
        'An exact decimal number, returned as a string (e.g. "189800.00"); '
        "amounts of money are in yuan (CNY). Inputs take a string or a number; NaN and "
        "infinities are refused.",
        _finite_decimal,
        accept_non_string=True,
    ),
}
