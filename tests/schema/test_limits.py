"""Abuse limits before any resolver runs: depth, aliases, tokens, node budget;
and production hides the schema."""

from __future__ import annotations

from saas.tenancy.roles import Role
from tests.conftest import Api
from tests.factories import gid, make_group, make_store, make_user


async def _token(api: Api) -> str:
    group = await make_group()
    store = await make_store(group)
    await make_user("boss@a.test", group=group, role=Role.SHOWROOM_MANAGER, store=store)
    return await api.login("boss@a.test")


async def test_nested_pages_beyond_the_node_budget_are_refused(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    token = await _token(api)
    ok = "{ customers(first: 100) { nodes { leads { id } } } }"
    assert "customers" in await api.gql(ok, token=token)
    nested = """query($n: Int!) { leads(first: $n) { nodes { customer { name } } }
        a: customers(first: 100) { nodes { id } } b: followUps(first: 100) { nodes { id } } }"""
    assert await api.gql(nested, {"n": 50}, token)
    many = (
        "{ " + " ".join(f"s{i}: stores(first: 100) {{ nodes {{ id }} }}" for i in range(25)) + " }"
    )
    errors = await api.errors(many, token=token)
    assert errors[0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert "2525 nodes" in errors[0]["message"]
    # A variable page size counts as given.
    errors = await api.errors(
        "query($n: Int!) { " + " ".join(f"s{i}: stores(first: $n) {{ nodes {{ id }} }}" for i in range(25)) + " }",
        {"n": 90}, token,
    )  # fmt: skip
    assert "2275 nodes" in errors[0]["message"]


async def test_depth_aliases_and_size_are_limited(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    token = await _token(api)
    deep = "{ me { user { roles { store { id } } dealerGroup { id } } } }"
    assert await api.gql(deep, token=token)
    too_deep = "{ leads { nodes { " + "customer { leads { " * 8 + "id" + " } }" * 8 + " } } }"
    assert "depth" in (await api.errors(too_deep, token=token))[0]["message"].lower()
    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(40)) + " }"
    assert "alias" in (await api.errors(aliases, token=token))[0]["message"].lower()
    huge = "{ " + " ".join("__typename" for _ in range(5000)) + " }"
    assert "token" in (await api.errors(huge, token=token))[0]["message"].lower()


async def test_posts_must_be_json_and_get_carries_no_mutation(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    mutation = 'mutation { login(input: {email: "a@b.cn", password: "x"}) { __typename } }'
    for content_type, body in (
        ("text/plain", mutation),
        ("application/x-www-form-urlencoded", "query=" + mutation),
        ("multipart/form-data; boundary=x", "--x--"),
    ):
        response = await api.client.post(
            "/graphql", content=body, headers={"content-type": content_type}
        )
        assert response.status_code == 415, content_type
        assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    via_get = await api.client.get("/graphql", params={"query": mutation})
    assert via_get.status_code in (400, 405)
    query_get = await api.client.get("/graphql", params={"query": "{ __typename }"})
    assert query_get.json() == {"data": {"__typename": "Query"}}


async def test_batched_requests_are_refused(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    response = await api.client.post("/graphql", json=[{"query": "{ __typename }"}] * 3)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BATCHING_NOT_SUPPORTED"


async def test_limits_reject_before_any_resolver_runs(api: Api, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import saas.org.service as org_service

    token = await _token(api)
    calls = {"n": 0}
    real = org_service.stores_visible_to

    def counting(actor):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real(actor)

    monkeypatch.setattr(org_service, "stores_visible_to", counting)
    assert await api.gql("{ stores { totalCount } }", token=token)
    assert calls["n"] == 1
    calls["n"] = 0
    refused = [
        "{ "
        + " ".join(f"s{i}: stores(first: 100) {{ nodes {{ id }} }}" for i in range(25))
        + " }",  # node budget
        "{ " + " ".join(f"s{i}: stores {{ totalCount }}" for i in range(40)) + " }",  # aliases
        "{ stores { nodes { id } } leads { nodes { "
        + "customer { leads { " * 8
        + "id"
        + " } }" * 8
        + " } } }",  # depth
        "{ stores { totalCount } " + " ".join("__typename" for _ in range(5000)) + " }",  # tokens
    ]
    for query in refused:
        assert await api.errors(query, token=token)
    assert calls["n"] == 0
    over = await api.errors("{ stores(first: 101) { nodes { id } } }", token=token)
    assert "between 1 and 100" in over[0]["message"]


async def test_oversized_bodies_are_refused_before_they_are_read(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    token = await _token(api)
    limit = settings.max_request_bytes
    padding = "x" * (limit + 1)
    auth = {"authorization": f"Bearer {token}"}
    declared = await api.client.post(
        "/graphql",
        json={"query": "{ me { user { id } } }", "variables": {"pad": padding}},
        headers=auth,
    )
    assert declared.status_code == 413
    assert declared.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

    async def chunks():  # type: ignore[no-untyped-def]
        yield b'{"query": "{ me { user { id } } }", "variables": {"pad": "'
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536
        yield b'"}}'

    streamed = await api.client.post(
        "/graphql", content=chunks(), headers=auth | {"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    # Under the limit all is well.
    assert (await api.gql("{ me { user { email } } }", token=token))["me"]["user"][
        "email"
    ] == "boss@a.test"


async def test_the_node_budget_counts_every_spread_and_each_requests_variables(
    api: Api, settings
) -> None:  # type: ignore[no-untyped-def]
    token = await _token(api)
    # One fragment, spread under 25 aliases: 25 x 100 nodes, not 100.
    spread = (
        "query { " + " ".join(f"s{i}: stores(first: 100) {{ ...S }}" for i in range(25))
        + " } fragment S on StoreConnection { nodes { id } }"
    )  # fmt: skip
    errors = await api.errors(spread, token=token)
    assert errors[0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert "2525 nodes" in errors[0]["message"]
    # Nested fragments multiply along the path.
    nested = """query { customers(first: 50) { ...C } }
        fragment C on CustomerConnection { nodes { ...L } }
        fragment L on Customer { leads { id } followUps: leads { id } }"""
    assert "customers" in await api.gql(nested, token=token)
    # The same text, validated (and cached) once with a small page, is checked
    # again with each request's variables.
    paged = (
        "query($n: Int!) { "
        + " ".join(f"s{i}: stores(first: $n) {{ nodes {{ id }} }}" for i in range(25))
        + " }"
    )
    assert await api.gql(paged, {"n": 2}, token)
    errors = await api.errors(paged, {"n": 90}, token)
    assert "2275 nodes" in errors[0]["message"]


async def test_the_node_budget_counts_last_as_it_counts_first(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    token = await _token(api)
    # Paging backward touches as many nodes as paging forward.
    backward = (
        "{ " + " ".join(f"s{i}: stores(last: 100) {{ nodes {{ id }} }}" for i in range(25)) + " }"
    )
    errors = await api.errors(backward, token=token)
    assert errors[0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert "2525 nodes" in errors[0]["message"]
    # As a variable, beside an explicit null `first` (as Relay clients send it).
    paged = (
        "query($n: Int) { "
        + " ".join(f"s{i}: stores(first: null, last: $n) {{ nodes {{ id }} }}" for i in range(25))
        + " }"
    )
    assert await api.gql(paged, {"n": 2}, token)
    errors = await api.errors(paged, {"n": 90}, token)
    assert errors[0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert "2275 nodes" in errors[0]["message"]
    # Neither given: the default page size, as before.
    default = "{ " + " ".join(f"s{i}: stores {{ nodes {{ id }} }}" for i in range(25)) + " }"
    assert await api.gql(default, token=token)


async def test_an_answer_sized_by_its_input_may_grow_with_it_but_not_amplify(  # type: ignore[no-untyped-def]
    api: Api, settings
) -> None:
    token = await _token(api)
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Lead { followUps { id } } } }"
    # 40 ids of 51 nodes each: 2,040, within 2,000 + 10 per id sent.
    ids = [gid("Lead", 10_000 + i) for i in range(40)]
    assert (await api.gql(query, {"ids": ids}, token))["nodes"] == [None] * 40
    # 100 ids of 51 each: 5,100 nodes against 3,000.
    errors = await api.errors(query, {"ids": [gid("Lead", 10_000 + i) for i in range(100)]}, token)
    assert errors[0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert "5100 nodes; the limit is 3000" in errors[0]["message"]
