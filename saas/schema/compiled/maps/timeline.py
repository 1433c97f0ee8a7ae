"""A customer's timeline (`customerTimeline`, `CustomerTimeline`): the
entries `saas.aftersales.timeline.timeline` builds, one UNION ALL branch per
kind of entry with its summary printed as the Python f-string prints it,
sorted as Python sorts them and paged by position as `paginate_list` pages
them, with the same cursors; the CustomerMessage of a message entry.

A value whose text SQL would print otherwise than Python (a price that is not
printed with two decimals, a date beyond Python's range) or that the
executor refuses to show (a message of a kind the schema does not know) is an
anomaly: the request runs on the executor."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, GraphQLSchema

from saas.crm.access import customer_scope
from saas.crm.repository import CustomerRepository
from saas.schema.aftersales.queries import _TIMELINE_TYPES
from saas.schema.compiled import sql
from saas.schema.compiled.mapping import (
    Column,
    Computed,
    EnumColumn,
    Fallback,
    FieldMap,
    GlobalId,
    Prepared,
    RootField,
    Selected,
    Statement,
    Timestamp,
    TypeMap,
    Unsupported,
    check_selection,
    register,
    register_root,
)
from saas.schema.compiled.maps.leads import masked_phone
from saas.schema.compiled.roots import Scoped, Slot
from saas.schema.errors import as_id
from saas.schema.pagination import DEFAULT_PAGE_SIZE, Page, list_index
from saas.tenancy.actor import Actor

CUSTOMER_MESSAGE = TypeMap(
    "CustomerMessage",
    "customer_message",
    {
        "id": GlobalId("CustomerMessage"),
        "kind": EnumColumn("kind"),
        "channel": EnumColumn("channel"),
        "text": Column("text"),
        "sentAt": Timestamp("sent_at"),
        "recipient": Computed(lambda statement, row: masked_phone(f'{row}."recipient"')),
        "trigger": Column("trigger"),
        "leadId": GlobalId("Lead", "lead_id"),
        "followUpId": GlobalId("FollowUp", "follow_up_id"),
    },
)


@dataclass(frozen=True)
class EntryMessage(FieldMap):
    """A message entry's message (null on every other kind). Not a
    `Relation`: the executor shows the message the timeline service read
    with the entry (`saas.aftersales.timeline.Entry.message`), no loader."""

    def target_type(self) -> str | None:
        return "CustomerMessage"

    def sql(self, statement: Statement, row: str, selected: Selected) -> str:
        child = statement.alias("o")
        inner = statement.object(CUSTOMER_MESSAGE, child, selected.children)
        return (
            f'(SELECT {inner} FROM "{CUSTOMER_MESSAGE.table}" {child} '
            f'WHERE {row}."kind" = \'message\' AND {child}."tenant_id" = {row}."tenant_id" '
            f'AND {child}."id" = {row}."object_id")'
        )


# The rows of a timeline are those of the statement's `entries` (not a
# table): `at`, `kind`, `summary`, `object_id`, `tenant_id`, and `global_id`,
# the objectId as `_timeline_object_id` prints it.
TIMELINE_ENTRY = TypeMap(
    "TimelineEntry",
    "",
    {
        "at": Timestamp("at"),
        "kind": Column("kind"),
        "summary": Column("summary"),
        "objectId": Column("global_id"),
        "message": EntryMessage(),
    },
)

register(CUSTOMER_MESSAGE, TIMELINE_ENTRY)


def _x(column: str) -> str:
    """A column of the branch's row (alias x)."""
    return f'x."{column}"'


def _text(value: str) -> str:
    return f"({value})::text"


def _head(column: str) -> str:
    """`text[:120]`: the first 120 code points (characters of a UTF-8 database)."""
    return f"left({column}, 120)"


def _price(column: str) -> str:
    """`f"{price}"` of the Decimal Tortoise reads (quantized to cents): the
    numeric's text where it has exactly two decimals (or is NaN, which both
    print so); anything else is an anomaly."""
    return (
        f"CASE WHEN ({column})::text ~ '^-?[0-9]+\\.[0-9]{{2}}$' OR ({column})::text = 'NaN' "
        f"THEN ({column})::text ELSE {sql.anomaly(column)} END"
    )


