"""The base of a portable resource type a recipe provisions (or the user supplies: manual).

A subclass names its declaration (`declaration = TYPE`); everything else comes from it: the
arguments model, the recipe lookup, the claimed names, the outputs (one per declared connection
field, plus the declared `outputs`), the CONNECTION_<NAME>_<PROPERTY> values. A third-party type
is a declaration, an arguments model (`RecipeResourceArgs` plus its manual fields) and

    class MongoDatabase(RecipeResource):
        declaration = TYPE

created as `MongoDatabase("db", application=app, recipe={...})`.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Mapping, Optional

import pulumi
from pydantic import Field

from ..application import Application
from ..arguments import parse_component_arguments
from ..claims import Claim, claim_names
from ..component import RadiusComponent
from ..connections import ConnectionValue
from ..declarations import ResourceTypeDeclaration
from ..model.base import RadiusModel
from ..model.resources import RecipeRef
from ..provisioning import connection_values, field_outputs, provision
from ..recipes import Recipe, check_parameters, resolve_recipe
from ..program import records_errors


class RecipeResourceArgs(RadiusModel):
    """What every recipe-provisioned type takes; a type's arguments model adds its manual fields."""

    resource_provisioning: Literal["recipe", "manual"] = "recipe"
    """`recipe` (default): the environment's recipe provisions it; `manual`: an existing one."""
    recipe: RecipeRef = Field(default_factory=RecipeRef)
    """The recipe and its parameters."""


class RecipeResource(RadiusComponent):
    """A resource of a declared type, provisioned by the environment's recipe or given manually."""

    declaration: ClassVar[ResourceTypeDeclaration]
    resource_type: ClassVar[str]  # Radius's type, from the declaration
    recipe_outputs: dict[str, Any]
    native_resources: list[pulumi.Resource]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declaration = cls.__dict__.get("declaration")
        if declaration is not None:
            cls.resource_type = declaration.radius_type

    def __init__(self, name: str, application: Application, opts: Optional[pulumi.ResourceOptions] = None,
                 **arguments: Any) -> None:
        self._declare(name, application, {}, arguments, opts)

    @records_errors
    def _declare(self, name: str, application: Application, given: Mapping[str, Any], optional: Mapping[str, Any],
                 opts: Optional[pulumi.ResourceOptions]) -> None:
        """Parse, check, register, provision: `given` arguments always reach the model, `optional`
        ones only when not None (see parse_component_arguments)."""
        declaration = self.declaration
        type_name = declaration.name
        label = f"{type_name} '{name}'"
        args: Any = parse_component_arguments(label, application, declaration.args_model, given, optional)
        environment = application.environment
        run_recipe = None
        if args.resource_provisioning == "recipe":
            run_recipe = resolve_recipe(label, environment, type_name, args.recipe.name)
            check_parameters(label, run_recipe, args.recipe.parameters)
        self._check_arguments(label, application, args, run_recipe)

        self.resource_name = name
        self.application = application
        self.args = args
        token = f"radius:index:{type_name}"
        self.radius_qualified_type = claim_names(label, Claim(type_name, name, application.resource_name),
                                                 token, opts, environment.native_names)
        self._register_in_program(token, name, opts)

        values = provision(self, label, declaration, run_recipe, args.recipe, self._manual_values(args))
        outputs = field_outputs(declaration, values, args)
        for field_name, output in outputs.items():
            setattr(self, field_name, output)
        self._connection_values = connection_values(declaration, values, outputs)
        application._add(self)
        self.register_outputs({**{o.name: getattr(self, o.name) for o in declaration.outputs}, **outputs})

    def _check_arguments(self, label: str, application: Application, args: Any, run_recipe: Optional[Recipe]) -> None:
        """A type's own checks of its arguments against the recipe, before anything registers."""

    def _manual_values(self, args: Any) -> dict[str, Any]:
        """resource_provisioning='manual': the declared fields the arguments model has."""
        model_fields = type(args).model_fields
        return {f.name: getattr(args, f.name) for f in self.declaration.fields
                if not f.computed and f.name in model_fields}

    # -- ConnectionSource ------------------------------------------------------------------
    def connection_values(self) -> dict[str, ConnectionValue]:
        return dict(self._connection_values)
