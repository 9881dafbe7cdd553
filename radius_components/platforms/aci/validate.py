"""What Azure Container Instances cannot express, found before anything registers.

Every limit below cites the page that documents it. A feature ACI cannot provide is
rejected with a fix; nothing is dropped silently.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, Optional

from pydantic.alias_generators import to_camel

from ...connections import EnvPlan
from ...errors import RadiusValidationError, collect, raise_all
from ...resources.volume.mounts import ephemeral_size_errors, recipe_output_errors
from ...recipes.azure.volume_outputs import AZURE_FILE_OUTPUTS
from ...model import AciCompute, ContainerArgs
from ...model.base import is_output
from ..azure import names as az
from ..azure import validate as azure_validate
from . import address_plan
from .names import _NAME_FIX
from .sizing import MAX_CPU, MAX_MEMORY_GB, MAX_PORTS_PER_IP, MAX_VOLUMES, cpu_cores, memory_gb, quantity

SKUS = ("Standard", "Dedicated", "Confidential")
PRIORITIES = ("Regular", "Spot")
# GPU container groups are gone: "This product is retired as of July 14, 2025" (Deploy
# container instances that use GPU resources,
# https://learn.microsoft.com/azure/container-instances/container-instances-gpu). The API
# still lists GpuSku, so a request would validate and then fail; it is rejected instead.
GPU_RETIRED = "ACI's GPU resources were retired on 2025-07-14"
GPU_FIX = "remove the GPU request; run GPU workloads on Container Apps (aca) with a GPU workload profile, or on AKS"
# Properties `runtimes.aci` may set: those of a container group (ContainerGroup of the
# Microsoft.ContainerInstance API, as pulumi-azure-native 3.x exposes it) and, with
# manualScaling, those of a container group profile (CGProfile), which has fewer (no
# dnsConfig, subnetIds). Plus the resource-level `zones` and `tags`, and `gpu` (our shorthand
# for the container's `resources.requests.gpu`, accepted only to say it is retired). `identity`
# is ours: the container's identity.
_COMMON_KEYS = ("confidentialComputeProperties", "containers", "diagnostics", "encryptionProperties",
                "extensions", "gpu", "imageRegistryCredentials", "initContainers", "ipAddress", "priority",
                "restartPolicy", "sku", "tags", "volumes", "zones")
GROUP_RUNTIME_KEYS = tuple(sorted(_COMMON_KEYS + ("dnsConfig", "subnetIds")))
PROFILE_RUNTIME_KEYS = tuple(sorted(_COMMON_KEYS + ("securityContext", "shutdownGracePeriod", "timeToLive")))
# The JSON shape of each property (Microsoft.ContainerInstance containerGroups / containerGroupProfiles
# REST schema): arrays and objects; a value of the other shape is refused here instead of
# failing in the merge or at the API.
RUNTIME_SHAPES: dict[str, type] = {
    "containers": list, "initContainers": list, "imageRegistryCredentials": list, "volumes": list,
    "extensions": list, "subnetIds": list, "zones": list,
    "confidentialComputeProperties": dict, "diagnostics": dict, "dnsConfig": dict, "encryptionProperties": dict,
    "ipAddress": dict, "securityContext": dict, "tags": dict,
}

def camel_keys(value: Any, skip: bool = False) -> Any:
    """snake_case keys -> the API's camelCase, recursively (user maps like tags kept)."""
    if isinstance(value, dict):
        return {(k if skip else to_camel(k) if "_" in k else k): camel_keys(v, skip=(k == "tags"))
                for k, v in value.items()}
    if isinstance(value, list):
        return [camel_keys(v) for v in value]
    return value


@dataclass(frozen=True)
class Runtime:
    """`runtimes.aci`, normalised: what the checks and the group builder need."""

    properties: dict[str, Any]  # merged over the generated container group properties
    zones: Optional[list[str]]
    tags: dict[str, str]
    gpu: Any  # only ever rejected (GPU_RETIRED)

    @property
    def sku(self) -> str:
        return self.properties.get("sku", "Standard")

    @property
    def priority(self) -> str:
        return self.properties.get("priority", "Regular")

    @property
    def in_vnet(self) -> bool:
        # Spot groups "can't be deployed behind a virtual network" (ACI Spot containers,
        # unsupported features: https://learn.microsoft.com/azure/container-instances/container-instances-spot-containers-overview).
        return self.priority != "Spot"


