"""What a platform's `secret_store` module returns for one SecretStore (see radius_components.secret_store).

Each kind's module (`platforms/<kind>/secret_store.py`) has:
- `validate(label, platform, app_name, store_name, args)`: raise RadiusValidationError before
  anything registers;
- `provision(store, platform, args, values) -> NativeStore`: register the native secrets of a
  created store (`values`: key -> secret Output), or only describe an existing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi

from ..connections import StoreSecretRef


@dataclass
class NativeStore:
    refs: dict[str, StoreSecretRef]  # store key -> where a container reads it
    resources: list[pulumi.Resource] = field(default_factory=list)
    resource: Any = None  # the native store's id (name, ARNs, secret IDs), an output of the store


def store_refs(entries: Any) -> list[StoreSecretRef]:
    """The store references of a container's env plan, once each, in env-name order."""
    return [e.secret_ref for e in entries if isinstance(e.secret_ref, StoreSecretRef)]