def _finite(column: str) -> str:
    """A date Python reads as it is stored (years 1 to 9999), else an anomaly."""
    return (
        f"CASE WHEN isfinite({column}) AND {column} BETWEEN '0001-01-01' AND '9999-12-31' "
        f"THEN {column} ELSE ({sql.anomaly(column)})::date END"
    )


def _time(value: str) -> str:
    """A time Python reads as it is stored (finite, years 1 to 9999), else
    an anomaly: every entry's `at` (asyncpg reads infinity as another time)."""
    return (
        f"CASE WHEN isfinite({value}) AND ({value}) >= '0001-01-01 00:00:00+00' "
        f"AND ({value}) < '10000-01-01 00:00:00+00' THEN ({value}) "
        f"ELSE ({sql.anomaly(value)})::timestamptz END"
    )


def _day(column: str) -> str:
    """`_day`: midnight UTC of a date."""
    return f"(({_finite(column)})::timestamp AT TIME ZONE 'UTC')"


def _iso_date(column: str) -> str:
    return f"to_char({_finite(column)}, 'YYYY-MM-DD')"


@dataclass(frozen=True)
class Branch:
    """One kind of entry: read from `table` (alias x) where `where` holds,
    at `at`, with `summary` (SQL text expressions on x)."""

    kind: str
    table: str
    at: str
    summary: str
    where: str = "true"
    # A condition each of the customer's rows must meet, else an anomaly:
    # checked where the row's kind is printed (always read, and only for
    # the rows joined to the customer, not for another customer's).
    check: str | None = None

    def kind_sql(self) -> str:
        kind = f"{sql.literal(self.kind)}::text"
        if self.check is None:
            return kind
        return f"CASE WHEN {self.check} THEN {kind} ELSE {sql.anomaly(_x('id'))} END"


def _branches(statement: Statement) -> list[Branch]:
    kinds = statement.enum_names("CustomerMessageKind")
    channels = statement.enum_names("MessageChannel")
    known = (
        f'x."kind" = ANY(ARRAY[{", ".join(sql.literal(k) for k in kinds)}]) AND '
        f'x."channel" = ANY(ARRAY[{", ".join(sql.literal(c) for c in channels)}])'
    )
    return [
        Branch(
            "lead",
            "lead",
            'x."created_at"',
            "'lead from ' || x.\"source_channel\" || ', grade ' || x.\"intent_grade\"",
        ),
        Branch(
            "follow_up",
            "follow_up",
            'x."happened_at"',
            f"x.\"channel\" || ': ' || {_head(_x('content'))}",
        ),
        Branch(
            "test_drive",
            "test_drive",
            'coalesce(x."completed_at", x."scheduled_at")',
            "'test drive ' || x.\"status\"",
        ),
        Branch(
            "order",
            "vehicle_order",
            'x."signed_at"',
            f"'order signed, ' || {_price(_x('price'))} || ' yuan'",
        ),
        Branch(
            "delivery",
            "vehicle_order",
            'x."delivered_at"',
            "'car delivered'",
            'x."delivered_at" IS NOT NULL',
        ),
        Branch(
            "order_cancelled",
            "vehicle_order",
            'x."cancelled_at"',
            "coalesce(nullif(x.\"cancel_reason\", ''), 'order cancelled')",
            'x."cancelled_at" IS NOT NULL',
        ),
        Branch(
            "vehicle",
            "vehicle",
            _day('x."purchase_date"'),
            "'owns ' || x.\"model_name\" || ' (' || "
            "coalesce(nullif(x.\"vin\", ''), 'VIN pending') || ')'",
        ),
        Branch(
            "service",
            "service_record",
            _day('x."service_date"'),
            f"x.\"kind\" || ' at ' || {_text(_x('mileage_km'))} || ' km: ' || "
            f"{_head(_x('content'))}",
        ),
        Branch(
            "insurance",
            "insurance_policy",
            _day('x."start_date"'),
            f"x.\"insurer\" || ' until ' || {_iso_date(_x('expiry_date'))}",
        ),
        Branch(
            "complaint",
            "complaint",
            'x."created_at"',
            "x.\"severity\" || ' complaint (' || x.\"status\" || '): ' || "
            f"{_head(_x('description'))}",
        ),
        Branch(
            "survey",
            "survey",
            'x."created_at"',
            f"x.\"kind\" || ' survey ' || {_text(_x('product_score'))} || '/' || "
            f"{_text(_x('attitude_score'))} || '/' || {_text(_x('after_sales_score'))}",
        ),
        Branch("tag_added", "customer_tag", 'x."created_at"', 'x."tag"'),
        Branch(
            "tag_removed",
            "customer_tag",
            'x."removed_at"',
            'x."tag"',
            'x."removed_at" IS NOT NULL',
        ),
        # The executor fails on a message of a kind or channel the schema
        # does not know (CustomerMessage.from_model): an anomaly here.
        Branch(
            "message",
            "customer_message",
            'x."sent_at"',
            'x."kind" || \' by \' || x."channel" || \': \' || x."text"',
            check=known,
        ),
    ]


