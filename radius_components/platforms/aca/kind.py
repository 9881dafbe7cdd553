"""The `aca` kind declares itself: everything the rest of the library reads about it.

Imports no Azure SDK (the platform, `platform.py`, is named, loaded when an Environment of this
kind is created). Registered through the entry point group `radius_components.platforms`
(pyproject.toml), like a third-party kind.
"""

from __future__ import annotations

from ...declarations import KindDeclaration, OutputDeclaration
from ..azure.declared import CHECK_PLACEMENT, ENVIRONMENT_OUTPUTS, MEMBER_OUTPUTS
from .model import AcaCompute


def sample_compute() -> AcaCompute:
    """A minimal valid compute: what another kind's Environment becomes when `check` runs a
    program on this kind."""
    return AcaCompute(**CHECK_PLACEMENT)


# What this kind does with each portable field (capabilities.ROWS, by key).
CAPABILITIES = {
    "image": "mapped",
    "image_pull_policy": "`Never` rejected, else ignored",
    "command_args": "mapped",
    "working_dir": "rejected",
    "env": "mapped (app secrets)",
    "secret_ref_string": "a Key Vault secret (needs `key_vault_id`)",
    "ports_one": "mapped (ingress)",
    "ports_many": "rejected",
    "ports_none": "mapped (no ingress)",
    "ports_udp": "rejected",
    "ports_scheme": "`http`/`grpc`/`tcp` pick the transport; `https` rejected",
    "ports_port": "HTTP: 80 or 443; TCP: any but 80/443",
    "readiness_probe": "httpGet, tcp; exec rejected",
    "liveness_probe": "httpGet, tcp; exec rejected",
    "resources": "mapped (pairs the profile offers)",
    "volumes_disk": "mapped",
    "volumes_memory": "rejected",
    "volumes_persistent": "an Azure Files share (environment storage, ReadOnly for read)",
    "connections": "mapped",
    "iam_roles": "Azure role names or IDs",
    "manual_scaling": "mapped",
    "auto_scaling": "`template.scale` cpu / memory rules (`type: Utilization`)",
    "auto_scaling_requests": "`template.scale` http rule (`concurrentRequests`; tcp: `concurrentConnections`)",
    "auto_scaling_keda": "`template.scale` custom rule (KEDA scaler); min 0",
    "metadata_labels": "mapped (tags)",
    "metadata_annotations": "ignored",
    "dapr_sidecar": "mapped",
    "restart_policy": "rejected",
}

OUTPUTS = (
    *ENVIRONMENT_OUTPUTS,
    OutputDeclaration("managed_environment_id", "The Container Apps managed environment (ARM ID).", "Environment"),
    OutputDeclaration("default_domain", "The managed environment's default domain.", "Environment"),
    OutputDeclaration("static_ip", "The created managed environment's static IP.", "Environment"),
    OutputDeclaration("custom_domain_verification_id", "The value of the `TXT asuid.<host>` record a Gateway's "
                      "custom domain needs.", "Environment"),
    OutputDeclaration("log_analytics_workspace_id", "The created managed environment's Log Analytics workspace.",
                      "Environment"),
    *MEMBER_OUTPUTS,
    OutputDeclaration("container_app_id", "Its container app (ARM ID).", "Container"),
    OutputDeclaration("container_app_name", "Its container app's name.", "Container"),
    OutputDeclaration("latest_revision_name", "The container app's latest revision.", "Container"),
    OutputDeclaration("fqdn", "The container app's own FQDN (with ports).", "Container"),
    OutputDeclaration("route_fqdn", "The FQDN the HTTP route configuration serves.", "Gateway"),
)

KIND = KindDeclaration(
    name="aca",
    title="Azure Container Apps",
    docs="kinds/aca.md",
    platform="radius_components.platforms.aca.platform:AcaPlatform",
    compute_model=AcaCompute,
    sample_compute=sample_compute,
    extra="azure",
    runtime_checks="radius_components.platforms.aca.validate:runtime_block_errors",
    capabilities=CAPABILITIES,
    rejects=frozenset({"working_dir", "ports_many", "ports_udp", "volumes_memory", "restart_policy"}),
    claims="container app",
    secret_store="radius_components.platforms.aca.secret_store",
    gateway=True,
    recipes={"RedisCache": "radius_components.recipes.azure.redis:redis_recipe",
             "SqlDatabase": "radius_components.recipes.azure.postgres:postgres_recipe",
             "Volume": "radius_components.recipes.azure.volume:volume_recipe"},
    outputs=OUTPUTS,
    order=30,
    mocks="radius_components.platforms.azure.mocks",
)
