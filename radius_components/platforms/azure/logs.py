"""A Log Analytics workspace for an Azure environment's container logs (aci, aca)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_azure_native as azure_native

from . import names as az
from .context import AzureContext


@dataclass(frozen=True)
class Workspace:
    resource: Any
    customer_id: Any
    # Both kinds authenticate log shipping with the workspace's shared key: a Pulumi secret.
    shared_key: pulumi.Output


def workspace(azure: AzureContext, retention_days: int, parent: pulumi.Resource) -> Workspace:
    env = azure.environment
    ws = azure_native.operationalinsights.Workspace(
        f"{env}-logs", workspace_name=az.aci_name(env, "logs") or "logs", resource_group_name=azure.resource_group_name,
        location=azure.location, sku={"name": "PerGB2018"}, retention_in_days=retention_days, tags=azure.tags(),
        opts=pulumi.ResourceOptions(parent=parent))
    keys = azure_native.operationalinsights.get_shared_keys_output(
        resource_group_name=azure.resource_group_name, workspace_name=ws.name,
        opts=pulumi.InvokeOutputOptions(parent=parent))
    return Workspace(resource=ws, customer_id=ws.customer_id, shared_key=pulumi.Output.secret(keys.primary_shared_key))
