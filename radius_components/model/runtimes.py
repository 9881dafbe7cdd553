"""`runtimes.<kind>`: platform punch-through, applied after the portable fields.

Only the Kubernetes block is typed here because its platform exists; blocks for the other
kinds are kept as plain mappings and typed by their platform when it lands. A block for a
kind other than the environment's is ignored: that is what lets one definition serve all.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field

from .base import RadiusModel


class KubernetesRuntime(RadiusModel):
    # A YAML manifest (one or more documents) that the generated objects are merged into.
    base: Optional[str] = None
    # A strategic-merge patch applied to the generated PodSpec.
    pod: Optional[dict[str, Any]] = None


class Runtimes(RadiusModel):
    kubernetes: Optional[KubernetesRuntime] = None
    aci: dict[str, Any] = Field(default_factory=dict)
    aca: dict[str, Any] = Field(default_factory=dict)
    ecs: dict[str, Any] = Field(default_factory=dict)
    cloudrun: dict[str, Any] = Field(default_factory=dict)
