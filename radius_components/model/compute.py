"""Environment compute kinds. The `kind` picks the platform module that renders containers."""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import Field

from .base import RadiusModel


class KubernetesCompute(RadiusModel):
    kind: Literal["kubernetes"] = "kubernetes"
    # Namespace the environment's applications deploy into.
    namespace: str = "default"
    # True: register the Namespace (server-side apply adopts one that already exists).
    # False: only use it; it must exist.
    create_namespace: bool = True
    # Cluster access; all optional: without them the ambient kubeconfig is used.
    kubeconfig: Optional[str] = None
    context: Optional[str] = None
    # Write manifests to this directory instead of talking to a cluster.
    render_yaml_to_directory: Optional[str] = None


class AciCompute(RadiusModel):
    kind: Literal["aci"] = "aci"
    resource_group: str
    location: str


class AcaCompute(RadiusModel):
    kind: Literal["aca"] = "aca"
    resource_group: str
    location: str


class EcsCompute(RadiusModel):
    kind: Literal["ecs"] = "ecs"
    region: Optional[str] = None
    vpc_id: str
    subnet_ids: list[str] = Field(min_length=1)


class CloudRunCompute(RadiusModel):
    kind: Literal["cloudrun"] = "cloudrun"
    project: str
    region: str


Compute = Annotated[
    Union[KubernetesCompute, AciCompute, AcaCompute, EcsCompute, CloudRunCompute],
    Field(discriminator="kind"),
]