def runtime(args: ContainerArgs) -> Runtime:
    raw = camel_keys(dict(args.runtimes.aci))
    zones = raw.pop("zones", None)
    tags = raw.pop("tags", None) or {}
    gpu = raw.pop("gpu", None)
    # A tags value of the wrong shape is reported by _check_runtime (RUNTIME_SHAPES).
    return Runtime(properties=raw, zones=zones, tags=dict(tags) if isinstance(tags, dict) else {}, gpu=gpu)


# ---------------------------------------------------------------------------------------
# Names


def check_application_name(label: str, app: str) -> None:
    if az.aci_name(app) is None:
        raise RadiusValidationError(label, "name", app, "has no letter or digit to build ACI names from", _NAME_FIX)


# ---------------------------------------------------------------------------------------
# Environment


def check_environment(label: str, c: AciCompute) -> None:
    errors: list[RadiusValidationError] = []
    errors += azure_validate.check_placement(label, c)
    for field in ("subnet_id", "load_balancer_subnet_id", "private_endpoint_subnet_id"):
        value = getattr(c, field)
        if value is not None and az.vnet_of_subnet(value) is None:
            errors.append(RadiusValidationError(
                label, f"compute.{field}", value, "not a subnet ARM ID",
                "give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<name>"))
    if c.private_endpoint_subnet_id is not None and c.subnet_id is None:
        errors.append(RadiusValidationError(
            label, "compute.private_endpoint_subnet_id", c.private_endpoint_subnet_id,
            "the environment creates its own network (no compute.subnet_id), whose private-endpoints subnet it uses",
            "remove compute.private_endpoint_subnet_id, or give compute.subnet_id (your network) too"))
    if c.dns_zone is not None and not az.is_dns_zone(c.dns_zone):
        errors.append(RadiusValidationError(label, "compute.dns_zone", c.dns_zone, "not a DNS zone name",
                                            "use lowercase labels separated by dots, like 'prod.example.internal'"))
    errors += azure_validate.check_registries(label, c.registries)
    errors += azure_validate.check_private_dns_zones(label, c.private_dns_zone_ids)
    if c.subnet_id is None:
        errors += collect(lambda: address_plan.plan(label, c))
    else:
        for field in ("subnet_prefix", "load_balancer_subnet_prefix", "private_endpoint_subnet_prefix",
                      "gateway_subnet_prefix"):
            if getattr(c, field) is not None:
                errors.append(RadiusValidationError(
                    label, f"compute.{field}", getattr(c, field), "the environment uses your network (compute.subnet_id) "
                    "and creates no subnets", f"remove compute.{field}"))
    raise_all(errors)


# ---------------------------------------------------------------------------------------
# Containers


