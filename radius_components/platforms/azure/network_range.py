"""Names of a created virtual network (and what must move with it) that follow its range, while
the range a stack was created with keeps the names it always had.

Azure refuses to change the range of a subnet in use (InUseSubnetCannotBeUpdated), so a
network whose `address_space` changes is never edited in place: the new range is a new network
beside the old one, named from the range, and what used the old one moves to it; the old one is
deleted at the end of that `up`. The range the stack was created with keeps the historical,
range-free name, so upgrading a stack renames nothing (review R-AZ-6).

Which range the stack was created with is state, not program: `first_range` keeps it in a
pulumi-random resource whose `keepers` ignore changes, so it stays the first range for the
stack's life (an existing stack records its current range on the first `up` that has this,
which is the one its network has). aca (platforms/aca/network.py) and aci (platforms/aci/platform.py)
both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_random as random

from ...names import short_hash
from . import names as az


def first_range(env: str, address_space: str, opts: pulumi.ResourceOptions) -> Any:
    """The address space the stack's network was created with, as an Output (the recorder
    `<env>-network-first-range`: a resource that keeps the range it was first given)."""
    recorder = random.RandomId(
        f"{env}-network-first-range", byte_length=1, keepers={"address_space": address_space},
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(ignore_changes=["keepers"])))
    return recorder.keepers.apply(lambda k: (k or {}).get("address_space", address_space))


def range_name(address_space: str, first: str, *parts: str, max_length: int = az.ACI_NAME_MAX) -> str:
    """`<parts>` for the range the stack was created with (`first`), else that and a hash of the
    range: a new range's resource is a new resource beside the old one."""
    if address_space != first:
        parts = (*parts, short_hash(address_space))
    return az.aci_name(*parts, max_length=max_length) or "-".join(parts)


@dataclass(frozen=True)
class RangeNames:
    """The names of one created network's resources: `range_name` against the stack's first range."""

    address_space: str
    first: Any  # first_range's Output

    def name(self, *parts: str, max_length: int = az.ACI_NAME_MAX) -> Any:
        return self.first.apply(lambda r: range_name(self.address_space, r, *parts, max_length=max_length))
