"""`Application`: a named group of containers and resources in one environment."""

from __future__ import annotations

from typing import Any, Optional

import pulumi

from .claims import Claim, claim_names
from .component import RadiusComponent

from .environment import Environment
from .errors import RadiusValidationError
from .model.base import parse
from .model.extensions import ApplicationExtensions
from .program import records_errors


class Application(RadiusComponent):
    """An application: the unit the graph describes and names are derived from.

    :param name: the Pulumi name; platform names of its resources are `<name>-<resource>`.
    :param environment: the `Environment` it deploys to.
    :param opts: Pulumi resource options.
    :param extensions: Radius's Application extensions: `kubernetesMetadata` (labels and
        annotations cascading into every container's objects on Kubernetes, under the
        container's own) and `kubernetesNamespace` (its namespace, with
        Kubernetes and Knative, Radius's layout, their default); other kinds ignore them.

    Outputs: `environment_name`, the platform's application outputs as attributes (each
    kind declares its own: `KindDeclaration.outputs`), and the graph: `graph` (a dict), `graph_text` (like `rad app graph`) and
    `graph_mermaid` (a Mermaid flowchart), Outputs that resolve once the whole program has
    been declared, so they list every resource however early they are read.
    """

    environment_name: pulumi.Output[str]
    environment: Environment
    # The outputs the kinds declare for an Application (KindDeclaration.outputs, component
    # "Application"); reading one on a kind that does not set it raises AttributeError.
    # tests/features/test_kind_declarations.py keeps this list and the declarations equal.
    namespace: pulumi.Output[str]
    resource_group_name: pulumi.Output[str]
    cluster_arn: pulumi.Output[str]
    project: pulumi.Output[str]
    region: pulumi.Output[str]

    @records_errors
    def __init__(self, name: str, environment: Environment, opts: Optional[pulumi.ResourceOptions] = None,
                 extensions: Optional[list[Any]] = None) -> None:
        label = f"Application '{name}'"
        if not isinstance(environment, Environment):
            raise RadiusValidationError(label, "environment", environment, "not an Environment",
                                        "pass the rad.Environment(...) this application deploys to")
        # Radius's Application extensions (kubernetesMetadata, kubernetesNamespace); the kinds
        # that use them read them (platforms/kubernetes), the others ignore them as Radius does.
        self.extensions = parse(ApplicationExtensions, {"extensions": extensions or []}, label, "")
        declare = getattr(environment.platform, "declare_application", None)
        if declare is not None:
            declare(name, self.extensions)
        environment.platform.validate_application(label, name)
        self.resource_name = name
        self.environment = environment
        self._members: list[Any] = []
        environment._applications.append(self)

        self.radius_qualified_type = claim_names(label, Claim("Application", name), "radius:index:Application", opts)
        self._register_in_program("radius:index:Application", name, opts)
        outputs: dict[str, Any] = {"environment_name": environment.resource_name}
        outputs.update(environment.platform.application_outputs(self))
        for key, value in outputs.items():
            setattr(self, key, pulumi.Output.from_input(value))
        self.register_outputs(outputs)

    def _add(self, member: Any) -> None:
        self._members.append(member)

    @property
    def members(self) -> tuple[Any, ...]:
        """The Containers and resources declared in this application so far, in order."""
        return tuple(self._members)

    @property
    def graph(self) -> pulumi.Output[dict[str, Any]]:
        """The application graph (see radius_components.graph), once the program is declared."""
        from .graph import graph_output

        return graph_output(self)

    @property
    def graph_text(self) -> pulumi.Output[str]:
        """The graph as text, the way `rad app graph` prints it."""
        from .graph import render_text

        return self.graph.apply(render_text)

    @property
    def graph_mermaid(self) -> pulumi.Output[str]:
        """The graph as a Mermaid flowchart, for PR comments and READMEs."""
        from .graph import render_mermaid

        return self.graph.apply(render_mermaid)
