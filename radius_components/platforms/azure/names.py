"""Azure names and ARM IDs, as pure functions (no SDK, testable without Pulumi).

Rules cited where they are used; every shortened name keeps a hash of the full name
(radius_components.names.short_hash), so two long names never collide and never change.
"""

from __future__ import annotations

import re
import uuid
from typing import Optional

from ...names import short_hash

# Container group names: "between 1 and 63 characters long, must contain only lowercase
# letters, numbers, and dashes and it cannot start or end with a dash and consecutive dashes
# are not allowed" (ContainerConfiguration.ContainerGroupName, Azure Resource Manager docs:
# https://learn.microsoft.com/dotnet/api/azure.resourcemanager.resources.models.scriptcontainerconfiguration.containergroupname).
# ACI applies the same rule to container names inside a group.
ACI_NAME_MAX = 63
ACI_NAME = re.compile(r"^[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z0-9]$")

# Resource group names: 1-90 characters, alphanumerics, '_', '(', ')', '-', '.', not
# ending in '.' (Azure resource name rules, Microsoft.Resources/resourcegroups).
RESOURCE_GROUP_NAME = re.compile(r"^[-\w.()]{0,89}[-\w()]$")

# User-assigned identity names: 3-128 characters, alphanumerics, '-' and '_', starting with
# an alphanumeric (Azure resource name rules, Microsoft.ManagedIdentity/userAssignedIdentities).
IDENTITY_NAME_MAX = 128

# Container app (and managed environment) names: "lower case alphanumeric characters or '-',
# start with an alphabetic character, and end with an alphanumeric character and cannot have
# '--'. The length must be between 2 and 32 characters inclusive." (the API's
# ContainerAppInvalidName message). Environments allow longer names; we keep them to the same
# stricter rule.
CONTAINER_APP_NAME_MAX = 32
CONTAINER_APP_NAME = re.compile(r"^[a-z]([a-z0-9]|-(?!-)){0,30}[a-z0-9]$")
# Key Vault secret names: 1-127 letters, digits and '-' (Key Vault object names).
KEY_VAULT_SECRET_NAME = re.compile(r"^[0-9A-Za-z-]{1,127}$")
KEY_VAULT_SECRET_NAME_MAX = 127

_ARM_RESOURCE_GROUP = re.compile(r"^/subscriptions/([^/]+)/resourceGroups/([^/]+)$", re.IGNORECASE)
_ARM_SUBNET = re.compile(
    r"^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+)/subnets/[^/]+$",
    re.IGNORECASE)
_ARM_REGISTRY = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.ContainerRegistry/registries/[^/]+$",
    re.IGNORECASE)
_ARM_MANAGED_ENVIRONMENT = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.App/managedEnvironments/([^/]+)$",
    re.IGNORECASE)
_ARM_KEY_VAULT = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.KeyVault/vaults/([^/]+)$", re.IGNORECASE)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DNS_ZONE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def aci_name(*parts: str, max_length: int = ACI_NAME_MAX) -> Optional[str]:
    """`<part>-<part>` as a valid ACI name, shortened with a hash; None when nothing is usable."""
    full = "-".join(p for p in parts if p)
    name = re.sub(r"[^a-z0-9]+", "-", full.lower()).strip("-")
    if not name:
        return None
    if len(name) > max_length:
        keep = max_length - 9
        name = name[:keep].rstrip("-") + "-" + short_hash(full)
    return name


def key_vault_secret_name(subscription: str, resource_group: str, *parts: str) -> str:
    """A Key Vault secret name for `parts` (environment, app, ...), ending in a hash of the
    subscription and resource group. A vault is shared: two stacks of one program in two
    resource groups (or subscriptions) writing `<env>-<app>-...` into it would overwrite each
    other's values, and one's `destroy` would delete the secrets the other's revisions read.
    The hash keeps them apart as the PostgreSQL and Redis names are kept apart."""
    suffix = short_hash(f"{subscription}/{resource_group}")
    base = aci_name(*parts, max_length=KEY_VAULT_SECRET_NAME_MAX - len(suffix) - 1) or "secret"
    return f"{base}-{suffix}"


def container_app_name(*parts: str, max_length: int = CONTAINER_APP_NAME_MAX) -> Optional[str]:
    """`<part>-<part>` as a valid container app name; None when nothing is usable.

    A name that would start with a digit gets an 'a' in front (a digit is not allowed
    first); a long one keeps a hash of the full name.
    """
    full = "-".join(p for p in parts if p)
    name = re.sub(r"[^a-z0-9]+", "-", full.lower()).strip("-")
    if not name:
        return None
    if not name[0].isalpha():
        name = "a" + name
    if len(name) > max_length:
        name = name[: max_length - 9].rstrip("-") + "-" + short_hash(full)
    if len(name) < 2:
        name += "0"
    return name


def alnum_name(*parts: str, max_length: int) -> Optional[str]:
    """Only letters and digits (for Azure names that allow nothing else)."""
    full = "-".join(p for p in parts if p)
    name = re.sub(r"[^A-Za-z0-9]+", "", full)
    if not name:
        return None
    if len(name) > max_length:
        name = name[: max_length - 8] + short_hash(full)
    return name


def role_assignment_name(*parts: str) -> str:
    """A role assignment's name must be a GUID: a UUIDv5 of what identifies the grant."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "radius-components:" + "/".join(parts)))


def is_guid(text: str) -> bool:
    return bool(_GUID.match(text))


def parse_resource_group(value: str) -> tuple[Optional[str], str]:
    """`rg` -> (None, "rg"); `/subscriptions/s/resourceGroups/rg` -> ("s", "rg")."""
    m = _ARM_RESOURCE_GROUP.match(value)
    if m:
        return m.group(1), m.group(2)
    return None, value


def parse_managed_environment(value: str) -> Optional[tuple[str, str]]:
    """A managed environment's ARM ID -> (resource group, name); None when it is not one."""
    m = _ARM_MANAGED_ENVIRONMENT.match(value)
    return (m.group(1), m.group(2)) if m else None


def parse_key_vault(value: str) -> Optional[tuple[str, str]]:
    """A Key Vault's ARM ID -> (resource group, vault name); None when it is not one."""
    m = _ARM_KEY_VAULT.match(value)
    return (m.group(1), m.group(2)) if m else None


def vnet_of_subnet(subnet_id: str) -> Optional[str]:
    m = _ARM_SUBNET.match(subnet_id)
    return m.group(1) if m else None


def is_registry_id(value: str) -> bool:
    return bool(_ARM_REGISTRY.match(value))


def is_dns_zone(value: str) -> bool:
    return bool(_DNS_ZONE.match(value))


def image_registry(image: str) -> Optional[str]:
    """The registry host of an image reference; None for Docker Hub short names."""
    first, sep, _ = image.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return first.lower()
    return None
