"""The OEM head office's list of the leads it distributed, as
`saas.schema.oem` shows them: its own view (the phone masked when the lead
came in, no dealer data), the OEM's rows only, newest first."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from typing import Any

from saas.schema.compiled import sql
from saas.schema.compiled.mapping import (
    Column,
    Computed,
    EnumColumn,
    Fallback,
    GlobalId,
    Statement,
    Timestamp,
    TypeMap,
    register,
    register_root,
)
from saas.schema.compiled.roots import ConnectionRoot, Equals, FilterKey, IdIs, Rows, Slot
from saas.schema.pagination import Order
from saas.tenancy.actor import Actor


def _minutes_to_first_contact(statement: Statement, row: str) -> str:
    """`round((first_contact_at - received_at).total_seconds() / 60, 1)`.

    The double `x` is Python's: microseconds / 1e6 / 60, each step correctly
    rounded in float8 as in Python. Python's `round(x, 1)` rounds the exact
    binary value of `x` half to even. Where `x * 10` in float8 is more than
    10^-6 from a half, its rounding is the exact value's (below 10^8 the
    product is within 10^-8 of it): floor(x * 10 + 0.5). Near a half, the
    exact value decides, in exact integers: with x = M * 2^-n (M, n from the
    float's bits), x * 10 = A / D where A = M * 10 * 5^n and D = 10^n, and
    q = A div D rounded by the remainder (numerics of ~700 digits: about
    20 µs a row, so only there). A negative value or one beyond 10^7 minutes
    is an anomaly (the executor answers)."""
    first, received = f'{row}."first_contact_at"', f'{row}."received_at"'
    micros = f"(extract(epoch FROM ({first} - {received})) * 1000000)::bigint"
    minutes = f"(({micros})::float8 / 1000000::float8 / 60::float8)"
    bits = "('x' || encode(float8send(m.x), 'hex'))::bit(64)::bigint"
    shift = "(1075 - ((f.b >> 52) & 2047))"
    exact = (
        f"(SELECT ((f.b & 4503599627370495) + 4503599627370496)::numeric * 10 "
        f"* power(5::numeric, {shift}) AS a, power(10::numeric, {shift}) AS d OFFSET 0)"
    )
    rounded = (
        "round(CASE WHEN 2 * t.r < t.d THEN t.q WHEN 2 * t.r > t.d THEN t.q + 1 "
        "ELSE t.q + mod(t.q, 2) END / 10, 1)"
    )
    # OFFSET 0 keeps each step a subquery computed once per row: flattened,
    # the planner copied every step into each place that reads it. Every
    # step of the exact branch is defined for any finite float.
    near_half = (
        f"(SELECT {rounded} FROM (SELECT {bits} AS b OFFSET 0) f, LATERAL {exact} e, "
        "LATERAL (SELECT div(e.a, e.d) AS q, mod(e.a, e.d) AS r, e.d AS d OFFSET 0) t)"
    )
    return (
        f"CASE WHEN {first} IS NULL THEN NULL ELSE (SELECT CASE "
        f"WHEN m.x < 0 OR m.x >= 1e7 THEN ({sql.anomaly('m.x')})::numeric "
        "WHEN m.x = 0 THEN 0.0 "
        "WHEN abs(m.x * 10 - floor(m.x * 10) - 0.5) > 1e-6 "
        "THEN round(floor(m.x * 10 + 0.5)::numeric / 10, 1) "
        f"ELSE {near_half} END "
        f"FROM (SELECT {minutes} AS x OFFSET 0) m) "
        "END"
    )


DISTRIBUTED_LEAD = TypeMap(
    "DistributedLead",
    "distributed_lead",
    {
        "id": GlobalId("DistributedLead"),
        "externalRef": Column("external_ref"),
        "brand": Column("brand"),
        "customerName": Column("customer_name"),
        # Masked when the lead came in; the number itself is never read here.
        "phoneMasked": Column("phone_masked"),
        "status": EnumColumn("status"),
        "storeCode": Column("store_code"),
        "storeRegion": Column("store_region"),
        "statusGrade": Column("status_grade"),
        "stage": Column("stage"),
        "outcome": Column("outcome"),
        "lostReason": Column("lost_reason"),
        # "" shows as null there; EnumColumn makes it an anomaly (executor).
        "returnReason": EnumColumn("return_reason"),
        "returnNote": Column("return_note"),
        "receivedAt": Timestamp("received_at"),
        "assignedAt": Timestamp("assigned_at"),
        "firstContactAt": Timestamp("first_contact_at"),
        "slaDueAt": Timestamp("sla_due_at"),
        "slaOutcome": EnumColumn("sla_outcome"),
        "breachedAt": Timestamp("breached_at"),
        "minutesToFirstContact": Computed(_minutes_to_first_contact),
    },
)

register(DISTRIBUTED_LEAD)


class OemRows(Rows):
    """`OemLeadRepository(oem_of(actor))`: the rows of the caller's OEM (a
    caller of no OEM is refused by the executor)."""

    def applies(self, actor: Actor) -> bool:
        return actor.oem_id is not None

    def prepare(self, actor: Actor) -> tuple[Hashable, dict[str, object]]:
        return None, {"scope_oem_id": actor.oem_id}

    def condition(self, row: str, shape: Any, slot: Slot) -> str:
        return f'{row}."oem_id" = {slot("scope_oem_id", "bigint")}'


class Region(FilterKey):
    """`region`: the store's region or the one the OEM sent (none when empty)."""

    def value(self, given: Any) -> object | None:
        return given or None

    def condition(self, row: str, placeholder: str) -> str:
        return f'({row}."store_region" = {placeholder} OR {row}."region" = {placeholder})'


class Received(FilterKey):
    """`receivedFrom` (at or after, `op` ">=") or `receivedTo` (before, "<")."""

    pg_type = "timestamptz"

    def __init__(self, op: str) -> None:
        self.op = op

    def value(self, given: Any) -> object | None:
        if given is None:
            return None
        if not isinstance(given, datetime) or given.tzinfo is None:
            raise Fallback("a time without an offset")
        return given

    def condition(self, row: str, placeholder: str) -> str:
        return f'{row}."received_at" {self.op} {placeholder}'


register_root(
    "distributedLeads",
    ConnectionRoot(
        node_type="DistributedLead",
        permission_needed=("distribution", "read"),
        rows=OemRows(),
        orders={},
        default_order=Order("id", descending=True),
        arguments=frozenset({"first", "after", "last", "before", "filter"}),
        filters={
            "storeId": IdIs("store_id", "Store"),
            "region": Region(),
            "slaOutcome": Equals("sla_outcome"),
            "status": Equals("status"),
            "receivedFrom": Received(">="),
            "receivedTo": Received("<"),
        },
    ),
)
