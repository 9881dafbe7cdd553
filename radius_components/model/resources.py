"""Top-level arguments of the components: a container and the portable resources."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field, model_validator

from ..errors import MISSING
from .base import OutputOr, RadiusModel, problem
from .connection import Connection
from .container import ContainerSpec
from .extensions import Extension
from .runtimes import Runtimes


class ContainerArgs(RadiusModel):
    container: ContainerSpec
    connections: dict[str, Connection] = Field(default_factory=dict)
    extensions: list[Extension] = Field(default_factory=list)
    runtimes: Runtimes = Field(default_factory=Runtimes)
    restart_policy: Literal["Always", "OnFailure", "Never"] = "Always"

    @model_validator(mode="after")
    def _one_extension_per_kind(self) -> "ContainerArgs":
        seen: set[str] = set()
        for index, extension in enumerate(self.extensions):
            if extension.kind in seen:
                raise problem("this extension kind is given twice", "merge them into one entry",
                              field=f"extensions[{index}].kind", value=extension.kind)
            seen.add(extension.kind)
        return self

    def extension(self, kind: str) -> Any:
        return next((e for e in self.extensions if e.kind == kind), None)


class RecipeRef(RadiusModel):
    name: str = "default"
    parameters: dict[str, Any] = Field(default_factory=dict)


class RedisCacheArgs(RadiusModel):
    resource_provisioning: Literal["recipe", "manual"] = "recipe"
    recipe: RecipeRef = Field(default_factory=RecipeRef)
    # Manual provisioning: the user supplies what a recipe would have produced.
    host: Optional[OutputOr[str]] = None
    port: Optional[OutputOr[int]] = Field(default=None, ge=1, le=65535)
    username: Optional[OutputOr[str]] = None
    tls: Optional[OutputOr[bool]] = None
    password: Optional[OutputOr[str]] = None

    @model_validator(mode="after")
    def _manual_needs_endpoint(self) -> "RedisCacheArgs":
        if self.resource_provisioning == "manual":
            missing = [f for f in ("host", "port") if getattr(self, f) is None]
            if missing:
                raise problem(
                    f"resource_provisioning='manual' needs {' and '.join(missing)}",
                    f"pass {', '.join(f'{m}=...' for m in missing)}, or use resource_provisioning='recipe'",
                    field=missing[0],
                    value=MISSING,
                )
        else:
            given = [f for f in ("host", "port", "username", "password") if getattr(self, f) is not None]
            if given:
                raise problem(
                    "only used with resource_provisioning='manual'",
                    "remove it to let the recipe provision Redis, or set resource_provisioning='manual'",
                    field=given[0],
                    value=getattr(self, given[0]),
                )
        return self
