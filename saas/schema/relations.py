"""Nested fields, each declared once.

A `Relation` says which rows of another type one field of a GraphQL type
shows: a lead's customer, a customer's current tags, a follow-up's author.
It names the parent type and field, the target type, the request's loader
that reads the rows (`Loaders`), the key (the parent row's attribute, equal
to the target's `column`), the target's dealer-group column, the columns
that must be null for a row to count (a removed tag does not), the order
and, for a list, its cap (@maxItems). Everything else derives from it:

- the executor's resolver (`Relation.field`): the converted row at once when
  the loader holds it (a primed page), else an awaitable; `@direct` unless
  the relation says otherwise;
- the compiled read path's SQL (`sql_on`, `sql_order`), which
  `saas.schema.compiled.mapping.One` and `Many` read;
- the priming of a page (`prime`): every relation of the node type the
  selection asks for, and of the types one level down, batched by loader.

A target type registers itself with `@target` so a relation can name it by
its GraphQL name (types modules import the relations, not the other way).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import strawberry

from saas.schema.context import Info
from saas.schema.direct import direct
from saas.schema.limits import MaxItems


class Shown(Protocol):
    """A GraphQL object type built from one ORM row."""

    __name__: str

    def from_model(self, row: Any, /) -> Any: ...


# GraphQL name -> the class a relation's rows are shown as.
TARGETS: dict[str, Shown] = {}
# (parent type, field) -> its relation, in declaration order.
RELATIONS: dict[tuple[str, str], Relation] = {}


T = TypeVar("T")


def target(cls: T) -> T:
    """Let relations name `cls` (a type with `from_model`) by its GraphQL name."""
    shown: Shown = cls  # type: ignore[assignment]
    TARGETS[shown.__name__] = shown
    return cls


@dataclass(frozen=True)
class Relation:
    """One nested field: `parent.name` shows the `target` rows whose `column`
    equals the parent row's `key` (attribute and column of the same name), in
    the parent's dealer group (the target's `group_column`), without those
    whose `current` columns hold a value. One object (the first by `order`
    if several may match; null when none) or, with `many`, a list in
    `order`, at most `limit` ([] when none). `loader` is the attribute of
    `Loaders` that reads them by key."""

    parent: str
    name: str
    target: str
    loader: str
    key: str
    description: str
    column: str = "id"
    group_column: str = "tenant_id"
    many: bool = False
    order: tuple[str, ...] = ()
    limit: int | None = None
    current: tuple[str, ...] = ()
    # Called by graphql-core itself (saas.schema.direct); False keeps
    # strawberry's per-call path.
    direct: bool = True

    def __post_init__(self) -> None:
        if self.many and (self.limit is None or not self.order):
            raise ValueError(f"{self.parent}.{self.name}: a list needs its order and limit")
        if (self.parent, self.name) in RELATIONS:
            raise ValueError(f"{self.parent}.{self.name} is declared twice")
        RELATIONS[(self.parent, self.name)] = self

    # --- the compiled read path ---------------------------------------------------

    def sql_on(self) -> str:
        """The condition on a target row `{child}` of the parent row `{row}`."""
        parts = [
            f'{{child}}."{self.group_column}" = {{row}}."tenant_id"',
            f'{{child}}."{self.column}" = {{row}}."{self.key}"',
        ]
        parts += [f'{{child}}."{column}" IS NULL' for column in self.current]
        return " AND ".join(parts)

    def sql_order(self) -> str | None:
        """`order` as SQL on `{child}` (a leading "-": descending)."""
        terms = [
            f'{{child}}."{c[1:]}" DESC' if c.startswith("-") else f'{{child}}."{c}"'
            for c in self.order
        ]
        return ", ".join(terms) or None

    # --- the executor -------------------------------------------------------------

    def _converter(self, shown: Shown) -> Callable[[Any], Any]:
        """The loader's value (a row, or a list of rows) as the field's value."""
        from_model, current = shown.from_model, self.current
        if not self.many:
            return from_model
        if len(current) == 1:  # a tag's removed_at: no generator per row
            (column,) = current
            return lambda rows: [from_model(r) for r in rows if getattr(r, column) is None]
        if current:
            return lambda rows: [
                from_model(r) for r in rows if all(getattr(r, c) is None for c in current)
            ]
        return lambda rows: [from_model(r) for r in rows]

    def field(self) -> Any:
        """The strawberry field of `parent.name`; its resolver reads the
        parent object's `_row`. The target must be registered (`@target`)."""
        shown = TARGETS.get(self.target)
        if shown is None:
            raise LookupError(f"{self.parent}.{self.name}: {self.target} is not a @target yet")
        loader_name, key, many = self.loader, self.key, self.many
        convert = self._converter(shown)

        def resolve(root: Any, info: Info) -> Any:
            value = getattr(root._row, key)
            if value is None:
                return [] if many else None  # a list of its own for each answer
            loader = getattr(info.context.loaders, loader_name)
            row = loader.held.get(value, _NOT_HELD)
            if row is _NOT_HELD:
                return now_or_later(loader, value, convert, [] if many else None)
            if many:
                return convert(row) if row else []
            if not row:
                return None
            # One object per row and type for the request: a page's 50 leads
            # name one owner and one store. Objects are read, never changed.
            shown = loader.shown
            obj = shown.get((convert, value))
            if obj is None:
                obj = shown[(convert, value)] = convert(row)
            return obj

        # The field's GraphQL type: the target's class, read here rather than
        # written in each types module.
        resolve.__annotations__ = {
            "root": Any,
            "info": Info,
            "return": list[shown] if self.many else shown | None,  # type: ignore[valid-type, operator]
        }
        resolve.__saas_relation__ = self  # type: ignore[attr-defined]
        if self.direct:
            direct(resolve)
        directives = [MaxItems(count=self.limit)] if self.many and self.limit else []
        return strawberry.field(
            resolver=resolve, description=self.description, directives=directives
        )


