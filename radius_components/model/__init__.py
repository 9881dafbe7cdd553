"""The portable model: pydantic v2 schema of Radius's application model. Creates no resources.

Each resource type's arguments live in its folder (radius_components/resources/<type>/args.py)
and are re-exported here on first use: those modules import this package's base, so an eager
import here would be a circle. Each compute kind's own models (its compute settings, its
`runtimes.<kind>` block) live in its folder, `platforms/<kind>/model.py`; the built-in ones
are re-exported here.
"""

from typing import TYPE_CHECKING, Any

from .base import OutputOr, RadiusModel, parse
from .compute import AcaCompute, AcaWorkloadProfile, AciCompute, CloudRunCompute, EcsCompute, KubernetesCompute
from .connection import Connection, Iam
from .container import (ContainerSpec, EnvValueFrom, EnvVar, EphemeralVolume, PersistentVolume, Port, Probe, Quantities,
                        Resources, SecretRef, Volume)
from .extensions import (AutoScaling, DaprSidecar, Extension, KubernetesMetadata, ManualScaling, ScalingMetric,
                         ScalingTarget)
from .resources import ContainerArgs, RecipeRef
from .runtimes import KubernetesRuntime, Runtimes
from .typed import (AutoScalingDict, ConnectionDict, ContainerSpecDict,
                    DaprSidecarDict, EnvValueFromDict, EnvVarDict, ExtensionDict,
                    IamDict, KubernetesMetadataDict, KubernetesRuntimeDict, ManualScalingDict, PortDict, ProbeDict,
                    QuantitiesDict, RecipeDict, ResourcesDict, RuntimesDict, SecretRefDict, VolumeDict)

__all__ = [
    "AcaCompute", "AcaWorkloadProfile", "AciCompute", "AutoScaling",
    "CloudRunCompute", "Compute", "Connection", "ContainerArgs",
    "ContainerSpec", "DaprSidecar", "EcsCompute", "EnvValueFrom", "EnvVar", "EphemeralVolume", "Extension", "GatewayArgs", "GatewayHostname", "GatewayRoute", "GatewayTls", "Iam",
    "KubernetesCompute", "KubernetesMetadata", "KubernetesRuntime", "ManualScaling", "OutputOr", "PersistentVolume",
    "Port", "Probe", "Quantities", "RadiusModel", "RecipeRef", "RedisCacheArgs", "Resources",
    "Runtimes", "SecretGenerate", "SecretRef", "SecretStoreArgs", "SecretValue", "SecretValueFrom",
    "ScalingMetric", "ScalingTarget", "SqlDatabaseArgs", "Volume", "parse",
    # The dict spellings, for type checkers (radius_components.model.typed).
    "AutoScalingDict",
    "ConnectionDict", "ContainerSpecDict", "DaprSidecarDict", "EnvValueFromDict", "EnvVarDict", "ExtensionDict",
    "IamDict", "KubernetesMetadataDict", "KubernetesRuntimeDict", "ManualScalingDict", "PortDict", "ProbeDict",
    "QuantitiesDict", "RecipeDict", "ResourcesDict", "RuntimesDict", "SecretRefDict", "VolumeDict",
]

# name -> the resource type's module that defines it (see the module docstring).
_RESOURCE_ARGS = {
    "GatewayArgs": "gateway", "GatewayHostname": "gateway", "GatewayRoute": "gateway", "GatewayTls": "gateway",
    "RedisCacheArgs": "redis_cache",
    "SecretGenerate": "secret_store", "SecretStoreArgs": "secret_store", "SecretValue": "secret_store",
    "SecretValueFrom": "secret_store",
    "SqlDatabaseArgs": "sql_database",
}

if TYPE_CHECKING:  # pragma: no cover
    from .compute import Compute
    from ..resources.gateway.args import GatewayArgs, GatewayHostname, GatewayRoute, GatewayTls
    from ..resources.redis_cache.args import RedisCacheArgs
    from ..resources.secret_store.args import SecretGenerate, SecretStoreArgs, SecretValue, SecretValueFrom
    from ..resources.sql_database.args import SqlDatabaseArgs


def __getattr__(name: str) -> Any:
    # `Compute` is derived from the declared kinds when read (radius_components.model.compute).
    if name == "Compute":
        from .compute import compute_union

        return compute_union()
    folder = _RESOURCE_ARGS.get(name)
    if folder is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"radius_components.resources.{folder}.args"), name)
    globals()[name] = value
    return value
