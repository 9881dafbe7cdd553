"""SecretStore on Container Apps: Key Vault secrets, read through Key Vault references.

A created store is one secret per key in the environment's Key Vault (`compute.key_vault_id`,
RBAC authorization), named `<env>-<app>-<store>-store-<key>-<hash>` (the hash of the
subscription and resource group keeps stacks sharing a vault apart). A container app that reads a key
gets a Key Vault reference secret (`keyVaultUrl` + its own user-assigned identity) pinned to
the secret's versioned URI, and its identity gets `Key Vault Secrets User` on exactly that
secret (role assignments can be scoped to one secret: learn.microsoft.com/azure/key-vault/general/rbac-guide).
An existing store (`resource`) is the environment's Key Vault; each key names one of its
secrets (`value_from.name`, default the key) and optionally a version (`value_from.version`,
32 hex characters; without it Container Apps follows the latest version).
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pulumi_azure_native as azure_native

from ...connections import StoreSecretRef
from ...errors import RadiusValidationError, raise_all
from ...model import SecretStoreArgs
from ..azure import names as az
from ..secret_stores import NativeStore

_VERSION = re.compile(r"^[0-9a-f]{32}$")


def secret_name(env: str, app: str, store: str, key: str) -> str:
    """The part of a store key's secret name that comes from the program (two keys that give
    the same one collide); the vault name adds the account scope hash (`vault_secret_name`)."""
    return az.aci_name(env, app, store, "store", key, max_length=az.KEY_VAULT_SECRET_NAME_MAX) or "store"


def vault_secret_name(platform: Any, app: str, store: str, key: str) -> Any:
    """`<env>-<app>-<store>-store-<key>-<hash of subscription and resource group>` (an Output)."""
    env, group = platform.environment.resource_name, str(platform.compute.resource_group)
    return pulumi.Output.from_input(platform.azure.subscription_id).apply(
        lambda subscription: az.key_vault_secret_name(subscription, group, env, app, store, "store", key))


def validate(label: str, platform: Any, app_name: str, store_name: str, args: SecretStoreArgs) -> None:
    errors = []
    vault = platform.compute.key_vault_id
    if vault is None:
        errors.append(RadiusValidationError(
            label, "application.environment.compute.key_vault_id", None,
            "on the aca kind a secret store lives in the environment's Key Vault, and it has none",
            "set compute.key_vault_id (a Key Vault with RBAC authorization) on the Environment"))
    elif args.resource is not None and args.resource.lower() != vault.lower():
        errors.append(RadiusValidationError(
            label, "resource", args.resource, "container apps read Key Vault references from the environment's vault only",
            f"give compute.key_vault_id ({vault}), or move the secrets there"))
    if args.resource is not None:
        for key, item in sorted(args.data.items()):
            vf = item.value_from
            name = vf.name if vf and vf.name else key
            if not az.KEY_VAULT_SECRET_NAME.match(name):
                errors.append(RadiusValidationError(label, f"data.{key}.value_from.name", name, "not a Key Vault secret name",
                                                    "give 1-127 letters, digits and '-'"))
            if vf and vf.version is not None and not _VERSION.match(vf.version):
                errors.append(RadiusValidationError(label, f"data.{key}.value_from.version", vf.version,
                                                    "not a Key Vault secret version", "give its 32-character version ID"))
    else:
        made: dict[str, str] = {}
        for key in sorted(args.data):
            name = secret_name(platform.environment.resource_name, app_name, store_name, key)
            if name in made:
                errors.append(RadiusValidationError(label, f"data.{key}", key,
                                                    f"becomes the Key Vault secret name '{name}', like key '{made[name]}'",
                                                    "Key Vault names have no '_' and no case: rename one of the keys"))
            made[name] = key
    raise_all(errors)


def provision(store: Any, platform: Any, args: SecretStoreArgs, values: dict[str, Any]) -> NativeStore:
    if args.resource is not None:
        refs = {}
        for key, item in sorted(args.data.items()):
            vf = item.value_from
            refs[key] = StoreSecretRef(vf.name if vf and vf.name else key, vf.version if vf and vf.version else "latest",
                                       store=store, store_key=key)
        return NativeStore(refs=refs, resource=args.resource)
    vault_rg, vault_name = az.parse_key_vault(platform.compute.key_vault_id)  # type: ignore[misc]
    app = store.application.resource_name
    tags = platform.azure.tags(app, store.resource_name) if platform.azure else {}
    refs, resources, ids = {}, [], {}
    for key in sorted(values):
        secret = azure_native.keyvault.Secret(
            f"{store.resource_name}-{key}", resource_group_name=vault_rg, vault_name=vault_name,
            secret_name=vault_secret_name(platform, app, store.resource_name, key),
            properties={"value": pulumi.Output.secret(values[key])}, tags=tags,
            opts=platform.child_options(store))
        # name: the secret's (Output) name, so a reader's role assignment waits for it;
        # version: its versioned URI, so a revision reads exactly this value.
        refs[key] = StoreSecretRef(secret.name, "latest", store=store, store_key=key,
                                   version=secret.properties.secret_uri_with_version)
        resources.append(secret)
        ids[key] = secret.id
    return NativeStore(refs=refs, resources=resources, resource=ids)
