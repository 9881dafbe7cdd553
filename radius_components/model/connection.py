"""`connections.<name>` on a container: what it uses, and what that grants."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import RadiusModel


class Iam(RadiusModel):
    """Extra grants on a connection's target, in the kind's vocabulary."""

    roles: list[str] = Field(default_factory=list)
    """Extra roles in the platform's own vocabulary (Kubernetes Role/ClusterRole names,
    Azure role names, AWS actions or policy ARNs, GCP roles), scoped like the default grant."""


class Connection(RadiusModel):
    """A connection from a container to a resource, another container or a URL."""

    source: Any
    """A RedisCache (or other portable resource), another Container, or a
    "scheme://host:port" URL string. Checked by radius_components.connections."""
    disable_default_env_vars: bool = False
    """True: set no CONNECTION_* variables (the grants and network path stay)."""
    iam: Iam = Field(default_factory=Iam)
    """Extra grants on the target."""
