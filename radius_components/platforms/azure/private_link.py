"""Private endpoints for recipe resources, and the `privatelink.*` DNS zones they register in.

A recipe resource on Azure (Azure Managed Redis) is reached from the environment's virtual
network through a private endpoint, not its public endpoint: the endpoint gets an address in
the environment's private endpoint subnet, and a DNS zone group registers that address in the
service's `privatelink.*` zone. That zone is linked to the environment's virtual network, so
the resource's usual host name resolves to the private address inside the network (Azure
private endpoint DNS: https://learn.microsoft.com/azure/private-link/private-endpoint-dns).

One zone per service per environment, created when the first recipe needs it, as a child of
the Environment (every resource of that service shares it). Its name is fixed by Azure, so a
resource group holds one environment's zone for a service.

An existing zone instead (`compute.private_dns_zone_ids`, e.g. a hub's central zones): no zone
and no link are created, and the endpoints register in it. A network can be linked to only one
zone of a name ("A virtual network cannot be linked to multiple zones with overlapping
namespaces", quoted in microsoft-foundry/foundry-samples#214; "creating multiple zones with the
same name for a single virtual network is not supported", private link FAQ), so a second
environment on the same network, or a landing zone whose hub already links
`privatelink.*` zones, must use the existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import pulumi
import pulumi_azure_native as azure_native

from . import names as az
from .context import AzureContext

# Azure Managed Redis (Microsoft.Cache/redisEnterprise): subresource `redisEnterprise`,
# private DNS zone `privatelink.redis.azure.net` (the private endpoint DNS table above; the
# older `privatelink.redisenterprise.cache.azure.net` is Azure Cache for Redis Enterprise's).
REDIS_GROUP_ID = "redisEnterprise"
REDIS_ZONE = "privatelink.redis.azure.net"
# Azure Database for PostgreSQL flexible server: subresource `postgresqlServer`.
POSTGRES_ZONE = "privatelink.postgres.database.azure.com"
# Azure Files (Microsoft.Storage/storageAccounts, subresource `file`): the PostgreSQL login
# step's storage account, which its deployment script container mounts (recipes/azure/db_login.py).
FILE_ZONE = "privatelink.file.core.windows.net"
FILE_GROUP_ID = "file"
# The services a recipe reaches privately: the key `compute.private_dns_zone_ids` takes -> the
# zone name Azure fixes for it.
ZONES = {"file": FILE_ZONE, "postgres": POSTGRES_ZONE, "redis": REDIS_ZONE}
# Private endpoint, NAT gateway and public IP names: 1-80 letters, digits, '_', '.', '-',
# starting with a letter or digit (Azure resource name rules, Microsoft.Network).
NETWORK_NAME_MAX = 80


@dataclass(frozen=True)
class PrivateNetwork:
    """Where an environment's private endpoints go and which network resolves them."""

    subnet_id: Any  # a subnet that is not delegated (delegated subnets hold only their service)
    vnet_id: Any  # the network the privatelink zones are linked to (the containers' network)


def link_options(opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """A private DNS zone's VirtualNetworkLink: it names its network for good (a link to another
    network is another link), and the library gives it a fixed name, which azure-native's create
    refuses while it exists (pulumi/pulumi-azure-native#303): when its network changes (aca's
    address_space changed, a new subnet_id), it is replaced, deleting the old one first (review
    R-AZ-6)."""
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(replace_on_changes=["virtualNetwork"],
                                                                     delete_before_replace=True))


class PrivateZones:
    """The `privatelink.*` zones of one environment, each linked to its network, made once."""

    def __init__(self, azure: AzureContext, network: PrivateNetwork, parent: pulumi.Resource,
                 existing: Optional[dict[str, str]] = None):
        self.azure = azure
        self.network = network
        self.parent = parent
        self.existing = dict(existing or {})  # key -> an existing zone's ARM ID
        self._zones: dict[str, Any] = {}

    def zone(self, key: str, zone_name: str) -> tuple[Any, Optional[Any]]:
        """The zone `zone_name`'s ID and the link a client waits for (None for an existing zone,
        which is linked already); registered on first use. `key` names its Pulumi resources."""
        if key in self.existing:
            return self.existing[key], None
        if zone_name not in self._zones:
            env = self.azure.environment
            opts = pulumi.ResourceOptions(parent=self.parent)
            zone = azure_native.privatedns.PrivateZone(
                f"{env}-{key}-private-zone", private_zone_name=zone_name, resource_group_name=self.azure.resource_group_name,
                location="global", tags=self.azure.tags(), opts=opts)
            link = azure_native.privatedns.VirtualNetworkLink(
                f"{env}-{key}-private-link", private_zone_name=zone.name, resource_group_name=self.azure.resource_group_name,
                location="global", virtual_network_link_name=az.aci_name(env, key, "link", max_length=NETWORK_NAME_MAX),
                registration_enabled=False, virtual_network={"id": self.network.vnet_id},
                # A privatelink zone linked to the network answers every `<name>.privatelink.<zone>`
                # asked there, also for another account's or server's private endpoint that is not
                # in it (NXDOMAIN: e.g. a workload's own Azure Files share of another storage
                # account, once the login step's file zone is linked). NxDomainRedirect: "Azure DNS
                # resolver falls back to public resolution if private dns query resolution results
                # in non-existent domain response" (VirtualNetworkLink `resolutionPolicy`, API
                # 2024-06-01; MicrosoftDocs/azure-docs articles/dns/private-dns-fallback.md, preview).
                # An in-place property of the link (review R-AZL-6).
                resolution_policy="NxDomainRedirect", tags=self.azure.tags(),
                opts=link_options(pulumi.ResourceOptions(parent=zone)))
            self._zones[zone_name] = (zone.id, link)
        return self._zones[zone_name]


def private_endpoint(azure: AzureContext, *, name: str, endpoint_name: str, target_id: Any, group_id: str,
                     network: PrivateNetwork, zone_id: Any, zone_link: Optional[Any], tags: dict[str, str],
                     opts: pulumi.ResourceOptions) -> tuple[Any, Any]:
    """A private endpoint to `target_id`'s `group_id` in the environment's private endpoint
    subnet, and its DNS zone group (which writes the A record into the zone `zone_id`). Returns both; a
    client is ready to connect once the zone group exists and the zone is linked."""
    endpoint = azure_native.network.PrivateEndpoint(
        f"{name}-private-endpoint", private_endpoint_name=endpoint_name, resource_group_name=azure.resource_group_name,
        location=azure.location, subnet={"id": network.subnet_id},
        # Auto-approved: the deployer owns the target (a manual connection would wait for approval).
        private_link_service_connections=[{"name": endpoint_name, "privateLinkServiceId": target_id,
                                           "groupIds": [group_id]}],
        tags=tags,
        # azure-native replaces an endpoint whose subnet changes (Azure cannot move one between
        # subnets: pulumi/pulumi-azure-native#3883), and its create refuses a name that exists
        # (pulumi/pulumi-azure-native#303): the fixed-name endpoint is deleted before its
        # replacement is created, when the network moves (review R-AZ-6).
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(delete_before_replace=True)))
    group = azure_native.network.PrivateDnsZoneGroup(
        f"{name}-private-dns", private_endpoint_name=endpoint.name, resource_group_name=azure.resource_group_name,
        private_dns_zone_group_name="default",
        private_dns_zone_configs=[{"name": az.aci_name(group_id) or "zone", "privateDnsZoneId": zone_id}],
        opts=pulumi.ResourceOptions(parent=endpoint, depends_on=[zone_link] if zone_link is not None else None))
    return endpoint, group