def check_container(label: str, args: ContainerArgs, plan: EnvPlan, compute: AciCompute,
                    has_lb_subnet: bool) -> None:
    errors: list[RadiusValidationError] = []
    c = args.container
    rt = runtime(args)
    errors += _check_runtime(label, args, rt)
    scaling = args.extension("manualScaling")
    if args.extension("autoScaling") is not None:
        # An NGroup keeps the count it is given (Microsoft.ContainerInstance/nGroups
        # elasticProfile.desiredCount); ACI has no autoscaler to change it.
        errors.append(RadiusValidationError(
            label, "extensions.autoScaling", "autoScaling",
            "Container Instances runs a fixed number of container groups (an NGroup keeps its desiredCount); "
            "nothing on ACI scales it with load",
            "use manualScaling (replicas) on the aci kind, or deploy on aca for autoscaling"))

    if c.image_pull_policy == "Never":
        errors.append(RadiusValidationError(
            label, "container.image_pull_policy", "Never", "ACI pulls the image whenever it starts a container group",
            "use 'Always' or 'IfNotPresent' (or leave it unset) on the aci kind"))
    if c.args is not None and c.command is None:
        errors.append(RadiusValidationError(
            label, "container.args", list(c.args),
            "ACI has a single command list, which replaces the image's entrypoint, so args alone cannot be appended to it",
            "give container.command too (command and args are joined into ACI's command)"))
    if c.working_dir:
        errors.append(RadiusValidationError(
            label, "container.working_dir", c.working_dir, "ACI containers have no working directory setting",
            "set WORKDIR in the image, or remove working_dir"))
    for field in ("readiness_probe", "liveness_probe"):
        probe = getattr(c, field)
        if probe is not None and probe.kind == "tcp":
            errors.append(RadiusValidationError(
                label, f"{field}.kind", "tcp", "ACI probes are httpGet or exec only",
                f"use an httpGet probe on port {probe.container_port} if it serves HTTP, or an exec probe with a "
                f"command your image has (for example ['nc', '-z', 'localhost', '{probe.container_port}'])"))
    for name, volume in c.volumes.items():
        if volume.kind == "ephemeral" and volume.managed_store == "memory":
            errors.append(RadiusValidationError(
                label, f"container.volumes.{name}.managed_store", "memory",
                "ACI's emptyDir volumes are disk-backed; there is no memory-backed volume",
                "use managed_store='disk' on the aci kind"))
    errors += ephemeral_size_errors(label, args, "ACI's emptyDir volumes take no size limit")
    errors += recipe_output_errors(label, args, AZURE_FILE_OUTPUTS, "aci")
    if len(c.volumes) > MAX_VOLUMES:
        errors.append(RadiusValidationError(label, "container.volumes", sorted(c.volumes),
                                            f"an ACI container group has at most {MAX_VOLUMES} volumes",
                                            "remove volumes"))
    if len(c.ports) > MAX_PORTS_PER_IP:
        errors.append(RadiusValidationError(label, "container.ports", sorted(c.ports),
                                            f"an ACI container group IP exposes at most {MAX_PORTS_PER_IP} ports",
                                            f"declare at most {MAX_PORTS_PER_IP} ports"))
    for name, port in c.ports.items():
        where = f"container.ports.{name}"
        if port.protocol == "UDP" and port.scheme in ("http", "https", "grpc"):
            errors.append(RadiusValidationError(label, f"{where}.scheme", port.scheme,
                                                f"{port.scheme} runs over TCP, not UDP",
                                                "remove the scheme, or use protocol TCP"))
        # One group: clients reach the group's own IP, which has no port mapping. Replicas
        # sit behind a load balancer whose rules map a frontend port to the backend port.
        if port.port is not None and port.port != port.container_port and scaling is None:
            errors.append(RadiusValidationError(
                label, f"{where}.port", port.port,
                "an ACI container group exposes container ports as they are; it cannot map one port to another",
                f"set port to {port.container_port} (or remove it), or use manualScaling, whose load balancer maps ports"))
    if c.ports and not rt.in_vnet:
        errors.append(RadiusValidationError(
            label, "container.ports", sorted(c.ports),
            "Spot container groups cannot join a virtual network, so nothing could reach these ports privately "
            "(ACI: 'SpotPriorityContainerGroupNotSupportedForInboundConnectivity')",
            "remove the ports, or run the container with priority Regular"))
    if scaling is not None and c.ports and compute.subnet_id is not None and not has_lb_subnet:
        errors.append(RadiusValidationError(
            label, "extensions.manualScaling", scaling.replicas,
            "replicas with ports are reached through an internal load balancer, which needs its own subnet "
            "(the container subnet is delegated to ACI)",
            "set compute.load_balancer_subnet_id on the Environment"))
    if scaling is not None and rt.priority == "Spot":
        errors.append(RadiusValidationError(
            label, "runtimes.aci.priority", "Spot", "replicas run as an NGroup in the environment's subnet, which Spot container groups cannot join",
            "remove manualScaling, or use priority Regular"))

    errors += _check_resources(label, args, rt)
    errors += azure_validate.managed_tag_errors(label, args, "aci", rt.tags)
    errors += _check_env(label, plan)
    raise_all(errors)


