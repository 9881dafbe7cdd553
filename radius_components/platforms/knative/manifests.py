"""The Knative Service of one container, as a plain dict (no resources registered here), built
from the `kubernetes` kind's pieces: the same container (image, command, env with
`secretKeyRef`s to the connection Secret, probes, resources, volume mounts), labels and
annotations, so the two kinds emit the same container for the same program.

What differs, each Knative's rule (knative.dev/serving v0.42.2):
- the one port is named `http1` or `h2c`, or not at all (k8s_validation.go validPortNames: the
  name picks the protocol Knative's queue-proxy speaks to the container);
- `automountServiceAccountToken` may only be `false` (fieldmask.go PodSpecMask): when a
  connection grants roles the field is left out and the ServiceAccount's own setting mounts it;
- no `restartPolicy` (not a field a Service may set);
- autoscaling is annotations on the revision template (`autoscaling.knative.dev/*`), and the
  Service scales to zero unless told otherwise;
- the readiness probe carries only the timings the user gives (not Radius's defaults, which the
  liveness probe gets as on the kubernetes kind): without periodSeconds Knative probes
  aggressively until ready (fast scale-from-zero); with only failureThreshold or timeoutSeconds
  it gets Kubernetes' periodSeconds (10), since without one Knative refuses them
  (k8s_validation.go validateReadinessProbe).
"""

from __future__ import annotations

import math
from typing import Any, Optional

from ...quantities import parse_quantity
from ...connections import EnvPlan
from ...model import ContainerArgs
from ..kubernetes import manifests as k8s_manifests
from ..kubernetes.manifests import ContainerNames
from .validate import AUTOSCALING_GROUP, HPA, VISIBILITY_LABEL, WAIT_FOR_ANNOTATION, autoscaling_class

API_VERSION = "serving.knative.dev/v1"
KIND = "Service"
CLUSTER_LOCAL = "cluster-local"
# Kubernetes' default probe period, which a probe given with timings but no period means there.
KUBERNETES_PERIOD_SECONDS = 10
_PORT_NAMES = {"grpc": "h2c"}  # scheme -> Knative port name; anything else (http, none): http1


def _sorted(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: mapping[k] for k in sorted(mapping)}


def _user_metadata(args: ContainerArgs) -> tuple[dict[str, str], dict[str, str]]:
    meta = args.extension("kubernetesMetadata")
    return (dict(meta.labels), dict(meta.annotations)) if meta else ({}, {})


def autoscaling_annotations(args: ContainerArgs) -> dict[str, str]:
    """`autoscaling.knative.dev/*` for the revision template: scale to zero by default (min-scale
    "0"), manualScaling as min-scale = max-scale = replicas, else `runtimes.knative`."""
    key = f"{AUTOSCALING_GROUP}/"
    runtime = args.runtimes.knative
    klass = autoscaling_class(runtime)
    out: dict[str, str] = {}
    scaling = args.extension("manualScaling")
    auto = args.extension("autoScaling")
    if scaling is not None:
        out[key + "min-scale"] = out[key + "max-scale"] = str(scaling.replicas)
    elif auto is not None:
        return _from_autoscaling(args, auto)
    else:
        low = runtime.min_scale if runtime is not None else None
        # The HPA class keeps at least one replica; Knative's own autoscaler scales to zero.
        out[key + "min-scale"] = str(low if low is not None else (1 if klass == HPA else 0))
        if runtime is not None and runtime.max_scale is not None:
            out[key + "max-scale"] = str(runtime.max_scale)
    if runtime is not None:
        if runtime.autoscaling_class is not None:
            out[key + "class"] = runtime.autoscaling_class
        if runtime.metric is not None:
            out[key + "metric"] = runtime.metric
        if runtime.target is not None:
            out[key + "target"] = f"{runtime.target:g}"
    return out


def _from_autoscaling(args: ContainerArgs, auto: Any) -> dict[str, str]:
    """autoScaling's one metric (knative/validate.py refuses more) as the revision's annotations
    (knative.dev/docs/serving/autoscaling/autoscaling-metrics/ and autoscaling-targets/)."""
    key = f"{AUTOSCALING_GROUP}/"
    metric = auto.metrics[0]
    out = {key + "min-scale": str(auto.min_replicas), key + "max-scale": str(auto.max_replicas)}
    if metric.kind == "requests":
        # Knative's own autoscaler (KPA, the default class): a soft limit of requests in flight per pod.
        out[key + "metric"] = "concurrency"
        out[key + "target"] = str(metric.value)
        return out
    out[key + "class"] = HPA
    out[key + "metric"] = metric.kind
    if metric.kind == "cpu":
        out[key + "target"] = str(metric.value)  # a percent of the cpu request, as the HPA's averageUtilization
    else:
        # Knative's HPA class reads a memory target as MiB per pod (serving pkg/reconciler/autoscaling/
        # hpa/resources/hpa.go: AverageValue = target * 1024 * 1024), not a percent: the percent of
        # the container's memory request (else its limit, which the request defaults to) in MiB.
        resources = args.container.resources
        request = resources.requests.memory or resources.limits.memory
        mib = parse_quantity(request) * metric.value / 100 / (1024 * 1024)
        out[key + "target"] = str(max(1, math.ceil(mib)))
    return out


