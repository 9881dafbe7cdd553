"""Container `extensions`: Radius's typed add-ons, told apart by `kind`."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import Field, model_validator

from . import kubernetes_metadata as k8s
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


Extension = Annotated[Union[ManualScaling, KubernetesMetadata, DaprSidecar], Field(discriminator="kind")]


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

