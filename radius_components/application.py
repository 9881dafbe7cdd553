"""`Application`: a named group of containers and resources in one environment."""

from __future__ import annotations

from typing import Any, Optional

import pulumi

from .claims import Claim, claim_names
from .component import RadiusComponent

from .environment import Environment
from .errors import RadiusValidationError


class Application(RadiusComponent):
    """An application: the unit the graph describes and names are derived from.

    Outputs: `environment_name`, the platform's application outputs (on Kubernetes:
    `namespace`), and `graph` — read it after declaring every resource of the app.
    """

    def __init__(self, name: str, environment: Environment, opts: Optional[pulumi.ResourceOptions] = None):
        label = f"Application '{name}'"
        if not isinstance(environment, Environment):
            raise RadiusValidationError(label, "environment", environment, "not an Environment",
                                        "pass the rad.Environment(...) this application deploys to")
        environment.platform.validate_application(label, name)
        self.resource_name = name
        self.environment = environment
        self._members: list[Any] = []

        self.radius_qualified_type = claim_names(label, Claim("Application", name), "radius:index:Application", opts)
        super().__init__("radius:index:Application", name, None, opts)
        outputs: dict[str, Any] = {"environment_name": environment.resource_name}
        outputs.update(environment.platform.application_outputs(self))
        for key, value in outputs.items():
            setattr(self, key, pulumi.Output.from_input(value))
        self.register_outputs(outputs)

    def _add(self, member: Any) -> None:
        self._members.append(member)

    @property
    def members(self) -> tuple[Any, ...]:
        return tuple(self._members)

    @property
    def graph(self) -> pulumi.Output[dict]:
        """The application graph (see radius_components.graph) as an Output."""
        from .graph import build_graph

        return pulumi.Output.from_input(build_graph(self))
