"""Environment settings every Azure kind shares, checked before anything registers."""

from __future__ import annotations

import re
from typing import Any, Mapping

from ...errors import RadiusValidationError
from ...model.kubernetes_metadata import managed_key_errors
from . import names as az

# The tags AzureContext.tags() puts on every resource (platforms/azure/context.py): they win over
# a user's tag of the same name, so a user's is refused (managed_tag_errors).
MANAGED_TAGS = ("managed-by", "radius-application", "radius-environment", "radius-resource")


def managed_tag_errors(label: str, args: Any, kind: str, runtime_tags: Mapping[str, Any]) -> list[RadiusValidationError]:
    """kubernetesMetadata labels and `runtimes.<kind>.tags` on a tag name the kind sets itself."""
    errors = managed_key_errors(label, args, MANAGED_TAGS, where="Azure tag")
    for key in sorted(runtime_tags or {}):
        if key in MANAGED_TAGS:
            errors.append(RadiusValidationError(
                label, f"runtimes.{kind}.tags.{key}", key,
                f"this kind sets Azure tag '{key}' itself (it identifies what the library manages), so yours would be "
                "silently replaced", f"use another tag name; the tags this kind manages are {sorted(MANAGED_TAGS)}"))
    return errors


def check_placement(label: str, compute: Any) -> list[RadiusValidationError]:
    """`compute.resource_group` (a name or an ARM ID) and `compute.location`."""
    errors = []
    _, rg = az.parse_resource_group(compute.resource_group)
    if not az.RESOURCE_GROUP_NAME.match(rg):
        errors.append(RadiusValidationError(
            label, "compute.resource_group", compute.resource_group, "not a valid resource group name or ID",
            "give 1-90 letters, digits, '_', '(', ')', '-' or '.' (not ending in '.'), "
            "or /subscriptions/<id>/resourceGroups/<name>"))
    if not re.match(r"^[a-z0-9]+\Z", compute.location):
        errors.append(RadiusValidationError(label, "compute.location", compute.location, "not an Azure region name",
                                            "use the region's programmatic name, like 'westeurope'"))
    return errors


def check_registries(label: str, registries: Mapping[str, str]) -> list[RadiusValidationError]:
    """`compute.registries`: login server -> the registry's ARM ID (the AcrPull scope)."""
    errors = []
    for server, registry_id in registries.items():
        if az.image_registry(server + "/x") != server.lower():
            errors.append(RadiusValidationError(label, f"compute.registries.{server}", server,
                                                "not a registry login server", "use the host name, like 'myreg.azurecr.io'"))
        if not az.is_registry_id(registry_id):
            errors.append(RadiusValidationError(
                label, f"compute.registries.{server}", registry_id, "not a container registry ARM ID",
                "give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>"))
    return errors


def check_private_dns_zones(label: str, zone_ids: Mapping[str, str]) -> list[RadiusValidationError]:
    """`compute.private_dns_zone_ids`: service -> an existing private DNS zone of the name Azure
    fixes for that service (an endpoint registered in a zone of another name never resolves)."""
    from .private_link import ZONES

    errors = []
    for key, zone_id in sorted(zone_ids.items()):
        where = f"compute.private_dns_zone_ids.{key}"
        if key not in ZONES:
            errors.append(RadiusValidationError(label, where, key, "not a service the recipes reach privately",
                                                f"use one of {sorted(ZONES)}"))
            continue
        m = _PRIVATE_ZONE.match(zone_id)
        if m is None or m.group(1).lower() != ZONES[key]:
            errors.append(RadiusValidationError(
                label, where, zone_id, f"not the ARM ID of a private DNS zone named {ZONES[key]}",
                f"give /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/{ZONES[key]}"))
    return errors


_PRIVATE_ZONE = re.compile(r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/privateDnsZones/([^/]+)$",
                           re.IGNORECASE)
