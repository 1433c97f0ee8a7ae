"""How every table would be laid out on Citus: the one place that says it.

- `tenant`: hash-distributed by `tenant_id`, co-located with `store`. Every
  dealer-group table (a `TenantModel`), so one group's rows live on one node
  and a request's queries, all filtered by tenant, route to one shard.
- `oem`: hash-distributed by `oem_id`, co-located with each other. The rows an
  OEM sent (`distributed_lead`), their SLA history and the OEM's batches; an
  OEM's compliance reports read one shard group.
- `reference`: copied to every node, so any shard may join or reference it.
  Small, rarely written tables read on every request: dealer groups, OEMs,
  users and their roles and API keys, the vehicle catalogue, routing rules,
  trusted GraphQL documents.
- `local`: stays on the coordinator. Queues and logs polled or written across
  every party, whose rows belong to a dealer group, an OEM or nobody (a
  login, a platform job), so no single column could distribute them: the
  audit log, the job outbox, webhook endpoints and deliveries, sessions and
  login throttles, aerich's own table.

`tests/models/test_citus_plan.py` reads the migrated schema from PostgreSQL
and checks every primary, unique and foreign key against Citus's rules for
these classes; a table missing here fails it. (A table named here need not
exist yet: `trusted_document` arrives with the trusted documents.)
"""

from __future__ import annotations

from typing import Literal

from saas.models import tenant_models

Distribution = Literal["tenant", "oem", "reference", "local"]

DISTRIBUTION_COLUMN: dict[Distribution, str] = {"tenant": "tenant_id", "oem": "oem_id"}

_NOT_TENANT: dict[str, Distribution] = {
    "distributed_lead": "oem",
    "sla_event": "oem",
    "distribution_import": "oem",
    "dealer_group": "reference",
    "oem": "reference",
    "app_user": "reference",
    "role_assignment": "reference",
    "api_key": "reference",
    "authz_revision": "reference",
    "vehicle_model": "reference",
    "oem_routing_rule": "reference",
    "trusted_document": "reference",  # the registered GraphQL documents, read on every request
    "audit_log": "local",
    "job_request": "local",
    "webhook_endpoint": "local",
    "webhook_delivery": "local",
    "refresh_token": "local",
    "login_throttle": "local",
    "aerich": "local",
}


def citus_plan() -> dict[str, Distribution]:
    """Every table and how it is distributed: the tenant tables from the
    models (a new `TenantModel` is distributed by tenant without a line
    here), the others as listed above."""
    plan: dict[str, Distribution] = {m._meta.db_table: "tenant" for m in tenant_models()}
    return plan | _NOT_TENANT
