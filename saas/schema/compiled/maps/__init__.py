"""The type maps and root fields of compiled documents, one module per area;
importing this package registers them all (add a module here)."""

from saas.schema.compiled.maps import crm, distribution, leads, notifications, timeline

__all__ = ["crm", "distribution", "leads", "notifications", "timeline"]
