"""A store of one's own dealer group that one does not work in is foreign: a
mutation naming it answers exactly as one naming a store that does not exist
(same type, path and words, only the id differs), and never tells its code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_store, make_user

MISSING_STORE = 999_999

RESULT = """__typename
  ... on ValidationErrors { errors { path message } }
  ... on NotFoundError { message resource id }
  ... on ForbiddenError { message }"""


@dataclass(frozen=True)
class Case:
    name: str
    email: str
    mutation: str
    build: Any  # (store global id, own user global id) -> input


CASES = [
    Case(
        "consultant-createCustomer",
        "ann@a.test",
        "createCustomer(input: $input)",
        lambda store, user: {
            "storeId": store,
            "customer": {"name": "Zhou Xun", "phone": "13500001111"},
        },
    ),
    Case(
        "consultant-createLead",
        "ann@a.test",
        "createLead(input: $input)",
        lambda store, user: {
            "storeId": store,
            "customer": {"name": "Zhou Xun", "phone": "13500001111"},
            "sourceChannel": "WALK_IN",
        },
    ),
    Case(
        "showroom-manager-setProductLines",
        "boss@a.test",
        "setProductLines(input: $input)",
        lambda store, user: {"storeId": store, "userId": user, "series": ["Aurora"]},
    ),
    Case(
        "sales-manager-setTarget",
        "sales@a.test",
        "setTarget(input: $input)",
        lambda store, user: {"storeId": store, "month": "2030-01-01", "sold": 3},
    ),
]

INPUT_TYPES = {
    "createCustomer": "CreateCustomerInput",
    "createLead": "CreateLeadInput",
    "setProductLines": "SetProductLinesInput",
    "setTarget": "SetTargetInput",
}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_sibling_store_answers_exactly_as_a_missing_one(api: Api, case: Case) -> None:
    group = await make_group()
    own = await make_store(group, "OWN-1")
    sibling = await make_store(group, "SIBLING-7")
    await make_user("ann@a.test", group=group, role=Role.CONSULTANT, store=own)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=own)
    await make_user("sales@a.test", group=group, role=Role.SALES_MANAGER, store=own)
    token = await api.login(case.email)
    me = (await api.gql("{ me { user { id } } }", token=token))["me"]["user"]["id"]
    field = case.mutation.split("(")[0]
    query = f"mutation($input: {INPUT_TYPES[field]}!) {{ {case.mutation} {{ {RESULT} }} }}"

    async def answer(store_id: int) -> str:
        response = await api.post(query, {"input": case.build(gid("Store", store_id), me)}, token)
        assert response.status_code == 200
        body = json.dumps(response.json(), sort_keys=True)
        # Only the id the caller sent may differ.
        return (
            body.replace(gid("Store", store_id), "<id>")
            .replace(f"store {store_id} ", "store <id> ")
            .replace(f'"id": "{store_id}"', '"id": "<id>"')
        )

    foreign, missing = await answer(sibling.id), await answer(MISSING_STORE)
    assert "SIBLING-7" not in foreign
    assert foreign == missing
    assert json.loads(missing)["data"][field]["__typename"] in ("ValidationErrors", "NotFoundError")
