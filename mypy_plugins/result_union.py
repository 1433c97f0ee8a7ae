"""mypy plugin: `X = result_union("X", A | B, "...")` makes `X` the alias of `A | B`.

`result_union` (saas/schema/errors.py) returns `Annotated[A | B,
strawberry.union("X", ...)]`, a type the schema uses in annotations (and
mypy reads as `A | B`) had it been written out. Without this plugin mypy
sees a variable and rejects `X` in every annotation."""

from __future__ import annotations

from collections.abc import Callable

from mypy.exprtotype import TypeTranslationError, expr_to_unanalyzed_type
from mypy.nodes import GDEF, SymbolTableNode, TypeAlias
from mypy.plugin import DynamicClassDefContext, Plugin

RESULT_UNION = "saas.schema.errors.result_union"


def _alias_the_members(ctx: DynamicClassDefContext) -> None:
    # The members are the second argument (`result_union` takes its
    # arguments by position only; mypy reports a keyword as a call error).
    if len(ctx.call.args) < 2 or ctx.call.arg_names[1] is not None:
        return
    try:
        unanalyzed = expr_to_unanalyzed_type(ctx.call.args[1], ctx.api.options)
    except TypeTranslationError:
        ctx.api.fail("result_union: the members are not a type", ctx.call)
        return
    target = ctx.api.anal_type(unanalyzed)
    if target is None:
        # A member is not yet analysed; mypy comes back to this statement.
        ctx.api.defer()
        return
    fullname = ctx.api.qualified_name(ctx.name)
    alias = TypeAlias(target, fullname, ctx.api.cur_mod_id, ctx.call.line, ctx.call.column)
    ctx.api.add_symbol_table_node(ctx.name, SymbolTableNode(GDEF, alias))


class ResultUnionPlugin(Plugin):
    def get_dynamic_class_hook(
        self, fullname: str
    ) -> Callable[[DynamicClassDefContext], None] | None:
        return _alias_the_members if fullname == RESULT_UNION else None


def plugin(version: str) -> type[Plugin]:
    return ResultUnionPlugin
