"""`connections.<name>` on a container: what it uses, and what that grants."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import RadiusModel


class Iam(RadiusModel):
    # Extra roles in the platform's own vocabulary (Kubernetes Role/ClusterRole names,
    # Azure role names, AWS actions or policy ARNs, GCP roles), scoped like the default grant.
    roles: list[str] = Field(default_factory=list)


class Connection(RadiusModel):
    # A RedisCache (or other portable resource), another Container, or a
    # "scheme://host:port" URL string. Checked by radius_components.connections.
    source: Any
    disable_default_env_vars: bool = False
    iam: Iam = Field(default_factory=Iam)
