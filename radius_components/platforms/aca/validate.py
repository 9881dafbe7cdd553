"""What Azure Container Apps cannot express, found before anything registers.

Every limit cites where it is documented. A feature Container Apps cannot provide is
rejected with a fix; nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from ...connections import EnvPlan
from ...errors import RadiusValidationError, collect, raise_all
from ...resources.volume.mounts import ephemeral_size_errors, recipe_output_errors
from ...recipes.azure.volume_outputs import AZURE_FILE_OUTPUTS
from ...model import AcaCompute, ContainerArgs, Port
from ..azure import names as az
from ..azure import validate as azure_validate
from . import network
from ..merge import camel_keys
from .names import _NAME_FIX
from .sizing import CONSUMPTION, EXISTING_DEFAULT, _check_sizing

# Health probe limits, from the API's ContainerAppProbe definition (also in
# azure-mgmt-appcontainers' model docs): initialDelaySeconds 1-60, periodSeconds 1-240,
# timeoutSeconds 1-240, failureThreshold 1-10.
PROBE_LIMITS = {"initial_delay_seconds": 60, "period_seconds": 240, "timeout_seconds": 240, "failure_threshold": 10}
# Scale: "maxReplicas" up to 1,000 (Set scaling rules in Azure Container Apps, limits).
MAX_REPLICAS = 1000
# Dapr app protocols Container Apps accepts (Dapr.appProtocol: http, grpc).
DAPR_PROTOCOLS = ("http", "grpc")
# What `runtimes.aca` may set: the container app's `template` and `configuration`
# (Microsoft.App/containerApps), its `workloadProfileName`, and `tags`.
RUNTIME_KEYS = ("configuration", "tags", "template", "workloadProfileName")
TEMPLATE_KEYS = ("containers", "initContainers", "revisionSuffix", "scale", "serviceBinds",
                 "terminationGracePeriodSeconds", "volumes")
CONFIGURATION_KEYS = ("activeRevisionsMode", "dapr", "identitySettings", "ingress", "maxInactiveRevisions",
                      "registries", "runtime", "secrets", "service")
# User-keyed maps inside runtimes.aca (their keys are data, not field names).
MAP_FIELDS = ("tags", "metadata")


# ---------------------------------------------------------------------------------------
# Names


def check_application_name(label: str, app: str) -> None:
    if az.container_app_name(app) is None:
        raise RadiusValidationError(label, "name", app, "has no letter or digit to build container app names from",
                                    _NAME_FIX)


# ---------------------------------------------------------------------------------------
# Environment


# `private_dns_zone_ids.environment`: the internal environment's default-domain zone exists
# already (created by hand, as the Container Apps docs describe), so none is created and linked.
ENVIRONMENT_ZONE_KEY = "environment"
_CONTAINER_APPS_ZONE = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/privateDnsZones/[^/]+\.azurecontainerapps\.io$",
    re.IGNORECASE)


def check_environment(label: str, env_name: str, c: AcaCompute) -> None:
    errors: list[RadiusValidationError] = []
    if az.container_app_name(env_name) is None:
        errors.append(RadiusValidationError(label, "name", env_name, "has no letter or digit to build Azure names from",
                                            _NAME_FIX))
    errors += azure_validate.check_placement(label, c)
    if c.environment_id is not None:
        if az.parse_managed_environment(c.environment_id) is None:
            errors.append(RadiusValidationError(
                label, "compute.environment_id", c.environment_id, "not a Container Apps managed environment ARM ID",
                "give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.App/managedEnvironments/<name>"))
        for field, unset in (("subnet_id", None), ("workload_profiles", []), ("zone_redundant", False),
                             ("address_space", None)):
            if getattr(c, field) != unset:
                errors.append(RadiusValidationError(
                    label, f"compute.{field}", getattr(c, field),
                    "configures an environment the library creates, but compute.environment_id names an existing one",
                    f"remove compute.{field}, or remove compute.environment_id"))
    if c.subnet_id is not None and az.vnet_of_subnet(c.subnet_id) is None:
        errors.append(RadiusValidationError(
            label, "compute.subnet_id", c.subnet_id, "not a subnet ARM ID",
            "give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<name>"))
    pe_subnet = c.private_endpoint_subnet_id
    if pe_subnet is not None:
        if az.vnet_of_subnet(pe_subnet) is None:
            errors.append(RadiusValidationError(
                label, "compute.private_endpoint_subnet_id", pe_subnet, "not a subnet ARM ID",
                "give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<name>"))
        elif c.subnet_id is None and c.address_space is None and c.environment_id is None:
            errors.append(RadiusValidationError(
                label, "compute.private_endpoint_subnet_id", pe_subnet,
                "a created environment without compute.subnet_id runs on no virtual network, so its apps could not "
                "reach a private endpoint", "set compute.subnet_id too (the environment becomes internal)"))
        elif c.subnet_id is not None and pe_subnet.lower() == c.subnet_id.lower():
            errors.append(RadiusValidationError(
                label, "compute.private_endpoint_subnet_id", pe_subnet,
                "the environment's subnet is delegated to Microsoft.App/environments and holds only the environment",
                "give another subnet of the same virtual network"))
    if c.script_subnet_id is not None:
        if az.vnet_of_subnet(c.script_subnet_id) is None:
            errors.append(RadiusValidationError(
                label, "compute.script_subnet_id", c.script_subnet_id, "not a subnet ARM ID",
                "give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<name>"))
        elif c.address_space is not None:
            errors.append(RadiusValidationError(
                label, "compute.script_subnet_id", c.script_subnet_id,
                "the environment creates its own network (compute.address_space), with its own scripts subnet",
                "remove compute.script_subnet_id"))
        elif c.private_endpoint_subnet_id is None:
            errors.append(RadiusValidationError(
                label, "compute.script_subnet_id", c.script_subnet_id,
                "deployment-time steps reach recipe resources through their private endpoints, and the environment "
                "has no compute.private_endpoint_subnet_id", "set compute.private_endpoint_subnet_id too"))
        elif c.subnet_id is not None and c.script_subnet_id.lower() == c.subnet_id.lower():
            errors.append(RadiusValidationError(
                label, "compute.script_subnet_id", c.script_subnet_id,
                "the environment's subnet is delegated to Microsoft.App/environments and holds only the environment",
                "give another subnet of the same virtual network, delegated to Microsoft.ContainerInstance/containerGroups"))
        elif (az.vnet_of_subnet(c.script_subnet_id) or "").lower() != (
                az.vnet_of_subnet(c.subnet_id or c.private_endpoint_subnet_id) or "").lower():
            errors.append(RadiusValidationError(
                label, "compute.script_subnet_id", c.script_subnet_id,
                "is in another virtual network than the apps' (the private DNS zones of the recipes' endpoints are "
                "linked to that one)", "give a subnet of the apps' virtual network"))
        elif c.script_subnet_id.lower() == c.private_endpoint_subnet_id.lower():
            errors.append(RadiusValidationError(
                label, "compute.script_subnet_id", c.script_subnet_id,
                "a subnet delegated to Microsoft.ContainerInstance/containerGroups holds only container groups, not "
                "private endpoints", "give another subnet of the same virtual network"))
    if c.address_space is not None:
        if c.subnet_id is not None:
            errors.append(RadiusValidationError(
                label, "compute.address_space", c.address_space,
                "creates a virtual network, but compute.subnet_id already puts the environment in yours",
                "remove compute.address_space, or remove compute.subnet_id"))
        elif c.private_endpoint_subnet_id is not None:
            errors.append(RadiusValidationError(
                label, "compute.private_endpoint_subnet_id", c.private_endpoint_subnet_id,
                "the environment creates its own network (compute.address_space), with its own private-endpoints subnet",
                "remove compute.private_endpoint_subnet_id"))
        elif c.environment_id is None:
            errors += collect(lambda: network.plan(label, c))
    if c.zone_redundant and c.subnet_id is None and c.address_space is None and c.environment_id is None:
        errors.append(RadiusValidationError(
            label, "compute.zone_redundant", True, "a zone-redundant Container Apps environment needs a virtual network",
            "set compute.subnet_id too, or zone_redundant=False"))
    seen: set[str] = {CONSUMPTION}
    for i, profile in enumerate(c.workload_profiles):
        where = f"compute.workload_profiles[{i}]"
        if profile.name in seen:
            errors.append(RadiusValidationError(
                label, f"{where}.name", profile.name,
                "already used (the Consumption profile is always there)" if profile.name == CONSUMPTION else "used twice",
                "give each workload profile its own name"))
        seen.add(profile.name)
        if profile.workload_profile_type == CONSUMPTION:
            errors.append(RadiusValidationError(
                label, f"{where}.workload_profile_type", CONSUMPTION, "the environment always has its Consumption profile",
                "list only Dedicated profiles (types such as 'D4' or 'E8')"))
        elif profile.minimum_count is None or profile.maximum_count is None:
            errors.append(RadiusValidationError(
                label, where, profile.name, "a Dedicated profile needs minimum_count and maximum_count",
                "set both, like minimum_count=1, maximum_count=3"))
        elif profile.minimum_count > profile.maximum_count:
            errors.append(RadiusValidationError(
                label, f"{where}.minimum_count", profile.minimum_count, f"more than maximum_count ({profile.maximum_count})",
                "give a minimum_count no larger than maximum_count"))
    if c.key_vault_id is not None and az.parse_key_vault(c.key_vault_id) is None:
        errors.append(RadiusValidationError(
            label, "compute.key_vault_id", c.key_vault_id, "not a Key Vault ARM ID",
            "give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>"))
    errors += azure_validate.check_registries(label, c.registries)
    zone_ids = dict(c.private_dns_zone_ids)
    own_zone = zone_ids.pop(ENVIRONMENT_ZONE_KEY, None)
    errors += azure_validate.check_private_dns_zones(label, zone_ids)
    if own_zone is not None and not _CONTAINER_APPS_ZONE.match(own_zone):
        errors.append(RadiusValidationError(
            label, f"compute.private_dns_zone_ids.{ENVIRONMENT_ZONE_KEY}", own_zone,
            "not the ARM ID of a private DNS zone named after a Container Apps default domain",
            "give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/"
            "<the environment's default domain, ...azurecontainerapps.io>"))
    raise_all(errors)


# ---------------------------------------------------------------------------------------
# runtimes.aca


@dataclass(frozen=True)
class Runtime:
    """`runtimes.aca` in the API's camelCase."""

    template: dict[str, Any]
    configuration: dict[str, Any]
    workload_profile_name: Optional[str]
    tags: dict[str, str]

    @property
    def external(self) -> bool:
        ingress = self.configuration.get("ingress")
        return isinstance(ingress, dict) and ingress.get("external") is True


