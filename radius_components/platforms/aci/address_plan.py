"""The address ranges of the virtual network an `aci` environment creates: derived from
`address_space`, checked for containment and overlap before anything registers.

Azure refuses a virtual network whose subnet lies outside its address space
(`NetcfgSubnetRangeOutsideVnet`) or overlaps another subnet (`NetcfgSubnetRangesOverlap`)
(both quoted in MicrosoftDocs/azure-docs#123869), and fails the whole PUT, so a bad plan would
break every `up` of the environment, including ones that change nothing about the network.

Defaults are positions inside `address_space` (for the default 10.240.0.0/16 they are the
historical 10.240.0.0/22, .4.0/24, .5.0/24, .6.0/24), so a custom address space brings its
subnets with it. The `gateways` subnet (Application Gateway) is optional: with no prefix given
it takes the first free /24 from the seventh on; when none is free it is left out, and only a
Gateway on that environment is refused (`gateway_problem`).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Optional

from ...errors import RadiusValidationError, raise_all

Network = ipaddress.IPv4Network

# (field, subnet name, prefix length, index of that-sized block inside the address space)
_DEFAULTS = (("subnet_prefix", "containers", 22, 0),
             ("load_balancer_subnet_prefix", "load-balancers", 24, 4),
             ("private_endpoint_subnet_prefix", "private-endpoints", 24, 5))
GATEWAY_FIELD, GATEWAY_LENGTH, GATEWAY_FIRST = "gateway_subnet_prefix", 24, 6


@dataclass(frozen=True)
class AddressPlan:
    address_space: str
    subnets: dict[str, str]  # subnet name -> prefix, in the order they are created
    gateway_problem: Optional[str] = None  # why there is no `gateways` subnet, when there is none


def _network(label: str, field: str, value: str, errors: list[RadiusValidationError]) -> Optional[Network]:
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError as e:
        errors.append(RadiusValidationError(label, f"compute.{field}", value, f"not an IPv4 CIDR range ({e})",
                                            "give a range like 10.1.0.0/16 (host bits zero)"))
        return None


def _block(space: Network, length: int, index: int) -> Optional[Network]:
    """The `index`-th /`length` block of `space`; None when the space has no such block."""
    if length < space.prefixlen:
        return None
    count = 2 ** (length - space.prefixlen)
    if index >= count:
        return None
    return Network((int(space.network_address) + index * 2 ** (32 - length), length))


def plan(label: str, compute: Any) -> AddressPlan:
    """The subnets of the created network; raises (every problem at once) when a range lies
    outside `address_space`, overlaps another, or is not a range."""
    errors: list[RadiusValidationError] = []
    space = _network(label, "address_space", compute.address_space, errors)
    if space is None:
        raise errors[0]
    chosen: dict[str, tuple[str, Network]] = {}  # subnet name -> (field, range)
    for field, name, length, index in _DEFAULTS:
        given = getattr(compute, field)
        if given is not None:
            net = _network(label, field, given, errors)
        else:
            net = _block(space, length, index)
            if net is None:
                errors.append(RadiusValidationError(
                    label, f"compute.{field}", None,
                    f"address_space {space} has no room for the default {name} subnet (a /{length} at block {index})",
                    f"give compute.{field} (a range inside {space}), or a larger address_space (/21 or larger)"))
        if net is not None:
            chosen[name] = (field, net)
    gateway_given = getattr(compute, GATEWAY_FIELD)
    gateway_problem = None
    if gateway_given is not None:
        net = _network(label, GATEWAY_FIELD, gateway_given, errors)
        if net is not None:
            chosen["gateways"] = (GATEWAY_FIELD, net)
    else:
        taken = [n for _, n in chosen.values()]
        free = (b for i in range(GATEWAY_FIRST, 2 ** max(0, GATEWAY_LENGTH - space.prefixlen))
                if (b := _block(space, GATEWAY_LENGTH, i)) is not None and not any(b.overlaps(t) for t in taken))
        net = next(free, None)
        if net is None:
            gateway_problem = f"address_space {space} has no free /{GATEWAY_LENGTH} left for the gateways subnet"
        else:
            chosen["gateways"] = (GATEWAY_FIELD, net)

    names = list(chosen)
    for name in names:
        field, net = chosen[name]
        if not net.subnet_of(space):
            errors.append(RadiusValidationError(
                label, f"compute.{field}", str(net), f"the {name} subnet lies outside address_space {space} "
                "(Azure: NetcfgSubnetRangeOutsideVnet)", f"give a range inside {space}"))
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            (fa, na), (fb, nb) = chosen[a], chosen[b]
            if na.overlaps(nb):
                errors.append(RadiusValidationError(
                    label, f"compute.{fb}", str(nb), f"the {b} subnet overlaps the {a} subnet ({na}, compute.{fa}) "
                    "(Azure: NetcfgSubnetRangesOverlap)", "give ranges that do not overlap, inside address_space"))
    raise_all(errors)
    return AddressPlan(address_space=str(space), subnets={n: str(chosen[n][1]) for n in names},
                       gateway_problem=gateway_problem)
