"""The virtual network an `aca` environment creates when `compute.address_space` is given.

Without a virtual network a Container Apps environment reaches nothing privately, so the
recipes that need a private endpoint (PostgreSQL) refuse it. `address_space` makes the
environment create one: `apps`, the environment's infrastructure subnet (the first /23,
delegated to Microsoft.App/environments: a workload profiles environment needs a delegated
subnet of /27 or larger, "Networking in Azure Container Apps environment", learn.microsoft.com/azure/container-apps/networking),
and `private-endpoints` (the third /24) for the recipes' private endpoints. The environment
stays external (`internal: false`): apps keep their public ingress, as without a network.

A managed environment's network is fixed when it is created (vnetConfiguration cannot be
added later), so giving `address_space` to an existing environment replaces it and its apps.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ...errors import RadiusValidationError

DELEGATION_SERVICE = "Microsoft.App/environments"
# name -> (prefix length, index of that-sized block in the address space)
SUBNETS = {"apps": (23, 0), "private-endpoints": (24, 2)}


def plan(label: str, compute: Any) -> dict[str, str]:
    """Subnet name -> range inside `compute.address_space`; raises when it is no IPv4 range
    or too small to hold both (a /22 or larger)."""
    try:
        space = ipaddress.IPv4Network(compute.address_space, strict=True)
    except ValueError as e:
        raise RadiusValidationError(label, "compute.address_space", compute.address_space,
                                    f"not an IPv4 CIDR range ({e})", "give a range like 10.250.0.0/16 (host bits zero)")
    if space.prefixlen > 22:
        raise RadiusValidationError(label, "compute.address_space", compute.address_space,
                                    "too small for the apps subnet (a /23) and the private-endpoints subnet (a /24)",
                                    "give a /22 or larger")
    out = {}
    for name, (length, index) in SUBNETS.items():
        out[name] = str(ipaddress.IPv4Network((int(space.network_address) + index * 2 ** (32 - length), length)))
    return out
