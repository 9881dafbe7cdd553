"""The `aci` kind's compute model: `Environment(compute=AciCompute(...))`. Pure pydantic."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ...model.base import RadiusModel


class AciCompute(RadiusModel):
    """An environment on Azure Container Instances: container groups in a delegated subnet of a virtual network."""

    kind: Literal["aci"] = "aci"
    """The compute kind; set by the class, given only in the dict spelling."""
    resource_group: str
    """A resource group name, or the full ARM ID of an existing one
    (/subscriptions/<sub>/resourceGroups/<name>), which is then only used, never created."""
    location: str
    """The Azure region (`westeurope`) of the created resources."""
    create_resource_group: bool = True
    """With a name: True registers the group (adopting it if it exists, as ARM PUT does);
    False only uses a group that already exists."""
    subnet_id: Optional[str] = None
    """An existing subnet delegated to Microsoft.ContainerInstance/containerGroups (its ARM
    ID). Without it the environment creates a virtual network and that subnet."""
    load_balancer_subnet_id: Optional[str] = None
    """A subnet (ARM ID) for the internal load balancers that front replicated containers;
    needed with subnet_id when a container has manualScaling and ports. Created otherwise."""
    private_endpoint_subnet_id: Optional[str] = None
    """A subnet (ARM ID, not delegated) for the private endpoints of recipe resources (Azure
    Managed Redis); needed with subnet_id when a recipe provisions one. Created otherwise."""
    address_space: str = "10.240.0.0/16"
    """Address space of the created virtual network; its subnets' default ranges are taken
    from it (checked for containment and overlap before anything registers)."""
    subnet_prefix: Optional[str] = None
    """Address prefix of the created containers subnet (default: the first /22 of address_space,
    10.240.0.0/22 by default)."""
    load_balancer_subnet_prefix: Optional[str] = None
    """Address prefix of the created load balancer subnet (default: the fifth /24 of
    address_space, 10.240.4.0/24 by default)."""
    private_endpoint_subnet_prefix: Optional[str] = None
    """Address prefix of the created private endpoint subnet (default: the sixth /24 of
    address_space, 10.240.5.0/24 by default)."""
    gateway_subnet_id: Optional[str] = None
    """The subnet (ARM ID) an Application Gateway (a `rad.Gateway`) takes: with `subnet_id`, an
    empty subnet of the same network; otherwise the created network's `gateways` subnet."""
    gateway_subnet_prefix: Optional[str] = None
    """Address prefix of the created `gateways` subnet (default: the first free /24 of
    address_space from the seventh on, 10.240.6.0/24 by default; no free /24: no such subnet,
    and a Gateway on this environment is refused)."""
    private_dns_zone_ids: dict[str, str] = Field(default_factory=dict)
    """Existing `privatelink.*` zones (ARM IDs) the recipes' private endpoints register in,
    instead of zones the environment creates and links to the network: `postgres` ->
    privatelink.postgres.database.azure.com, `redis` -> privatelink.redis.azure.net, `file` ->
    privatelink.file.core.windows.net (the PostgreSQL login step's storage). Needed when
    the network already has a zone of that name linked (another environment on it, a hub's
    central zones): a network links only one zone per name."""
    dns_zone: Optional[str] = None
    """The private DNS zone containers are reached under (<app>-<container>.<zone>);
    default `<environment>.radius.internal`."""
    log_analytics: bool = False
    """True: a Log Analytics workspace receives every container group's logs."""
    registries: dict[str, str] = Field(default_factory=dict)
    """Private registries pulled with each container's managed identity:
    login server (myreg.azurecr.io) -> the registry's ARM ID (scope of the AcrPull grant)."""
