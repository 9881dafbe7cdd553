"""`runtimes.<kind>`: platform punch-through, applied after the portable fields.

Only the Kubernetes block is a model here; the other kinds' blocks are plain mappings that
their platform's punch-through checks validate (radius_components.runtime_blocks runs those
checks for every block, whatever kind deploys). A kind applies only its own block: that is
what lets one definition serve all.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field

from .base import RadiusModel


class KubernetesRuntime(RadiusModel):
    """`runtimes.kubernetes`."""

    base: Optional[str] = None
    """A YAML manifest (one or more documents) that the generated objects are merged into."""
    pod: Optional[dict[str, Any]] = None
    """A strategic-merge patch applied to the generated PodSpec."""


class Runtimes(RadiusModel):
    """Per-kind punch-through; a kind applies its own block, and every block is checked against its kind's schema."""

    kubernetes: Optional[KubernetesRuntime] = None
    """`base` manifest and `pod` patch."""
    aci: dict[str, Any] = Field(default_factory=dict)
    """Container group properties."""
    aca: dict[str, Any] = Field(default_factory=dict)
    """`template`, `configuration`, `workload_profile_name`, `tags`."""
    ecs: dict[str, Any] = Field(default_factory=dict)
    """`task_definition`, `service`, `container`."""
    cloudrun: dict[str, Any] = Field(default_factory=dict)
    """Service template fields, `service`, `sidecar_ports`, `invokers`."""
