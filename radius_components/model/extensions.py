"""Container `extensions`: Radius's typed add-ons, told apart by `kind`."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import Field, model_validator

from . import kubernetes_metadata as k8s
from ..errors import RadiusValidationError
from .base import RadiusModel, problem

# Kubernetes' `replicas` is an int32 (apps/v1 DeploymentSpec); each kind checks its own
# smaller bound (radius_components/platforms/<kind>/validate.py).
MAX_REPLICAS = 2**31 - 1


class ManualScaling(RadiusModel):
    """A fixed number of replicas."""

    kind: Literal["manualScaling"]
    """`manualScaling`."""
    replicas: int = Field(ge=0, le=MAX_REPLICAS)
    """How many replicas run (each kind has its own maximum)."""


class KubernetesMetadata(RadiusModel):
    """Labels and annotations added to every object the container expands into on
    Kubernetes; other kinds map them to their tags where a platform says so."""

    kind: Literal["kubernetesMetadata"]
    """`kubernetesMetadata`."""
    labels: dict[str, str] = Field(default_factory=dict)
    """Labels (tags on the Azure and AWS kinds)."""
    annotations: dict[str, str] = Field(default_factory=dict)
    """Annotations (Kubernetes and Cloud Run only)."""

    @model_validator(mode="after")
    def _kubernetes_rules(self) -> "KubernetesMetadata":
        # apimachinery's rules (see radius_components.model.kubernetes_metadata).
        for key, value in self.labels.items():
            why = k8s.qualified_name_problem(key)
            if why is not None:
                raise problem(f"not a Kubernetes label key: {why}", k8s.KEY_FIX, field=f"labels.{key}", value=key)
            why = k8s.label_value_problem(value)
            if why is not None:
                raise problem(f"not a Kubernetes label value: {why}",
                              "use at most 63 letters, digits, '-', '_' and '.' (or an annotation for longer text)",
                              field=f"labels.{key}", value=value)
        for key in self.annotations:
            why = k8s.qualified_name_problem(key.lower())
            if why is not None:
                raise problem(f"not a Kubernetes annotation key: {why}", k8s.KEY_FIX,
                              field=f"annotations.{key}", value=key)
        size = k8s.annotations_size(self.annotations)
        if size > k8s.ANNOTATIONS_TOTAL_MAX:
            raise problem(f"the annotations total {size} bytes, more than Kubernetes' {k8s.ANNOTATIONS_TOTAL_MAX} "
                          "(256 KiB)", "keep large data out of annotations (a ConfigMap, or the image)",
                          field="annotations", value=f"<{size} bytes>")
        return self


class DaprSidecar(RadiusModel):
    """A Dapr sidecar (Kubernetes, Container Apps)."""

    kind: Literal["daprSidecar"]
    """`daprSidecar`."""
    app_id: str = Field(min_length=1)
    """The Dapr app ID."""
    app_port: Optional[int] = Field(default=None, ge=1, le=65535)
    """The port the app listens on for Dapr."""
    protocol: Optional[Literal["http", "grpc", "https", "grpcs", "h2c"]] = None
    """The app protocol (`http`, `grpc`, ...)."""
    config: Optional[str] = None
    """A Dapr configuration name (Kubernetes only)."""


# What each metric kind's `target` holds (percent of the request, or requests in flight per replica).
_TARGET_FIELD = {"cpu": "average_utilization", "memory": "average_utilization", "requests": "concurrent_requests"}


class ScalingTarget(RadiusModel):
    """The value a metric is held at: `average_utilization` (cpu, memory) or
    `concurrent_requests` (requests)."""

    average_utilization: Optional[int] = Field(default=None, ge=1, le=100)
    """Percent of the container's request of that resource, averaged over the replicas (cpu, memory)."""
    concurrent_requests: Optional[int] = Field(default=None, ge=1)
    """Requests in flight per replica (requests)."""


