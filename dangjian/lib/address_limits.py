"""Per-address limits of public (no-login) forms: which address a counter is kept for, a keyed
hash of it that can be stored without keeping the address, and an hourly counter in the cache
(shared by every worker with DANGJIAN_CACHE=database).

The counter is approximate under simultaneous requests on the database cache (its `incr` is
a read then a write): a bound against a flood from one address, not an exact quota.
"""

from __future__ import annotations

import ipaddress

from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

# An IPv6 subscriber is given a whole /64 (RFC 6177 practice): one counter for all of it.
IPV6_PREFIX = 64


def address_key(ip: str) -> str:
    """The address a per-address counter is kept for: an IPv6 address by its /64, an
    IPv4-mapped IPv6 address as its IPv4 address, an IPv4 address alone; anything else as
    given."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return ip or ""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def keyed_address(purpose: str, ip: str) -> str:
    """A keyed hash (HMAC-SHA256 under SECRET_KEY, per purpose) of `address_key(ip)`: equal
    addresses match, the address cannot be read back or found from a table of addresses."""
    return salted_hmac(purpose, address_key(ip), algorithm="sha256").hexdigest()


def this_hour() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def count(key: str) -> int:
    """Add one to the counter `key` (kept an hour; put the hour in the key for an hourly
    count); the new value."""
    if cache.add(key, 1, timeout=3600):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        return 1
