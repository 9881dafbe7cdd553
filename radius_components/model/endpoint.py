"""Host names of endpoints the user gives (a manual RedisCache's `host`, a manual SqlDatabase's
`server`): a DNS name or an IP address, as every client library resolves them.

RFC 1123 section 2.1 host names: labels of letters, digits and '-', not starting or ending with
'-', at most 63 characters each and 253 in all; '_' is accepted too, since private DNS zones
(and Docker's service names) use it and resolvers pass it through. An IPv4 or IPv6 address
(without brackets) is a host as well. A URL, a `host:port` pair or a name with spaces is not:
the port goes in `port`, and the client would try to resolve the whole text.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Optional

from pydantic import AfterValidator

from .base import problem

_LABEL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\Z")
HOST_MAX = 253


def host_problem(host: str) -> Optional[tuple[str, str]]:
    """(problem, fix) when `host` is no DNS name or IP address; None when it is one."""
    fix = "give the host name or IP address only, like 'redis.internal.example.com' or '10.0.0.5' (the port goes in port)"
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    if "://" in host:
        return "a host is a name or an address, not a URL", fix
    if ":" in host:
        return "a host has no port (and an IPv6 address no brackets)", fix
    name = host[:-1] if host.endswith(".") else host  # a fully qualified name's root dot
    if not name or len(name) > HOST_MAX:
        return f"a host name is 1 to {HOST_MAX} characters", fix
    bad = next((label for label in name.split(".") if not _LABEL.match(label)), None)
    if bad is not None:
        return (f"'{bad}' is not a DNS label (letters, digits, '-' and '_', at most 63, not starting or ending "
                "with '-')", fix)
    return None


def _valid_host(value: str) -> str:
    found = host_problem(value)
    if found is not None:
        raise problem(*found)
    return value


# A host name or IP address; as an OutputOr leaf, an Output is checked when it resolves.
HostName = Annotated[str, AfterValidator(_valid_host)]
