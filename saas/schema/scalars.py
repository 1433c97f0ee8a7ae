"""Date and DateTime as strawberry defines them, limited to the years 1900 to
2999: a day at the edge of Python's range overflows once it is moved into a
store's time zone or a year back (period comparisons), and PostgreSQL has no
year 0. Out-of-range values are refused while the request is validated."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import dateutil.parser
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition, wrap_parser

FIRST_YEAR, LAST_YEAR = 1900, 2999


def _in_range(value: Any) -> Any:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    return value


SCALAR_OVERRIDES: dict[object, Any] = {
    dt.date: dataclasses.replace(
        DateDefinition,
        parse_value=wrap_parser(lambda v: _in_range(dt.date.fromisoformat(v)), "Date"),
    ),
    dt.datetime: dataclasses.replace(
        DateTimeDefinition,
        parse_value=wrap_parser(lambda v: _in_range(dateutil.parser.isoparse(v)), "DateTime"),
    ),
}
