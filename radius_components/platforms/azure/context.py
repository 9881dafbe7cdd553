"""Where an Azure environment's resources go: resource group, location, subscription, tags.

Built by an Azure platform's `provision_environment`; recipes (the Azure Managed Redis
recipe) read it through `ctx.platform.azure`, so the same recipe serves `aci` and `aca`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

import pulumi
import pulumi_azure_native as azure_native

from .names import parse_resource_group

MANAGED_BY = "radius-components"


@dataclass
class AzureContext:
    environment: str
    location: str
    # The group's name (an Output when the environment registers it, so children wait).
    resource_group_name: Any
    resource_group: Optional[pulumi.Resource] = None
    _subscription_id: Any = field(default=None, repr=False)

    @property
    def subscription_id(self) -> Any:
        """The subscription of the provider's credentials (one invoke per environment)."""
        if self._subscription_id is None:
            self._subscription_id = azure_native.authorization.get_client_config_output().subscription_id
        return self._subscription_id

    def tags(self, app: Optional[str] = None, resource: Optional[str] = None,
             extra: Optional[Mapping[str, str]] = None) -> dict[str, str]:
        # Azure tag names cannot contain '<>%&\\?/', hence no 'radapp.io/...' keys here.
        tags = dict(extra or {})
        tags.update({"managed-by": MANAGED_BY, "radius-environment": self.environment})
        if app:
            tags["radius-application"] = app
        if resource:
            tags["radius-resource"] = resource
        return dict(sorted(tags.items()))


def resource_group(environment: str, location: str, value: str, create: bool,
                   parent: pulumi.Resource) -> AzureContext:
    """Adopt an existing group (an ARM ID, or a name with create=False) or register one."""
    subscription, name = parse_resource_group(value)
    ctx = AzureContext(environment=environment, location=location, resource_group_name=name)
    if subscription is None and create:
        # ARM PUT on an existing group adopts it; `pulumi import` is not needed.
        group = azure_native.resources.ResourceGroup(
            f"{environment}-resource-group", resource_group_name=name, location=location,
            tags=ctx.tags(), opts=pulumi.ResourceOptions(parent=parent))
        ctx.resource_group = group
        ctx.resource_group_name = group.name
    return ctx
