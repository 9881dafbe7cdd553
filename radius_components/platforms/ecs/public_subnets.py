"""The public subnets of a VPC, read from its route tables: where an internet-facing ALB goes.

A subnet is public when its route table sends traffic to an internet gateway ("A public
subnet has a direct route to an internet gateway", docs.aws.amazon.com/vpc/latest/userguide/
configure-subnets.html). A subnet uses the route table explicitly associated with it, else
the VPC's main route table. So: the route tables with an `igw-` route
(ec2:DescribeRouteTables, filter `route.gateway-id`), their explicitly associated subnets,
and, when the main table is one of them, every subnet of the VPC no table claims explicitly.

Used when the environment gives no `compute.public_subnet_ids`. Read at preview as at
update; fewer than two subnets fails the program with the fix (an Output whose apply raises
fails the run, as the VPC DNS check does).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from ...errors import RadiusValidationError


def _explicit(table: Any) -> set[str]:
    return {a.subnet_id for a in (table.associations or []) if getattr(a, "subnet_id", None)}


def _is_main(table: Any) -> bool:
    return any(getattr(a, "main", False) for a in (table.associations or []))


def choose(label: str, vpc_id: str, public: list[Any], every: list[Any], subnets: list[str]) -> list[str]:
    """The public subnets from the tables (objects with `associations`): those with an
    internet gateway route (`public`) and all the VPC's (`every`)."""
    chosen = set().union(*(_explicit(t) for t in public)) if public else set()
    if any(_is_main(t) for t in public):
        claimed = set().union(*(_explicit(t) for t in every)) if every else set()
        chosen |= set(subnets) - claimed
    found = sorted(chosen)
    if len(found) < 2:
        raise RadiusValidationError(
            label, "compute.public_subnet_ids", found,
            f"VPC {vpc_id} has {len(found)} public subnet(s) (subnets whose route table has a route to an internet "
            "gateway), and an internet-facing Application Load Balancer needs two or more, in different Availability Zones",
            "give compute.public_subnet_ids (or the gateway's runtimes.ecs.subnet_ids), add public subnets, or set internal=True")
    return found


def public_subnets(label: str, vpc_id: str, opts: pulumi.InvokeOutputOptions) -> pulumi.Output[list[str]]:
    public = aws.ec2.get_route_tables_output(vpc_id=vpc_id, filters=[{"name": "route.gateway-id", "values": ["igw-*"]}],
                                             opts=opts)
    every = aws.ec2.get_route_tables_output(vpc_id=vpc_id, opts=opts)
    subnets = aws.ec2.get_subnets_output(filters=[{"name": "vpc-id", "values": [vpc_id]}], opts=opts)

    def tables(ids: list[str]) -> pulumi.Output[list[Any]]:
        return pulumi.Output.all(*[aws.ec2.get_route_table_output(route_table_id=i, opts=opts) for i in sorted(ids or [])])

    return pulumi.Output.all(public.ids.apply(tables), every.ids.apply(tables), subnets.ids).apply(
        lambda v: choose(label, vpc_id, v[0], v[1], v[2] or []))
