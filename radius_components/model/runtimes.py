"""`runtimes.<kind>`: platform punch-through, applied after the portable fields.

A kind's block is a model of its own (`KindDeclaration.runtime_model`, in its folder: the
Kubernetes one is `platforms/kubernetes/model.py`) or a plain mapping that the kind's
punch-through checks validate (`KindDeclaration.runtime_checks`;
radius_components.runtime_blocks runs them for every block, whatever kind deploys). A kind
applies only its own block: that is what lets one definition serve all.

`Runtimes` spells the built-in kinds' blocks out as fields, for editors, type checkers and
the provider schema; tests/features/test_kind_declarations.py checks its fields are the
declared kinds' blocks.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field, ValidationInfo, model_validator

from ..platforms.knative.model import KnativeRuntime
from ..platforms.kubernetes.model import KubernetesRuntime
from .base import RadiusModel, problem
from .secrets import guard_punch_through_env


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
    knative: Optional[KnativeRuntime] = None
    """Knative Service settings: `container_concurrency`, `timeout_seconds`, autoscaling (`min_scale`, `max_scale`, `target`, `metric`, `autoscaling_class`)."""

    @model_validator(mode="before")
    @classmethod
    def _blocks(cls, data: Any, info: ValidationInfo) -> Any:
        # Each block is a mapping (a model's fields, or the kind's own schema): anything else is
        # named here, with the kind in the path, before a kind's check meets it.
        if not isinstance(data, dict):
            return data
        component = (info.context or {}).get("component", "radius component")
        out = dict(data)
        for kind, block in data.items():
            if block is None:
                continue
            if not isinstance(block, dict) and not isinstance(block, RadiusModel):
                raise problem(f"runtimes.{kind} must be a mapping of that kind's settings",
                              f"give runtimes={{'{kind}': {{...}}}} (see the kind's page in docs/kinds/)",
                              field=str(kind), value=block)
            if isinstance(block, dict):
                # A Pulumi secret as a plain env value in a punch-through block would be
                # stored in plain text, as in container.env (radius_components.model.secrets).
                out[kind] = guard_punch_through_env(block, component, f"runtimes.{kind}")
        return out
