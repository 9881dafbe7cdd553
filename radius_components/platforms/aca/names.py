"""Container Apps names derived from component names (apps, volumes, secrets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...connections import EnvPlan
from ...errors import RadiusValidationError
from ...model import ContainerArgs
from ...names import dns_label
from ..azure import names as az
from ..naming import distinct_names

_NAME_FIX = "use a name with lowercase letters, digits or '-'"


@dataclass(frozen=True)
class AppNames:
    app: str
    resource: str
    container_app: str  # the container app's name, also the container's name inside it
    volumes: dict[str, str]
    secrets: dict[str, str]  # env var name -> base of its container app secret name

    @property
    def identity(self) -> str:
        return f"{self.container_app}-id"


def app_names(label: str, app: str, resource: str, args: ContainerArgs, plan: Optional[EnvPlan]) -> AppNames:
    name = az.container_app_name(app, resource)
    if name is None or az.container_app_name(resource) is None:
        raise RadiusValidationError(label, "name", resource,
                                    f"'{app}-{resource}' has no letter or digit to build a container app name from",
                                    _NAME_FIX)
    volumes = distinct_names(label, "container.volumes", args.container.volumes, dns_label,
                             "Container Apps volume name")
    # Container app secret names: lowercase letters, digits and '-', starting and ending
    # alphanumeric; 9 characters are kept for the revision suffix (see the platform).
    secret_names = [e.name for e in plan.entries if e.is_secret or e.secret_ref is not None] if plan else []
    secrets = distinct_names(label, "container.env", secret_names,
                             lambda n: dns_label(n.replace("_", "-"), max_length=54), "Container Apps secret name")
    return AppNames(app=app, resource=resource, container_app=name, volumes=volumes, secrets=secrets)
