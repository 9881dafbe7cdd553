"""What the Azure kinds (`aci`, `aca`) do alike, as a base class: where the environment
lives, the checks every container gets and the application outputs. (Their built-in recipes
are declared by each kind, `platforms/<kind>/kind.py`.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

import pulumi

from ...connections import EnvPlan
from ...errors import MISSING, RadiusValidationError, collect, raise_all
from ...model import ContainerArgs
from .. import Platform
from . import grants
from .context import AzureContext, resource_group
from .private_link import PrivateNetwork, PrivateZones

if TYPE_CHECKING:  # pragma: no cover
    from ...application import Application


class AzurePlatform(Platform):
    """A compute kind whose Environment has `resource_group`, `location` and
    `create_resource_group`, and whose containers each get a managed identity."""

    azure: Optional[AzureContext] = None
    # Set by provision_environment: where recipe resources get private endpoints (None: the
    # environment has no virtual network), or why they cannot get one (field, why, fix).
    private_network: Optional[PrivateNetwork] = None
    private_network_problem: Optional[tuple[str, str, str]] = None
    _private_zones: Optional[PrivateZones] = None
    # Set by provision_environment: a subnet delegated to Microsoft.ContainerInstance/containerGroups
    # in the environment's network, where deployment scripts run (recipes/azure/db_login.py), or
    # why there is none (why, fix).
    script_subnet_id: Any = None
    script_subnet_problem: Optional[tuple[str, str]] = None

    def place(self, parent: pulumi.ComponentResource) -> AzureContext:
        """Adopt or register the environment's resource group; recipes read it as `azure`."""
        c = self.compute
        self.azure = resource_group(self.environment.resource_name, c.location, c.resource_group,
                                    c.create_resource_group, parent)
        return self.azure

    def private_endpoints(self, label: str) -> Optional[PrivateZones]:
        """The environment's private endpoint network and its `privatelink.*` zones, for a
        recipe resource; None when the environment has no virtual network (its containers
        reach services on their public endpoints). Raises when the environment has a network
        but no subnet a private endpoint may use."""
        if self.private_network_problem is not None:
            field, why, fix = self.private_network_problem
            raise RadiusValidationError(label, field, MISSING, why, fix)
        if self.private_network is None:
            return None
        if self._private_zones is None:
            assert self.azure is not None
            self._private_zones = PrivateZones(self.azure, self.private_network, self.environment,
                                               existing=getattr(self.compute, "private_dns_zone_ids", None))
        return self._private_zones

    def container_errors(self, label: str, args: ContainerArgs, plan: EnvPlan, check: Callable[[], None],
                         runtime_tags: Mapping[str, Any], extra: Optional[list[RadiusValidationError]] = None) -> None:
        """Run the kind's own `check`, then what every Azure container must meet (tag rules,
        grantable `iam.roles`), and raise everything found at once."""
        errors = collect(check) + list(extra or [])
        errors += grants.check_tags(label, args, self.kind, runtime_tags)
        errors += grants.check_grants(label, plan)
        raise_all(errors)

    @staticmethod
    def manual_volume_problem() -> Optional[tuple[str, str]]:
        """An existing Azure Files share cannot be named by `Volume(resource=...)` alone: ACI and
        Container Apps mount it only with its storage account's name and key."""
        return ("an existing Azure Files share is mounted with its storage account's name and key, which "
                "Volume(resource=...) cannot carry",
                "give the environment a Volume recipe of your own that returns the share (resource) and "
                "outputs storage_account_name, share_name and storage_account_key (a secret)")

    def application_outputs(self, app: "Application") -> Mapping[str, Any]:
        return {"resource_group_name": self.azure.resource_group_name if self.azure else None}
