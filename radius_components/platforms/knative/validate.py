"""What Knative Serving cannot run, found before anything registers.

Each rule cites where Knative states it: knative.dev/serving v0.42.2 (the version
tools/knative-validate runs), `pkg/apis/serving/k8s_validation.go` (the pod spec),
`pkg/apis/serving/fieldmask.go` (which pod fields a Service may set),
`pkg/apis/autoscaling/annotation_validation.go` (the autoscaling annotations), and Knative's
runtime contract (docs/runtime-contract.md in knative/specs: "inbound network connectivity").
"""

from __future__ import annotations

import posixpath
from typing import Any, Optional

from ...connections import EnvPlan
from ...errors import RadiusValidationError, raise_all
from ...model import ContainerArgs
from ...model.kubernetes_metadata import managed_key_errors
from ...resources.volume.mounts import persistent_volumes
from ..kubernetes import rbac
from ..kubernetes import validate as k8s_validate
from ..kubernetes.validate import _DNS_1123_SUBDOMAIN
from .model import KnativeRuntime

# Ports Knative's queue-proxy (and its profiling server) listen on inside every pod: a user
# container may not take them (k8s_validation.go reservedPorts: networking.BackendHTTPPort 8012,
# BackendHTTP2Port 8013, QueueAdminPort 8022, AutoscalingQueueMetricsPort 9090,
# UserQueueMetricsPort 9091, profiling.ProfilingPort 8008).
RESERVED_PORTS = (8008, 8012, 8013, 8022, 9090, 9091)
# Variables Knative sets itself (reservedEnvVars).
RESERVED_ENV = ("K_CONFIGURATION", "K_REVISION", "K_SERVICE", "PORT")
# Mount paths Knative refuses (reservedPaths, compared after path.Clean).
RESERVED_MOUNT_PATHS = ("/", "/dev", "/dev/log")
# Every Knative Service is served on port 80 of its cluster-local address.
SERVICE_PORT = 80
# Annotations of the autoscaling group are read only from the revision template; on the Service's
# own metadata Knative refuses them (metadata_validation.go ValidateHasNoAutoscalingAnnotation).
AUTOSCALING_GROUP = "autoscaling.knative.dev"
VISIBILITY_LABEL = "networking.knative.dev/visibility"
KPA = "kpa.autoscaling.knative.dev"
HPA = "hpa.autoscaling.knative.dev"
TARGET_MIN = 0.01  # autoscaling.TargetMin

# pulumi-kubernetes waits on a custom resource only when it carries this annotation
# (provider/pkg/metadata/overrides.go; docs: "pulumi.com/waitFor"): without it `up` stores the
# create response, which has no status.url yet, and a revision that cannot start goes unnoticed.
# Set by the kind (KnativeCompute.await_ready), so a user's own is refused rather than overwritten.
WAIT_FOR_ANNOTATION = "pulumi.com/waitFor"


def check_container(label: str, args: ContainerArgs, plan: EnvPlan) -> None:
    errors: list[RadiusValidationError] = []
    errors += _restart_policy(label, args)
    errors += _ports(label, args)
    errors += _env(label, plan)
    errors += _volumes(label, args)
    errors += _extensions(label, args)
    errors += _runtime(label, args)
    errors += rbac.role_errors(label, plan)
    # The labels and annotations the kubernetes objects carry are the kubernetes kind's.
    errors += managed_key_errors(label, args, k8s_validate.MANAGED_LABELS,
                                 (*k8s_validate.MANAGED_ANNOTATIONS, WAIT_FOR_ANNOTATION))
    raise_all(errors)


