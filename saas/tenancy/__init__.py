"""Tenant isolation: context, scoped data access, row-level security, auth and roles."""
