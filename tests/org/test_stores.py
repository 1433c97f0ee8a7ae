"""Stores: creation with readable errors, filters, paging, and who sees which."""

from __future__ import annotations

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_store, make_user

CREATE = """mutation($input: CreateStoreInput!) { createStore(input: $input) {
  __typename ... on Store { code timezone brands openingHours { day opens closes } }
  ... on ValidationErrors { errors { path message } } ... on ConflictError { message } } }"""


async def _admin(api: Api) -> str:
    group = await make_group()
    await make_user("admin@a.test", group=group, role=Role.GROUP_ADMIN)
    return await api.login("admin@a.test")


async def test_create_store_with_hours_and_brands(api: Api) -> None:
    token = await _admin(api)
    result = (
        await api.gql(
            CREATE,
            {
                "input": {
                    "code": "sh-pudong",
                    "name": "Pudong",
                    "region": "East China",
                    "city": "Shanghai",
                    "brands": ["Huaxia"],
                    "openingHours": [{"day": "sat", "opens": "09:30", "closes": "20:00"}],
                }
            },
            token=token,
        )
    )["createStore"]
    assert result == {
        "__typename": "Store",
        "code": "SH-PUDONG",
        "timezone": "Asia/Shanghai",
        "brands": ["Huaxia"],
        "openingHours": [{"day": "sat", "opens": "09:30", "closes": "20:00"}],
    }


async def test_bad_store_input_is_explained_field_by_field_and_nothing_is_saved(api: Api) -> None:
    token = await _admin(api)
    result = (
        await api.gql(
            CREATE,
            {
                "input": {
                    "code": "bad code!",
                    "name": "",
                    "region": "East",
                    "city": "Shanghai",
                    "timezone": "Mars/Olympus",
                    "openingHours": [
                        {"day": "mon", "opens": "18:00", "closes": "09:00"},
                        {"day": "funday", "opens": "09:00", "closes": "10:00"},
                    ],
                }
            },
            token=token,
        )
    )["createStore"]
    assert result["__typename"] == "ValidationErrors"
    assert {tuple(e["path"]) for e in result["errors"]} == {
        ("input", "code"), ("input", "name"), ("input", "timezone"),
        ("input", "openingHours", "mon"), ("input", "openingHours", "funday"),
    }  # fmt: skip
    assert "Mars/Olympus" in next(
        e["message"] for e in result["errors"] if e["path"][-1] == "timezone"
    )
    assert (await api.gql("{ stores { totalCount } }", token=token))["stores"]["totalCount"] == 0


async def test_duplicate_store_code_is_a_conflict(api: Api) -> None:
    token = await _admin(api)
    store = {"code": "SH-1", "name": "One", "region": "East", "city": "Shanghai"}
    assert (await api.gql(CREATE, {"input": store}, token=token))["createStore"][
        "__typename"
    ] == "Store"
    again = (await api.gql(CREATE, {"input": store | {"code": "sh-1"}}, token=token))["createStore"]
    assert again == {
        "__typename": "ConflictError",
        "message": "a store with code SH-1 already exists in this dealer group",
    }


async def test_the_same_code_may_exist_in_two_groups(api: Api) -> None:
    await make_store(await make_group("GROUP-B"), "SH-1")
    token = await _admin(api)
    store = {"code": "SH-1", "name": "One", "region": "East", "city": "Shanghai"}
    assert (await api.gql(CREATE, {"input": store}, token=token))["createStore"][
        "__typename"
    ] == "Store"


async def test_filters_and_cursor_paging(api: Api) -> None:
    group = await make_group()
    await make_user("exec@a.test", group=group, role=Role.GROUP_EXECUTIVE)
    for i, (city, brands) in enumerate(
        [
            ("Shanghai", ["Huaxia"]),
            ("Hangzhou", ["Huaxia EV"]),
            ("Shanghai", ["Nordwind"]),
            ("Suzhou", ["Huaxia"]),
        ]
    ):
        await make_store(group, f"S-{i}", city=city, brands=brands, name=f"Store {city} {i}")
    token = await api.login("exec@a.test")
    query = """query($f: StoreFilter, $after: String) { stores(first: 2, after: $after, filter: $f) {
        totalCount nodes { code } pageInfo { hasNextPage endCursor } } }"""
    shanghai = (await api.gql(query, {"f": {"city": "Shanghai"}}, token=token))["stores"]
    assert [n["code"] for n in shanghai["nodes"]] == ["S-0", "S-2"] and shanghai["totalCount"] == 2
    huaxia = (await api.gql(query, {"f": {"brand": "Huaxia"}}, token=token))["stores"]
    assert [n["code"] for n in huaxia["nodes"]] == ["S-0", "S-3"]
    search = (await api.gql(query, {"f": {"search": "suzhou"}}, token=token))["stores"]
    assert [n["code"] for n in search["nodes"]] == ["S-3"]

    page1 = (await api.gql(query, {}, token=token))["stores"]
    page2 = (await api.gql(query, {"after": page1["pageInfo"]["endCursor"]}, token=token))["stores"]
    assert [n["code"] for n in page1["nodes"] + page2["nodes"]] == ["S-0", "S-1", "S-2", "S-3"]
    assert page1["pageInfo"]["hasNextPage"] and not page2["pageInfo"]["hasNextPage"]


async def test_page_size_and_cursor_are_checked(api: Api) -> None:
    token = await _admin(api)
    for args in ("first: 101", "first: 0"):
        errors = await api.errors(f"{{ stores({args}) {{ nodes {{ id }} }} }}", token=token)
        assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "between 1 and 100" in errors[0]["message"]
    errors = await api.errors('{ stores(after: "garbage") { nodes { id } } }', token=token)
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_store_roles_see_only_their_own_stores(api: Api) -> None:
    group = await make_group()
    pudong, xihu = await make_store(group, "SH-1"), await make_store(group, "HZ-1", city="Hangzhou")
    await make_user("c@a.test", group=group, role=Role.CONSULTANT, store=pudong)
    token = await api.login("c@a.test")
    data = await api.gql(
        "query($x: ID!) { stores { nodes { code } } store(id: $x) { code } }",
        {"x": gid(xihu)},
        token=token,
    )
    assert data == {"stores": {"nodes": [{"code": "SH-1"}]}, "store": None}
