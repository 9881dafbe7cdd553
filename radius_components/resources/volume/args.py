"""The arguments of `Volume`: storage a container mounts with a `persistent` volume."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, model_validator

from ...errors import MISSING
from ...model.base import OutputOr, RadiusModel, problem
from ...model.resources import RecipeRef

ACCESS_MODES = ("ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany")
# The largest size any built-in recipe can ask for: a Kubernetes claim takes any quantity, Azure
# Files' large file shares stop at 102400 GiB (100 TiB, "Azure Files scale targets"); EFS and
# Cloud Storage are elastic and have no size.
MAX_SIZE_GIB = 102400


class VolumeArgs(RadiusModel):
    """Everything a Volume takes besides its name and application."""

    resource_provisioning: Literal["recipe", "manual"] = "recipe"
    """`recipe` (default): the environment's recipe creates the storage; `manual`: an existing one."""
    recipe: RecipeRef = Field(default_factory=RecipeRef)
    """The recipe and its parameters."""
    size_gib: int = Field(default=1, ge=1, le=MAX_SIZE_GIB)
    """Its size in GiB (default 1): a claim's request, a share's quota; EFS and Cloud Storage
    grow as they fill and ignore it."""
    access_mode: Literal["ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany"] = "ReadWriteOnce"
    """Who may mount it at once: `ReadWriteOnce` (default: one node or replica writes),
    `ReadWriteMany` (many replicas write) or `ReadOnlyMany` (many read, none writes)."""
    # Manual provisioning: the storage that exists.
    resource: Optional[OutputOr[str]] = None
    """(manual) The existing storage, in the kind's terms: a PersistentVolumeClaim's name
    (kubernetes, knative) or a Cloud Storage bucket's name (cloudrun)."""

    @model_validator(mode="after")
    def _manual_needs_resource(self) -> "VolumeArgs":
        if self.resource_provisioning == "manual" and self.resource is None:
            raise problem("resource_provisioning='manual' needs resource",
                          "pass resource=<the existing volume's name>, or use resource_provisioning='recipe'",
                          field="resource", value=MISSING)
        if self.resource_provisioning == "recipe" and self.resource is not None:
            raise problem("only used with resource_provisioning='manual'",
                          "remove it to let the recipe create the volume, or set resource_provisioning='manual'",
                          field="resource", value=self.resource)
        return self
