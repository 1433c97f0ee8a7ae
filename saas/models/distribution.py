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
  trusted GraphQL documents; and the webhook endpoints (see below).
- `local`: stays on the coordinator, each for a reason written beside it
  below: rows that belong to no dealer group or OEM, and tables read only
  by the coordinator's own processes.

Tables of mixed owners are split by owner, so that each part has one
distribution column: the audit log (a dealer group's entries in
`audit_log`, by `tenant_id`; an OEM's in `oem_audit_log`, by `oem_id`;
nobody's in `platform_audit_log`, local), the job outbox (a dealer
group's requests in `job_request`, by `tenant_id`; nobody's in
`platform_job_request`, local) and the webhook deliveries (to a dealer
group's endpoints in `webhook_delivery`, by `tenant_id`; to an OEM's in
`oem_webhook_delivery`, by `oem_id`). The parts of a split draw their ids
from one sequence (migration 28), so an id still names one row.

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
    # Not `TenantModel`s (written by the system, not through a tenant
    # repository), keyed by tenant all the same.
    "audit_log": "tenant",
    "job_request": "tenant",
    "oem_audit_log": "oem",
    # Entries of nobody (platform administrators, anonymous logins): no
    # column to distribute them by, few, and read only by the operator.
    "platform_audit_log": "local",
    # Job requests of nobody (an OEM's import batch, the replay of an OEM's
    # webhook delivery): one per batch or click, not per lead or event, and
    # read by the dispatcher on the coordinator.
    "platform_job_request": "local",
    "webhook_delivery": "tenant",
    "oem_webhook_delivery": "oem",
    # A dealer group's or an OEM's (one table: at most 20 per owner, written
    # when the owner edits one or a run of failures starts or ends), and read
    # at every fan-out, which matches one event of a dealer group against the
    # endpoints of that group and of the OEM that distributed the lead: a
    # copy on every node serves both, and both delivery tables may reference
    # it.
    "webhook_endpoint": "reference",
    # Sessions and login throttles of users (reference rows, of no one
    # dealer group): looked up by token hash or e-mail on login and refresh,
    # before any dealer group is known.
    "refresh_token": "local",
    "login_throttle": "local",
    # aerich's record of the migrations applied.
    "aerich": "local",
}


def citus_plan() -> dict[str, Distribution]:
    """Every table and how it is distributed: the tenant tables from the
    models (a new `TenantModel` is distributed by tenant without a line
    here), the others as listed above."""
    plan: dict[str, Distribution] = {m._meta.db_table: "tenant" for m in tenant_models()}
    return plan | _NOT_TENANT