def runtime(args: ContainerArgs) -> Runtime:
    raw = camel_keys(dict(args.runtimes.aca), MAP_FIELDS)
    template = raw.get("template")
    configuration = raw.get("configuration")
    tags = raw.get("tags")
    return Runtime(template=template if isinstance(template, dict) else {},
                   configuration=configuration if isinstance(configuration, dict) else {},
                   workload_profile_name=raw.get("workloadProfileName"),
                   tags=dict(tags) if isinstance(tags, dict) else {})


def profile_type(c: AcaCompute, rt: Runtime) -> Optional[str]:
    """The type of the workload profile a container runs on; None when unknown (a profile
    of an existing environment)."""
    name = rt.workload_profile_name
    if name is None:
        return CONSUMPTION if c.environment_id is None else EXISTING_DEFAULT
    if name == CONSUMPTION:
        return CONSUMPTION
    for profile in c.workload_profiles:
        if profile.name == name:
            return profile.workload_profile_type
    return None


def _check_runtime(label: str, args: ContainerArgs, rt: Runtime, c: AcaCompute) -> list[RadiusValidationError]:
    errors = []
    where = "runtimes.aca"
    raw = camel_keys(dict(args.runtimes.aca), MAP_FIELDS)
    for key, value in raw.items():
        if key not in RUNTIME_KEYS:
            errors.append(RadiusValidationError(label, f"{where}.{key}", value,
                                                "not something runtimes.aca can set",
                                                f"use one of {list(RUNTIME_KEYS)}"))
    for key, allowed in (("template", TEMPLATE_KEYS), ("configuration", CONFIGURATION_KEYS)):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            errors.append(RadiusValidationError(label, f"{where}.{key}", value, "must be a mapping",
                                                f"give the container app {key} fields to set, as a dict"))
            continue
        for field in value:
            if field not in allowed:
                errors.append(RadiusValidationError(label, f"{where}.{key}.{field}", value[field],
                                                    f"not a field of a container app's {key}",
                                                    f"use one of {list(allowed)}"))
    tags = raw.get("tags")
    if tags is not None and (not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values())):
        errors.append(RadiusValidationError(label, f"{where}.tags", tags, "tags are a mapping of strings",
                                            "give {'name': 'value', ...}"))
    name = rt.workload_profile_name
    if name is not None and c.environment_id is None and profile_type(c, rt) is None:
        errors.append(RadiusValidationError(
            label, f"{where}.workload_profile_name", name, "the environment has no workload profile of that name",
            f"use one of {[CONSUMPTION] + [p.name for p in c.workload_profiles]}, or declare it in "
            "compute.workload_profiles"))
    return errors


