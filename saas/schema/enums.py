"""GraphQL enums with a description for each value.

The domain modules (`saas/crm/vocabulary.py` and others) know nothing of
GraphQL, so the words a frontend developer reads about each value live here,
in the schema layer that exposes them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import TypeVar, overload

import strawberry

E = TypeVar("E", bound=type[Enum])


@overload
def described_enum(
    cls: E, *, description: str, values: Mapping[str, str], name: str | None = None
) -> E: ...


@overload
def described_enum(
    cls: None = None, *, description: str, values: Mapping[str, str], name: str | None = None
) -> Callable[[E], E]: ...


def described_enum(
    cls: E | None = None,
    *,
    description: str,
    values: Mapping[str, str],
    name: str | None = None,
) -> E | Callable[[E], E]:
    """`strawberry.enum(cls)` with `values[member name]` as each value's
    description; without `cls`, a class decorator doing the same. Raises at
    import when a member has no description or a description names no
    member, so a value added to the domain cannot reach the schema
    undocumented."""

    def wrap(enum_cls: E) -> E:
        members = set(enum_cls.__members__)
        missing = sorted(members - set(values))
        unknown = sorted(set(values) - members)
        if missing or unknown:
            raise TypeError(
                f"described_enum({enum_cls.__name__}): undescribed values {missing}, "
                f"unknown values {unknown}"
            )
        empty = sorted(key for key, text in values.items() if not text.strip())
        if empty:
            raise TypeError(f"described_enum({enum_cls.__name__}): empty descriptions for {empty}")
        wrapped = strawberry.enum(enum_cls, name=name, description=description)
        for value in wrapped.__strawberry_definition__.values:  # type: ignore[attr-defined]
            value.description = values[value.name]
        return wrapped

    return wrap if cls is None else wrap(cls)
