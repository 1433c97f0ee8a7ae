"""mypy plugin: `X = described_enum(v.X, ...)` names the enum class `v.X`.

`described_enum` (saas/schema/enums.py) returns the class it was given
(`strawberry.enum` marks the class in place), so the schema may use `X` as
a type. Without this plugin mypy sees a variable and rejects `X` in every
annotation (and then treats fields annotated with it as unknown)."""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import GDEF, RefExpr, SymbolTableNode, TypeInfo
from mypy.plugin import DynamicClassDefContext, Plugin

DESCRIBED_ENUM = "saas.schema.enums.described_enum"


def _name_the_class(ctx: DynamicClassDefContext) -> None:
    if not ctx.call.args:
        return
    given = ctx.call.args[0]
    if isinstance(given, RefExpr) and isinstance(given.node, TypeInfo):
        ctx.api.add_symbol_table_node(ctx.name, SymbolTableNode(GDEF, given.node))


class DescribedEnumPlugin(Plugin):
    def get_dynamic_class_hook(
        self, fullname: str
    ) -> Callable[[DynamicClassDefContext], None] | None:
        return _name_the_class if fullname == DESCRIBED_ENUM else None


def plugin(version: str) -> type[Plugin]:
    return DescribedEnumPlugin
