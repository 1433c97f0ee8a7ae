"""Narrowing a queryset by a list filter's optional conditions."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

R = TypeVar("R", bound=Model)


def where(qs: QuerySet[R], **conditions: object) -> QuerySet[R]:
    """`qs` narrowed by each condition that is given (not None), as a list
    filter's optional fields are: `where(qs, store_id=f.store_id,
    created_at__gte=f.created_from)`; an enum member stands for its stored
    value (`status=f.status`). A condition left out by an empty value too is
    passed as `f.city or None`."""
    given = {
        lookup: value.value if isinstance(value, Enum) else value
        for lookup, value in conditions.items()
        if value is not None
    }
    return qs.filter(**given) if given else qs
