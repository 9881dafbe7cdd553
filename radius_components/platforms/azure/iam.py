"""Identity and grants on Azure: one user-assigned managed identity per container, and
role assignments scoped to exactly one resource.

Shared by the Azure kinds: `aci` attaches the identity to container groups / NGroups,
`aca` will attach it to container apps. A grant is never made on a subscription or a
resource group: `scope` is always the ARM ID of the one resource a connection targets.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

import pulumi
import pulumi_azure_native as azure_native

from .names import is_guid, role_assignment_name

# Built-in role names accepted in `connections.<x>.iam.roles`, with their definition GUIDs
# (the same in every tenant; Azure built-in roles reference,
# https://learn.microsoft.com/azure/role-based-access-control/built-in-roles). Any other
# role is given by its GUID or its role definition ID. Owner / User Access Administrator
# are deliberately absent: a workload never needs to grant access itself.
BUILTIN_ROLES: Mapping[str, str] = {
    "Reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "AcrPull": "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    "AcrPush": "8311e382-0749-4cb8-b61a-304f252e45ec",
    "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
    "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
    "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
}
ACR_PULL = BUILTIN_ROLES["AcrPull"]
_ROLE_DEFINITION_PREFIX = "/providers/Microsoft.Authorization/roleDefinitions/"


def resolve_role(role: str) -> Optional[str]:
    """A role name, GUID or role definition ID -> its GUID; None when unknown."""
    if role in BUILTIN_ROLES:
        return BUILTIN_ROLES[role]
    lowered = {k.lower(): v for k, v in BUILTIN_ROLES.items()}
    if role.lower() in lowered:
        return lowered[role.lower()]
    if is_guid(role):
        return role.lower()
    marker = role.lower().rfind(_ROLE_DEFINITION_PREFIX.lower())
    if marker >= 0:
        guid = role[marker + len(_ROLE_DEFINITION_PREFIX):]
        if is_guid(guid):
            return guid.lower()
    return None


_SCOPE_SUBSCRIPTION = re.compile(r"^/subscriptions/([^/]+)(/|$)", re.IGNORECASE)


def scope_subscription(scope: str) -> Optional[str]:
    """The subscription an ARM scope is in; None for a scope above subscriptions."""
    m = _SCOPE_SUBSCRIPTION.match(scope)
    return m.group(1) if m else None


def role_definition_id(scope: Any, subscription_id: Any, guid: str) -> Any:
    """The role definition ID in the scope's subscription, the form ARM returns on GET.

    ARM answers a role assignment with roleDefinitionId under the subscription of its scope,
    whatever subscription the PUT named (terraform-provider-azurerm#8558,
    Azure/azure-rest-api-specs#10939): built from the deployer's subscription, a grant on a
    registry or Key Vault in another subscription would differ from what ARM returns and,
    roleDefinitionId forcing replacement (pulumi-azure-native#1010), be replaced on every
    refresh. The deployer's subscription is the fallback for a scope outside subscriptions.
    """
    return pulumi.Output.all(scope, subscription_id).apply(
        lambda a: f"/subscriptions/{scope_subscription(a[0]) or a[1]}{_ROLE_DEFINITION_PREFIX}{guid}")


def user_assigned_identity(logical_name: str, name: str, resource_group: Any, location: str,
                           tags: Mapping[str, str], opts: pulumi.ResourceOptions) -> Any:
    return azure_native.managedidentity.UserAssignedIdentity(
        logical_name, resource_name_=name, resource_group_name=resource_group, location=location,
        tags=dict(sorted(tags.items())), opts=opts)


def role_assignment(logical_name: str, *, key: tuple[str, ...], scope: Any, role_guid: str, principal_id: Any,
                    subscription_id: Any, opts: pulumi.ResourceOptions) -> Any:
    """Grant `role_guid` to a managed identity on exactly `scope` (one resource's ARM ID).

    The assignment's name is a GUID derived from `key` (environment, app, container,
    connection, role) and the scope's ARM ID, so it is stable across runs and distinct between
    environments, and between subscriptions and resource groups: role assignment names are
    unique in the whole tenant, and the documented practice is a GUID of scope, principal and
    role (learn.microsoft.com/azure/role-based-access-control/role-assignments-template).
    Scope and principal cannot change in place, and a replacement keeps the name, so the
    old assignment is deleted first (create-then-delete would be
    RoleAssignmentUpdateNotPermitted).
    """
    return azure_native.authorization.RoleAssignment(
        logical_name,
        role_assignment_name=pulumi.Output.from_input(scope).apply(
            lambda arm_id: role_assignment_name(*key, str(arm_id).lower(), role_guid)),
        scope=scope,
        role_definition_id=role_definition_id(scope, subscription_id, role_guid),
        principal_id=principal_id,
        # A managed identity is a service principal; saying so avoids the replication-delay
        # failure ARM reports for a just-created principal.
        principal_type="ServicePrincipal",
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(delete_before_replace=True)),
    )
