"""Private services access for an environment's VPC network, made once per environment.

Google-managed services that sit in a producer VPC (Cloud SQL with a private IP, Memorystore
for Redis with connect_mode PRIVATE_SERVICE_ACCESS) reach the environment's network through
a reserved internal range (a global address with purpose `VPC_PEERING`) and a
`servicenetworking.googleapis.com` connection that peers it
(cloud.google.com/vpc/docs/configure-private-services-access). Both are parented to the
Environment, so every recipe of the environment shares them; the APIs they need are enabled
once too, when `compute.enable_apis` is set.
"""

from __future__ import annotations

from typing import Iterable

import pulumi
import pulumi_gcp as gcp

from ...names import dns_label
from ...platforms.cloudrun.names import NETWORK_NAME_MAX, keep_name, regional
from .. import RecipeContext

SERVICE_NETWORKING = "servicenetworking.googleapis.com"


def enabled_apis(ctx: RecipeContext, names: Iterable[str]) -> list[pulumi.Resource]:
    """With compute.enable_apis, each API enabled once per environment (parented to it, like
    the platform's own APIs); without it, nothing."""
    platform = ctx.platform
    made: dict[str, pulumi.Resource] = getattr(platform, "_radius_recipe_apis", None) or {}
    platform._radius_recipe_apis = made
    if not ctx.compute.enable_apis:
        return []
    env = ctx.environment.resource_name
    out = []
    for api in names:
        if api not in made:
            # disable_on_destroy=False: other workloads of the project may use the API.
            made[api] = gcp.projects.Service(f"{env}-api-{api.split('.')[0]}", project=platform.project, service=api,
                                             disable_on_destroy=False, opts=platform.child_options(ctx.environment))
        out.append(made[api])
    return out


def private_services(ctx: RecipeContext, prefix_length: int) -> pulumi.Resource:
    """The environment's private services access connection (the first caller's
    prefix length decides the reserved range's size)."""
    platform = ctx.platform
    made = getattr(platform, "_radius_private_services", None)
    if made is not None:
        return made
    env = ctx.environment.resource_name
    after_apis = platform.child_options(ctx.environment, depends_on=enabled_apis(ctx, (SERVICE_NETWORKING,)))
    # The range has no fixed address: Google allocates a free block of the network. With the
    # subnet the environment creates still in flight it could take the subnet's range (an
    # allocated range reserves space against subnets: cloud.google.com/vpc/docs/
    # configure-private-services-access), and the subnet's create then fails with an overlap.
    # So it waits for the subnet, as Memorystore's DIRECT_PEERING instance does (recipes/gcp/redis.py).
    subnet = [platform.subnet] if getattr(platform, "subnet", None) is not None else []
    address = gcp.compute.GlobalAddress(
        f"{env}-private-services-range", project=platform.project,
        name=regional(dns_label(env, "private-services") or "radius-private-services", platform.region, NETWORK_NAME_MAX),
        purpose="VPC_PEERING", address_type="INTERNAL", prefix_length=prefix_length,
        network=platform.network_id,
        opts=pulumi.ResourceOptions.merge(
            platform.child_options(ctx.environment, depends_on=enabled_apis(ctx, (SERVICE_NETWORKING,)) + subnet),
            keep_name("name")))
    connection = gcp.servicenetworking.Connection(
        f"{env}-private-services", network=platform.network_id, service=SERVICE_NETWORKING,
        reserved_peering_ranges=[address.name],
        # ABANDON: the producer keeps using the peering for days after its last Cloud SQL
        # instance is deleted, and deleting the connection fails until then ("Producer
        # services (e.g. CloudSQL, Cloud Memstore, etc.) are still using this connection",
        # hashicorp/terraform-provider-google#16275); leaving it costs nothing.
        deletion_policy="ABANDON", opts=after_apis)
    platform._radius_private_services = connection
    return connection
