"""Field descriptions written once, in the class docstring.

A GraphQL type reads like a table of its fields, and their documentation
like documentation::

    @strawberry.type(description="One contact with the customer about a lead.")
    @described
    class FollowUp(Node):
        \"""
        Attributes:
            happened_at: When the contact took place (UTC, ISO-8601); on time when
                not later than the lead's due time.
            result: The outcome in a few words; null when not given.
        \"""

        happened_at: datetime
        result: str | None = None

The type's own description stays in `@strawberry.type(description=...)` (as on
every type, input, interface, union and enum of the schema); the docstring
holds the descriptions of the class's own data fields, under a Google-style
`Attributes:` header: one entry per field, `python_name: description`, the
description's continuation lines indented deeper than the names (they are
joined with single spaces). Prose before the header is for Python readers
and is not published.

A field that needs more than a description (a resolver, permission classes,
directives, `name=`) keeps `strawberry.field(description=...)` and is not
named in the docstring; a declared root field (`mutation(...)` in
saas/schema/mutations.py, `lookup(...)` and `listing(...)` in
saas/schema/reads.py) is named there, as a data field is; and
`strawberry.field(default_factory=...)` without a description takes its
description from the docstring.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import strawberry
from strawberry.types.field import StrawberryField

T = TypeVar("T", bound=type)

_HEADER = "Attributes:"
_ENTRY = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*): (?P<text>\S.*)")
# Annotations are strings under `from __future__ import annotations`.
_NOT_A_FIELD = re.compile(r"^(strawberry\.)?(Private|ClassVar)\[|^(typing\.)?ClassVar\[")
_MISSING = object()


def field_descriptions(doc: str | None, where: str) -> dict[str, str]:
    """The `Attributes:` entries of a class docstring, by Python name."""
    # Raw lines, not inspect.cleandoc: it dedents all but the first line, which
    # would put the entries of a header on the first line at the header's indent.
    lines = (doc or "").expandtabs().splitlines()
    try:
        start = [line.strip() for line in lines].index(_HEADER)
    except ValueError:
        raise TypeError(f"@described {where}: the docstring has no `{_HEADER}` section") from None
    header_indent = len(lines[start]) - len(lines[start].lstrip())
    entries: dict[str, list[str]] = {}
    entry_indent: int | None = None
    current: list[str] | None = None
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if entry_indent is None:
            entry_indent = indent
        if indent <= header_indent:
            raise TypeError(f"@described {where}: text after the `{_HEADER}` section: {line!r}")
        if indent == entry_indent:
            match = _ENTRY.fullmatch(line.strip())
            if match is None:
                raise TypeError(f"@described {where}: not a `name: description` entry: {line!r}")
            name = match["name"]
            if name in entries:
                raise TypeError(f"@described {where}: {name} is described twice")
            current = entries[name] = [match["text"].strip()]
        elif indent > entry_indent and current is not None:
            current.append(line.strip())
        else:
            raise TypeError(f"@described {where}: badly indented line {line!r}")
    return {name: " ".join(parts) for name, parts in entries.items()}


def _is_data_field(annotation: Any) -> bool:
    if isinstance(annotation, str):
        return _NOT_A_FIELD.search(annotation.strip()) is None
    metadata = getattr(annotation, "__metadata__", ())
    return not any(type(m).__name__ == "StrawberryPrivate" for m in metadata)


def described(cls: T) -> T:
    """Give each of the class's own data fields the description its
    docstring's `Attributes:` section holds (see the module docstring), for
    the `strawberry.type`/`input`/`interface` decorator above it. Raises at
    import when one of the class's fields would have no description, when a
    field is described both in the docstring and in its `strawberry.field`,
    or when the docstring names no field of the class, so the rule "every
    field is described" keeps holding (and `python -OO`, which drops
    docstrings, fails at start-up instead of serving an undocumented schema)."""
    where = cls.__qualname__
    docs = field_descriptions(cls.__doc__, where)
    own = vars(cls)
    annotations: dict[str, Any] = own.get("__annotations__", {})
    fields = [name for name, annotation in annotations.items() if _is_data_field(annotation)]
    resolvers = [
        name
        for name, value in own.items()
        if isinstance(value, StrawberryField) and name not in annotations
    ]
    unknown = sorted(set(docs) - set(fields) - set(resolvers))
    if unknown:
        raise TypeError(f"@described {where}: the docstring names no field {unknown}")
    for name in fields + resolvers:
        value = own.get(name, _MISSING)
        text = docs.get(name)
        if isinstance(value, StrawberryField):
            if text is not None and value.description is not None:
                raise TypeError(
                    f"@described {where}: {name} is described in the docstring and in its "
                    "strawberry.field"
                )
            if text is None and value.description is None:
                raise TypeError(f"@described {where}: {name} has no description")
            if text is not None:
                value.description = text
            continue
        if text is None:
            raise TypeError(f"@described {where}: {name} has no description")
        if value is _MISSING:
            setattr(cls, name, strawberry.field(description=text))
        else:
            setattr(cls, name, strawberry.field(description=text, default=value))
    return cls
