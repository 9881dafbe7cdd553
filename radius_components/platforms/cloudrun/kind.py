"""The `cloudrun` kind declares itself: everything the rest of the library reads about it.

Imports no GCP SDK (the platform, `platform.py`, is named, loaded when an Environment of this
kind is created). Registered through the entry point group `radius_components.platforms`
(pyproject.toml), like a third-party kind.
"""

from __future__ import annotations

from ...declarations import KindDeclaration, OutputDeclaration
from .model import CloudRunCompute


def sample_compute() -> CloudRunCompute:
    """A minimal valid compute: what another kind's Environment becomes when `check` runs a
    program on this kind."""
    return CloudRunCompute(project="radius-check", region="europe-west4")


# What this kind does with each portable field (capabilities.ROWS, by key).
CAPABILITIES = {
    "image": "mapped",
    "image_pull_policy": "`Never` rejected, else ignored",
    "command_args": "mapped",
    "working_dir": "mapped",
    "env": "mapped (Secret Manager)",
    "secret_ref_string": "a Secret Manager secret (`key` = version)",
    "ports_one": "mapped",
    "ports_many": "rejected (except `runtimes.cloudrun.sidecar_ports`)",
    "ports_none": "a worker pool (`cloudrunv2.WorkerPool`, no URL)",
    "ports_udp": "rejected",
    "ports_scheme": "`http`/`grpc` pick the protocol; `https`/`tcp` rejected",
    "ports_port": "rejected (443 only)",
    "readiness_probe": "the startup probe (httpGet, tcp; exec rejected)",
    "liveness_probe": "httpGet; tcp and exec rejected",
    "resources": "mapped (Cloud Run's CPU/memory table)",
    "volumes_disk": "rejected",
    "volumes_memory": "mapped",
    "volumes_persistent": "a Cloud Storage bucket (Cloud Storage FUSE, gen2), the service account granted on it",
    "connections": "mapped (+ `run.invoker`)",
    "iam_roles": "GCP roles, on a Container target only",
    "manual_scaling": "mapped",
    "auto_scaling": "cpu: the revision's CPU utilization target (10-90%); memory rejected; worker pools rejected",
    "auto_scaling_requests": "`max_instance_request_concurrency` = concurrent_requests (a cap: Cloud Run scales out at 60% of it)",
    "auto_scaling_keda": "rejected (custom); min 0 mapped (Cloud Run scales to zero)",
    "metadata_labels": "mapped (labels)",
    "metadata_annotations": "mapped",
    "dapr_sidecar": "rejected",
    "restart_policy": "rejected",
}

OUTPUTS = (
    OutputDeclaration("project", "The GCP project.", "Environment"),
    OutputDeclaration("region", "The Cloud Run region.", "Environment"),
    OutputDeclaration("project_number", "The project's number.", "Environment"),
    OutputDeclaration("network", "The VPC network of Direct VPC egress.", "Environment"),
    OutputDeclaration("subnet", "The subnetwork of Direct VPC egress.", "Environment"),
    OutputDeclaration("project", "The GCP project.", "Application"),
    OutputDeclaration("region", "The Cloud Run region.", "Application"),
    OutputDeclaration("service_name", "Its Cloud Run service.", "Container"),
    OutputDeclaration("service_account_email", "Its service account (the identity its grants go to).", "Container"),
    OutputDeclaration("uri", "The service's URI as Cloud Run reports it.", "Container"),
    OutputDeclaration("project", "The GCP project.", "Container"),
    OutputDeclaration("region", "The Cloud Run region.", "Container"),
    OutputDeclaration("ip_address", "The external load balancer's IP address.", "Gateway"),
    OutputDeclaration("url_map", "The load balancer's URL map.", "Gateway"),
)

KIND = KindDeclaration(
    name="cloudrun",
    title="Google Cloud Run",
    docs="kinds/cloudrun.md",
    platform="radius_components.platforms.cloudrun.platform:CloudRunPlatform",
    compute_model=CloudRunCompute,
    sample_compute=sample_compute,
    extra="gcp",
    runtime_checks="radius_components.platforms.cloudrun.validate:runtime_block_errors",
    capabilities=CAPABILITIES,
    rejects=frozenset({"ports_many", "ports_udp", "ports_port", "volumes_disk", "dapr_sidecar", "restart_policy",
                       "auto_scaling_keda"}),
    claims="Cloud Run service and service account",
    secret_store="radius_components.platforms.cloudrun.secret_store",
    gateway=True,
    recipes={"RedisCache": "radius_components.recipes.gcp.redis:redis_recipe",
             "SqlDatabase": "radius_components.recipes.gcp.postgres:postgres_recipe",
             "Volume": "radius_components.recipes.gcp.volume:volume_recipe"},
    outputs=OUTPUTS,
    order=50,
    mocks="radius_components.platforms.cloudrun.mocks",
)
