"""ACI names derived from component names (container groups, volumes)."""

from __future__ import annotations

from ...errors import RadiusValidationError
from ...model import ContainerArgs
from ..azure import names as az
from ..naming import distinct_names

_NAME_FIX = "use a name with lowercase letters, digits or '-'"


def group_name(label: str, app: str, resource: str) -> str:
    name = az.aci_name(app, resource)
    if name is None or az.aci_name(resource) is None:
        raise RadiusValidationError(label, "name", resource, f"'{app}-{resource}' has no letter or digit to build an "
                                    "ACI container group name from", _NAME_FIX)
    return name


def volume_names(label: str, args: ContainerArgs) -> dict[str, str]:
    return distinct_names(label, "container.volumes", args.container.volumes, az.aci_name, "ACI volume name")
