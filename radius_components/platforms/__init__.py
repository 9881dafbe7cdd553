"""The compute-kind registry.

A kind's module is imported only when an Environment of that kind is created, so an ECS
stack never loads the Azure SDK and `import radius_components` loads no cloud SDK at all.
Third-party kinds register through the `radius_components.platforms` entry point group
or `register_platform()`; nothing in the components changes for a new kind.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

from ..errors import PlatformNotAvailableError
from .base import Endpoint, GatewayDeployment, Platform, Workload

_BUILTIN = {
    "kubernetes": "radius_components.platforms.kubernetes:KubernetesPlatform",
    "ecs": "radius_components.platforms.ecs:EcsPlatform",
    "cloudrun": "radius_components.platforms.cloudrun:CloudRunPlatform",
    "aci": "radius_components.platforms.aci:AciPlatform",
    "aca": "radius_components.platforms.aca:AcaPlatform",
}
# The extra each kind needs (named in the error when its SDK is missing).
_EXTRAS = {"kubernetes": None, "aci": "azure", "aca": "azure", "ecs": "aws", "cloudrun": "gcp"}
_registered: dict[str, type[Platform]] = {}

ENTRY_POINT_GROUP = "radius_components.platforms"


def register_platform(kind: str, platform: type[Platform]) -> None:
    """Register (or replace) the platform class for a compute kind."""
    _registered[kind] = platform


def available_kinds() -> list[str]:
    kinds = set(_BUILTIN) | set(_registered)
    kinds |= {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return sorted(kinds)


def load_platform(kind: str) -> type[Platform]:
    if kind in _registered:
        return _registered[kind]
    target = _BUILTIN.get(kind)
    if target is None:
        target = next((ep.value for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == kind), None)
    if target is None:
        raise PlatformNotAvailableError(
            f"compute kind '{kind}' has no platform in this version of radius-components "
            f"(available: {', '.join(available_kinds())}). Fix: pick one of those kinds, or "
            f"register a platform for '{kind}' with radius_components.platforms.register_platform()"
        )
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        extra = _EXTRAS.get(kind)
        install = f"pip install 'radius-components[{extra}]'" if extra else "pip install --force-reinstall radius-components"
        raise PlatformNotAvailableError(
            f"compute kind '{kind}' needs the Python package '{exc.name}', which is not installed. Fix: {install}"
        ) from exc
    platform: Any = getattr(module, attr)
    return platform


__all__ = ["Endpoint", "GatewayDeployment", "Platform", "Workload", "available_kinds", "load_platform", "register_platform"]