_NOT_HELD = object()


def now_or_later(loader: Any, key: Any, convert: Callable[[Any], Any], empty: Any = None) -> Any:
    """The converted row at once if the loader's cache already holds it
    (loaded earlier in the request), else an awaitable: a plain value spares
    the executor a task. `empty` answers for a missing row (None, or [] for
    a list). A primed page's rows are read before this, from `held`."""
    future = loader.cache_map.get(key)
    if future is not None and future.done() and future.exception() is None:
        row = future.result()
        return convert(row) if row else empty

    async def later() -> Any:
        row = await loader.load(key)
        return convert(row) if row else empty

    return later()


def relations_of(parent: str) -> list[Relation]:
    return [r for r in RELATIONS.values() if r.parent == parent]


async def prime(
    loaders: object, parent: str, rows: Iterable[Any], wanted: Mapping[str, Collection[str]]
) -> None:
    """Load, before the executor walks a page of `parent` rows, what its
    selection asks for: every relation of `parent` among `wanted` (field ->
    its subfields' names), then every relation of their targets among those
    subfields. One batched query per loader and level, as the loaders would
    run them; each node's field is then a plain value, not an awaitable."""
    level = [(r, list(rows)) for r in relations_of(parent) if r.name in wanted]
    for depth in range(2):
        by_loader: dict[str, list[Any]] = {}
        for relation, parents in level:
            keys = by_loader.setdefault(relation.loader, [])
            keys += [k for p in parents if (k := getattr(p, relation.key)) is not None]
        for loader_name, keys in by_loader.items():
            await _prime(getattr(loaders, loader_name), keys)
        if depth == 1:
            break
        below = []
        for relation, parents in level:
            asked = [r for r in relations_of(relation.target) if r.name in wanted[relation.name]]
            if asked:
                children = _held(getattr(loaders, relation.loader), relation, parents)
                below += [(r, children) for r in asked]
        level = below


def _held(loader: Any, relation: Relation, parents: list[Any]) -> list[Any]:
    """The target rows the loader holds for `parents` (after `_prime`)."""
    rows: list[Any] = []
    held = loader.held
    for parent in parents:
        key = getattr(parent, relation.key)
        value = held.get(key, _NOT_HELD)
        if value is _NOT_HELD:
            future = None if key is None else loader.cache_map.get(key)
            if future is None or not future.done() or future.exception() is not None:
                continue
            value = future.result()
        if relation.many:
            rows += value or []
        elif value:
            rows.append(value)
    return rows


async def _prime(loader: Any, keys: list[Any]) -> None:
    """Run the loader's batch query for `keys` it does not hold yet and keep
    the values as plain ones (`held`): one query, without a future per key."""
    held, cached = loader.held, loader.cache_map.get
    missing = [k for k in dict.fromkeys(keys) if k not in held and cached(k) is None]
    if missing:
        loader.hold(dict(zip(missing, await loader.load_fn(missing), strict=True)))
