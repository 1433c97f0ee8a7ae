"""Inputs that know their own paths.

A mutation's input turns itself into a service's arguments, and a service's
field problems come back at the input paths the client sent:

- `global_ids(CreateLeadInput, store_id="Store", owner_id="User")`, declared
  once below an input class, says which of its fields hold global ids of
  which type. `to_args(input, target, *args)` calls `target` (a service
  function or the dataclass it takes) with `args` and, by parameter name,
  the input's fields: global ids decoded (a wrong one is a validation error
  on that field, with the message it always had), nested inputs (or lists
  of them) converted by the function registered for them with `converts`. Every field of the
  input must reach a parameter, so a renamed service parameter fails loudly
  rather than dropping a value; `partial=True` when the rest of the input
  goes elsewhere (a dataclass and the id beside it). `id_of(input, name)`
  decodes one declared id field.
- `renamed(ImportFileInput, content="content_base64")` declares a service
  name that differs from the input field's.
- Services raise field problems in domain words (`store_id`,
  `customer.phone`, `orders[3].phone`). `graphql_path` walks the mutation's
  arguments and input types (and the renames) to turn them into the GraphQL
  path (`input.storeId`, `input.customer.phone`, `input.leads.3.phone`): the
  `Attempted` extension does so for every mutation, and `input_path` for
  problems a resolver returns rather than raises, so no module outside
  saas/schema spells a GraphQL path.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

from strawberry.types.arguments import StrawberryArgument
from strawberry.types.base import StrawberryContainer, StrawberryList, StrawberryObjectDefinition
from strawberry.utils.str_converters import to_camel_case

from saas import errors
from saas.schema.relay import decode_id

T = TypeVar("T")
InputT = TypeVar("InputT")

# input class -> {field python name: GraphQL type name of the ids it holds}
_GLOBAL_IDS: dict[type, dict[str, str]] = {}
# input class -> {service (domain) name: input field python name}
_RENAMED: dict[type, dict[str, str]] = {}
# class name -> input class, of the inputs declared here
_BY_NAME: dict[str, type] = {}
# input class -> the function that turns it into what services take
_CONVERTERS: dict[type, Callable[[Any], object]] = {}


def global_ids(input_type: type, **fields: str) -> None:
    """Declare which fields of `input_type` hold global ids, and of what type."""
    _declare(input_type, fields)
    _GLOBAL_IDS.setdefault(input_type, {}).update(fields)


def renamed(input_type: type, **names: str) -> None:
    """Declare service names that differ from the input's: `content="content_base64"`."""
    _declare(input_type, names.values())
    _RENAMED.setdefault(input_type, {}).update(names)


def converts(
    input_type: type[InputT],
) -> Callable[[Callable[[InputT], T]], Callable[[InputT], T]]:
    """Register the function that turns a nested `input_type` into service data."""

    def register(convert: Callable[[InputT], T]) -> Callable[[InputT], T]:
        _CONVERTERS[input_type] = convert
        return convert

    return register


def id_of(input: object, name: str) -> int:
    """The database id in the global-id field `name` of `input`, as declared
    with `global_ids`; a wrong id is a validation error on that field."""
    value = _value(type(input), name, getattr(input, name), (name,))
    if not isinstance(value, int):
        raise TypeError(f"{type(input).__name__}.{name} is no global id field with a value")
    return value


def to_args(
    input: object,
    target: Callable[..., T],
    /,
    *args: object,
    partial: bool = False,
    **given: object,
) -> T:
    """`target(*args, **given, **fields)`, the fields read from `input` by the
    names of `target`'s remaining parameters (see the module docstring).
    `partial`: the input's other fields go elsewhere (another `to_args`)."""
    input_type = type(input)
    renames = _RENAMED.get(input_type, {})
    kwargs: dict[str, object] = dict(given)
    used: set[str] = set()
    parameters = list(_parameters(target))[len(args) :]
    for parameter in parameters:
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        if parameter.name in given:
            used.add(renames.get(parameter.name, parameter.name))
            continue
        source = renames.get(parameter.name, parameter.name)
        if not hasattr(input, source):
            if parameter.default is inspect.Parameter.empty:
                raise TypeError(f"{input_type.__name__} has no field for {parameter.name}")
            continue
        used.add(source)
        kwargs[parameter.name] = _value(
            input_type, source, getattr(input, source), (parameter.name,)
        )
    left = [f for f in _field_names(input_type) if f not in used]
    if left and not partial:
        raise TypeError(
            f"{input_type.__name__}.{', '.join(left)} reaches no parameter of "
            f"{getattr(target, '__qualname__', target)}"
        )
    return target(*args, **kwargs)


def to_filter(filter: object | None, target: Callable[..., T]) -> T:
    """`target` (a service's filter dataclass) from a list's filter input, by
    field name: its global ids (declared with `global_ids`) decoded, an id
    that is malformed or of another type matching nothing (-1) rather than
    refused, since a filter narrows and never fails; an enum (or a list of
    them) as its value where `target` takes plain strings. No filter: all of
    `target`'s defaults."""
    if filter is None:
        return target()
    input_type = type(filter)
    ids = _GLOBAL_IDS.get(input_type, {})
    shape: Any = target  # a dataclass
    plain = {f.name for f in dataclasses.fields(shape) if "str" in re.findall(r"\w+", str(f.type))}
    kwargs: dict[str, object] = {}
    for name in _field_names(input_type):
        value = getattr(filter, name)
        if name in ids and value is not None:
            try:
                value = decode_id(value, ids[name]) or -1
            except ValueError:
                value = -1
        elif name in plain and isinstance(value, Enum):
            value = value.value
        elif name in plain and isinstance(value, list):
            value = [v.value if isinstance(v, Enum) else v for v in value] or None
        kwargs[name] = value
    return target(**kwargs)


