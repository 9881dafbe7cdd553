"""The virtual network an `aca` environment creates when `compute.address_space` is given.

Without a virtual network a Container Apps environment reaches nothing privately, so the
recipes that need a private endpoint (PostgreSQL) refuse it. `address_space` makes the
environment create one: `apps`, the environment's infrastructure subnet (the first /23,
delegated to Microsoft.App/environments: a workload profiles environment needs a delegated
subnet of /27 or larger, "Networking in Azure Container Apps environment", learn.microsoft.com/azure/container-apps/networking),
`private-endpoints` (the third /24) for the recipes' private endpoints, and `scripts` (the fourth
/24, delegated to Microsoft.ContainerInstance/containerGroups) where deployment scripts run (the
PostgreSQL recipe's login step, recipes/azure/db_login.py: a deployment script's container
group needs a subnet with that delegation, "Access a private virtual network from a deployment
script", learn.microsoft.com/azure/azure-resource-manager/bicep/deployment-script-vnet). The
`scripts` subnet came later: an existing network gets it added in place on its next `up` (a new
range inside the address space that overlaps nothing, so nothing else changes). The environment
stays external (`internal: false`): apps keep their public ingress, as without a network.

A managed environment's network is fixed when it is created (vnetConfiguration cannot be
added later; "Infrastructure subnet Id can not be changed after environment creation",
ManagedEnvironmentInfraSubnetIdCannotBeUpdated), so giving `address_space` to an existing
environment replaces it and its apps. A changed `address_space` does too, and it never edits the
subnets in place (Azure refuses to change the range of a subnet in use, InUseSubnetCannotBeUpdated):
a new range is a new network beside the old one, and the environment, whose `vnetConfiguration`
can only be replaced, moves to it (platform.py: replace_on_changes, delete_before_replace for its
fixed name).

The network's name (`network_name`), thought through for the three cases:
- a fresh stack: `<env>-vnet`, the name the first release of `address_space` gave;
- a stack that already has its network: the same name for the range it was created with, so
  upgrading changes nothing (a name derived from every range would rename its network: a new
  network, the environment deleted and created again with a new default domain, every app
  deleted and recreated, the recipes' private endpoints moved; review R-AZ-6);
- a later range change: `<env>-vnet-<hash of the range>`, a network beside the old one (the old
  one is deleted at the end of that `up`, once the environment and the endpoints left it).
Which range the stack was created with is state, not program: it is kept in a pulumi-random
resource whose `keepers` ignore changes (platforms/azure/network_range.py, shared with aci's
network), so it stays the first range for the stack's life. The private endpoints and zone links that follow the
network to a new range are replaced deleting first (platforms/azure/private_link.py), as their
names are fixed.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ...errors import RadiusValidationError
from ..azure import network_range

DELEGATION_SERVICE = "Microsoft.App/environments"
SCRIPTS_DELEGATION_SERVICE = "Microsoft.ContainerInstance/containerGroups"
# name -> (prefix length, index of that-sized block in the address space); a /22 holds all three.
SUBNETS = {"apps": (23, 0), "private-endpoints": (24, 2), "scripts": (24, 3)}


# Ranges a subnet of a workload profiles environment (ours always is one: it has the
# Consumption profile) "can't overlap with": reserved by Azure Kubernetes Services, and
# reserved by the workload profiles environment itself (Container Apps networking, "Subnet
# address range restrictions", learn.microsoft.com/azure/container-apps/custom-virtual-networks).
# The docs list exactly these; the Consumption-only environments' docker bridge
# (172.17.0.0/16, dockerBridgeCidr) is not listed for workload profiles environments.
RESERVED = tuple(ipaddress.IPv4Network(r) for r in (
    "169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24",  # AKS
    "100.100.0.0/17", "100.100.128.0/19", "100.100.160.0/19", "100.100.192.0/19",  # workload profiles
))


def network_name(env: str, address_space: str, first_range: str) -> str:
    """The created network's name: `<env>-vnet` for the range the stack was created with
    (`first_range`), else that and a hash of the range (a new range is a new network, never
    subnets changed in place)."""
    return network_range.range_name(address_space, first_range, env, "vnet")


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
    reserved = [str(r) for r in RESERVED if r.overlaps(space)]
    if reserved:
        raise RadiusValidationError(label, "compute.address_space", compute.address_space,
                                    f"overlaps {', '.join(reserved)}, which Container Apps reserves (its subnets "
                                    "can't overlap them: Container Apps networking, subnet address range restrictions)",
                                    "give a private range outside them, e.g. 10.250.0.0/16")
    out = {}
    for name, (length, index) in SUBNETS.items():
        out[name] = str(ipaddress.IPv4Network((int(space.network_address) + index * 2 ** (32 - length), length)))
    return out
