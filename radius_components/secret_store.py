"""`SecretStore`'s public path, and where each kind's store module is found.

The component lives with its type (`resources/secret_store/`, whose docstring says what a store
becomes on each kind); a kind names the module that implements it (`KindDeclaration.secret_store`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .declarations import declared_kinds
from .errors import RadiusValidationError

if TYPE_CHECKING:  # pragma: no cover
    from .resources.secret_store.component import SecretStore


def store_module(label: str, kind: str) -> Any:
    # The platform module that turns a store into native secrets: the kind declares it.
    declared = declared_kinds().get(kind)
    target = declared.secret_store if declared is not None else None
    if target is None:
        raise RadiusValidationError(
            label, "application.environment.kind", kind,
            "SecretStore is not implemented on this compute kind",
            "reference the platform's secrets by name in value_from.secret_ref.source, or use another kind")
    return importlib.import_module(target)


def __getattr__(name: str) -> Any:
    # The component lives with its type (resources/secret_store/); `radius_components.secret_store.SecretStore`
    # stays its public path. Resolved on first use: the component imports store_module from here.
    if name == "SecretStore":
        from .resources.secret_store.component import SecretStore

        return SecretStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
