"""The arguments of `SecretStore`: Radius's `Applications.Core/secretStores`; field names follow
its schema (snake_case here, the camelCase of Bicep accepted too)."""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import Field, model_validator

from ...errors import MISSING
from ...model.base import OutputOr, RadiusModel, problem

# A key of a secret store: valid as a Kubernetes Secret key ([-._a-zA-Z0-9]+), as part of a
# Secrets Manager name ([A-Za-z0-9/_+=.@-]) and of a Secret Manager secret ID
# ([A-Za-z0-9_-]); so letters, digits, '_' and '-' only.
SECRET_KEY_PATTERN = r"^[A-Za-z0-9_-]{1,63}$"


class SecretGenerate(RadiusModel):
    """A value generated once (pulumi-random) and kept in state as a secret."""

    length: int = Field(default=32, ge=8, le=256)
    """Length of the generated value (8-256)."""
    special: bool = False
    """Whether it may contain special characters."""


class SecretValueFrom(RadiusModel):
    """A key of an existing store: its name there (default: the key) and version."""

    name: Optional[str] = Field(default=None, min_length=1)
    """The name of the key in the existing store (default: this key's name)."""
    version: Optional[str] = Field(default=None, min_length=1)
    """The version to pin, where the platform has versions (default: latest)."""


class SecretValue(RadiusModel):
    """One key of a secret store: a value from the program, a generated value, or an existing one."""

    value: Optional[OutputOr[str]] = None
    """A value from the program (made a Pulumi secret). Exactly one of `value`, `generate` and
    (with the store's `resource`) `value_from`."""
    generate: Optional[SecretGenerate] = None
    """A generated value (pulumi-random), kept in state as a secret."""
    value_from: Optional[SecretValueFrom] = None
    """Where the key lives in the existing store (with the store's `resource`)."""
    encoding: Literal["raw", "base64"] = "raw"
    """Radius: raw | base64 (the value as given is base64; the store keeps the decoded bytes)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> "SecretValue":
        given = [f for f in ("value", "generate", "value_from") if getattr(self, f) is not None]
        if len(given) > 1:
            raise problem(f"{' and '.join(given)} are both given", "give exactly one of value, generate, value_from",
                          field=given[1], value=getattr(self, given[1]))
        return self


class SecretStoreArgs(RadiusModel):
    """The arguments of `rad.SecretStore` (Radius's `Applications.Core/secretStores`)."""

    type: Literal["generic"] = "generic"
    """Radius's secret store types; only `generic` (any keys) is portable to every kind."""
    data: dict[str, SecretValue] = Field(min_length=1)
    """The keys of the store, at least one."""
    resource: Optional[str] = Field(default=None, min_length=1)
    """An existing store on the platform: a Kubernetes Secret name, a Secrets Manager secret ARN, a
    Secret Manager secret, a Key Vault. None: the store is created."""

    @model_validator(mode="after")
    def _keys_and_sources(self) -> "SecretStoreArgs":
        for key, item in self.data.items():
            if not re.match(SECRET_KEY_PATTERN, key):
                raise problem("not a secret store key every kind accepts",
                              "use 1-63 letters, digits, '_' and '-'", field=f"data.{key}", value=key)
            if self.resource is None:
                if item.value_from is not None:
                    raise problem("value_from names a key of an existing store, and this store has no 'resource'",
                                  "give the existing store as resource=..., or give value=... or generate={...}",
                                  field=f"data.{key}.value_from", value=item.value_from)
                if item.value is None and item.generate is None:
                    raise problem("a key of a created store needs a value",
                                  "give value=... (a Pulumi secret) or generate={'length': 32}",
                                  field=f"data.{key}", value=MISSING)
            elif item.value is not None or item.generate is not None:
                raise problem("an existing store (resource=...) is only read, so its keys cannot be given a value",
                              "remove value/generate, or remove resource to create the store",
                              field=f"data.{key}", value=item.value if item.value is not None else item.generate)
        return self
