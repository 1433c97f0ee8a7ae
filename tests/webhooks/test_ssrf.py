"""The SSRF guard over every way of writing an address: a webhook URL may
name a non-public IPv4 address inside an IPv6 one (NAT64, 6to4, Teredo,
IPv4-mapped, -translated or -compatible), literally or through DNS. Name
resolution is faked at the socket layer, the guard itself runs for real."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from saas.webhooks.ssrf import UnsafeUrl, resolve

REFUSED = [
    pytest.param("64:ff9b::7f00:1", id="NAT64 of loopback"),
    pytest.param("64:ff9b::a9fe:a9fe", id="NAT64 of the metadata service"),
    pytest.param("64:ff9b::a00:1", id="NAT64 of 10/8"),
    pytest.param("64:ff9b:1::808:808", id="local-use NAT64"),
    pytest.param("2002:7f00:1::1", id="6to4 of loopback"),
    pytest.param("2002:c0a8:101::1", id="6to4 of 192.168/16"),
    pytest.param("2001:0:4136:e378:8000:63bf:3fff:fdd2", id="Teredo"),
    pytest.param("::127.0.0.1", id="IPv4-compatible loopback"),
    pytest.param("::a9fe:a9fe", id="IPv4-compatible metadata service"),
    pytest.param("::ffff:127.0.0.1", id="IPv4-mapped loopback"),
    pytest.param("::ffff:ac10:1", id="IPv4-mapped 172.16/12"),
    pytest.param("::ffff:0:7f00:1", id="IPv4-translated loopback"),
    pytest.param("::1", id="IPv6 loopback"),
    pytest.param("::", id="unspecified"),
    pytest.param("fe80::1", id="link-local"),
    pytest.param("fd00::1", id="unique local"),
    pytest.param("fec0::1", id="site-local"),
    pytest.param("ff0e::1", id="multicast"),
    pytest.param("2001:db8::1", id="documentation"),
    pytest.param("100.64.0.1", id="carrier-grade NAT"),
    pytest.param("0.0.0.0", id="IPv4 unspecified"),
    pytest.param("169.254.169.254", id="IPv4 metadata service"),
]
ACCEPTED = [
    pytest.param("8.8.8.8", id="public IPv4"),
    pytest.param("2001:4860:4860::8888", id="public IPv6"),
    pytest.param("64:ff9b::808:808", id="NAT64 of a public address"),
    pytest.param("2002:808:808::1", id="6to4 of a public address"),
    pytest.param("::ffff:808:808", id="IPv4-mapped public address"),
]


def _literal(address: str) -> str:
    return f"[{address}]" if ":" in address else address


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Names under .hooks.test answer with the address this dict gives them."""
    records: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host in records:
            address = records[host]
            if ":" in address:
                return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return records


@pytest.mark.parametrize("address", REFUSED)
async def test_a_non_public_address_is_refused_however_written(
    address: str, dns: dict[str, str]
) -> None:
    dns["hook.hooks.test"] = address
    for url in (f"https://{_literal(address)}/hook", "https://hook.hooks.test/hook"):
        with pytest.raises(UnsafeUrl, match="loopback, private or link-local"):
            await resolve(url, allow_private=False, https_only=True)


@pytest.mark.parametrize("address", ACCEPTED)
async def test_a_public_address_is_accepted_however_written(
    address: str, dns: dict[str, str]
) -> None:
    dns["hook.hooks.test"] = address
    for url in (f"https://{_literal(address)}/hook", "https://hook.hooks.test/hook"):
        target = await resolve(url, allow_private=False, https_only=True)
        assert ipaddress.ip_address(target.address) == ipaddress.ip_address(address)


async def test_one_non_public_answer_among_public_ones_is_enough_to_refuse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = socket.getaddrinfo

    def two_answers(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "mixed.hooks.test":
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port)),
                (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::7f00:1", port, 0, 0)),
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", two_answers)
    with pytest.raises(UnsafeUrl, match="64:ff9b::7f00:1"):
        await resolve("https://mixed.hooks.test/hook", allow_private=False, https_only=True)
