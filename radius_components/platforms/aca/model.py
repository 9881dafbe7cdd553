"""The `aca` kind's compute model: `Environment(compute=AcaCompute(...))`. Pure pydantic."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ...model.base import RadiusModel


class AcaWorkloadProfile(RadiusModel):
    """A workload profile of a Container Apps environment created by the library."""

    name: str = Field(min_length=1)
    """The profile name containers pick with `runtimes.aca.workload_profile_name`."""
    workload_profile_type: str = Field(min_length=1)
    """"Consumption", or a Dedicated size such as "D4", "D8", "E4", "NC24-A100"."""
    minimum_count: Optional[int] = Field(default=None, ge=0)
    """Node counts of a Dedicated profile (not given for Consumption)."""
    maximum_count: Optional[int] = Field(default=None, ge=1)
    """Maximum node count of a Dedicated profile."""


class AcaCompute(RadiusModel):
    """An environment on Azure Container Apps: a managed environment (created or existing) and a container app per container."""

    kind: Literal["aca"] = "aca"
    """The compute kind; set by the class, given only in the dict spelling."""
    resource_group: str
    """Where the container apps (and a created environment) go: a resource group name, or
    the ARM ID of an existing one, which is then only used, never created."""
    location: str
    """The Azure region (`westeurope`) of the created resources."""
    create_resource_group: bool = True
    """With a name: True registers the group (adopting it if it exists); False only uses an existing one."""
    environment_id: Optional[str] = None
    """An existing Container Apps managed environment (its ARM ID) to deploy into. None
    creates one, with a Log Analytics workspace for its logs."""
    subnet_id: Optional[str] = None
    """For a created environment: an existing subnet (ARM ID) delegated to
    Microsoft.App/environments, /27 or larger. With it the environment is internal-only
    (no public IP, reachable only from that virtual network)."""
    address_space: Optional[str] = None
    """For a created environment without subnet_id: create a virtual network with this IPv4
    range (a /22 or larger), with the environment's subnet and one for private endpoints, so
    recipes that need a private path (PostgreSQL) work. The environment stays external. Giving it
    to an existing environment replaces the environment (its network is fixed at creation)."""
    private_endpoint_subnet_id: Optional[str] = None
    """A subnet (ARM ID, not delegated) in the apps' virtual network for the private endpoints
    of recipe resources (Azure Managed Redis). Without it, an environment on no virtual
    network reaches them on their public endpoint."""
    script_subnet_id: Optional[str] = None
    """A subnet (ARM ID) of the apps' virtual network delegated to
    Microsoft.ContainerInstance/containerGroups, where deployment-time steps run: the PostgreSQL
    recipe's login step (an Azure deployment script, whose container needs such a subnet;
    recipes/azure/db_login.py). For an environment on your network (`subnet_id` or
    `environment_id` with `private_endpoint_subnet_id`); `address_space` creates one itself.
    Without it the PostgreSQL recipe keeps handing out the server's administrator login, with
    a warning."""
    private_dns_zone_ids: dict[str, str] = Field(default_factory=dict)
    """Existing `privatelink.*` zones (ARM IDs) the recipes' private endpoints register in,
    instead of zones the environment creates and links to the network: `postgres` ->
    privatelink.postgres.database.azure.com, `redis` -> privatelink.redis.azure.net, `file` ->
    privatelink.file.core.windows.net (the PostgreSQL login step's storage). Needed when
    the network already has a zone of that name linked (another environment on it, a hub's
    central zones): a network links only one zone per name. On aca also `environment`: the
    internal environment's default-domain zone, when you made it yourself (none is created)."""
    workload_profiles: list[AcaWorkloadProfile] = Field(default_factory=list)
    """Workload profiles of a created environment besides the built-in Consumption one."""
    zone_redundant: bool = False
    """Spread a created environment across availability zones (needs subnet_id)."""
    log_retention_days: int = Field(default=30, ge=30, le=730)
    """Days the created Log Analytics workspace keeps logs (30-730)."""
    key_vault_id: Optional[str] = None
    """An existing Key Vault (ARM ID, RBAC authorization) that holds the containers' secrets;
    apps then reference them through their identities instead of keeping the values."""
    registries: dict[str, str] = Field(default_factory=dict)
    """Private registries pulled with each container's managed identity:
    login server (myreg.azurecr.io) -> the registry's ARM ID (scope of the AcrPull grant)."""
