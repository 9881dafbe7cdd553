"""The arguments of `RedisCache`: Radius's `Applications.Datastores/redisCaches`."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, model_validator

from ...errors import MISSING
from ...model.base import OutputOr, RadiusModel, problem
from ...model.endpoint import HostName
from ...model.resources import RecipeRef


class RedisCacheArgs(RadiusModel):
    """Everything a RedisCache takes besides its name and application."""

    resource_provisioning: Literal["recipe", "manual"] = "recipe"
    """`recipe` (default) or `manual` (an existing Redis)."""
    recipe: RecipeRef = Field(default_factory=RecipeRef)
    """The recipe and its parameters."""
    # Manual provisioning: the user supplies what a recipe would have produced.
    host: Optional[OutputOr[HostName]] = None
    """(manual) The host name."""
    port: Optional[OutputOr[int]] = Field(default=None, ge=1, le=65535)
    """(manual) The port; TLS is assumed on 6380."""
    username: Optional[OutputOr[str]] = None
    """(manual) The ACL user."""
    tls: Optional[OutputOr[bool]] = None
    """(manual) Whether clients use TLS."""
    password: Optional[OutputOr[str]] = None
    """(manual) The password, a secret."""

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