def _restart_policy(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    if args.restart_policy == "Always":
        return []
    # fieldmask.go PodSpecMask has no restartPolicy: Knative runs its pods under a Deployment.
    return [RadiusValidationError(
        label, "restart_policy", args.restart_policy,
        "a Knative Service serves requests from pods that always restart (its revisions are Deployments; "
        "restartPolicy is not a field a Service may set)",
        "use restart_policy='Always' on the knative kind (run-to-completion work is not a Knative Service)")]


def _ports(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    ports = args.container.ports
    if not ports:
        return [RadiusValidationError(
            label, "container.ports", {}, "Knative Serving runs request-driven servers: a Service is reached, scaled "
            "and scaled to zero through the one port its container listens on",
            "declare the port the container listens on, e.g. ports={'web': {'container_port': 8080}} "
            "(a worker without a port belongs on the kubernetes kind)")]
    if len(ports) > 1:
        return [RadiusValidationError(
            label, "container.ports", sorted(ports),
            "Knative routes requests to exactly one port of a container (the first; k8s_validation.go "
            "validateContainerPorts)", "declare one port, or deploy this container on the kubernetes kind")]
    errors = []
    name, port = next(iter(ports.items()))
    where = f"container.ports.{name}"
    if port.protocol != "TCP":
        errors.append(RadiusValidationError(label, f"{where}.protocol", port.protocol,
                                            "Knative serves HTTP, which runs over TCP only", "use protocol 'TCP'"))
    if port.scheme in ("https", "tcp"):
        why = ("Knative's queue-proxy speaks plain HTTP/1 or h2c to the container (TLS ends at Knative's ingress)"
               if port.scheme == "https" else "Knative routes HTTP requests, not raw TCP connections")
        errors.append(RadiusValidationError(label, f"{where}.scheme", port.scheme, why,
                                            "use scheme 'http' (HTTP/1) or 'grpc' (HTTP/2 cleartext, h2c)"))
    if isinstance(port.container_port, int) and port.container_port in RESERVED_PORTS:
        errors.append(RadiusValidationError(
            label, f"{where}.container_port", port.container_port,
            "Knative's queue-proxy listens on this port in every pod (reserved: "
            f"{', '.join(map(str, RESERVED_PORTS))})", "listen on another port, e.g. 8080"))
    if port.port is not None and port.port != SERVICE_PORT:
        errors.append(RadiusValidationError(
            label, f"{where}.port", port.port,
            f"a Knative Service is reached on port {SERVICE_PORT} of its cluster-local address, whatever its "
            "container listens on", f"leave port unset (or {SERVICE_PORT})"))
    return errors


def _env(label: str, plan: EnvPlan) -> list[RadiusValidationError]:
    errors = []
    for entry in plan.entries:
        if entry.name in RESERVED_ENV:
            errors.append(RadiusValidationError(
                label, f"container.env.{entry.name}", entry.name,
                "Knative sets this variable itself (PORT: the container's port; K_SERVICE, K_CONFIGURATION, "
                "K_REVISION: where it runs)", "use another name (read Knative's value if it is what you need)"))
        if entry.secret_ref is not None and not _DNS_1123_SUBDOMAIN.match(entry.secret_ref.name):
            errors.append(RadiusValidationError(
                label, f"container.env.{entry.name}.value_from.secret_ref.source", entry.secret_ref.name,
                "not a valid Kubernetes Secret name", "give the name of a Secret in the application's namespace"))
    return errors


def _volumes(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    errors = []
    for name, volume in args.container.volumes.items():
        if posixpath.normpath(volume.mount_path) in RESERVED_MOUNT_PATHS:
            errors.append(RadiusValidationError(label, f"container.volumes.{name}.mount_path", volume.mount_path,
                                                "Knative reserves this path", "mount the volume elsewhere"))
    for name, volume in persistent_volumes(args):
        if volume.source.args.access_mode == "ReadWriteOnce":
            # Knative starts a new revision's pods before the old ones go, and scales out on
            # demand; it has no Recreate strategy, so a claim that attaches to one node would
            # leave the new pods Pending whenever they land on another node.
            errors.append(RadiusValidationError(
                label, f"container.volumes.{name}.source", volume.source.resource_name,
                f"Volume '{volume.source.resource_name}' is ReadWriteOnce: Knative starts a new revision's pods "
                f"before the old ones stop and scales out on demand, so a claim attached to one node blocks them",
                "give the Volume access_mode='ReadWriteMany' (or 'ReadOnlyMany' with permission='read')"))
    return errors


def _extensions(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    errors = []
    if args.extension("daprSidecar") is not None:
        errors.append(RadiusValidationError(
            label, "extensions.daprSidecar", "daprSidecar",
            "Dapr delivers pub/sub messages and input bindings to the app through its own sidecar, past Knative's "
            "activator, so a Service scaled to zero would never receive them; Knative does not inject Dapr",
            "deploy a Dapr application on the kubernetes kind (or aca)"))
    meta = args.extension("kubernetesMetadata")
    if meta is not None:
        for key in sorted(meta.annotations):
            if key.split("/", 1)[0] == AUTOSCALING_GROUP:
                errors.append(RadiusValidationError(
                    label, f"extensions.kubernetesMetadata.annotations.{key}", meta.annotations[key],
                    "annotations also go on the Knative Service's own metadata, where Knative refuses the "
                    "autoscaling group", "use runtimes.knative (min_scale, max_scale, target, metric, "
                    "autoscaling_class) or manualScaling"))
        if VISIBILITY_LABEL in meta.labels:
            errors.append(RadiusValidationError(
                label, f"extensions.kubernetesMetadata.labels.{VISIBILITY_LABEL}", meta.labels[VISIBILITY_LABEL],
                "the knative kind decides a Service's visibility: cluster-local unless a Gateway routes to it",
                "remove the label; route a Gateway to the container to expose it"))
    errors += _autoscaling(label, args)
    scaling = args.extension("manualScaling")
    runtime = args.runtimes.knative
    if scaling is not None and scaling.replicas == 0:
        errors.append(RadiusValidationError(
            label, "extensions.manualScaling.replicas", 0,
            "Knative cannot hold a Service at zero replicas (max-scale 0 means no limit); it scales to zero by "
            "itself when no requests come", "remove manualScaling (the default scales to zero when idle)"))
    if scaling is not None and runtime is not None and (runtime.min_scale is not None or runtime.max_scale is not None):
        errors.append(RadiusValidationError(
            label, "runtimes.knative.min_scale", runtime.min_scale,
            "manualScaling already sets min-scale and max-scale to its replicas", "give one of the two"))
    return errors


def _autoscaling(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    """autoScaling becomes one revision's autoscaling annotations (knative/manifests.py):
    Knative scales a revision on one metric, with its own autoscaler (KPA: concurrency) or the
    HPA class (cpu, memory), never on a KEDA scaler."""
    scaling = args.extension("autoScaling")
    if scaling is None:
        return []
    where = "extensions.autoScaling"
    errors = []
    runtime = args.runtimes.knative
    if runtime is not None:
        given = [f for f in ("min_scale", "max_scale", "metric", "target", "autoscaling_class")
                 if getattr(runtime, f) is not None]
        if given:
            errors.append(RadiusValidationError(
                label, f"runtimes.knative.{given[0]}", getattr(runtime, given[0]),
                "autoScaling already sets the revision's autoscaling annotations", "give one of the two"))
    if len(scaling.metrics) > 1:
        errors.append(RadiusValidationError(
            label, f"{where}.metrics", [m.kind for m in scaling.metrics],
            "a Knative revision scales on one metric (autoscaling.knative.dev/metric)", "keep one metric"))
    for i, m in enumerate(scaling.metrics):
        if m.kind == "custom":
            errors.append(scaling.refuse_metric(
                label, where, i,
                "Knative's autoscalers scale on concurrency, rps, cpu or memory, not on a KEDA scaler",
                "scale on requests, cpu or memory; or deploy on the kubernetes kind with KubernetesCompute(keda=True)"))
        elif m.kind in ("cpu", "memory"):
            if scaling.min_replicas == 0:
                errors.append(RadiusValidationError(
                    label, f"{where}.min_replicas", 0,
                    f"a {m.kind} metric uses Knative's HPA class, which cannot scale to zero",
                    "give min_replicas >= 1, or scale on requests (Knative's own autoscaler scales to zero)"))
            if getattr(args.container.resources.requests, m.kind) is None \
                    and getattr(args.container.resources.limits, m.kind) is None:
                errors.append(scaling.refuse_metric(
                    label, where, i,
                    f"a {m.kind} utilization target is a percent of the container's {m.kind} request, and it has none",
                    f"set container.resources.requests.{m.kind}"))
    return errors


def autoscaling_class(runtime: Optional[KnativeRuntime]) -> str:
    return (runtime.autoscaling_class if runtime is not None else None) or KPA


def _runtime(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    runtime = args.runtimes.knative
    if runtime is None:
        return []
    errors = []
    where = "runtimes.knative"
    low, high = runtime.min_scale or 0, runtime.max_scale or 0
    if high and high < low:
        errors.append(RadiusValidationError(label, f"{where}.max_scale", high,
                                            f"less than min_scale ({low}); Knative refuses max-scale < min-scale",
                                            "raise max_scale, or 0 for no limit"))
    klass = autoscaling_class(runtime)
    if klass == HPA and runtime.min_scale == 0:
        errors.append(RadiusValidationError(label, f"{where}.min_scale", 0,
                                            "the HPA autoscaling class cannot scale to zero",
                                            "give min_scale >= 1, or use the KPA class"))
    if runtime.metric in ("cpu", "memory") and klass == KPA:
        errors.append(RadiusValidationError(label, f"{where}.metric", runtime.metric,
                                            "Knative's Pod Autoscaler (KPA) scales on concurrency or rps only",
                                            f"set autoscaling_class='{HPA}', or use metric 'concurrency' or 'rps'"))
    if runtime.target is not None and runtime.target < TARGET_MIN:
        errors.append(RadiusValidationError(label, f"{where}.target", runtime.target,
                                            f"Knative's smallest target is {TARGET_MIN}", f"give at least {TARGET_MIN}"))
    return errors


def hpa_class_errors(label: str, args: ContainerArgs, compute: Any) -> list[RadiusValidationError]:
    """A revision of Knative's HPA class (cpu/memory autoScaling, or the class given in
    runtimes.knative) is reconciled only by the optional serving-hpa component ("Components to
    autoscale Knative revisions through the Kubernetes Horizontal Pod Autoscaler",
    knative.dev/docs/install/yaml-install/serving/install-serving-with-yaml/); without it the
    revision's PodAutoscaler never gets a Ready condition and the revision stays
    `ResourcesAvailable=Unknown` (knative/serving pkg/apis/serving/v1/revision_lifecycle.go,
    PropagateAutoscalerStatus): `up` would wait for the Service until it times out. The compute
    says whether the cluster has it (KnativeCompute.serving_hpa)."""
    if compute.serving_hpa:
        return []
    why = ("Knative's HPA autoscaling class is an optional component (serving-hpa.yaml), and the environment's "
           "compute does not say it is installed: without it the revision never becomes Ready")
    fix = "install serving-hpa.yaml and set KnativeCompute(serving_hpa=True), or scale on requests"
    scaling = args.extension("autoScaling")
    if scaling is not None:
        return [scaling.refuse_metric(label, "extensions.autoScaling", i, why, fix)
                for i, m in enumerate(scaling.metrics) if m.kind in ("cpu", "memory")]
    runtime = args.runtimes.knative
    if runtime is not None and runtime.autoscaling_class == HPA:
        return [RadiusValidationError(label, "runtimes.knative.autoscaling_class", HPA, why,
                                      "install serving-hpa.yaml and set KnativeCompute(serving_hpa=True), or use "
                                      "the KPA class")]
    return []


def persistent_volume_errors(label: str, args: ContainerArgs, compute: Any) -> list[RadiusValidationError]:
    """Knative refuses a `persistentVolumeClaim` volume unless the operator enabled
    `kubernetes.podspec-persistent-volume-claim`, and a writable one unless also
    `kubernetes.podspec-persistent-volume-write` (both `disabled` by default: Knative's
    config-features; k8s_validation.go "Persistent volume claim support is disabled" / "Persistent
    volume write support is disabled", what tools/knative-validate reports): the compute says
    which the cluster has."""
    errors = []
    for name, volume in persistent_volumes(args):
        if not compute.podspec_persistent_volume_claim:
            errors.append(RadiusValidationError(
                label, f"container.volumes.{name}", name,
                "Knative refuses persistentVolumeClaim volumes unless the feature flag "
                "kubernetes.podspec-persistent-volume-claim is enabled (disabled by default)",
                "enable it in the cluster's config-features and set compute.podspec_persistent_volume_claim=True, "
                "or use an ephemeral volume"))
        elif volume.permission == "write" and not compute.podspec_persistent_volume_write:
            errors.append(RadiusValidationError(
                label, f"container.volumes.{name}.permission", "write",
                "Knative refuses a writable persistentVolumeClaim unless the feature flag "
                "kubernetes.podspec-persistent-volume-write is enabled (disabled by default)",
                "enable it in config-features and set compute.podspec_persistent_volume_write=True, or mount with "
                "permission='read'"))
    return errors
