"""The type maps and root fields of compiled documents, one module per area;
importing this package registers them all (add a module here)."""

from saas.schema.compiled.maps import distribution, leads, notifications

__all__ = ["distribution", "leads", "notifications"]
