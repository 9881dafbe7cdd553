"""SecretStore on Container Instances: the values as `secureValue` environment variables.

ACI has no way for a running container group to read Key Vault (no Key Vault references, no
secret store CSI driver), so a container group gets a secret only as a `secureValue` in its
own definition (hidden from reads and logs). A created store therefore hands each referencing
container its values directly, as secure values; nothing else is registered and no identity
needs a grant. An existing store (`resource`) cannot be read at deploy time either (ARM does
not return secret values), so it is refused on this kind.
"""

from __future__ import annotations

from typing import Any

from ...connections import StoreSecretRef
from ...errors import RadiusValidationError
from ...model import SecretStoreArgs
from ..secret_stores import NativeStore


def validate(label: str, platform: Any, app_name: str, store_name: str, args: SecretStoreArgs) -> None:
    if args.resource is not None:
        raise RadiusValidationError(
            label, "resource", args.resource,
            "container groups cannot read an existing store (ACI has no Key Vault references)",
            "give the values in the program (value=... as a Pulumi secret, or generate=...), or use the aca kind")


def provision(store: Any, platform: Any, args: SecretStoreArgs, values: dict[str, Any]) -> NativeStore:
    refs = {key: StoreSecretRef("", "", store=store, store_key=key, value=values[key]) for key in sorted(values)}
    return NativeStore(refs=refs, resource=None)
