"""SQL expressions that print values exactly as the executor serialises them:
timestamps as Python's `isoformat()` of a UTC datetime, enums by their
GraphQL names, global ids and cursors byte for byte as `saas.schema.relay`
and `saas.schema.pagination` make them.

A value the executor could not show (an enum value the schema does not know,
a phone number the fast path cannot mask) makes the statement fail with
`anomaly()`'s error instead of answering something else; the request is then
answered by the executor (`ANOMALY_ERRORS`)."""

from __future__ import annotations

from collections.abc import Mapping

from asyncpg.exceptions import InvalidTextRepresentationError

# What `anomaly()` raises: the statement stops and the executor answers.
ANOMALY_ERRORS = (InvalidTextRepresentationError,)


def literal(text: str) -> str:
    """A PostgreSQL string literal of `text` (standard-conforming strings)."""
    if "\x00" in text:
        raise ValueError("NUL in a literal")
    return "'" + text.replace("'", "''") + "'"


def anomaly(value_sql: str) -> str:
    """A text expression that fails (invalid integer text) whenever it is
    evaluated: for the branch of a CASE the executor would answer otherwise.
    It depends on the row's value (so the planner cannot fold it into an
    error at plan time) but prints none of it: PostgreSQL quotes the text in
    its message, which is logged, and the value may be a customer's phone."""
    return f"(('compiled anomaly' || left(coalesce(({value_sql})::text, ''), 0))::int)::text"


def iso_timestamp(column_sql: str) -> str:
    """A timestamptz as `datetime.isoformat()` shows it in UTC:
    2026-12-07T10:00:00+00:00, with .ffffff only when there are microseconds."""
    # One to_char with the fraction always printed, then a zero fraction cut:
    # half the cost of formatting the seconds and the fraction apart (and
    # NULL stays NULL through both functions).
    return (
        f"replace(to_char((({column_sql}) AT TIME ZONE 'UTC'), "
        f"'YYYY-MM-DD\"T\"HH24:MI:SS.US+00:00'), '.000000+', '+')"
    )


def enum_name(column_sql: str, names: Mapping[str, str]) -> str:
    """The GraphQL name of a stored enum value (`names`: value -> name); NULL
    stays NULL, a value the schema does not know is an anomaly."""
    whens = " ".join(f"WHEN {literal(value)} THEN {literal(name)}" for value, name in names.items())
    return (
        f"CASE WHEN ({column_sql}) IS NULL THEN NULL "
        f"ELSE CASE ({column_sql}) {whens} ELSE {anomaly(column_sql)} END END"
    )


def base64(text_sql: str) -> str:
    """Standard base64 with padding of a text's UTF-8 bytes, on one line."""
    return f"translate(encode(convert_to({text_sql}, 'UTF8'), 'base64'), E'\\n', '')"


def global_id(type_name: str, pk_sql: str) -> str:
    """`to_global_id(type_name, pk)`: base64 of "<type>:<pk>"."""
    encoded = base64(f"{literal(type_name + ':')} || ({pk_sql})::text")
    return f"CASE WHEN ({pk_sql}) IS NULL THEN NULL ELSE {encoded} END"


def cursor(pk_sql: str, value_sql: str | None) -> str:
    """`encode_cursor(pk, value)`: URL-safe base64 of `json.dumps` of
    {"id": pk} or {"id": pk, "v": <ISO timestamp>}."""
    if value_sql is None:
        key = f"'{{\"id\": ' || ({pk_sql})::text || '}}'"
    else:
        key = (
            f'\'{{"id": \' || ({pk_sql})::text || \', "v": "\' || '
            f"{iso_timestamp(value_sql)} || '\"}}'"
        )
    return f"translate(encode(convert_to({key}, 'UTF8'), 'base64'), E'+/\\n', '-_')"
