"""The OEM's routing rules: which regions and cities a brand's leads go to."""

from __future__ import annotations

from saas.errors import FieldProblem, ValidationFailed
from saas.models import Oem, OemRoutingRule
from saas.oem.repository import RoutingRuleRepository
from saas.oem.types import oem_of
from saas.tenancy.actor import Actor


async def set_routing_rules(
    actor: Actor, rules: list[tuple[str, str | None, str | None]]
) -> list[OemRoutingRule]:
    """Replace the OEM's routing rules: (brand, region, city) each."""
    oem_id = oem_of(actor)
    oem = await Oem.get(id=oem_id)
    problems = []
    for i, (brand, region, city) in enumerate(rules):
        if brand not in oem.brands:
            problems.append(
                FieldProblem(
                    ("rules", str(i), "brand"),
                    f"{oem.code} distributes {', '.join(oem.brands)}",
                )
            )
        if not (region or city):
            problems.append(FieldProblem(("rules", str(i)), "give a region or a city"))
    if problems:
        raise ValidationFailed(problems)
    repository = RoutingRuleRepository(oem_id)
    await repository.query().delete()
    return [await repository.create(brand=b, region=r, city=c) for b, r, c in rules]
