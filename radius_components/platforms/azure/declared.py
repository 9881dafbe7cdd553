"""What aci and aca declare alike (their `kind.py` files): the outputs `AzurePlatform` sets on
both, from its resource-group placement and the per-container managed identity, and the
placement `check` gives a sample compute. No Azure SDK import: declarations load without it."""

from __future__ import annotations

from ...declarations import OutputDeclaration

# The placement of a sample compute (`check` on an Azure kind): any valid group and region.
CHECK_PLACEMENT = {"resource_group": "rg-radius-check", "location": "westeurope"}

# The Environment's placement outputs (AzurePlatform.provision_environment's common part).
ENVIRONMENT_OUTPUTS = (
    OutputDeclaration("resource_group_name", "The resource group of its resources.", "Environment"),
    OutputDeclaration("location", "The Azure region of its resources.", "Environment"),
)

# An application's and a container's placement, and the container's identity (the one its grants go to).
MEMBER_OUTPUTS = (
    OutputDeclaration("resource_group_name", "The resource group of its resources.", "Application"),
    OutputDeclaration("resource_group_name", "The resource group of its resources.", "Container"),
    OutputDeclaration("identity_id", "Its user-assigned managed identity (ARM ID).", "Container"),
    OutputDeclaration("identity_principal_id", "That identity's principal ID.", "Container"),
    OutputDeclaration("identity_client_id", "That identity's client ID.", "Container"),
)
