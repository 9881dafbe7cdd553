"""The `aci` kind declares itself: everything the rest of the library reads about it.

Imports no Azure SDK (the platform, `platform.py`, is named, loaded when an Environment of this
kind is created). Registered through the entry point group `radius_components.platforms`
(pyproject.toml), like a third-party kind.
"""

from __future__ import annotations

from ...declarations import KindDeclaration, OutputDeclaration
from ...env_names import EnvNameRule
from ..azure.declared import CHECK_PLACEMENT, ENVIRONMENT_OUTPUTS, MEMBER_OUTPUTS
from .model import AciCompute


def sample_compute() -> AciCompute:
    """A minimal valid compute: what another kind's Environment becomes when `check` runs a
    program on this kind."""
    return AciCompute(**CHECK_PLACEMENT)


# What this kind does with each portable field (capabilities.ROWS, by key).
CAPABILITIES = {
    "image": "mapped",
    "image_pull_policy": "`Never` rejected, else ignored (pulled at every start)",
    "command_args": "mapped (one command list); `args` alone rejected",
    "working_dir": "rejected",
    "env": "mapped (`secureValue`)",
    "secret_ref_string": "rejected",
    "ports_one": "mapped",
    "ports_many": "mapped (5 at most)",
    "ports_none": "mapped (no IP address)",
    "ports_udp": "mapped",
    "ports_scheme": "in the URL",
    "ports_port": "with `manualScaling` (load balancer), else rejected",
    "readiness_probe": "httpGet, exec; tcp rejected",
    "liveness_probe": "httpGet, exec; tcp rejected",
    "resources": "mapped (4 CPU / 16 GB per group)",
    "volumes_disk": "mapped",
    "volumes_memory": "rejected",
    "volumes_persistent": "an Azure Files share (azureFile volume, account key as a secure value)",
    "connections": "mapped",
    "iam_roles": "Azure role names or IDs",
    "manual_scaling": "mapped (NGroup + load balancer)",
    "auto_scaling": "rejected (NGroups keep a fixed count: use `manualScaling`)",
    "auto_scaling_requests": "rejected",
    "auto_scaling_keda": "rejected",
    "metadata_labels": "mapped (tags)",
    "metadata_annotations": "ignored",
    "dapr_sidecar": "rejected",
    "restart_policy": "mapped",
}

OUTPUTS = (
    *ENVIRONMENT_OUTPUTS,
    OutputDeclaration("dns_zone", "The private DNS zone containers are reached under.", "Environment"),
    OutputDeclaration("subnet_id", "The subnet the container groups run in.", "Environment"),
    OutputDeclaration("virtual_network_id", "The containers' virtual network.", "Environment"),
    OutputDeclaration("nat_gateway_id", "The NAT gateway of a created network.", "Environment"),
    OutputDeclaration("log_analytics_workspace_id", "The Log Analytics workspace (with `log_analytics`).",
                      "Environment"),
    *MEMBER_OUTPUTS,
    OutputDeclaration("container_group_name", "Its container group (or container group profile).", "Container"),
    OutputDeclaration("ngroup_name", "Its NGroup (with `manualScaling`).", "Container"),
    OutputDeclaration("load_balancer_name", "Its internal load balancer (with `manualScaling` and ports).",
                      "Container"),
    OutputDeclaration("private_ip_address", "The private IP address other containers reach it at.", "Container"),
    OutputDeclaration("public_ip_address", "The Application Gateway's public IP address.", "Gateway"),
    OutputDeclaration("application_gateway_id", "The Application Gateway (ARM ID).", "Gateway"),
)

# ACI refuses '-' and '.' in env var names: "A valid environment variable name must start with
# alphabetic character or '_', followed by a string of alphanumeric characters or '_'"
# (InvalidContainerEnvironmentVariable; Azure/azure-cli#21047, MicrosoftDocs/azure-docs#37092).
# So a connection's Radius name (`CONNECTION_TEST-CONNECTION_HOST`) is spelled with '_' here.
ENV_NAMES = EnvNameRule(
    name=r"[A-Za-z_][A-Za-z0-9_]*",
    allowed="letters, digits and '_'",
    source="Azure Container Instances, InvalidContainerEnvironmentVariable",
    refused=r"[^A-Z0-9_]+",
)

KIND = KindDeclaration(
    name="aci",
    env_names=ENV_NAMES,
    title="Azure Container Instances",
    docs="kinds/aci.md",
    platform="radius_components.platforms.aci.platform:AciPlatform",
    compute_model=AciCompute,
    sample_compute=sample_compute,
    extra="azure",
    runtime_checks="radius_components.platforms.aci.validate:runtime_block_errors",
    capabilities=CAPABILITIES,
    rejects=frozenset({"working_dir", "ports_port", "volumes_memory", "dapr_sidecar", "auto_scaling",
                       "auto_scaling_keda", "auto_scaling_requests"}),
    claims="ACI container group and private DNS record",
    secret_store="radius_components.platforms.aci.secret_store",
    gateway=True,
    recipes={"RedisCache": "radius_components.recipes.azure.redis:redis_recipe",
             "SqlDatabase": "radius_components.recipes.azure.postgres:postgres_recipe",
             "Volume": "radius_components.recipes.azure.volume:volume_recipe"},
    outputs=OUTPUTS,
    order=20,
    mocks="radius_components.platforms.azure.mocks",
)
