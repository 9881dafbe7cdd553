"""The `knative` kind declares itself: everything the rest of the library reads about it.

Imports no Kubernetes SDK (the platform, `platform.py`, is named, loaded when an Environment of
this kind is created). Registered through the entry point group `radius_components.platforms`
(pyproject.toml), like a third-party kind. Its recipes and secret store are the kubernetes
kind's: a Knative cluster is a Kubernetes cluster, and the Redis and PostgreSQL servers run as
ordinary Deployments/StatefulSets beside the Knative Services.
"""

from __future__ import annotations

from ...declarations import KindDeclaration, OutputDeclaration
from ..kubernetes.kind import CAPABILITIES as KUBERNETES_CAPABILITIES
from .model import KnativeCompute, KnativeRuntime


def sample_compute() -> KnativeCompute:
    """A minimal valid compute: what another kind's Environment becomes when `check` runs a
    program on this kind."""
    return KnativeCompute(namespace="radius-check")


# What this kind does with each portable field (capabilities.ROWS, by key): the kubernetes
# kind's, except where Knative runs a container differently.
CAPABILITIES = {
    **KUBERNETES_CAPABILITIES,
    "ports_many": "rejected",
    "ports_none": "rejected (a Knative Service is reached and scaled through its port)",
    "ports_udp": "rejected",
    "ports_scheme": "`http`/`grpc` name the port `http1`/`h2c`; `https`/`tcp` rejected",
    "ports_port": "80 only (Knative serves every Service on port 80), else rejected",
    "readiness_probe": "mapped (httpGet/tcp run by Knative's queue-proxy)",
    "volumes_disk": "mapped (emptyDir)",
    "volumes_persistent": "rejected unless the compute says Knative's PVC feature flags are on; then a PersistentVolumeClaim, not ReadWriteOnce",
    "manual_scaling": "min-scale = max-scale = replicas (0 rejected); default: scale to zero",
    "auto_scaling": "the HPA class (`autoscaling.knative.dev/class`, one metric; memory as MiB of the request), "
                    "with `KnativeCompute(serving_hpa=True)` (the optional serving-hpa component); else rejected",
    "auto_scaling_requests": "Knative's own autoscaler: metric `concurrency`, `target` = concurrent_requests",
    "auto_scaling_keda": "rejected (Knative scales to zero by itself on requests)",
    "metadata_annotations": "mapped (`autoscaling.knative.dev/*` rejected)",
    "dapr_sidecar": "rejected",
}

OUTPUTS = (
    OutputDeclaration("namespace", "The namespace the environment's applications deploy into.", "Environment"),
    OutputDeclaration("namespace", "The namespace its objects are in.", "Application"),
    OutputDeclaration("namespace", "The namespace its objects are in.", "Container"),
    OutputDeclaration("service_account_name", "Its ServiceAccount (the identity its grants go to).", "Container"),
    OutputDeclaration("service_name", "Its Knative Service.", "Container"),
    OutputDeclaration("uri", "Its Knative Service's URL as Knative reports it (`status.url`; None in render mode).",
                      "Container"),
    OutputDeclaration("domain_mapping_name", "Its DomainMapping (the hostname; None without one).", "Gateway",
                      required=False),
)

KIND = KindDeclaration(
    name="knative",
    title="Knative Serving",
    docs="kinds/knative.md",
    platform="radius_components.platforms.knative.platform:KnativePlatform",
    compute_model=KnativeCompute,
    sample_compute=sample_compute,
    extra=None,
    runtime_model=KnativeRuntime,
    # Its block is a pydantic model, checked when the container's arguments parse.
    runtime_checks=None,
    capabilities=CAPABILITIES,
    rejects=frozenset({"volumes_persistent", "ports_many", "ports_none", "ports_udp", "dapr_sidecar", "restart_policy",
                       "auto_scaling_keda", "auto_scaling"}),
    claims="Knative Service, ServiceAccount and Secret",
    secret_store="radius_components.platforms.kubernetes.secret_store",
    gateway=True,
    recipes={"RedisCache": "radius_components.recipes.kubernetes.redis:redis_recipe",
             "SqlDatabase": "radius_components.recipes.kubernetes.postgres:postgres_recipe",
             "Volume": "radius_components.recipes.kubernetes.volume:volume_recipe"},
    outputs=OUTPUTS,
    order=60,
    mocks="radius_components.platforms.knative.mocks",
)