def _check_resources(label: str, args: ContainerArgs, rt: Runtime) -> list[RadiusValidationError]:
    errors = []
    res = args.container.resources
    for section in ("requests", "limits"):
        q = getattr(res, section)
        for field, convert, cap, unit in (("cpu", cpu_cores, MAX_CPU, "cores"),
                                          ("memory", memory_gb, MAX_MEMORY_GB, "GB")):
            text = getattr(q, field)
            if text is None:
                continue
            value = convert(text)
            if value <= 0:
                errors.append(RadiusValidationError(label, f"container.resources.{section}.{field}", text,
                                                    "must be more than zero", "give a positive quantity"))
            # The documented VNET maximum per group (standard and confidential SKUs).
            elif rt.sku != "Dedicated" and value > cap:
                errors.append(RadiusValidationError(
                    label, f"container.resources.{section}.{field}", text,
                    f"{value} {unit} is more than an ACI container group may have ({cap} {unit})",
                    f"give at most {cap} {unit}"))
    req, lim = res.requests, res.limits
    for field, convert in (("cpu", cpu_cores), ("memory", memory_gb)):
        r, l_ = getattr(req, field), getattr(lim, field)
        if r is not None and l_ is not None and convert(l_) < convert(r):
            errors.append(RadiusValidationError(label, f"container.resources.limits.{field}", l_,
                                                f"lower than the request ({r})", "give a limit >= the request"))
    return errors


def _check_env(label: str, plan: EnvPlan) -> list[RadiusValidationError]:
    errors = []
    for entry in plan.entries:
        if entry.secret_ref is not None:
            errors.append(RadiusValidationError(
                label, f"container.env.{entry.name}.value_from.secret_ref.source", entry.secret_ref.name,
                "ACI has no secret store to reference by name; a string source names a Kubernetes Secret",
                "pass the component that holds the secret (a RedisCache) as source, or a Pulumi secret as the env value"))
    return errors


def _check_runtime(label: str, args: ContainerArgs, rt: Runtime) -> list[RadiusValidationError]:
    errors = []
    where = "runtimes.aci"
    raw = camel_keys(dict(args.runtimes.aci))
    scaled = args.extension("manualScaling") is not None
    allowed = PROFILE_RUNTIME_KEYS if scaled else GROUP_RUNTIME_KEYS
    what = "a container group profile (used with manualScaling)" if scaled else "a container group"
    for key in raw:
        if key not in allowed:
            errors.append(RadiusValidationError(label, f"{where}.{key}", raw[key],
                                                f"not a property of {what} that runtimes.aci can set",
                                                f"use one of {list(allowed)}"))
        elif key in RUNTIME_SHAPES and raw[key] is not None and not isinstance(raw[key], RUNTIME_SHAPES[key]):
            shape = "a list" if RUNTIME_SHAPES[key] is list else "a mapping"
            errors.append(RadiusValidationError(label, f"{where}.{key}", raw[key], f"must be {shape}",
                                                f"give {key} as {shape}, as the container group's REST schema has it"))
    if any(raw.get(k) is not None and not isinstance(raw[k], shape) for k, shape in RUNTIME_SHAPES.items()):
        return errors  # the checks below read these shapes
    if rt.sku not in SKUS:
        errors.append(RadiusValidationError(label, f"{where}.sku", rt.sku, "not an ACI container group SKU",
                                            f"use one of {list(SKUS)}"))
    if rt.priority not in PRIORITIES:
        errors.append(RadiusValidationError(label, f"{where}.priority", rt.priority, "not an ACI priority",
                                            f"use one of {list(PRIORITIES)}"))
    ccp = rt.properties.get("confidentialComputeProperties")
    if ccp is not None:
        if rt.sku != "Confidential":
            errors.append(RadiusValidationError(label, f"{where}.confidential_compute_properties", ccp,
                                                "only a Confidential container group takes a CCE policy",
                                                "set runtimes.aci.sku to 'Confidential'"))
        policy = ccp.get("ccePolicy") if isinstance(ccp, dict) else None
        if policy is not None and not is_output(policy):
            try:
                base64.b64decode(policy, validate=True)
            except (binascii.Error, ValueError, TypeError):
                errors.append(RadiusValidationError(
                    label, f"{where}.confidential_compute_properties.cce_policy", policy,
                    "a CCE policy is the base64 string `az confcom acipolicygen` prints",
                    "generate it with the Azure CLI confcom extension and paste the output"))
    if rt.priority == "Spot":
        # ACI Spot containers: "Only the Standard SKU is supported for Spot"
        # (SpotPriorityContainerGroupNotSupportedInSku):
        # https://learn.microsoft.com/troubleshoot/azure/azure-container-instances/configuration-setup/error-codes-spot-container-creation
        # and no availability zone pinning (Spot containers overview, unsupported features).
        if rt.sku != "Standard":
            errors.append(RadiusValidationError(label, f"{where}.sku", rt.sku,
                                                "ACI runs Spot container groups on the Standard SKU only",
                                                "use sku 'Standard' with priority 'Spot', or priority 'Regular'"))
        if rt.zones:
            errors.append(RadiusValidationError(label, f"{where}.zones", rt.zones,
                                                "ACI Spot container groups cannot be pinned to availability zones",
                                                "remove zones, or use priority 'Regular'"))
    if rt.gpu is not None:
        errors.append(RadiusValidationError(label, f"{where}.gpu", rt.gpu, GPU_RETIRED, GPU_FIX))
    for i, item in enumerate(raw.get("containers") or []):
        res = item.get("resources") if isinstance(item, dict) else None
        for section in ("requests", "limits"):
            block = res.get(section) if isinstance(res, dict) else None
            if isinstance(block, dict) and block.get("gpu") is not None:
                errors.append(RadiusValidationError(label, f"{where}.containers[{i}].resources.{section}.gpu",
                                                    block["gpu"], GPU_RETIRED, GPU_FIX))
    if rt.zones and rt.sku != "Standard" and rt.sku in SKUS and rt.priority != "Spot":
        # "To select an availability zone, you must use the Standard SKU. Zonal container
        # groups aren't available with the Confidential SKU" (Reliability in Azure Container
        # Instances, https://learn.microsoft.com/azure/reliability/reliability-containers).
        errors.append(RadiusValidationError(label, f"{where}.zones", rt.zones,
                                            f"ACI pins only Standard SKU container groups to availability zones, not {rt.sku}",
                                            "remove zones, or use sku 'Standard'"))
    if rt.zones is not None and (not isinstance(rt.zones, list) or not all(z in ("1", "2", "3") for z in rt.zones)):
        errors.append(RadiusValidationError(label, f"{where}.zones", rt.zones, "not a list of availability zones",
                                            "give a list like ['1'] (zone numbers as strings)"))
    return errors


