"""`SecretStore`: a named set of secret keys a container reads through its platform's own
secret mechanism.

Radius's `Applications.Core/secretStores`. A container reads a key with
`env: {"NAME": {"value_from": {"secret_ref": {"source": store, "key": "<key>"}}}}`. The
store's keys come from the program (Pulumi secrets), are generated once (pulumi-random), or
live in an existing store on the platform (`resource`). What the store becomes is the
platform's business, in `platforms/<kind>/secret_store.py`:

| kind | created store | existing store (`resource`) |
|---|---|---|
| kubernetes | one Secret, a key per key | a Secret name (`value_from.name`: its key) |
| ecs | a Secrets Manager secret per key | a secret ARN (`value_from.name`: a JSON key) |
| cloudrun | a Secret Manager secret + version per key (pinned) | a secret (`value_from.version`: pinned version) |

Each container that references a key may read exactly that key's secret and nothing else.
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