def _probe(probe: Optional[dict[str, Any]], readiness: bool) -> Optional[dict[str, Any]]:
    if probe is None:
        return None
    if readiness and "periodSeconds" not in probe and ("failureThreshold" in probe or "timeoutSeconds" in probe):
        probe = {**probe, "periodSeconds": KUBERNETES_PERIOD_SECONDS}
    return probe


def container(args: ContainerArgs, plan: EnvPlan, names: ContainerNames) -> dict[str, Any]:
    spec = k8s_manifests.container_spec(args, plan, names)
    port = next(iter(args.container.ports.values()))
    spec["ports"] = [{"name": _PORT_NAMES.get(port.scheme or "http", "http1"), "containerPort": port.container_port,
                      "protocol": "TCP"}]
    if args.container.readiness_probe is not None:
        # Without Radius's probe timings (the kubernetes kind's PROBE_DEFAULTS): a readiness
        # probe without periodSeconds is probed by Knative's queue-proxy aggressively until the
        # revision is ready, which a cold start from zero waits on; a period of 10 s would add
        # up to 10 s to every scale-from-zero. The liveness probe keeps Radius's timings.
        https = {p.container_port for p in args.container.ports.values() if p.scheme == "https"}
        spec["readinessProbe"] = _probe(k8s_manifests.probe(args.container.readiness_probe, https, defaults=False),
                                        True)
    return spec


def service(args: ContainerArgs, plan: EnvPlan, names: ContainerNames, secrets_revision: Any,
            mount_service_account_token: bool, cluster_local: bool) -> dict[str, Any]:
    """The `serving.knative.dev/v1` Service. `cluster_local`: no Gateway routes to it, so it is
    reachable only inside the cluster (`networking.knative.dev/visibility: cluster-local`)."""
    user_labels, user_annotations = _user_metadata(args)
    labels = {**user_labels, **k8s_manifests.labels(names.app, names.resource)}
    service_labels = {**labels, VISIBILITY_LABEL: CLUSTER_LOCAL} if cluster_local else labels
    metadata: dict[str, Any] = {"name": names.workload, "namespace": names.namespace, "labels": _sorted(service_labels)}
    if user_annotations:
        metadata["annotations"] = _sorted(user_annotations)

    pod: dict[str, Any] = {
        "serviceAccountName": names.workload,
        # As on the kubernetes kind: no <SERVICE>_HOST/_PORT variables of every Service of the namespace.
        "enableServiceLinks": False,
        "containers": [container(args, plan, names)],
    }
    if not mount_service_account_token:
        pod["automountServiceAccountToken"] = False
    runtime = args.runtimes.knative
    if runtime is not None and runtime.container_concurrency is not None:
        pod["containerConcurrency"] = runtime.container_concurrency
    if runtime is not None and runtime.timeout_seconds is not None:
        pod["timeoutSeconds"] = runtime.timeout_seconds
    if args.container.volumes:
        pod["volumes"] = [k8s_manifests.pod_volume(names.volumes[n], v) for n, v in args.container.volumes.items()]
    template_annotations = {**k8s_manifests.pod_annotations(args, secrets_revision), **autoscaling_annotations(args)}
    template = {"metadata": {"labels": _sorted(labels), "annotations": _sorted(template_annotations)}, "spec": pod}
    return {"apiVersion": API_VERSION, "kind": KIND, "metadata": metadata, "spec": {"template": template}}


def awaited(manifest: dict[str, Any], compute: Any) -> dict[str, Any]:
    """`manifest` with the wait-for-Ready annotation, unless the compute says nothing reconciles
    it (`await_ready=False`) or manifests are only rendered to files."""
    if not compute.await_ready or compute.render_yaml_to_directory:
        return manifest
    metadata = manifest["metadata"]
    metadata["annotations"] = dict(sorted({**metadata.get("annotations", {}), WAIT_FOR_ANNOTATION: "condition=Ready"}.items()))
    return manifest
