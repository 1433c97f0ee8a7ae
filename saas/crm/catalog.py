"""The vehicle catalogue and consultants' product lines."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from saas.crm.access import store_for
from saas.crm.repository import ProductLineRepository
from saas.crm.vocabulary import ModelClass
from saas.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from saas.identity.service import store_staff
from saas.models import ConsultantProductLine, VehicleModel
from saas.tenancy.actor import Actor
from saas.tenancy.roles import Role


async def create_vehicle_model(
    brand: str, series: str, name: str, model_class: str
) -> VehicleModel:
    problems = [
        FieldProblem((field,), "is required")
        for field, value in (("brand", brand), ("series", series), ("name", name))
        if not value.strip()
    ]
    if model_class not in ModelClass.__members__.values():
        problems.append(FieldProblem(("model_class",), f"must be one of {', '.join(ModelClass)}"))
    if problems:
        raise ValidationFailed(problems)
    if await VehicleModel.filter(brand=brand.strip(), name=name.strip()).exists():
        raise Conflict(f"{brand} {name} is already in the catalogue")
    return await VehicleModel.create(
        brand=brand.strip(), series=series.strip(), name=name.strip(), model_class=model_class
    )


def vehicle_models(brand: str | None = None, series: str | None = None) -> QuerySet[VehicleModel]:
    qs = VehicleModel.filter(is_active=True)
    if brand:
        qs = qs.filter(brand=brand)
    if series:
        qs = qs.filter(series=series)
    return qs


async def set_product_lines(
    actor: Actor, store_id: int, user_id: int, series: list[str]
) -> list[ConsultantProductLine]:
    """Replace the series a consultant sells in a store (first rule of auto-assignment)."""
    store = await store_for(actor, store_id, "product_line", "set")
    staff = await store_staff(store.tenant_id, store.id, (Role.CONSULTANT,))
    if user_id not in staff:
        raise ValidationFailed.one("user_id", "must be an active consultant of the store")
    wanted = sorted({s.strip() for s in series if s.strip()})
    # values_list(flat=True) yields values; tortoise types them as tuples.
    known: set[str] = (
        set(
            await VehicleModel.filter(  # type: ignore[arg-type]
                series__in=wanted, brand__in=store.brands or [""]
            ).values_list("series", flat=True)
        )
        if wanted
        else set()
    )
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise ValidationFailed.one("series", f"{', '.join(unknown)}: not a series this store sells")
    lines = ProductLineRepository(store.tenant_id)
    await lines.query().filter(store_id=store.id, user_id=user_id).delete()
    return [await lines.create(store_id=store.id, user_id=user_id, series=s) for s in wanted]


async def get_vehicle_model(vehicle_model_id: int) -> VehicleModel:
    """A model of the catalogue that is on sale (as vehicleModels lists them)."""
    model = await vehicle_models().get_or_none(id=vehicle_model_id)
    if model is None:
        raise NotFound("vehicle model", vehicle_model_id)
    return model
