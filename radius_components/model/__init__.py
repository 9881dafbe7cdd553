"""The portable model: pydantic v2 schema of Radius's application model. Creates no resources.

Each compute kind's own models (its compute settings, its `runtimes.<kind>` block) live in
its folder, `platforms/<kind>/model.py`; the built-in ones are re-exported here.
"""

from typing import TYPE_CHECKING, Any

from .base import OutputOr, RadiusModel, parse
from .compute import AcaCompute, AcaWorkloadProfile, AciCompute, CloudRunCompute, EcsCompute, KubernetesCompute
from .connection import Connection, Iam
from .data import SecretGenerate, SecretStoreArgs, SecretValue, SecretValueFrom, SqlDatabaseArgs
from .container import ContainerSpec, EnvValueFrom, EnvVar, Port, Probe, Quantities, Resources, SecretRef, Volume
from .gateway import GatewayArgs, GatewayHostname, GatewayRoute, GatewayTls
from .extensions import DaprSidecar, Extension, KubernetesMetadata, ManualScaling
from .resources import ContainerArgs, RecipeRef, RedisCacheArgs
from .runtimes import KubernetesRuntime, Runtimes
from .typed import (ConnectionDict, ContainerSpecDict, DaprSidecarDict, EnvValueFromDict, EnvVarDict, ExtensionDict,
                    IamDict, KubernetesMetadataDict, KubernetesRuntimeDict, ManualScalingDict, PortDict, ProbeDict,
                    QuantitiesDict, RecipeDict, ResourcesDict, RuntimesDict, SecretRefDict, VolumeDict)

__all__ = [
    "AcaCompute", "AcaWorkloadProfile", "AciCompute", "CloudRunCompute", "Compute", "Connection", "ContainerArgs",
    "ContainerSpec", "DaprSidecar", "EcsCompute", "EnvValueFrom", "EnvVar", "Extension", "GatewayArgs", "GatewayHostname", "GatewayRoute", "GatewayTls", "Iam",
    "KubernetesCompute", "KubernetesMetadata", "KubernetesRuntime", "ManualScaling", "OutputOr",
    "Port", "Probe", "Quantities", "RadiusModel", "RecipeRef", "RedisCacheArgs", "Resources",
    "Runtimes", "SecretGenerate", "SecretRef", "SecretStoreArgs", "SecretValue", "SecretValueFrom",
    "SqlDatabaseArgs", "Volume", "parse",
    # The dict spellings, for type checkers (radius_components.model.typed).
    "ConnectionDict", "ContainerSpecDict", "DaprSidecarDict", "EnvValueFromDict", "EnvVarDict", "ExtensionDict",
    "IamDict", "KubernetesMetadataDict", "KubernetesRuntimeDict", "ManualScalingDict", "PortDict", "ProbeDict",
    "QuantitiesDict", "RecipeDict", "ResourcesDict", "RuntimesDict", "SecretRefDict", "VolumeDict",
]


def __getattr__(name: str) -> Any:
    # `Compute` is derived from the declared kinds when read (radius_components.model.compute).
    if name == "Compute":
        from .compute import compute_union

        return compute_union()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:  # pragma: no cover
    from .compute import Compute
