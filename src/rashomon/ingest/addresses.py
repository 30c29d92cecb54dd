"""Which addresses an unattended fetch may reach: public ones only, unless allowed.

A feed is written by someone else, and so is every link in it and every redirect its server
sends: left alone, `rashomon watch` on a server could be pointed at the cloud metadata service
(169.254.169.254), the router, or a database on localhost. So a host name is resolved once,
every address it resolves to must be public (else E_PRIVATE), and the connection goes to that
checked address (`polite.py` pins it), so a second, different answer from DNS cannot slip a
private address in between the check and the connection (DNS rebinding).

Refused: loopback, private (RFC 1918, unique local), link-local (the metadata services live
there), carrier-grade NAT, multicast, reserved, unspecified, and IPv6 forms that embed one of
these (IPv4-mapped addresses).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any

from rashomon.errors import InputError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# socket.getaddrinfo's shape, so that tests can answer for made-up host names
Resolver = Callable[..., Sequence[tuple[Any, ...]]]


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
    )


def checked_addresses(
    url: str,
    host: str,
    port: int,
    *,
    allow_private: bool,
    allowed: Sequence[Network] = (),
    resolver: Resolver = socket.getaddrinfo,
) -> list[str]:
    """The addresses `host` resolves to, every one of them allowed; `InputError` E_FETCH when
    it does not resolve, E_PRIVATE when any address is not public (and not allowed)."""
    try:
        answers = resolver(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise InputError("E_FETCH", url, f"cannot resolve {host} ({exc})") from None
    found: list[str] = []
    for answer in answers:
        text = str(answer[4][0]).split("%", 1)[0]  # an IPv6 scope id is not part of the address
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise InputError("E_FETCH", url, f"{host} resolved to {text!r}") from None
        if not allow_private and not is_public(address) and not _in(address, allowed):
            via = "" if text == host else f" ({host} resolves to it)"
            raise InputError(
                "E_PRIVATE", url, f"refused to fetch from {text}{via}: not a public address"
            )
        if text not in found:
            found.append(text)
    if not found:
        raise InputError("E_FETCH", url, f"{host} has no address")
    return found


def _in(address: Address, allowed: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in allowed)
