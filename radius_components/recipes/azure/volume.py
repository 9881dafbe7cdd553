"""Default Volume recipe on Azure (the aci and aca kinds): an Azure Files share.

A storage account of its own per Volume (StorageV2, `Standard_LRS` unless `sku` says otherwise)
that allows no public blob access, only HTTPS, TLS 1.2 at least, and one SMB file share of
`size_gib` GiB (large file shares are turned on past 5 TiB, the standard limit: "Azure Files
scale targets"). Every access mode is served: Azure Files is mounted by many replicas at once.

The account key. Neither ACI nor Container Apps mounts Azure Files with a managed identity: an
ACI `azureFile` volume takes `storageAccountName` + `storageAccountKey`
(Microsoft.ContainerInstance AzureFileVolume), a Container Apps environment storage `accountName` +
`accountKey` (Microsoft.App managedEnvironments/storages AzureFileProperties). So the account keeps
shared-key access, and its primary key (read with `listStorageAccountKeys`) is a Pulumi secret:
it lives only in encrypted state, in the ACI volume's key (not returned on reads) or in the
Container Apps environment storage, never in a plain input.

Where the key lives: authentication is by the key, but the pinned APIs also take a Key Vault
reference instead of the key itself (`AzureFileProperties.account_key_vault_properties` on
Container Apps 2025-02-02-preview, `AzureFileVolume.storage_account_key_reference` on ACI
2024-05-01-preview); this recipe passes the key (a recipe of your own can use the reference).

Network. The account keeps its public endpoint, authenticated by that key and HTTPS only.
Restricting it to the environment's network (`networkRuleSet` default action Deny with a
virtual-network rule for the subnet and the `Microsoft.Storage` service endpoint on it, or a
`file` private endpoint) is not done, even where the library creates the network (aca
`address_space`, aci's created network): the SMB mount is made by the platform (the ACI host,
the Container Apps environment's infrastructure), and neither service documents that its mount
traffic leaves from the subnet the storage firewall would admit. A wrong guess here is an outage
no preview shows (the account is created, the mount fails at container start), so it stays
public until that is measured on a real subscription (review R-AZ-3). A recipe of your own
(`Environment(recipes={"Volume": ...})`) can add it.

Data kept on delete: the account and the share are `protect`ed and `retain_on_delete` while the
environment protects stateful resources, and the account's file service keeps a share deleted
on its own 14 days (share soft delete, `shareDeleteRetentionPolicy`). Deleting the account
(removing an unprotected Volume) deletes its shares with it: only whole-account recovery, best
effort, remains.

The account name is its DNS name (`<name>.file.core.windows.net`), unique across Azure: a hash of
the subscription, environment, resource group, application and volume keeps two stacks apart.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_azure_native as azure_native

from ...errors import RadiusValidationError
from ...names import short_hash
from ...platforms.azure import names as az
from .. import RecipeContext, RecipeResult

STANDARD_SHARE_MAX_GIB = 5120  # beyond it a share needs large file shares (up to 100 TiB)
SHARE_SOFT_DELETE_DAYS = 14
_SKUS = ("Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_GZRS", "Standard_RAGRS", "Standard_RAGZRS")


def account_name(subscription: str, environment: str, resource_group: str, app: str, volume: str) -> str:
    """3-24 lowercase letters and digits, unique across Azure (a hash of where it belongs)."""
    base = "".join(ch for ch in f"{app}{volume}".lower() if ch.isalnum())[:12] or "vol"
    name = f"{base}{short_hash(f'{subscription}/{environment}/{resource_group}/{app}/{volume}', 12)}"
    return name if name[0].isalpha() else f"v{name}"[:24]


def share_name_of(volume: str) -> str:
    """3-63 lowercase letters, digits and single hyphens ("Naming and Referencing Shares"): the
    volume's name, padded when it is shorter than 3."""
    name = az.aci_name(volume, max_length=63) or "data"
    return name if len(name) >= 3 else f"{name}-share"


def _check_parameters(label: str, p: dict[str, Any]) -> dict[str, Any]:
    sku = p.get("sku", "Standard_LRS")
    if sku not in _SKUS:
        raise RadiusValidationError(label, "recipe.parameters.sku", sku, "not a storage SKU for a standard file share",
                                    f"use one of {list(_SKUS)}")
    return {"sku": sku}


def volume_recipe(ctx: RecipeContext) -> RecipeResult:
    label = f"Volume '{ctx.resource_name}'"
    settings = _check_parameters(label, dict(ctx.parameters))
    azure = getattr(ctx.platform, "azure", None)
    if azure is None:
        raise RadiusValidationError(label, "recipe.name", "default",
                                    f"the Azure Files recipe needs an Azure environment, not {ctx.environment.kind}",
                                    "use this recipe with the aci or aca kind")
    args = ctx.resource.args  # type: ignore[attr-defined]
    app, env = ctx.application.resource_name, ctx.environment.resource_name
    group = str(getattr(ctx.compute, "resource_group", ""))
    rg = azure.resource_group_name
    tags = azure.tags(app, ctx.resource_name)
    name = pulumi.Output.from_input(azure.subscription_id).apply(
        lambda subscription: account_name(subscription, env, group, app, ctx.resource_name))
    # The data: protected, and left in place when removed from the stack.
    kept = pulumi.ResourceOptions(parent=ctx.resource, protect=ctx.protect, retain_on_delete=ctx.protect)

    extra: dict[str, Any] = {}
    if args.size_gib > STANDARD_SHARE_MAX_GIB:
        extra["large_file_shares_state"] = "Enabled"
    account = azure_native.storage.StorageAccount(
        ctx.name("storage"), account_name=name, resource_group_name=rg, location=azure.location,
        kind="StorageV2", sku={"name": settings["sku"]},
        allow_blob_public_access=False, enable_https_traffic_only=True, minimum_tls_version="TLS1_2",
        # ACI and Container Apps mount Azure Files only with the account key (module docstring).
        allow_shared_key_access=True,
        tags=tags, opts=kept, **extra)
    service = azure_native.storage.FileServiceProperties(
        ctx.name("file-service"), account_name=account.name, resource_group_name=rg, file_services_name="default",
        share_delete_retention_policy={"enabled": True, "days": SHARE_SOFT_DELETE_DAYS},
        opts=pulumi.ResourceOptions(parent=ctx.resource))
    share_name = share_name_of(ctx.resource_name)
    share = azure_native.storage.FileShare(
        ctx.name("share"), account_name=account.name, resource_group_name=rg, share_name=share_name,
        share_quota=args.size_gib, enabled_protocols="SMB",
        opts=pulumi.ResourceOptions.merge(kept, pulumi.ResourceOptions(depends_on=[service])))
    keys = azure_native.storage.list_storage_account_keys_output(
        account_name=account.name, resource_group_name=rg, opts=pulumi.InvokeOutputOptions(parent=ctx.resource))
    key = pulumi.Output.secret(keys.keys[0].value)
    return RecipeResult(
        values={"resource": share.name},
        resources=[account, service, share],
        outputs={"azure_resource_id": account.id, "storage_account_name": account.name, "share_name": share.name,
                 "storage_account_key": key, "resource_group_name": rg},
    )


# What the recipe takes; checked before the Volume registers anything.
volume_recipe.parameters = ("sku",)  # type: ignore[attr-defined]
volume_recipe.validate = _check_parameters  # type: ignore[attr-defined]
