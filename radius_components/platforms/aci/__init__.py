"""The `aci` compute kind: Azure Container Instances in a private virtual network.

Per environment: a resource group (adopted or created), a virtual network with a subnet
delegated to Microsoft.ContainerInstance/containerGroups whose egress goes through a NAT
gateway (ACI's only supported outbound path from a virtual network), a subnet for internal
load balancers and one for private endpoints (or the user's subnets), a private DNS zone
linked to the network, and optionally a Log Analytics workspace. Per container: a
user-assigned managed identity, role assignments scoped to exactly what it connects to, and
either one container group (replaced, not updated, on what ACI cannot change in place) or
(manualScaling) a container group profile + an NGroup running that many groups, rolled to
every new profile revision, behind an internal load balancer. Other containers reach it at
`<app>-<container>.<zone>`, a private DNS A record of the group's IP (or the load balancer's),
updated when a `pulumi up` sees a new IP: a single group that ACI restarts on another host can
get a new IP, and its record is stale until `pulumi up --refresh` (README, aci mapping notes);
a load balancer's frontend IP does not change.
Recipe resources (Azure Managed Redis) get private endpoints in the private endpoint subnet
(see platforms/azure/private_link.py).

Layout: `kind.py` declares the kind (`KIND`, imports no cloud SDK: the registry, `check` and
the capability matrix read it), `model.py` holds its compute model, `platform.py` the
`AciPlatform`, imported only when an Environment of this kind is created (it loads
pulumi_azure_native). Import rule (no circles): this `__init__` is only this docstring; the
platform reaches its built-in recipes through the declaration's `recipes`, lazily, and the
recipes (recipes/azure/*) import only `platforms.azure.names` and `platforms.azure.private_link`,
never this package.
"""
