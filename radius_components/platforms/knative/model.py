"""The `knative` kind's models: `Environment(compute=KnativeCompute(...))` and `runtimes.knative`.
Pure pydantic: no Kubernetes SDK is imported here."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ...model.base import RadiusModel


class KnativeCompute(RadiusModel):
    """An environment on a Kubernetes cluster with Knative Serving: the environment's namespace
    (data stores) and, by default, one namespace per application; a Knative Service per container."""

    kind: Literal["knative"] = "knative"
    """The compute kind; set by the class, given only in the dict spelling."""
    namespace: str = "default"
    """Namespace the environment's applications deploy into."""
    create_namespace: Optional[bool] = None
    """As on the kubernetes kind: True creates and owns the Namespace, False only uses an
    existing one, None (default) creates it except the namespaces every cluster has."""
    application_namespaces: bool = True
    """As on the kubernetes kind: Radius's layout (default), each application in a namespace of
    its own (`<namespace>-<application>`, or its kubernetesNamespace extension) and each
    container's Knative Service, ServiceAccount and Secret named after it; recipe data stores
    stay in `namespace`. False: the earlier layout (every application in `namespace`, objects
    named `<application>-<resource>`), which a stack deployed before this default keeps with it."""
    kubeconfig: Optional[str] = None
    """Cluster access; all optional: without them the ambient kubeconfig is used."""
    context: Optional[str] = None
    """The kubeconfig context to use; default: the current one."""
    render_yaml_to_directory: Optional[str] = None
    """Write manifests to this directory instead of talking to a cluster."""
    claim_domains: bool = True
    """Claim each Gateway hostname for the environment's namespace (a cluster-scoped
    ClusterDomainClaim beside its DomainMapping): Knative maps a host only once it is claimed, and
    creates claims itself only with `autocreate-cluster-domain-claims` on (off by default). Needs
    the right to create ClusterDomainClaims; False where the cluster creates them."""
    podspec_persistent_volume_claim: bool = False
    """The cluster's Knative has the feature flag `kubernetes.podspec-persistent-volume-claim`
    enabled (config-features; `disabled` by default), so a container may mount a Volume's claim.
    Off: persistent volumes are refused (Knative's webhook would refuse the Service at `up`)."""
    podspec_persistent_volume_write: bool = False
    """The flag `kubernetes.podspec-persistent-volume-write` is enabled too, so a claim may be
    mounted for writing (`permission: write`); off: only `permission: read` mounts."""
    serving_hpa: bool = False
    """Knative's HPA autoscaling class is installed (`serving-hpa.yaml`, an optional component
    beside `serving-core.yaml`: knative.dev/docs/install/yaml-install/serving/install-serving-with-yaml/).
    Without it nothing reconciles a revision of class `hpa.autoscaling.knative.dev`, which then
    never becomes Ready; so cpu/memory `autoScaling` and `runtimes.knative.autoscaling_class: hpa...`
    are refused unless this says it is there. Scaling on requests (Knative's own autoscaler)
    needs nothing extra."""
    await_ready: bool = True
    """Wait in `up` until each Knative Service and DomainMapping reports Ready (the
    `pulumi.com/waitFor: condition=Ready` annotation: pulumi-kubernetes waits on a custom resource
    only when asked), so `uri` and the gateway's URL are known after the first `up` and a revision
    that cannot start fails it. False only where nothing reconciles them (a test cluster without
    Knative's controllers)."""


class KnativeRuntime(RadiusModel):
    """`runtimes.knative`: Knative Serving's own settings of the container's Service."""

    container_concurrency: Optional[int] = Field(default=None, ge=0, le=1000)
    """Requests one replica serves at once (`spec.template.spec.containerConcurrency`); 0 or
    unset: no limit (Knative's default). At most 1000 (`container-concurrency-max-limit`)."""
    timeout_seconds: Optional[int] = Field(default=None, ge=1, le=600)
    """How long a request may take (`spec.template.spec.timeoutSeconds`); default 300, at most
    600 (`max-revision-timeout-seconds`, both in Knative's config-defaults)."""
    min_scale: Optional[int] = Field(default=None, ge=0)
    """`autoscaling.knative.dev/min-scale`; default 0: scale to zero when idle."""
    max_scale: Optional[int] = Field(default=None, ge=0)
    """`autoscaling.knative.dev/max-scale`; 0 or unset: no limit."""
    target: Optional[float] = Field(default=None, gt=0)
    """`autoscaling.knative.dev/target`: the metric's value per replica the autoscaler aims at."""
    metric: Optional[Literal["concurrency", "rps", "cpu", "memory"]] = None
    """`autoscaling.knative.dev/metric`; `concurrency` and `rps` with the KPA class, `cpu` and
    `memory` with the HPA class."""
    autoscaling_class: Optional[Literal["kpa.autoscaling.knative.dev", "hpa.autoscaling.knative.dev"]] = None
    """`autoscaling.knative.dev/class`; default Knative's Pod Autoscaler (KPA). The HPA class
    cannot scale to zero."""