_PAGE_INFO = {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}
# A cursor's position beyond any list (Python's `after + 1` has no bound).
_FAR = 2**62


def _only(selected: Selected, allowed: set[str]) -> None:
    for child in selected.children:
        if child.name != "__typename" and child.name not in allowed:
            raise Unsupported(f"{selected.type_name}.{child.name} is not compiled")
        if child.node.arguments:
            raise Unsupported(f"{selected.type_name}.{child.name} with arguments")


@dataclass(frozen=True)
class TimelinePaging:
    """What the text of the statement depends on."""

    scope: Hashable
    has_after: bool
    has_before: bool
    backward: bool


@dataclass(frozen=True)
class TimelineRoot(RootField):
    """`customerTimeline(customerId, first, after, last, before)`: the
    entries of the customer if `visible_customer` shows it to the caller,
    else none (a malformed id, another type's, another group's)."""

    rows: Scoped
    permission: tuple[str, str] | None = ("customer", "read")

    def check(self, selected: Selected, schema: GraphQLSchema) -> None:
        self.rows.check()
        for argument in selected.node.arguments or ():
            if argument.name.value not in {"customerId", "first", "after", "last", "before"}:
                raise Unsupported(f"argument {argument.name.value}")
        _only(selected, {"nodes", "edges", "pageInfo", "totalCount"})
        for child in selected.children:
            if child.name == "nodes":
                check_selection(schema, "TimelineEntry", child.children)
            elif child.name == "edges":
                _only(child, {"cursor", "node"})
                for edge in child.children:
                    if edge.name == "node":
                        check_selection(schema, "TimelineEntry", edge.children)
            elif child.name == "pageInfo":
                _only(child, _PAGE_INFO)

    def prepare(self, actor: Actor, arguments: dict[str, Any]) -> Prepared:
        if actor.tenant_id is None:
            raise Fallback("no dealer group")
        page = Page.of(arguments)
        try:
            size, backward = page.size(DEFAULT_PAGE_SIZE)
            after = None if page.after is None else list_index(page.after, "after")
            before = None if page.before is None else list_index(page.before, "before")
        except GraphQLError:
            raise Fallback("paging the executor refuses") from None
        given = arguments.get("customerId")
        try:
            pk: int | None = as_id(given, "Customer")
        except ValueError:
            pk = None  # the executor's empty timeline: no customer matches
        scope, values = self.rows.prepare(actor)
        # The argument is printed back as a tag entry's objectId; an id the
        # executor refuses matches no row and is not sent: PostgreSQL's text
        # refuses a NUL (which the HTTP layer refuses before this, as any
        # variable holding one).
        values |= {"pk": pk, "customer_arg": str(given) if pk is not None else "", "size": size}
        if after is not None:
            values["after"] = min(after, _FAR)
        if before is not None:
            values["before"] = before
        return Prepared(
            TimelinePaging(scope, after is not None, before is not None, backward), values
        )

    def sql(self, statement: Statement, selected: Selected, shape: Any, slot: Slot) -> str:
        assert isinstance(shape, TimelinePaging)
        customer = statement.alias("c")
        visible = self.rows.condition(customer, shape.scope, slot)
        argument = slot("customer_arg", "text")
        branches = []
        for branch in _branches(statement):
            type_name = _TIMELINE_TYPES.get(branch.kind)
            global_id = argument if type_name is None else sql.global_id(type_name, 'x."id"')
            branches.append(
                f"SELECT {_time(branch.at)} AS at, {branch.kind_sql()} AS kind, "
                f'({branch.summary})::text AS summary, x."id" AS object_id, '
                f'x."tenant_id" AS tenant_id, ({global_id})::text AS global_id '
                f'FROM "{branch.table}" x, customer_seen s WHERE x."tenant_id" = s.tenant_id '
                f'AND x."customer_id" = s.id AND ({branch.where})'
            )
        after = slot("after", "bigint") if shape.has_after else None
        before = slot("before", "bigint") if shape.has_before else None
        size = slot("size", "bigint")
        start = "0" if after is None else f"{after} + 1"
        end = "t.n" if before is None else f"least({before}, t.n)"
        if shape.backward:
            window = f"greatest(b.start_at, b.end_at - {size}) AS lo, b.end_at AS hi"
            has_previous = "w.lo > w.start_at"
            has_next = "false" if before is None else f"({before} < w.n)"
        else:
            window = f"b.start_at AS lo, least(b.end_at, b.start_at + {size}) AS hi"
            has_previous = "false" if after is None else "(w.n > 0)"
            has_next = "w.hi < w.end_at"
        on_page = "p.idx >= w.lo AND p.idx < w.hi"
        pairs = []
        for child in selected.children:
            if child.name == "__typename":
                value = sql.literal(selected.type_name)
            elif child.name in ("nodes", "edges"):
                if child.name == "nodes":
                    item = statement.object(TIMELINE_ENTRY, "p", child.children)
                else:
                    edge_pairs = []
                    for edge in child.children:
                        if edge.name == "cursor":
                            edge_value = sql.cursor("p.idx", None)
                        elif edge.name == "node":
                            edge_value = statement.object(TIMELINE_ENTRY, "p", edge.children)
                        else:
                            edge_value = sql.literal(child.type_name)
                        edge_pairs.append(f"{sql.literal(edge.key)}, {edge_value}")
                    item = f"json_build_object({', '.join(edge_pairs)})"
                value = (
                    f"(SELECT COALESCE(json_agg({item} ORDER BY p.idx), '[]'::json) "
                    f"FROM numbered p WHERE {on_page})"
                )
            elif child.name == "pageInfo":
                info_pairs = []
                for info in child.children:
                    if info.name == "hasNextPage":
                        info_value = has_next
                    elif info.name == "hasPreviousPage":
                        info_value = has_previous
                    elif info.name == "startCursor":
                        info_value = f"CASE WHEN w.hi > w.lo THEN {sql.cursor('w.lo', None)} END"
                    elif info.name == "endCursor":
                        info_value = (
                            f"CASE WHEN w.hi > w.lo THEN {sql.cursor('w.hi - 1', None)} END"
                        )
                    else:
                        info_value = sql.literal("PageInfo")
                    info_pairs.append(f"{sql.literal(info.key)}, {info_value}")
                value = f"json_build_object({', '.join(info_pairs)})"
            else:  # totalCount
                value = "w.n"
            pairs.append(f"{sql.literal(child.key)}, {value}")
        union = " UNION ALL ".join(branches)
        # Python's sort: (at, kind, object_id), newest first; kinds compared
        # by code point (COLLATE "C"), as Python compares strings.
        return (
            f'WITH customer_seen AS (SELECT {customer}."tenant_id", {customer}."id" '
            f'FROM "customer" {customer} WHERE {visible} AND '
            f'{customer}."id" = {slot("pk", "bigint")}), '
            f"entries AS ({union}), "
            "numbered AS (SELECT e.*, row_number() OVER (ORDER BY e.at DESC, "
            'e.kind COLLATE "C" DESC, e.object_id DESC) - 1 AS idx FROM entries e), '
            f"bounds AS (SELECT t.n, t.start_at, greatest(t.start_at, {end}) AS end_at "
            f"FROM (SELECT count(*) AS n, {start} AS start_at FROM entries) t), "
            f"windowed AS (SELECT b.*, {window} FROM bounds b) "
            f"SELECT json_build_object({', '.join(pairs)}) FROM windowed w"
        )


register_root("customerTimeline", TimelineRoot(Scoped(CustomerRepository, customer_scope)))
