"""Every kind of notification the code sends is named where a frontend looks
for it: the description of `Notification.kind` and the README's table."""

from __future__ import annotations

import ast
from pathlib import Path

from saas.schema import schema

ROOT = Path(__file__).resolve().parents[1]


def _sent_kinds() -> set[str]:
    """The `kind` of every `Message(...)` in the code: a literal, or the fixed
    start of an f-string (`reminder_` for `f"reminder_{r.kind}"`)."""
    kinds: set[str] = set()
    for path in (ROOT / "saas").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Message"
            ):
                continue
            given = [k.value for k in node.keywords if k.arg == "kind"]
            kind = given[0] if given else node.args[2]
            if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                kinds.add(kind.value)
            elif isinstance(kind, ast.JoinedStr) and isinstance(kind.values[0], ast.Constant):
                kinds.add(str(kind.values[0].value))
    return kinds


def test_every_kind_sent_is_documented() -> None:
    kinds = _sent_kinds()
    assert {"sla_breach", "one_to_one_missing", "meeting_action_overdue", "reminder_"} <= kinds
    notification = schema.get_type_by_name("Notification")
    field = next(f for f in notification.fields if f.python_name == "kind")
    readme = (ROOT / "README.md").read_text().split("### Notifications")[1].split("\n### ")[0]
    for kind in kinds:
        assert kind in (field.description or ""), f"Notification.kind does not name {kind}"
        assert f"`{kind}" in readme, f"the README's notifications table does not name {kind}"
