"""The compute-kind registry, derived from the kinds' declarations.

Every kind declares itself in its own folder (`platforms/<kind>/kind.py`: `KIND =
KindDeclaration(...)`, see radius_components.declarations) and registers through the entry
point group `radius_components.platforms`, the built-in kinds exactly like a third-party one,
or in code with `register_kind()`. A declaration imports no cloud SDK: a kind's platform
module is imported only when an Environment of that kind is created, so an ECS stack never
loads the Azure SDK and `import radius_components` loads no cloud SDK at all.
`register_platform()` (a Platform class, no declaration) still works for the components.
"""

from __future__ import annotations

from typing import Any, Mapping

# The portable model first: each kind's models (platforms/<kind>/model.py) extend it, and it
# re-exports them, so whichever module is imported first the model package is complete
# before a kind's model module needs it.
from .. import model as _model  # noqa: F401
from ..declarations import (KIND_GROUP, KindDeclaration, declared_kinds, load_reference, register_kind,
                            unloadable_kinds)
from ..errors import PlatformNotAvailableError, UnknownComputeKindError
from .base import Endpoint, GatewayDeployment, Platform, Workload

_registered: dict[str, type[Platform]] = {}

ENTRY_POINT_GROUP = KIND_GROUP


def register_platform(kind: str, platform: type[Platform]) -> None:
    """Register (or replace) the platform class for a compute kind (the older way; a
    `KindDeclaration` given to `register_kind()` also takes part in `check`, the capability
    matrix and the provider schema)."""
    _registered[kind] = platform


def ordered_kinds() -> Mapping[str, KindDeclaration]:
    """The declared kinds in the order tables and reports show them (`KindDeclaration.order`,
    then name): the capability matrix's columns, `check --kinds all`."""
    return dict(sorted(declared_kinds().items(), key=lambda item: (item[1].order, item[0])))


def kind_names() -> tuple[str, ...]:
    """The declared kinds' names, in table order."""
    return tuple(ordered_kinds())


def available_kinds() -> list[str]:
    return sorted(set(declared_kinds()) | set(_registered) | set(unloadable_kinds()))


def load_platform(kind: str) -> type[Platform]:
    if kind in _registered:
        return _registered[kind]
    declaration = declared_kinds().get(kind)
    unloadable = unloadable_kinds().get(kind)
    if declaration is None and unloadable is not None:
        _, exc = unloadable
        raise _missing_package(kind, exc, None) from exc
    if declaration is None:
        raise UnknownComputeKindError(
            "Environment", "compute.kind", kind,
            f"compute kind '{kind}' has no platform in this version of radius-components "
            f"(available: {', '.join(available_kinds())})",
            f"pick one of those kinds, or register a platform for '{kind}' with "
            "radius_components.platforms.register_platform()")
    try:
        platform: Any = load_reference(declaration.platform)
    except ModuleNotFoundError as exc:
        raise _missing_package(kind, exc, declaration.extra) from exc
    return platform


def _missing_package(kind: str, exc: ImportError, extra: Any) -> PlatformNotAvailableError:
    install = f"pip install 'radius-components[{extra}]'" if extra else "pip install --force-reinstall radius-components"
    return PlatformNotAvailableError(
        f"compute kind '{kind}' needs the Python package '{exc.name}', which is not installed. Fix: {install}")


__all__ = ["Endpoint", "GatewayDeployment", "Platform", "Workload", "available_kinds", "kind_names", "load_platform",
           "ordered_kinds", "register_kind", "register_platform"]
