"""Recipes: how a portable resource is provisioned.

A recipe is a callable `recipe(ctx: RecipeContext) -> RecipeResult`. The Environment picks
it: its own registered recipe for the resource type and name, else (for the name
`default`) the platform's built-in one. With resource_provisioning="manual" no recipe runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

import pulumi

from ..errors import RadiusValidationError

if TYPE_CHECKING:  # pragma: no cover
    from ..application import Application
    from ..environment import Environment


@dataclass
class RecipeContext:
    """Everything a recipe needs; recipes register their resources with `ctx.opts()`."""

    resource: pulumi.ComponentResource
    resource_type: str
    resource_name: str
    application: "Application"
    environment: "Environment"
    parameters: Mapping[str, Any]
    protect: bool  # stateful resources: protect them unless the environment opted out

    @property
    def platform(self) -> Any:
        return self.environment.platform

    @property
    def compute(self) -> Any:
        return self.environment.compute

    def name(self, suffix: str) -> str:
        """A deterministic Pulumi logical name for a child: `<resource>-<suffix>`."""
        return f"{self.resource_name}-{suffix}"

    def opts(self, stateful: bool = False, **kwargs: Any) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self.resource, protect=self.protect if stateful else None, **kwargs)


@dataclass
class RecipeResult:
    """Connection values (plain), secrets (secret), and the resources the recipe created."""

    values: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, Any] = field(default_factory=dict)
    resources: list[pulumi.Resource] = field(default_factory=list)
    # Platform facts other components wire to (a resource ID to scope role assignments to,
    # a security group to admit connecting tasks to, ...); exposed as `recipe_outputs`.
    outputs: dict[str, Any] = field(default_factory=dict)


Recipe = Callable[[RecipeContext], RecipeResult]


def check_parameters(label: str, recipe: Recipe, parameters: Mapping[str, Any]) -> None:
    """Reject parameters a recipe does not take, or values it cannot use, before anything
    registers.

    A recipe lists what it takes in a `parameters` attribute (a tuple of names) and may
    check the values in a `validate(label, parameters)` attribute that raises
    RadiusValidationError; a recipe with neither accepts anything.
    """
    accepted = getattr(recipe, "parameters", None)
    if accepted is not None:
        unknown = sorted(set(parameters) - set(accepted))
        if unknown:
            raise RadiusValidationError(label, f"recipe.parameters.{unknown[0]}", parameters[unknown[0]],
                                        "the recipe has no such parameter",
                                        f"use {sorted(accepted)}" if accepted else "remove the parameters")
    validate = getattr(recipe, "validate", None)
    if validate is not None:
        validate(label, dict(parameters))


def resolve_recipe(label: str, environment: "Environment", resource_type: str, recipe_name: str) -> Recipe:
    """The recipe to run, or an error listing the names this environment knows."""
    registered = environment.recipes.get(resource_type, {})
    if recipe_name in registered:
        return registered[recipe_name]
    builtin: Optional[Recipe] = environment.platform.default_recipe(resource_type) if recipe_name == "default" else None
    if builtin is not None:
        return builtin
    known = sorted(set(registered) | ({"default"} if environment.platform.default_recipe(resource_type) else set()))
    raise RadiusValidationError(
        label,
        "recipe.name",
        recipe_name,
        f"environment '{environment.resource_name}' ({environment.kind}) has no {resource_type} recipe by that name",
        f"use one of {known}" if known else
        f"register one with Environment(recipes={{'{resource_type}': {{'{recipe_name}': my_recipe}}}}), "
        "or use resource_provisioning='manual'",
    )
