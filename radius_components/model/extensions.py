"""Container `extensions`: Radius's typed add-ons, told apart by `kind`."""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import Field

from .base import RadiusModel


class ManualScaling(RadiusModel):
    kind: Literal["manualScaling"]
    replicas: int = Field(ge=0)


class KubernetesMetadata(RadiusModel):
    # Labels and annotations added to every object the container expands into on
    # Kubernetes; other kinds map them to their tags where a platform says so.
    kind: Literal["kubernetesMetadata"]
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)


class DaprSidecar(RadiusModel):
    kind: Literal["daprSidecar"]
    app_id: str = Field(min_length=1)
    app_port: Optional[int] = Field(default=None, ge=1, le=65535)
    protocol: Optional[Literal["http", "grpc", "https", "grpcs", "h2c"]] = None
    config: Optional[str] = None


Extension = Annotated[Union[ManualScaling, KubernetesMetadata, DaprSidecar], Field(discriminator="kind")]
