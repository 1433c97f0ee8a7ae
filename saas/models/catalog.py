"""The vehicle catalogue shared by every tenant: brands, series, models."""

from __future__ import annotations

from tortoise import fields

from saas.models.base import TimestampedModel


class VehicleModel(TimestampedModel):
    """One sellable model, e.g. brand Huaxia, series Aurora, model 'Aurora 2.0T Luxury'."""

    brand = fields.CharField(max_length=64)
    series = fields.CharField(max_length=64)
    name = fields.CharField(max_length=128)
    # sedan, suv, mpv, nev, pickup, sports
    model_class = fields.CharField(max_length=16)
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "vehicle_model"
        unique_together = (("brand", "name"),)
