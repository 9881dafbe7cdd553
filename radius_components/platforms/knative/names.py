"""Knative object names: the `kubernetes` kind's (`<app>-<container>`, in the environment's
namespace), plus what Knative reserves."""

from __future__ import annotations

from ...errors import RadiusValidationError
from ...model import ContainerArgs
from ..kubernetes.manifests import ContainerNames
from ..kubernetes.names import container_names as kubernetes_container_names

# Knative runs its queue-proxy beside the container under this name, and refuses a user
# container of the same name (knative.dev/serving v0.42.2, pkg/apis/serving/k8s_validation.go,
# reservedContainerNames).
RESERVED_CONTAINER_NAMES = ("queue-proxy",)


def container_names(label: str, app: str, resource: str, namespace: str, args: ContainerArgs,
                    prefixed: bool = True) -> ContainerNames:
    """The Service, ServiceAccount and Secret names: the kubernetes kind's, so a program moved
    between the two kinds keeps its object names; the Knative Service takes the name the
    Deployment and Service have there."""
    names = kubernetes_container_names(label, app, resource, namespace, args, prefixed)
    if names.container in RESERVED_CONTAINER_NAMES:
        raise RadiusValidationError(label, "name", resource,
                                    f"the container would be named '{names.container}', which Knative reserves for "
                                    "its own sidecar", "give the container another name")
    return names


def cluster_local_hostname(names: ContainerNames) -> str:
    """`<service>.<namespace>.svc.cluster.local`: where Knative serves every Service inside the
    cluster, on port 80 (Knative's cluster-local domain, config-domain's `svc.cluster.local`)."""
    return f"{names.workload}.{names.namespace}.svc.cluster.local"
