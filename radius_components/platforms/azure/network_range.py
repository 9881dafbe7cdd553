"""Names of a created virtual network (and what must move with it) that follow its address
plan, while the plan a stack was created with keeps the names it always had.

Azure refuses to change the range of a subnet in use (InUseSubnetCannotBeUpdated), so a
network whose address plan changes is never edited in place: the new plan is a new network
beside the old one, named from the plan, and what used the old one moves to it; the old one is
deleted at the end of that `up`. The plan the stack was created with keeps the historical,
plan-free name, so upgrading a stack renames nothing (review R-AZ-6).

A plan is the network's `address_space` and, where the kind lets them be chosen apart from it,
each subnet's prefix (aci: `subnet_prefix`, ...; review R-AZL-11: a changed prefix alone edits
a subnet in use just the same). aca derives its subnets from `address_space` alone, so its plan
is the range (`first_range`).

Which plan the stack was created with is state, not program: `first_plan` keeps it in a
pulumi-random resource whose `keepers` ignore changes, so it stays the first plan for the
stack's life (an existing stack records its current plan on the first `up` that has this,
which is the one its network has; an `up` that also changes the plan records the new one:
upgrade first, change the plan in a later `up`). aca (platforms/aca/network.py) and aci
(platforms/aci/platform.py) both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import pulumi
import pulumi_random as random

from ...names import short_hash
from . import names as az

ADDRESS_SPACE = "address_space"


def first_plan(recorder: str, plan: Mapping[str, str], opts: pulumi.ResourceOptions) -> Any:
    """The plan (`address_space` -> range, subnet name -> prefix) the stack's network was
    created with, as an Output: the recorder `recorder`, a resource that keeps the plan it was
    first given (its `keepers`, whose changes are ignored)."""
    rec = random.RandomId(
        recorder, byte_length=1, keepers=dict(plan),
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(ignore_changes=["keepers"])))
    return rec.keepers.apply(lambda k: dict(k) if k else dict(plan))


def first_range(env: str, address_space: str, opts: pulumi.ResourceOptions) -> Any:
    """The address space the stack's network was created with, as an Output (aca's recorder
    `<env>-network-first-range`, whose state existing stacks have: unchanged)."""
    first = first_plan(f"{env}-network-first-range", {ADDRESS_SPACE: address_space}, opts)
    return first.apply(lambda p: p.get(ADDRESS_SPACE, address_space))


def plan_key(plan: Mapping[str, str]) -> str:
    """One string per plan: the range, then `subnet=prefix` by subnet name (names and CIDRs have
    no spaces or '='). A plan of only a range is the range, the hash aca's names carry."""
    subnets = sorted((k, v) for k, v in plan.items() if k != ADDRESS_SPACE)
    return " ".join([plan[ADDRESS_SPACE], *(f"{k}={v}" for k, v in subnets)])


def range_name(key: str, first: str, *parts: str, max_length: int = az.ACI_NAME_MAX) -> str:
    """`<parts>` for the plan the stack was created with (`first`, a `plan_key` or a range),
    else that and a hash of the plan: a new plan's resource is a new resource beside the old one."""
    if key != first:
        parts = (*parts, short_hash(key))
    return az.aci_name(*parts, max_length=max_length) or "-".join(parts)


@dataclass(frozen=True)
class RangeNames:
    """The names of one created network's resources: `range_name` of its plan against the
    stack's first plan (`first_plan`'s Output)."""

    plan: Mapping[str, str]
    first: Any

    def name(self, *parts: str, max_length: int = az.ACI_NAME_MAX) -> Any:
        key = plan_key(self.plan)
        return self.first.apply(lambda f: range_name(key, plan_key(f), *parts, max_length=max_length))
