"""A notification's data as the API shows it: the JSON the service wrote,
with the ids it names (`DATA_IDS`) as global ids, so that a client can open
what it is about with node(id:) or a single-object field.

The executor prints it from the stored data on every read
(`saas.schema.notifications`). `shown_data` prints the same once, when the
notification is written, into the row's `shown_data` column, which the
compiled notification list sends as it is instead of rebuilding each row's
JSON in SQL (`saas.schema.compiled.maps.notifications`). Rows without it
(written before the column existed, or by anything but `notify`) are still
rebuilt there."""

from __future__ import annotations

import json
from typing import Any

import orjson

from saas.ids import global_id

# The ids a notification's data holds, and the type of each. Rows keep
# what `shown_data` printed when they were written: a change here (a key,
# a type name) or to how global ids or the JSON are printed needs a
# migration that sets `shown_data` to NULL on the rows written before, so
# that the compiled list rebuilds them as the executor now prints them
# (tests/schema/compiled/test_compiled_sql.py holds this mapping).
DATA_IDS = {
    "lead_id": "Lead",
    "lead_ids": "Lead",
    "customer_id": "Customer",
    "complaint_id": "Complaint",
    "order_id": "Order",
    "store_id": "Store",
    "user_id": "User",
    "webhook_endpoint_id": "WebhookEndpoint",
    "report_run_id": "ReportRun",
    "export_id": "Export",
    "distributed_lead_id": "DistributedLead",
}


def with_global_ids(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with each id key's positive integer, and each integer of an id
    key's list, as its global id (a boolean counts as an integer: Python's)."""
    out = dict(data)
    for key, type_name in DATA_IDS.items():
        value = out.get(key)
        if isinstance(value, int) and value > 0:
            out[key] = global_id(type_name, value)
        elif isinstance(value, list):
            out[key] = [global_id(type_name, v) if isinstance(v, int) else v for v in value]
    return out


def shown_data(data: dict[str, Any]) -> str | None:
    """What the executor will print for a notification whose data the
    service writes as `data` into PostgreSQL's jsonb: the JSON it reads back
    (jsonb keeps each object's keys shortest first, then by their bytes),
    with global ids, by `json.dumps`. None where the stored text could read
    back otherwise than it was written (a fraction, a top level that is not
    an object): the list then prints the row from its data. (On SQLite
    the executor answers every list, in the order the data was written;
    the column is not read there.)"""
    stored = orjson.loads(orjson.dumps(data))
    if not isinstance(stored, dict) or _has_fraction(stored):
        return None
    return json.dumps(with_global_ids(_in_jsonb_order(stored)))


def _in_jsonb_order(value: Any) -> Any:
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
        return {k: _in_jsonb_order(value[k]) for k in keys}
    if isinstance(value, list):
        return [_in_jsonb_order(v) for v in value]
    return value


def _has_fraction(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_fraction(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_fraction(v) for v in value)
    return False
