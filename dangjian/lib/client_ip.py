"""The client's address, trusting X-Forwarded-For only from configured proxies.

Behind nginx every request comes from the proxy's address; if login throttling counted that
address, five wrong passwords from anyone would lock a user out for everybody. A header that
any client can send is believed only when the direct peer is one of DANGJIAN_TRUSTED_PROXIES,
and then the rightmost address that is not itself a trusted proxy is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(net, strict=False) for net in settings.DANGJIAN_TRUSTED_PROXIES
    )


def client_ip(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(peer):
        return peer
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _is_trusted(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return peer  # a forged, unparsable entry: fall back to the proxy itself
    return peer
