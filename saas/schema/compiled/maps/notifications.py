"""The notification list: the caller's own in-app notifications, newest
first, as `saas.schema.notifications` shows them (the ids in `data` as
global ids)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from saas.notify.shown import DATA_IDS
from saas.schema.compiled import sql
from saas.schema.compiled.mapping import (
    Column,
    Computed,
    GlobalId,
    Statement,
    Timestamp,
    TypeMap,
    register,
    register_root,
)
from saas.schema.compiled.roots import ConnectionRoot, Rows, Slot, WhenTrue
from saas.schema.pagination import Order
from saas.tenancy.actor import Actor

# An integer as Python reads it from JSON and prints it again (orjson reads
# up to 64 bits; larger numbers and any fraction or exponent -> executor).
_INTEGER = "'^-?[0-9]{1,18}$'"


def _items_with_global_ids(value: str, type_name: str) -> str:
    """`with_global_ids` on a list of an id key: each integer as the global
    id, a boolean (an int to Python) an anomaly, anything else as it is."""
    item_id = f"to_jsonb({sql.global_id(type_name, 'x.v::text::bigint')})"
    return (
        "(SELECT coalesce(jsonb_agg(CASE jsonb_typeof(x.v) "
        f"WHEN 'number' THEN CASE WHEN x.v::text ~ {_INTEGER} THEN {item_id} ELSE x.v END "
        f"WHEN 'boolean' THEN to_jsonb({sql.anomaly('x.v')}) "
        "ELSE x.v END ORDER BY x.n), '[]'::jsonb) "
        f"FROM jsonb_array_elements({value}) WITH ORDINALITY x(v, n))"
    )


def _with_global_id(data: str, key: str, type_name: str) -> str:
    """`with_global_ids` on the id key `key` of the object `data`, as an
    object to merge into it: the key with a positive integer as the global
    id, a list with each integer so; a boolean (an int to Python) is an
    anomaly; {} where the value stays as it is (or the key is absent)."""
    value = f"({data} -> {sql.literal(key)})"
    as_id = f"to_jsonb({sql.global_id(type_name, f'{value}::text::bigint')})"
    positive = f"{value}::text ~ {_INTEGER} AND {value}::text::numeric > 0"
    return (
        f"CASE jsonb_typeof({value}) "
        f"WHEN 'number' THEN CASE WHEN {positive} "
        f"THEN jsonb_build_object({sql.literal(key)}, {as_id}) ELSE '{{}}'::jsonb END "
        f"WHEN 'boolean' THEN to_jsonb({sql.anomaly(value)}) "
        f"WHEN 'array' THEN jsonb_build_object({sql.literal(key)}, "
        f"{_items_with_global_ids(value, type_name)}) "
        "ELSE '{}'::jsonb END"
    )


def _data(statement: Statement, row: str) -> str:
    """The row's `shown_data`, which `notify` wrote as the executor prints
    the data; where it is NULL, `_rebuilt_data`."""
    return f'coalesce({row}."shown_data", {_rebuilt_data(row)})'


def _rebuilt_data(row: str) -> str:
    """`json.dumps(with_global_ids(data or {}))`: jsonb prints keys in the
    order Python reads them back and with the same separators and escapes;
    what it would print otherwise (non-ASCII text, a number Python prints
    differently, data that is not an object) is an anomaly.

    The stored object is printed with its id keys' new values merged in
    (`||`, one small object per id key present), without taking it apart
    row by row: jsonb's text of an object does not depend on how it was
    built. Its numbers are checked in one list (`jsonb_path_query_array`):
    a fraction or more than 18 digits is an anomaly. No per-row subquery
    runs but for a list under an id key."""
    data = f'{row}."data"'
    merged = " || ".join(
        [data, *(_with_global_id(data, key, type_name) for key, type_name in DATA_IDS.items())]
    )
    numbers = f"jsonb_path_query_array({data}, 'lax $.** ? (@.type() == \"number\")')::text"
    return (
        f"CASE WHEN {data} IS NULL OR {data} = 'null'::jsonb OR {data} = '{{}}'::jsonb "
        "THEN '{}' "
        f"WHEN jsonb_typeof({data}) <> 'object' OR {numbers} ~ '[.]|[0-9]{{19}}' "
        f"OR {data}::text ~ '[^\\x20-\\x7e]' THEN {sql.anomaly(data)} "
        f"ELSE ({merged})::text END"
    )


NOTIFICATION = TypeMap(
    "Notification",
    "notification",
    {
        "id": GlobalId("Notification"),
        "kind": Column("kind"),
        "title": Column("title"),
        "body": Column("body"),
        "data": Computed(_data),
        "createdAt": Timestamp("created_at"),
        "readAt": Timestamp("read_at"),
    },
)

register(NOTIFICATION)


class OwnNotifications(Rows):
    """`notifications_of`: the caller's in-app notifications in its group
    (a caller without a user or a group has none: the executor answers)."""

    def applies(self, actor: Actor) -> bool:
        return actor.tenant_id is not None and actor.user_id is not None

    def prepare(self, actor: Actor) -> tuple[Hashable, dict[str, object]]:
        return None, {"scope_tenant_id": actor.tenant_id, "scope_user_id": actor.user_id}

    def condition(self, row: str, shape: Any, slot: Slot) -> str:
        return (
            f'{row}."tenant_id" = {slot("scope_tenant_id", "bigint")} AND '
            f'{row}."user_id" = {slot("scope_user_id", "bigint")} AND '
            f"{row}.\"channel\" = 'in_app'"
        )


register_root(
    "notifications",
    ConnectionRoot(
        node_type="Notification",
        permission_needed=("notification", "read"),
        rows=OwnNotifications(),
        orders={},
        default_order=Order("id", descending=True),
        arguments=frozenset({"first", "after", "last", "before", "unreadOnly"}),
        flags={"unreadOnly": WhenTrue('{row}."read_at" IS NULL')},
    ),
)