# ---------------------------------------------------------------------------------------
# Containers


def _autoscaling(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    auto = args.extension("autoScaling")
    if auto is None:
        return []
    where = "extensions.autoScaling"
    errors = []
    if auto.max_replicas > MAX_REPLICAS:
        errors.append(RadiusValidationError(label, f"{where}.max_replicas", auto.max_replicas,
                                            f"a container app runs at most {MAX_REPLICAS} replicas",
                                            f"give at most {MAX_REPLICAS}"))
    if auto.metric("requests") is not None and not args.container.ports:
        errors.append(RadiusValidationError(
            label, f"{where}.metrics", "requests",
            "Container Apps counts requests at its ingress, and a container without ports has none",
            "scale a worker on cpu, memory or a custom (event) scaler"))
    if auto.min_replicas == 0 and all(m.kind in ("cpu", "memory") for m in auto.metrics):
        # "Container apps that scale on CPU or memory can't scale to zero"
        # (learn.microsoft.com/azure/container-apps/scale-app#cpu).
        errors.append(RadiusValidationError(
            label, f"{where}.min_replicas", 0, "cpu and memory rules cannot scale a container app to zero",
            "give min_replicas >= 1, or add a requests or custom metric"))
    return errors


def ingress_port(args: ContainerArgs) -> Optional[Port]:
    ports = list(args.container.ports.values())
    return ports[0] if ports else None


def transport(port: Port) -> str:
    """Ingress transport from the port's scheme: HTTP/1.1 (and WebSockets) for http, HTTP/2
    end to end for gRPC, raw TCP for tcp."""
    return {"grpc": "http2", "tcp": "tcp"}.get(port.scheme or "http", "http")


def _exec_probe_fix(spec: Any, field: str) -> str:
    """The fix for an exec probe, fitting the container: a probe on one of its ports, or, for a
    worker without ports (nothing for an httpGet or tcp probe to reach), no probe at all."""
    ports = [(name, port.container_port) for name, port in spec.ports.items() if port.protocol == "TCP"]
    if not ports:
        return (f"this container declares no port, so nothing can be probed over the network: remove {field} "
                "(Container Apps then restarts the replica when its process exits), or declare the port the "
                "process listens on and probe it with an httpGet or tcp probe")
    listed = ", ".join(f"{port} ('{name}')" for name, port in ports)
    return f"use an httpGet or tcp probe on one of the container's ports: {listed}"


def check_container(label: str, args: ContainerArgs, plan: EnvPlan, c: AcaCompute) -> None:
    errors: list[RadiusValidationError] = []
    spec = args.container
    rt = runtime(args)
    errors += _check_runtime(label, args, rt, c)

    mode = rt.configuration.get("activeRevisionsMode")
    if mode not in (None, "Single") and any(e.is_secret for e in plan.entries):
        errors.append(RadiusValidationError(
            label, "runtimes.aca.configuration.active_revisions_mode", mode,
            "this container has secrets, whose names change with their values to roll a new revision; in "
            "Multiple mode Container Apps refuses to remove a secret that an active revision still uses",
            "leave the revision mode Single for a container with secrets"))
    port = ingress_port(args)
    if (rt.external and port is not None and transport(port) == "tcp" and c.environment_id is None
            and c.subnet_id is None and c.address_space is None):
        errors.append(RadiusValidationError(
            label, "runtimes.aca.configuration.ingress.external", True,
            "external TCP ingress needs an environment in a custom virtual network",
            "set compute.subnet_id on the Environment, or keep TCP ingress internal"))
    if args.restart_policy != "Always":
        errors.append(RadiusValidationError(
            label, "restart_policy", args.restart_policy,
            "a container app keeps its replicas running and restarts them whenever they exit",
            "use restart_policy='Always' on the aca kind (run-to-completion work needs Container Apps jobs, "
            "which this library does not create yet)"))
    if spec.image_pull_policy == "Never":
        errors.append(RadiusValidationError(
            label, "container.image_pull_policy", "Never", "Container Apps pulls the image for every new replica",
            "use 'Always' or 'IfNotPresent' (or leave it unset) on the aca kind"))
    if spec.working_dir:
        errors.append(RadiusValidationError(
            label, "container.working_dir", spec.working_dir, "Container Apps containers have no working directory setting",
            "set WORKDIR in the image, or remove working_dir"))

    ports = list(spec.ports.items())
    if len(ports) > 1:
        errors.append(RadiusValidationError(
            label, "container.ports", [n for n, _ in ports],
            "a container app has one ingress port (its target port)",
            "declare one port; expose more through runtimes.aca configuration.ingress.additionalPortMappings"))
    for port_name, port in ports[:1]:
        where = f"container.ports.{port_name}"
        if port.protocol == "UDP":
            errors.append(RadiusValidationError(label, f"{where}.protocol", "UDP",
                                                "Container Apps ingress carries HTTP and TCP only",
                                                "use protocol TCP, or another compute kind for UDP"))
        elif port.scheme == "https":
            errors.append(RadiusValidationError(
                label, f"{where}.scheme", "https",
                "Container Apps HTTP ingress terminates TLS and forwards plain HTTP to the container",
                "serve plain HTTP on the port and use scheme 'http' (clients still reach it over HTTPS), "
                "or scheme 'tcp' to pass TLS through"))
        elif transport(port) == "tcp":
            if port.exposed_port in (80, 443):
                errors.append(RadiusValidationError(
                    label, f"{where}.port", port.exposed_port, "TCP ingress cannot expose port 80 or 443",
                    "set port to another number (clients connect to it)"))
        elif port.port is not None and port.port not in (80, 443):
            errors.append(RadiusValidationError(
                label, f"{where}.port", port.port, "HTTP ingress always listens on 443 (and 80, redirected to 443)",
                "remove port (clients use https on 443), or use scheme 'tcp' to expose a port of your choice"))

    for field, kind in (("readiness_probe", "Readiness"), ("liveness_probe", "Liveness")):
        probe = getattr(spec, field)
        if probe is None:
            continue
        if probe.kind == "exec":
            errors.append(RadiusValidationError(
                label, f"container.{field}.kind", "exec", "Container Apps probes are httpGet or tcp only",
                _exec_probe_fix(spec, field)))
        for attr, maximum in PROBE_LIMITS.items():
            value = getattr(probe, attr)
            if value is not None and value > maximum:
                errors.append(RadiusValidationError(
                    label, f"container.{field}.{attr}", value,
                    f"Container Apps allows at most {maximum} for a probe's {attr}", f"give at most {maximum}"))

    for name, volume in spec.volumes.items():
        if volume.kind == "ephemeral" and volume.managed_store == "memory":
            errors.append(RadiusValidationError(
                label, f"container.volumes.{name}.managed_store", "memory",
                "Container Apps' EmptyDir volumes use the replica's disk; there is no memory-backed volume",
                "use managed_store='disk' on the aca kind"))
    errors += ephemeral_size_errors(label, args, "Container Apps' EmptyDir volumes take no size limit")
    errors += recipe_output_errors(label, args, AZURE_FILE_OUTPUTS, "aca")

    scaling = args.extension("manualScaling")
    if scaling is not None and not 1 <= scaling.replicas <= MAX_REPLICAS:
        errors.append(RadiusValidationError(
            label, "extensions.manualScaling.replicas", scaling.replicas,
            f"a container app runs between 1 and {MAX_REPLICAS} replicas (maxReplicas is at least 1)",
            f"give 1 to {MAX_REPLICAS} replicas, or let it scale to zero with runtimes.aca "
            "template.scale {'minReplicas': 0, 'maxReplicas': N}"))

    errors.extend(_autoscaling(label, args))

    dapr = args.extension("daprSidecar")
    if dapr is not None:
        if dapr.protocol is not None and dapr.protocol not in DAPR_PROTOCOLS:
            errors.append(RadiusValidationError(
                label, "extensions.daprSidecar.protocol", dapr.protocol,
                "Container Apps' Dapr app protocol is http or grpc", f"use one of {list(DAPR_PROTOCOLS)}"))
        if dapr.config is not None:
            errors.append(RadiusValidationError(
                label, "extensions.daprSidecar.config", dapr.config,
                "Container Apps has no per-app Dapr configuration; Dapr settings live on the environment",
                "remove config on the aca kind (tune the sidecar with runtimes.aca configuration.dapr)"))

    errors += _check_sizing(label, args, profile_type(c, rt))
    errors += azure_validate.managed_tag_errors(label, args, "aca", rt.tags)
    errors += _check_env(label, plan, c)
    raise_all(errors)


_VERSION = re.compile(r"^[0-9a-f]{32}\Z")


def _check_env(label: str, plan: EnvPlan, c: AcaCompute) -> list[RadiusValidationError]:
    errors = []
    for entry in plan.entries:
        ref = entry.secret_ref
        if ref is None:
            continue
        where = f"container.env.{entry.name}.value_from.secret_ref"
        if c.key_vault_id is None:
            errors.append(RadiusValidationError(
                label, f"{where}.source", ref.name,
                "a string source names a Key Vault secret on the aca kind, and the environment has no Key Vault",
                "set compute.key_vault_id on the Environment, or pass the component that holds the secret as source"))
            continue
        if isinstance(ref.name, str) and not az.KEY_VAULT_SECRET_NAME.match(ref.name):
            errors.append(RadiusValidationError(label, f"{where}.source", ref.name, "not a Key Vault secret name",
                                                "give the secret's name: 1-127 letters, digits and '-'"))
        if ref.key != "latest" and not _VERSION.match(ref.key):
            errors.append(RadiusValidationError(
                label, f"{where}.key", ref.key, "on the aca kind the key is the Key Vault secret's version",
                "give 'latest' (Container Apps follows new versions) or a 32-character version ID"))
    return errors


def runtime_block_errors(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    """The errors of `runtimes.aca` whatever kind deploys (radius_components.runtime_blocks),
    minus what depends on the environment: any environment will do, and the workload profile a
    block names is checked against the real one only on aca."""
    sample = AcaCompute(resource_group="check", location="check")
    errors = _check_runtime(label, args, runtime(args), sample)
    return [e for e in errors if e.field != "runtimes.aca.workload_profile_name"]
