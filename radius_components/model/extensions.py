"""Container `extensions`: Radius's typed add-ons, told apart by `kind`."""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import Field

from .base import RadiusModel


class ManualScaling(RadiusModel):
    """A fixed number of replicas."""

    kind: Literal["manualScaling"]
    """`manualScaling`."""
    replicas: int = Field(ge=0)
    """How many replicas run."""


class KubernetesMetadata(RadiusModel):
    """Labels and annotations added to every object the container expands into on
    Kubernetes; other kinds map them to their tags where a platform says so."""

    kind: Literal["kubernetesMetadata"]
    """`kubernetesMetadata`."""
    labels: dict[str, str] = Field(default_factory=dict)
    """Labels (tags on the Azure and AWS kinds)."""
    annotations: dict[str, str] = Field(default_factory=dict)
    """Annotations (Kubernetes and Cloud Run only)."""


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