def graphql_path(arguments: Sequence[StrawberryArgument], path: Iterable[str]) -> list[str]:
    """The GraphQL path of a service's domain path, for a field with these
    arguments. A path that starts with an argument's name is below it; any
    other path is below the field's only argument (its input), or is that
    argument when it is a scalar (`retryReportRun(id:)`, which the service
    calls `run_id`). Names are matched in Python or GraphQL spelling, so a
    path given as GraphQL stays."""
    parts = [p for p in path if p]
    by_name = {n: a for a in arguments for n in (a.python_name, _graphql_name(a))}
    if parts and parts[0] in by_name:
        argument = by_name[parts.pop(0)]
    elif len(arguments) == 1:
        argument = arguments[0]
        if not _is_input(argument.type):
            return [_graphql_name(argument)]  # a service's name for the one argument
    else:
        return [to_camel_case(p) for p in parts]
    return [_graphql_name(argument), *path_in(argument.type, parts)]


def input_path(input_type: type | str, path: Iterable[str]) -> list[str]:
    """The GraphQL path of a domain path below a mutation's `input` of
    `input_type`, for problems a resolver returns rather than raises (a bulk
    call's rows, an import's stored errors). `input_type` may be named, for a
    module the input's own module imports. A path that already starts at
    `input` (import errors stored before services spoke domain words) stays."""
    if isinstance(input_type, str):
        input_type = _BY_NAME[input_type]
    parts = [p for p in path if p]
    if parts[:1] == ["input"]:
        parts = parts[1:]
    return ["input", *path_in(input_type, parts)]


def path_in(input_type: object, path: Iterable[str]) -> list[str]:
    """A domain path below a value of `input_type`, spelt as GraphQL."""
    out: list[str] = []
    current: object = input_type
    for part in path:
        while isinstance(current, StrawberryContainer):  # optional, list
            if part.isdigit() and isinstance(current, StrawberryList):
                break
            current = current.of_type
        if part.isdigit():
            out.append(part)
            current = current.of_type if isinstance(current, StrawberryContainer) else None
            continue
        definition = getattr(current, "__strawberry_definition__", None)
        field = _input_field(current, definition, part)
        if field is None:
            out.append(to_camel_case(part))
            current = None
        else:
            out.append(field.graphql_name or to_camel_case(field.python_name))
            current = field.type
    return out


def at_input_paths(
    exc: errors.ValidationFailed, arguments: Sequence[StrawberryArgument]
) -> errors.ValidationFailed:
    """`exc` with each problem at its GraphQL path (and the summary message
    naming those paths, as the client reads it)."""
    return errors.ValidationFailed(
        [
            errors.FieldProblem(tuple(graphql_path(arguments, p.path)), p.message)
            for p in exc.problems
        ]
    )


def parse_id(value: object, path: str, type_name: str) -> int:
    """The database id in a global id of `type_name`; a malformed id or one
    of another type is a validation error on the input field `path`."""
    try:
        return decode_id(value, type_name)
    except ValueError:
        words = _words(type_name)
        raise errors.ValidationFailed.one(
            path, f"this is not a {words} id; pass the id of a {words} as the API gave it"
        ) from None


def _words(type_name: str) -> str:
    """'VehicleModel' -> 'vehicle model', for messages."""
    return re.sub(r"(?<!^)(?=[A-Z][a-z])", " ", type_name).lower()


def _value(input_type: type, name: str, value: object, path: tuple[str, ...]) -> object:
    type_name = _GLOBAL_IDS.get(input_type, {}).get(name)
    if type_name is not None and value is not None:
        if isinstance(value, list):
            return [parse_id(v, ".".join((*path, str(i))), type_name) for i, v in enumerate(value)]
        return parse_id(value, ".".join(path), type_name)
    convert = _CONVERTERS.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, list) and value and type(value[0]) in _CONVERTERS:
        return [_CONVERTERS[type(v)](v) for v in value]
    return value


def _is_input(type_: object) -> bool:
    while isinstance(type_, StrawberryContainer):
        type_ = type_.of_type
    definition = getattr(type_, "__strawberry_definition__", None)
    return definition is not None and definition.is_input


def _input_field(current: object, definition: StrawberryObjectDefinition | None, part: str) -> Any:
    if definition is None or not definition.is_input or not isinstance(current, type):
        return None
    part = _RENAMED.get(current, {}).get(part, part)
    return next(
        (
            f
            for f in definition.fields
            if part in (f.python_name, f.graphql_name, to_camel_case(f.python_name))
        ),
        None,
    )


def _graphql_name(argument: StrawberryArgument) -> str:
    return argument.graphql_name or to_camel_case(argument.python_name)


def _field_names(input_type: type) -> list[str]:
    definition = getattr(input_type, "__strawberry_definition__", None)
    if definition is None:
        return [n for n in vars(input_type) if not n.startswith("_")]
    return [f.python_name for f in definition.fields]


def _declare(input_type: type, names: Iterable[str]) -> None:
    _BY_NAME[input_type.__name__] = input_type
    known = set(_field_names(input_type))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise TypeError(f"{input_type.__name__} has no field {', '.join(unknown)}")


_SIGNATURES: dict[object, Mapping[str, inspect.Parameter]] = {}


def _parameters(target: Callable[..., object]) -> Iterable[inspect.Parameter]:
    if target not in _SIGNATURES:
        _SIGNATURES[target] = inspect.signature(target).parameters
    return _SIGNATURES[target].values()