class ScalingMetric(RadiusModel):
    """One metric the replica count follows."""

    kind: Literal["cpu", "memory", "requests", "custom"]
    """`cpu`, `memory` (utilization of the request), `requests` (concurrent requests per
    replica) or `custom` (a KEDA scaler)."""
    target: Optional[ScalingTarget] = None
    """What the metric is held at (cpu/memory: `average_utilization`; requests:
    `concurrent_requests`); not given for `custom`, whose metadata holds it."""
    type: Optional[str] = Field(default=None, min_length=1)
    """custom: the KEDA scaler type (`prometheus`, `azure-servicebus`, `aws-sqs-queue`, ...)."""
    metadata: dict[str, str] = Field(default_factory=dict)
    """custom: the scaler's metadata, as KEDA documents it for that type."""

    @model_validator(mode="after")
    def _shape_for_kind(self) -> "ScalingMetric":
        if self.kind == "custom":
            if self.type is None:
                raise problem("a custom metric names its KEDA scaler", "give type (e.g. 'prometheus') and metadata",
                              field="type", value=None)
            if self.target is not None:
                raise problem("a custom metric's target is in its scaler's metadata", "remove target",
                              field="target", value=self.target.model_dump(exclude_none=True))
            return self
        if self.type is not None or self.metadata:
            raise problem(f"type and metadata are for custom metrics, not {self.kind}", "remove them",
                          field="type" if self.type is not None else "metadata", value=self.type or self.metadata)
        wanted = _TARGET_FIELD[self.kind]
        given = self.target.model_dump(exclude_none=True) if self.target is not None else {}
        if set(given) != {wanted}:
            raise problem(f"a {self.kind} metric's target is {wanted}", f"give target: {{{wanted}: <number>}}",
                          field="target", value=given or None)
        return self

    @property
    def value(self) -> int:
        """The target number of a cpu, memory or requests metric."""
        return getattr(self.target, _TARGET_FIELD[self.kind])


class AutoScaling(RadiusModel):
    """A replica count that follows load, between `min_replicas` and `max_replicas`."""

    kind: Literal["autoScaling"]
    """`autoScaling`."""
    min_replicas: int = Field(default=1, ge=0, le=MAX_REPLICAS)
    """The fewest replicas (0: scale to zero, where the kind can); default 1."""
    max_replicas: int = Field(ge=1, le=MAX_REPLICAS)
    """The most replicas (each kind has its own maximum)."""
    metrics: list[ScalingMetric] = Field(min_length=1)
    """What the count follows; more than one: the largest count any of them asks for."""

    @model_validator(mode="after")
    def _bounds(self) -> "AutoScaling":
        if self.min_replicas > self.max_replicas:
            raise problem(f"min_replicas ({self.min_replicas}) is more than max_replicas",
                          "give max_replicas >= min_replicas", field="max_replicas", value=self.max_replicas)
        seen: set[str] = set()
        for index, metric in enumerate(self.metrics):
            if metric.kind != "custom" and metric.kind in seen:
                raise problem(f"the {metric.kind} metric is given twice", "keep one target per metric kind",
                              field=f"metrics[{index}].kind", value=metric.kind)
            seen.add(metric.kind)
        return self

    def metric(self, kind: str) -> Any:
        return next((m for m in self.metrics if m.kind == kind), None)

    def refuse_metric(self, label: str, where: str, index: int, why: str, fix: str) -> RadiusValidationError:
        """The error of a kind that cannot scale on `metrics[index]` (the one shape every kind's
        autoscaling validation refuses a metric kind with): `where` is the extension's field path,
        `why` and `fix` the kind's own reason and way out."""
        return RadiusValidationError(label, f"{where}.metrics[{index}].kind", self.metrics[index].kind, why, fix)


Extension = Annotated[Union[ManualScaling, AutoScaling, KubernetesMetadata, DaprSidecar], Field(discriminator="kind")]


class KubernetesNamespace(RadiusModel):
    """The namespace of an application's objects on Kubernetes, instead of Radius's default
    `<environment namespace>-<application>` (an Application extension)."""

    kind: Literal["kubernetesNamespace"]
    """`kubernetesNamespace`."""
    namespace: str = Field(min_length=1, max_length=63, pattern=r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    """The namespace (a DNS-1123 label)."""


ApplicationExtension = Annotated[Union[KubernetesMetadata, KubernetesNamespace], Field(discriminator="kind")]


class ApplicationExtensions(RadiusModel):
    """`Application(extensions=[...])`: kubernetesMetadata (cascading into every container's
    objects, under the container's own) and kubernetesNamespace."""

    extensions: list[ApplicationExtension] = Field(default_factory=list)
    """The extensions."""

    def extension(self, kind: str) -> Any:
        return next((e for e in self.extensions if e.kind == kind), None)


class EnvironmentExtensions(RadiusModel):
    """`Environment(extensions=[...])`: kubernetesMetadata, cascading into every container's
    objects under the application's and the container's own."""

    extensions: list[KubernetesMetadata] = Field(default_factory=list)
    """The extensions."""

    def extension(self, kind: str) -> Any:
        return next((e for e in self.extensions if e.kind == kind), None)

