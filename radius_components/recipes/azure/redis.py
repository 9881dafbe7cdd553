"""Default RedisCache recipe on Azure: Azure Managed Redis (Microsoft.Cache/redisEnterprise).

New Azure Cache for Redis instances can no longer be created, so this is a `redisEnterprise`
cluster (Balanced_B0 unless `sku` says otherwise) with one database named `default`
(the only name Azure Managed Redis accepts), TLS only (`clientProtocol: Encrypted`, minimum
TLS 1.2) on port 10000.

Network: where the environment has a virtual network (aci always; aca with
`private_endpoint_subnet_id`) the cluster gets a private endpoint in the environment's private
endpoint subnet, registered in `privatelink.redis.azure.net` linked to that network, and its
public network access is Disabled: the host name resolves to the private address inside the
network and nothing answers outside it. An environment on no virtual network (aca's
Consumption environment without a subnet) has no private path to anything, so there the
cluster keeps its public endpoint (TLS 1.2 + access key), with a warning.

Connection values: HOST is the cluster's host name, PORT 10000, TLS true, USERNAME empty;
the PASSWORD is the database's primary access key, read through the provider's
`listDatabaseKeys` function and kept a Pulumi secret, so it lives only in encrypted state and
in the connecting containers' secure values. Containers authenticate with that key, so their
identities get no data access policy on the database; `iam.roles` are scoped to the
cluster's ARM ID. HOST waits for the private endpoint's DNS record, so a container starts
only when the name resolves privately.

Used by the aci and aca kinds (nothing here knows a compute kind).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_azure_native as azure_native

from ...errors import RadiusValidationError
from ...names import short_hash
from ...platforms.azure import names as az
from ...platforms.azure import private_link
from ...resources.redis_cache.declaration import RedisCacheResult
from .. import RecipeContext

DEFAULT_SKU = "Balanced_B0"
REDIS_PORT = 10000  # Azure Managed Redis serves TLS on 10000
DATABASE_NAME = "default"
_SKU_PREFIXES = ("Balanced_B", "ComputeOptimized_X", "MemoryOptimized_M", "FlashOptimized_A", "Enterprise_E",
                 "EnterpriseFlash_F")
_EVICTION = ("AllKeysLFU", "AllKeysLRU", "AllKeysRandom", "VolatileLRU", "VolatileLFU", "VolatileTTL",
             "VolatileRandom", "NoEviction")
_CLUSTERING = ("EnterpriseCluster", "OSSCluster", "NoCluster")


def cluster_name(subscription: str, environment: str, resource_group: str, app: str, resource: str) -> str:
    # The cluster's name is its DNS name (<name>.<region>.redis.azure.net), unique across
    # every Azure customer: keep a hash of where it belongs, the subscription included, so
    # two environments never collide and two subscriptions deploying the same program (the
    # demo with stock config) do not either; at most 60 characters. Deterministic per
    # subscription.
    base = az.aci_name(app, resource, max_length=51) or "redis"
    name = f"{base}-{short_hash(f'{subscription}/{environment}/{resource_group}/{app}/{resource}')}"
    return name if name[0].isalpha() else f"r{name}"[:60]


def _check(ctx: RecipeContext) -> dict[str, Any]:
    return _check_parameters(f"RedisCache '{ctx.resource_name}'", dict(ctx.parameters))


def _check_parameters(label: str, p: dict[str, Any]) -> dict[str, Any]:
    sku = p.get("sku", DEFAULT_SKU)
    if not isinstance(sku, str) or not sku.startswith(_SKU_PREFIXES):
        raise RadiusValidationError(label, "recipe.parameters.sku", sku, "not an Azure Managed Redis SKU",
                                    "use a name like 'Balanced_B0', 'Balanced_B1' or 'MemoryOptimized_M10'")
    eviction = p.get("eviction_policy", "VolatileLRU")
    if eviction not in _EVICTION:
        raise RadiusValidationError(label, "recipe.parameters.eviction_policy", eviction,
                                    "not an eviction policy", f"use one of {list(_EVICTION)}")
    clustering = p.get("clustering_policy", "EnterpriseCluster")
    if clustering not in _CLUSTERING:
        raise RadiusValidationError(label, "recipe.parameters.clustering_policy", clustering,
                                    "not a clustering policy", f"use one of {list(_CLUSTERING)}")
    high_availability = p.get("high_availability", True)
    if not isinstance(high_availability, bool):
        raise RadiusValidationError(label, "recipe.parameters.high_availability", high_availability,
                                    "must be true or false", "give a boolean")
    # None: decided by the network (Disabled where a private endpoint serves the containers).
    access = p.get("public_network_access")
    if access not in (None, "Enabled", "Disabled"):
        raise RadiusValidationError(label, "recipe.parameters.public_network_access", access,
                                    "must be 'Enabled' or 'Disabled'", "give 'Enabled' or 'Disabled'")
    return {"sku": sku, "eviction": eviction, "clustering": clustering, "ha": high_availability,
            "public_network_access": access}


def redis_recipe(ctx: RecipeContext) -> RedisCacheResult:
    settings = _check(ctx)
    label = f"RedisCache '{ctx.resource_name}'"
    azure = getattr(ctx.platform, "azure", None)
    if azure is None:
        raise RadiusValidationError(label, "recipe.name", "default",
                                    f"the Azure Managed Redis recipe needs an Azure environment, not {ctx.environment.kind}",
                                    "use this recipe with the aci or aca kind")
    # Raises (before anything here registers) when the environment has a network but no
    # subnet a private endpoint may use.
    zones = ctx.platform.private_endpoints(label)
    access = settings["public_network_access"] or ("Disabled" if zones is not None else "Enabled")
    if zones is None and access == "Disabled":
        raise RadiusValidationError(
            label, "recipe.parameters.public_network_access", "Disabled",
            "the environment has no virtual network, so its containers could reach the cache only on its public "
            "endpoint", "give the Environment a virtual network and a subnet for private endpoints "
            "(compute.subnet_id and compute.private_endpoint_subnet_id), or leave public_network_access unset")
    app = ctx.application.resource_name
    env = ctx.environment.resource_name
    group = str(getattr(ctx.compute, "resource_group", ""))
    name = pulumi.Output.from_input(azure.subscription_id).apply(
        lambda subscription: cluster_name(subscription, env, group, app, ctx.resource_name))
    tags = azure.tags(app, ctx.resource_name)
    rg = azure.resource_group_name

    cluster = azure_native.redisenterprise.RedisEnterprise(
        ctx.name("cluster"), cluster_name=name, resource_group_name=rg, location=azure.location,
        sku={"name": settings["sku"]}, minimum_tls_version="1.2",
        high_availability="Enabled" if settings["ha"] else "Disabled",
        # Required by the 2025-07-01 API. Disabled where the private endpoint below serves
        # the containers: no public data endpoint.
        public_network_access=access, tags=tags,
        opts=ctx.opts(stateful=True))
    database = azure_native.redisenterprise.Database(
        ctx.name("database"), database_name=DATABASE_NAME, cluster_name=cluster.name, resource_group_name=rg,
        client_protocol="Encrypted", port=REDIS_PORT, clustering_policy=settings["clustering"],
        eviction_policy=settings["eviction"],
        # Access keys stay on: the connection contract hands containers a PASSWORD/URL, and
        # that key is how they authenticate (no Entra access policy is granted).
        access_keys_authentication="Enabled",
        opts=ctx.opts(stateful=True))
    keys = azure_native.redisenterprise.list_database_keys_output(
        cluster_name=cluster.name, database_name=database.name, resource_group_name=rg,
        opts=pulumi.InvokeOutputOptions(parent=ctx.resource))
    resources: list[pulumi.Resource] = [cluster, database]
    outputs: dict[str, Any] = {
        "azure_resource_id": cluster.id,
        "redis_database_id": database.id,
        "redis_cluster_name": cluster.name,
        "redis_database_name": database.name,
        "resource_group_name": rg,
        "public_network_access": access,
    }
    host: Any = cluster.host_name
    if zones is not None:
        zone_id, link = zones.zone("redis", private_link.REDIS_ZONE)
        endpoint, dns = private_link.private_endpoint(
            azure, name=ctx.resource_name, endpoint_name=name.apply(lambda n: az.aci_name(n, "pe", max_length=private_link.NETWORK_NAME_MAX)),
            target_id=cluster.id, group_id=private_link.REDIS_GROUP_ID, network=zones.network, zone_id=zone_id,
            zone_link=link, tags=tags, opts=ctx.opts())
        resources += [endpoint, dns]
        outputs["private_endpoint_id"] = endpoint.id
        # The host name resolves privately once the zone group wrote its record: connecting
        # containers take HOST (and URL) as inputs, so they wait for it.
        host = pulumi.Output.all(cluster.host_name, dns.id).apply(lambda a: a[0])
    else:
        pulumi.log.warn(
            f"RedisCache '{ctx.resource_name}': the {ctx.environment.kind} environment '{env}' has no virtual network, "
            "so its containers reach Azure Managed Redis on the public endpoint (TLS 1.2 + access key). Set "
            "compute.address_space (the environment creates a network; an existing environment is replaced), or "
            "compute.subnet_id and compute.private_endpoint_subnet_id, to keep it private.", resource=ctx.resource)

    return RedisCacheResult(
        host=host, port=REDIS_PORT, username="", tls=True,
        password=pulumi.Output.secret(keys.primary_key),
        resources=resources,
        outputs=outputs,
    )


# What the recipe takes; checked before the RedisCache registers anything.
redis_recipe.parameters = ("sku", "eviction_policy", "clustering_policy", "high_availability",  # type: ignore[attr-defined]
                           "public_network_access")
redis_recipe.validate = _check_parameters  # type: ignore[attr-defined]  # run before the RedisCache registers
