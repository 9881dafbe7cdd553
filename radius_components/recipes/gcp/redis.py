"""Default RedisCache recipe on Cloud Run: Memorystore for Redis, AUTH + in-transit encryption.

The instance is attached to the environment's VPC network (the one Cloud Run services
reach through Direct VPC egress). AUTH is always on: Memorystore generates the AUTH string,
which reaches containers only as a Secret Manager secret (the password, URL and connection
string of the connection contract). In-transit encryption is SERVER_AUTHENTICATION: clients
must speak TLS (Memorystore serves it on port 6378) and must trust the instance's own CA
("A CA is a string that you must download and install on the client accessing your Redis
instance", cloud.google.com/memorystore/docs/redis/in-transit-encryption). The CA is public
material: it is the connection's `tls_ca_cert` value (CONNECTION_<NAME>_TLSCACERT, and a file on
Cloud Run) and also `recipe_outputs["server_ca_certs"]`.

connect_mode PRIVATE_SERVICE_ACCESS puts the instance in the network's private services
access range ("Private services access provides an IP address range for multiple Google Cloud
services, including Memorystore", Memorystore for Redis v1 API, Instance.ConnectMode), a
reserved VPC_PEERING range peered by the servicenetworking connection, which must exist
before the instance (cloud.google.com/memorystore/docs/redis/networking): on a network the
environment creates, the recipe makes it (shared with Cloud SQL: private_services.py); on
an existing network (`compute.network`) it must already have it, unless
`private_services_access="create"`.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pulumi_gcp as gcp

from ...errors import RadiusValidationError, raise_all
from ...names import dns_label
from ...platforms.cloudrun.names import redis_instance_name
from ...resources.redis_cache.declaration import RedisCacheResult
from .. import RecipeContext
from .private_services import private_services

# pulumi-gcp redis.Instance: tier BASIC | STANDARD_HA; connect_mode DIRECT_PEERING |
# PRIVATE_SERVICE_ACCESS. Memorystore for Redis supports Redis 3.2, 4.0, 5.0, 6.x, 7.0, 7.2.
TIERS = ("BASIC", "STANDARD_HA")
CONNECT_MODES = ("DIRECT_PEERING", "PRIVATE_SERVICE_ACCESS")
VERSIONS = ("REDIS_3_2", "REDIS_4_0", "REDIS_5_0", "REDIS_6_X", "REDIS_7_0", "REDIS_7_2")
DEFAULTS = {"tier": "BASIC", "memory_size_gb": 1, "redis_version": "REDIS_7_2", "connect_mode": "DIRECT_PEERING",
            # An explicit instance ID, e.g. to keep an instance created under an older naming.
            "instance_id": None,
            # PRIVATE_SERVICE_ACCESS only: "create" | "existing"; default: create on a network
            # the environment made, expect it on a given one. (Same as the Cloud SQL recipe.)
            "private_services_access": None, "private_services_prefix_length": 16}
_INSTANCE_ID = re.compile(r"^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$")
# Memorystore for Redis capacity: 1 to 300 GB.
MEMORY_MAX_GB = 300


def _check(label: str, params: dict[str, Any]) -> None:
    errors = []
    for key, allowed in (("tier", TIERS), ("connect_mode", CONNECT_MODES), ("redis_version", VERSIONS)):
        if params[key] not in allowed:
            errors.append(RadiusValidationError(label, f"recipe.parameters.{key}", params[key],
                                                "not a Memorystore for Redis value", f"use one of {list(allowed)}"))
    instance_id = params["instance_id"]
    if instance_id is not None and not (isinstance(instance_id, str) and _INSTANCE_ID.match(instance_id)):
        errors.append(RadiusValidationError(label, "recipe.parameters.instance_id", instance_id,
                                            "not a Memorystore for Redis instance ID",
                                            "use 1-40 lowercase letters, digits and '-', starting with a letter and "
                                            "ending with a letter or digit"))
    access = params["private_services_access"]
    if access not in (None, "create", "existing"):
        errors.append(RadiusValidationError(label, "recipe.parameters.private_services_access", access,
                                            "not a value this recipe takes", "use one of [None, 'create', 'existing']"))
    elif access is not None and params["connect_mode"] != "PRIVATE_SERVICE_ACCESS":
        errors.append(RadiusValidationError(label, "recipe.parameters.private_services_access", access,
                                            "only applies to connect_mode PRIVATE_SERVICE_ACCESS",
                                            "remove it, or set connect_mode to PRIVATE_SERVICE_ACCESS"))
    prefix = params["private_services_prefix_length"]
    if isinstance(prefix, bool) or not isinstance(prefix, int) or not 8 <= prefix <= 24:
        errors.append(RadiusValidationError(label, "recipe.parameters.private_services_prefix_length", prefix,
                                            "private services access takes a range of /24 or larger",
                                            "give a prefix length from 8 to 24 (16 is what Google recommends)"))
    size = params["memory_size_gb"]
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MEMORY_MAX_GB:
        errors.append(RadiusValidationError(label, "recipe.parameters.memory_size_gb", size,
                                            "Memorystore for Redis takes a whole number of GB", f"use 1 to {MEMORY_MAX_GB}"))
    raise_all(errors)


def redis_recipe(ctx: RecipeContext) -> RedisCacheResult:
    platform = ctx.platform
    params = {**DEFAULTS, **dict(ctx.parameters)}
    _check(f"RedisCache '{ctx.resource_name}'", params)
    env = dns_label(ctx.environment.resource_name) or ctx.environment.resource_name
    app = dns_label(ctx.application.resource_name) or ctx.application.resource_name
    resource = dns_label(ctx.resource_name) or ctx.resource_name
    labels = {"managed-by": "radius-components", "radapp-application": app, "radapp-resource": resource}
    # DIRECT_PEERING picks a free /29 of the authorized network for the instance: with the
    # subnet the environment creates in flight, it could choose addresses that subnet is about
    # to take, so the instance waits for the subnet.
    depends: list[pulumi.Resource] = [platform.subnet] if getattr(platform, "subnet", None) is not None else []
    if params["connect_mode"] == "PRIVATE_SERVICE_ACCESS":
        access = params["private_services_access"] or ("existing" if ctx.compute.network else "create")
        if access == "create":
            depends.append(private_services(ctx, params["private_services_prefix_length"]))

    instance = gcp.redis.Instance(
        ctx.name("memorystore"),
        project=platform.project,
        region=platform.region,
        # <env>-<app>-<resource>: instance IDs are unique per project and region.
        name=params["instance_id"] or redis_instance_name(env, app, resource),
        tier=params["tier"],
        memory_size_gb=params["memory_size_gb"],
        redis_version=params["redis_version"],
        connect_mode=params["connect_mode"],
        authorized_network=platform.network_id,
        auth_enabled=True,
        transit_encryption_mode="SERVER_AUTHENTICATION",
        labels={k: labels[k] for k in sorted(labels)},
        # pulumi-gcp blocks deleting an instance unless this is false: follow the
        # environment's protect_stateful, like `protect`.
        deletion_protection=ctx.protect,
        opts=platform.child_options(ctx.resource, protect=ctx.protect, depends_on=depends),
    )
    ca_certs = instance.server_ca_certs.apply(
        lambda certs: [c.get("cert") if isinstance(c, dict) else c.cert for c in (certs or [])])
    # One PEM bundle: during a CA rotation the instance lists the old and the new CA, and a
    # client must trust both. Two certificates are ~3 KB, far below Cloud Run's 32768-byte
    # limit on an env value (google.cloud.run_v2 EnvVar.value).
    ca_bundle = ca_certs.apply(lambda certs: "".join(c.strip() + "\n" for c in certs if c))
    return RedisCacheResult(
        # Memorystore AUTH has no user name: clients send AUTH <auth string>.
        host=instance.host, port=instance.port, tls=True, tls_ca_cert=ca_bundle,
        password=pulumi.Output.secret(instance.auth_string),
        resources=[instance],
        outputs={"instance_id": instance.id, "instance_name": instance.name, "server_ca_certs": ca_certs},
    )


# What the recipe takes; checked before the RedisCache registers anything.
redis_recipe.parameters = tuple(sorted(DEFAULTS))  # type: ignore[attr-defined]
# Run before the RedisCache registers anything.
redis_recipe.validate = lambda label, params: _check(label, {**DEFAULTS, **params})  # type: ignore[attr-defined]