def runtime_block_errors(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    """The errors of `runtimes.aci` whatever kind deploys (radius_components.runtime_blocks)."""
    return list(_check_runtime(label, args, runtime(args)))


# -- a rad.Gateway's runtimes.aci numbers ---------------------------------------------------------

# Application Gateway v2 autoscaling: "minimum instance count ... 0 to 125", "maximum instance
# count ... 2 to 125", and the maximum not below the minimum
# (https://learn.microsoft.com/azure/application-gateway/application-gateway-autoscaling-zone-redundant).
GATEWAY_MIN_CAPACITY = (0, 125)
GATEWAY_MAX_CAPACITY = (2, 125)


def gateway_runtime_errors(label: str, rt: dict[str, Any]) -> list[RadiusValidationError]:
    """The autoscale bounds of a Gateway's `runtimes.aci` (Application Gateway v2)."""
    errors: list[RadiusValidationError] = []
    bounds = {"min_capacity": GATEWAY_MIN_CAPACITY, "max_capacity": GATEWAY_MAX_CAPACITY}
    for key, (low, high) in bounds.items():
        value = rt.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(RadiusValidationError(label, f"runtimes.aci.{key}", value, "not a whole number",
                                                f"give a number from {low} to {high}"))
        elif not low <= value <= high:
            errors.append(RadiusValidationError(label, f"runtimes.aci.{key}", value,
                                                f"Application Gateway v2 takes {low} to {high}",
                                                f"give a number from {low} to {high}"))
    low, high = rt.get("min_capacity", 0), rt.get("max_capacity", 2)
    if not errors and high < low:
        errors.append(RadiusValidationError(label, "runtimes.aci.max_capacity", high,
                                            f"below min_capacity ({low})", "give a max_capacity >= min_capacity"))
    return errors
