"""The OEM's own rows, scoped to one OEM by `OemRepository`."""

from __future__ import annotations

from saas.models import DistributedLead, DistributionImport, OemRoutingRule
from saas.tenancy.scoped import OemRepository


class OemLeadRepository(OemRepository[DistributedLead]):
    model = DistributedLead


class RoutingRuleRepository(OemRepository[OemRoutingRule]):
    model = OemRoutingRule


class ImportRepository(OemRepository[DistributionImport]):
    model = DistributionImport
