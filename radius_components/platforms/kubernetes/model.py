"""The `kubernetes` kind's models: `Environment(compute=KubernetesCompute(...))` and
`runtimes.kubernetes`. Pure pydantic: no Kubernetes SDK is imported here."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from ...model.base import RadiusModel


class KubernetesCompute(RadiusModel):
    """An environment on a Kubernetes cluster: the environment's namespace (data stores) and, by
    default, one namespace per application (Radius's layout)."""

    kind: Literal["kubernetes"] = "kubernetes"
    """The compute kind; set by the class, given only in the dict spelling."""
    namespace: str = "default"
    """Namespace the environment's applications deploy into."""
    create_namespace: Optional[bool] = None
    """True: the stack creates the Namespace and owns it (`pulumi destroy` deletes it); the
    provider creates rather than adopts, so a namespace that already exists is an error
    (`AlreadyExists`). False: only use a namespace that exists; the stack never deletes it.
    None (default): create it, except the namespaces every cluster has (`default`,
    `kube-system`, `kube-public`, `kube-node-lease`), which are only used."""
    application_namespaces: bool = True
    """Radius's layout (default): each application in a namespace of its own,
    `<namespace>-<application>` or its `kubernetesNamespace` extension (created and owned by the
    stack), and a container's or gateway's objects named after it (container `web`: Deployment
    and Service `web`, so `http://web:3000` reaches it from the application's other containers,
    as under Radius). False: the earlier layout, every application in `namespace` with objects
    named `<application>-<resource>`; a stack deployed before this default keeps its objects
    where they are with False (docs/upgrading.md). Recipe data stores (Redis, PostgreSQL)
    stay in `namespace` either way (their volumes do not move namespaces)."""
    kubeconfig: Optional[str] = None
    """Cluster access; all optional: without them the ambient kubeconfig is used."""
    context: Optional[str] = None
    """The kubeconfig context to use; default: the current one."""
    keda: bool = False
    """True: KEDA (keda.sh) runs on the cluster, so an `autoScaling` extension that needs it
    (a `custom` metric, `min_replicas: 0`) becomes a KEDA ScaledObject; cpu/memory-only
    autoscaling is a HorizontalPodAutoscaler either way. False (default): those are refused."""
    # min_length: "" is no directory (it would render into the working directory, or be read as
    # "not set" by code that tests truthiness); None is how "talk to the cluster" is spelled.
    render_yaml_to_directory: Optional[str] = Field(default=None, min_length=1)
    """Write manifests to this directory instead of talking to a cluster."""


class KubernetesRuntime(RadiusModel):
    """`runtimes.kubernetes`."""

    base: Optional[str] = None
    """A YAML manifest (one or more documents) that the generated objects are merged into."""
    pod: Optional[dict[str, Any]] = None
    """A strategic-merge patch applied to the generated PodSpec."""
    read_namespace_secrets: bool = False
    """Radius's secret access, opt-in: a Role that may `get` and `list` every Secret of the
    container's namespace, bound to its ServiceAccount, and the token mounted (what Radius gives
    every container; Dapr's Kubernetes secret store needs it). Wider than the default, which
    grants nothing: the container can then read every Secret there (database and cache
    passwords, other containers' connection Secrets, SecretStores). Only with the compute's
    `application_namespaces` (refused in the shared namespace, which also holds the recipes' and
    other applications' Secrets)."""
