"""What a container's identity may do on Azure, per connection, on exactly its target.

Shared by the Azure kinds (`aci`, `aca`): `connections.<x>.iam.roles` become role
assignments scoped to the target's own ARM ID (the recipe output a resource type declares as
its `grant_scope`: the Redis cluster, the PostgreSQL server; or the target container's
group / app), and an image from one of the environment's registries is pulled with AcrPull on
exactly that registry. Nothing is ever granted on a resource group or subscription, and
nothing a workload does not use: a Redis connection grants no data access policy, because
containers authenticate to Azure Managed Redis with the database's access key (the
connection's PASSWORD), never with their Entra identity.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

import pulumi
import pulumi_azure_native as azure_native

from ...connections import EnvPlan
from ...declarations import declared_resource_types
from ...errors import RadiusValidationError
from ...model import ContainerArgs
from ...resources.registry import by_radius_type
from . import iam
from . import names as az
from .context import AzureContext

CONTAINER_TYPE = "Applications.Core/containers"
_TAG_NAME_FORBIDDEN = re.compile(r"[<>%&\\?/]")  # Azure tag names cannot contain these
_TAG_NAME_MAX = 512
_TAG_VALUE_MAX = 256


def scope_of(source: Any) -> Any:
    """The ARM ID a role on this connection target is scoped to; None when it has none."""
    if isinstance(source, str):
        return None
    if source.resource_type == CONTAINER_TYPE:
        # A container expands once the application is declared (radius_components.program);
        # until then its workload's ID is an Output of the ID it will have.
        if not getattr(source, "expanded", True):
            from ...expansion import deferred_output

            return deferred_output(source._expanded, lambda: source.workload.id)
        workload = getattr(source, "workload", None)
        return workload.id if workload is not None else None
    declared = by_radius_type(source.resource_type)
    if declared is not None and declared.grant_scope is not None:
        return (getattr(source, "recipe_outputs", None) or {}).get(declared.grant_scope)
    return None


def check_grants(label: str, plan: EnvPlan) -> list[RadiusValidationError]:
    """Every `iam.roles` entry names a known role, on a target that has an ARM ID."""
    errors = []
    for conn in plan.connections:
        if not conn.roles:
            continue
        where = f"connections.{conn.name}.iam.roles"
        if scope_of(conn.source) is None:
            errors.append(RadiusValidationError(
                label, where, list(conn.roles),
                f"the target ({conn.target_type} '{conn.target_name}') is no Azure resource to scope a role assignment to",
                f"grant roles only on connections to Azure resources (a recipe-provisioned {_scoped_types()}, a Container)"))
            continue
        for i, role in enumerate(conn.roles):
            if iam.resolve_role(role) is None:
                errors.append(RadiusValidationError(
                    label, f"{where}[{i}]", role, "not a known Azure built-in role name, GUID or role definition ID",
                    f"use one of {sorted(iam.BUILTIN_ROLES)}, or the role definition's GUID"))
    return errors


def _scoped_types() -> str:
    names = [d.name for d in declared_resource_types().values() if d.grant_scope is not None]
    return " or ".join(names) if names else "resource"


def check_tags(label: str, args: ContainerArgs, kind: str,
               runtime_tags: Optional[Mapping[str, Any]] = None) -> list[RadiusValidationError]:
    """kubernetesMetadata labels and `runtimes.<kind>.tags` become Azure tags, whose names
    and values have rules of their own (Azure resource tags: names at most 512 characters
    without < > % & \\ ? /, values at most 256 characters)."""
    meta = args.extension("kubernetesMetadata")
    sources = [("extensions.kubernetesMetadata.labels", dict(meta.labels) if meta else {}),
               (f"runtimes.{kind}.tags", dict(runtime_tags or {}))]
    errors = []
    for where, tags in sources:
        for key in sorted(tags):
            if _TAG_NAME_FORBIDDEN.search(key) or len(key) > _TAG_NAME_MAX:
                errors.append(RadiusValidationError(
                    label, f"{where}.{key}", key,
                    f"this becomes an Azure tag on the {kind} kind, and tag names cannot contain < > % & \\ ? / "
                    f"or be longer than {_TAG_NAME_MAX} characters",
                    "use a name without those characters"))
            value = tags[key]
            if isinstance(value, str) and len(value) > _TAG_VALUE_MAX:
                errors.append(RadiusValidationError(
                    label, f"{where}.{key}", value,
                    f"this becomes an Azure tag on the {kind} kind, and tag values are at most {_TAG_VALUE_MAX} characters",
                    f"shorten the value to {_TAG_VALUE_MAX} characters"))
    return errors


def connection_grants(azure: AzureContext, *, key: tuple[str, ...], name: str, plan: EnvPlan,
                      identity: Any, opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
    """Register the `iam.roles` each connection asks for. `key` (environment, resource group,
    app, container) makes role assignment names distinct between environments; `name`
    prefixes logical names."""
    out: list[pulumi.Resource] = []
    for conn in plan.connections:
        source = conn.source
        if isinstance(source, str) or not conn.roles:
            continue
        scope = scope_of(source)
        for role in conn.roles:
            guid = iam.resolve_role(role)
            assert guid is not None and scope is not None  # check_grants ran before anything registered
            out.append(iam.role_assignment(
                f"{name}-{conn.name}-{az.aci_name(role) or guid}",
                key=(*key, "connection", conn.name),
                scope=scope, role_guid=guid, principal_id=identity.principal_id,
                subscription_id=azure.subscription_id, opts=opts))
    return out


def image_pull(azure: AzureContext, *, key: tuple[str, ...], name: str, image: Any, registries: Mapping[str, str],
               identity: Any, opts: pulumi.ResourceOptions) -> tuple[list[pulumi.Resource], list[dict[str, Any]]]:
    """An image from one of the environment's `registries` is pulled with the container's
    identity, which may pull (AcrPull) from exactly that registry. Returns the grant (the
    workload must wait for it) and the registry credential entry both kinds take:
    `{"server": <login server>, "identity": <identity ID>}`."""
    registry = az.image_registry(image) if isinstance(image, str) else None
    by_server = {k.lower(): v for k, v in registries.items()}
    if registry not in by_server:
        return [], []
    grant = iam.role_assignment(
        f"{name}-acr-pull", key=(*key, "registry", by_server[registry]), scope=by_server[registry],
        role_guid=iam.ACR_PULL, principal_id=identity.principal_id, subscription_id=azure.subscription_id, opts=opts)
    return [grant], [{"server": registry, "identity": identity.id}]
