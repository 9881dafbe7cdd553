"""`autoScaling` on Kubernetes: a HorizontalPodAutoscaler, or a KEDA ScaledObject.

cpu and memory metrics alone, at least one replica: an `autoscaling/v2` HorizontalPodAutoscaler
(built into Kubernetes). A `custom` metric (a KEDA scaler) or `min_replicas: 0` (the HPA cannot
scale to zero without the alpha `HPAScaleToZero` feature gate) need KEDA: a `keda.sh/v1alpha1`
ScaledObject, which makes and owns an HPA itself; the compute says whether KEDA is installed
(`KubernetesCompute.keda`). cpu and memory become KEDA's `cpu` / `memory` triggers there.

`requests` (concurrent requests per replica) is refused: core Kubernetes has no request
metric, KEDA's core scalers none either (its HTTP add-on is a separate install with its own
`HTTPScaledObject` and interceptor proxy in the request path), and a `prometheus` trigger needs a
metrics source this library does not deploy. A cluster that has one uses a `custom` metric
(`type: prometheus`, `metadata: {serverAddress, query, threshold}`).

Plain manifest dicts, like manifests.py; the Deployment then leaves `replicas` to the autoscaler
(manifests.deployment, and the platform's `ignore_changes`).

Switching between the two, and leaving autoscaling, on a live cluster (review R-K8S-1..4):
- cpu/memory targets measure the app container alone (HPA `ContainerResource`, KEDA's
  `containerName`): a `Resource` target sums the requests of every container of the pod and fails
  on an injected sidecar without requests (Dapr's daprd has none by default: `missing request for
  cpu in container daprd`, kubernetes pkg/controller/podautoscaler/replica_calculator.go;
  dapr/dapr#7813). `ContainerResource` is beta (on by default) since Kubernetes 1.27, GA in 1.30.
- the HPA carries `validations.keda.sh/hpa-ownership: "false"`, so KEDA's admission webhook
  admits the ScaledObject that replaces it (adding a custom metric or min_replicas 0) while the
  HPA still exists: Pulumi creates the ScaledObject (another type, so another resource) before it
  deletes the HPA at the end of the same `up`.
- a ScaledObject restores the Deployment's count from before KEDA when it is deleted
  (`restoreToOriginalReplicaCount`): otherwise a Deployment KEDA left at zero stays at zero, as
  an HPA never scales a target that has zero replicas.
- the Deployment of a `manualScaling` container is applied with force (manifests.deployment),
  as kube-controller-manager (or keda-operator) owns `spec.replicas` after autoscaling.
"""

from __future__ import annotations

from typing import Any, Optional

from ...errors import RadiusValidationError
from ...model import ContainerArgs
from ...names import dns_label

HPA_API_VERSION = "autoscaling/v2"
KEDA_API_VERSION = "keda.sh/v1alpha1"
FIELD = "extensions.autoScaling"
# kedacore/keda apis/keda/v1alpha1/scaledobject_types.go (ValidationsHpaOwnershipAnnotation):
# KEDA's webhook skips an HPA carrying it "false" when it looks for another autoscaler of the
# workload (scaledobject_webhook.go verifyHpas), so a ScaledObject can replace the library's HPA.
HPA_OWNERSHIP_ANNOTATION = "validations.keda.sh/hpa-ownership"


def uses_keda(scaling: Any) -> bool:
    """A ScaledObject rather than an HPA: KEDA alone scales to zero and runs custom scalers."""
    return scaling.min_replicas == 0 or scaling.metric("custom") is not None


def _target_ref(workload: str) -> dict[str, Any]:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "name": workload}


