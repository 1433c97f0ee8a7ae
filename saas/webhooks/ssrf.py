"""Server-side request forgery guard for webhook URLs.

A webhook URL is chosen by a customer; without this guard it could point the
server at its own loopback, the private network or a cloud metadata service
(169.254.169.254). In production such addresses are refused when an endpoint
is saved and again at every delivery, because DNS can change in between; the
delivery then connects to the address that was checked, not to a second
lookup of the name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from saas.errors import SaasError

RESOLVE_TIMEOUT_SECONDS = 5


class UnsafeUrl(SaasError):
    code = "UNSAFE_URL"


@dataclass(frozen=True)
class Target:
    url: SplitResult
    address: str  # the IP address to connect to


def parse_url(url: str, *, https_only: bool) -> SplitResult:
    parts = urlsplit(url.strip())
    schemes = ("https",) if https_only else ("http", "https")
    if parts.scheme not in schemes:
        raise UnsafeUrl(f"the URL must start with {' or '.join(s + '://' for s in schemes)}")
    if not parts.hostname:
        raise UnsafeUrl("the URL has no host name")
    if parts.username or parts.password:
        raise UnsafeUrl("the URL must not carry a user name or password")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise UnsafeUrl("the URL's port is not a number from 0 to 65535") from None
    return parts


# IPv6 ranges that carry an IPv4 address in their last 32 bits: a host there
# may be reached through that IPv4 address (NAT64, RFC 6052; IPv4-translated,
# RFC 2765; IPv4-compatible, RFC 4291). IPv4-mapped (::ffff:0:0/96), 6to4 and
# Teredo are decoded by `ipaddress` itself.
EMBEDDING_IPV4 = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("::ffff:0:0:0/96"),
    ipaddress.IPv6Network("::/96"),
)
# Local-use NAT64 (RFC 8215) may embed an IPv4 address anywhere: never public.
LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address stands for (NAT64, 6to4, Teredo,
    IPv4-mapped, -translated or -compatible); none for a plain IPv6 address."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    if any(ip in network for network in EMBEDDING_IPV4):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def is_public(address: str) -> bool:
    """Whether a webhook may connect to this address: globally reachable,
    not multicast, and (for an IPv6 address that embeds an IPv4 one) the
    embedded IPv4 address public too."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in LOCAL_NAT64 or ip.is_site_local:
            return False
        if not all(_global(v4) for v4 in embedded_ipv4(ip)):
            return False
        if ip.ipv4_mapped is not None:
            return True  # the embedded address is the one connected to
    return _global(ip)


def _global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast


async def resolve(url: str, *, allow_private: bool, https_only: bool) -> Target:
    """The address to deliver to; raises UnsafeUrl when the name does not
    resolve or (unless `allow_private`) any of its addresses is not public."""
    parts = parse_url(url, https_only=https_only)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.wait_for(
            asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM),
            RESOLVE_TIMEOUT_SECONDS,
        )
    except (socket.gaierror, UnicodeError, TimeoutError):
        raise UnsafeUrl(f"the host name {host!r} does not resolve") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise UnsafeUrl(f"the host name {host!r} does not resolve")
    if not allow_private:
        blocked = [a for a in addresses if not is_public(a)]
        if blocked:
            raise UnsafeUrl(
                f"{host} resolves to a loopback, private or link-local address "
                f"({blocked[0]}); webhooks must go to a public address"
            )
    return Target(parts, addresses[0])
