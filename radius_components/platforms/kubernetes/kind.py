"""The `kubernetes` kind declares itself: everything the rest of the library reads about it.

Imports no Kubernetes SDK (the platform, `platform.py`, is named, loaded when an Environment of
this kind is created). Registered through the entry point group `radius_components.platforms`
(pyproject.toml), like a third-party kind.
"""

from __future__ import annotations

from ...declarations import KindDeclaration, OutputDeclaration
from .model import KubernetesCompute, KubernetesRuntime


def sample_compute() -> KubernetesCompute:
    """A minimal valid compute: what another kind's Environment becomes when `check` runs a
    program on this kind."""
    return KubernetesCompute(namespace="radius-check")


# What this kind does with each portable field (capabilities.ROWS, by key).
CAPABILITIES = {
    "image": "mapped",
    "image_pull_policy": "mapped",
    "command_args": "mapped",
    "working_dir": "mapped",
    "env": "mapped",
    "secret_ref_string": "an existing Secret",
    "ports_one": "mapped",
    "ports_many": "mapped",
    "ports_none": "mapped (no Service)",
    "ports_udp": "mapped",
    "ports_scheme": "in the URL",
    "ports_port": "mapped (Service port)",
    "readiness_probe": "mapped",
    "liveness_probe": "mapped",
    "resources": "mapped",
    "volumes_disk": "mapped",
    "volumes_memory": "mapped",
    "volumes_persistent": "a PersistentVolumeClaim (ReadWriteOnce: one replica, Recreate)",
    "connections": "mapped",
    "iam_roles": "Role/ClusterRole names (bound in the namespace), or `<verbs>:<resource>/<name>` on one object",
    "manual_scaling": "mapped",
    "auto_scaling": "a HorizontalPodAutoscaler (`autoscaling/v2`); the Deployment leaves `replicas` to it",
    "auto_scaling_requests": "rejected (no request metric in Kubernetes or KEDA core: use a custom prometheus metric)",
    "auto_scaling_keda": "a KEDA ScaledObject, with `KubernetesCompute(keda=True)`; else rejected",
    "metadata_labels": "mapped",
    "metadata_annotations": "mapped",
    "dapr_sidecar": "mapped",
    "restart_policy": "rejected",
}

OUTPUTS = (
    OutputDeclaration("namespace", "The namespace the environment's applications deploy into.", "Environment"),
    OutputDeclaration("namespace", "The namespace its objects are in.", "Application"),
    OutputDeclaration("namespace", "The namespace its objects are in.", "Container"),
    OutputDeclaration("service_account_name", "Its ServiceAccount (the identity its grants go to).", "Container"),
    OutputDeclaration("service_name", "Its Service (None without ports).", "Container"),
    OutputDeclaration("ingress_name", "Its Ingress (the default, `runtimes.kubernetes.api: Ingress`).", "Gateway"),
    OutputDeclaration("gateway_name", "Its Gateway API Gateway (`runtimes.kubernetes.api: GatewayAPI`).", "Gateway"),
)

KIND = KindDeclaration(
    name="kubernetes",
    title="Kubernetes",
    docs="kinds/kubernetes.md",
    platform="radius_components.platforms.kubernetes.platform:KubernetesPlatform",
    compute_model=KubernetesCompute,
    sample_compute=sample_compute,
    extra=None,
    runtime_model=KubernetesRuntime,
    # Its block is a pydantic model, checked when the container's arguments parse.
    runtime_checks=None,
    capabilities=CAPABILITIES,
    rejects=frozenset({"restart_policy", "auto_scaling_keda", "auto_scaling_requests"}),
    claims="Kubernetes Deployment and Service",
    secret_store="radius_components.platforms.kubernetes.secret_store",
    gateway=True,
    recipes={"RedisCache": "radius_components.recipes.kubernetes.redis:redis_recipe",
             "SqlDatabase": "radius_components.recipes.kubernetes.postgres:postgres_recipe",
             "Volume": "radius_components.recipes.kubernetes.volume:volume_recipe"},
    outputs=OUTPUTS,
    order=10,
    mocks="radius_components.platforms.kubernetes.mocks",
)