def autoscaler(args: ContainerArgs, metadata: dict[str, Any], workload: str,
               container: str) -> Optional[dict[str, Any]]:
    """The HPA or ScaledObject for the container's Deployment (`container`: the app container's
    name in its pod); None without `autoScaling`."""
    scaling = args.extension("autoScaling")
    if scaling is None:
        return None
    if uses_keda(scaling):
        triggers = []
        for m in scaling.metrics:
            if m.kind == "custom":
                triggers.append({"type": m.type, "metadata": {k: m.metadata[k] for k in sorted(m.metadata)}})
            else:
                # keda.sh/docs/2.20/scalers/cpu/ (memory alike): metricType Utilization, value a
                # percent; containerName: of that container alone (cpu_memory_scaler.go), not the
                # pod's sum, which an injected sidecar without requests makes uncomputable.
                triggers.append({"type": m.kind, "metricType": "Utilization",
                                 "metadata": {"containerName": container, "value": str(m.value)}})
        # restoreToOriginalReplicaCount: on delete, KEDA's finalizer sets the count back to the one
        # before KEDA (kedacore/keda controllers/keda/scaledobject_finalizer.go); without it a
        # Deployment at zero stays there, and the HPA that may replace it never acts on a target at
        # zero (kubernetes pkg/controller/podautoscaler/horizontal.go: "scaling is disabled since
        # the replica count of the target is zero").
        advanced: dict[str, Any] = {"restoreToOriginalReplicaCount": True}
        hpa = f"keda-hpa-{workload}"
        if len(hpa) > 63:
            # KEDA names its HPA keda-hpa-<name> and refuses one longer than a label (63):
            # scaledobject_webhook.go verifyName; a shorter name is given in advanced settings.
            advanced["horizontalPodAutoscalerConfig"] = {"name": dns_label("keda-hpa", workload)}
        spec: dict[str, Any] = {"scaleTargetRef": _target_ref(workload), "minReplicaCount": scaling.min_replicas,
                                "maxReplicaCount": scaling.max_replicas, "triggers": triggers,
                                "advanced": advanced}
        return {"apiVersion": KEDA_API_VERSION, "kind": "ScaledObject", "metadata": metadata, "spec": spec}
    # ContainerResource (autoscaling/v2; kubernetes.io/docs/tasks/run-application/
    # horizontal-pod-autoscale/#container-resource-metrics): the app container's utilization, not
    # the pod's, which fails on a sidecar without requests.
    metrics = [{"type": "ContainerResource", "containerResource": {"name": m.kind, "container": container, "target": {
        "type": "Utilization", "averageUtilization": m.value}}} for m in scaling.metrics]
    metadata = {**metadata, "annotations": {**metadata.get("annotations", {}), HPA_OWNERSHIP_ANNOTATION: "false"}}
    return {"apiVersion": HPA_API_VERSION, "kind": "HorizontalPodAutoscaler", "metadata": metadata,
            "spec": {"scaleTargetRef": _target_ref(workload), "minReplicas": scaling.min_replicas,
                     "maxReplicas": scaling.max_replicas, "metrics": metrics}}


def check(label: str, args: ContainerArgs, keda: bool) -> list[RadiusValidationError]:
    """What Kubernetes (and KEDA) would refuse, or what this kind cannot do, before anything registers."""
    scaling = args.extension("autoScaling")
    if scaling is None:
        return []
    errors = []
    for i, m in enumerate(scaling.metrics):
        if m.kind == "requests":
            errors.append(scaling.refuse_metric(
                label, FIELD, i,
                "Kubernetes has no request-concurrency metric of its own, and KEDA's core scalers none either "
                "(its HTTP add-on is a separate install that proxies the requests)",
                "scale on cpu or memory, or give a custom metric (KEDA's prometheus scaler with your request-rate "
                "query) on a cluster with KEDA and Prometheus"))
        elif m.kind in ("cpu", "memory") and getattr(args.container.resources.requests, m.kind) is None \
                and getattr(args.container.resources.limits, m.kind) is None:
            # Utilization is a percent of the request (a limit alone defaults the request to it): the
            # HPA reports `failed to get cpu utilization: missing request for cpu`, and KEDA's admission
            # webhook refuses the ScaledObject ("the scaledobject has a cpu trigger but the container ...
            # doesn't have the cpu request defined": kedacore/keda apis/keda/v1alpha1/
            # scaledobject_webhook.go, verifyCPUMemoryScalers; it also accepts a namespace LimitRange
            # default, which this library cannot see).
            errors.append(scaling.refuse_metric(
                label, FIELD, i,
                f"a {m.kind} utilization target is a percent of the container's {m.kind} request, and it has none",
                f"set container.resources.requests.{m.kind} (or its limit)"))
    if uses_keda(scaling) and not keda:
        why = "a custom metric is a KEDA scaler" if scaling.metric("custom") is not None else \
            "only KEDA scales a Deployment to zero (the HPA keeps at least one replica)"
        errors.append(RadiusValidationError(
            label, f"{FIELD}.min_replicas" if scaling.min_replicas == 0 else f"{FIELD}.metrics",
            scaling.min_replicas if scaling.min_replicas == 0 else "custom",
            f"{why}, and the environment's compute does not say KEDA is installed",
            "install KEDA on the cluster and set KubernetesCompute(keda=True), or use cpu/memory metrics with "
            "min_replicas >= 1"))
    if scaling.min_replicas == 0 and scaling.metric("custom") is None:
        # KEDA's webhook: "scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero
        # doesn't work in this case)" (scaledobject_webhook.go, verifyCPUMemoryScalers).
        errors.append(RadiusValidationError(
            label, f"{FIELD}.min_replicas", 0,
            "cpu and memory cannot wake a Deployment that has no pods: KEDA scales to zero only on another "
            "(event) scaler", "give min_replicas >= 1, or add a custom metric"))
    return errors
