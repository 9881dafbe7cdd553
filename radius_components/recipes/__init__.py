"""Recipes: how a portable resource is provisioned.

A recipe is a callable `recipe(ctx: RecipeContext) -> <Type>Result`: the typed result of its
resource type (`RedisCacheResult`, `SqlDatabaseResult`, or `result_class(declaration)` for any
declared type), one attribute per connection field the type declares. The untyped
`RecipeResult(values=..., secrets=...)` still works and is checked against the same fields.

The Environment picks the recipe: its own registered recipe for the resource type and name,
else (for the name `default`) the built-in one, found in this order: the kind's declaration
(`KindDeclaration.recipes[type]`), the type's (`ResourceTypeDeclaration.recipes[kind]`), the
platform's `default_recipe()`. With resource_provisioning="manual" no recipe runs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, Optional

import pulumi

from ..declarations import ResourceTypeDeclaration, declared_resource_types
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


@dataclass(kw_only=True)
class TypedRecipeResult:
    """Base of the typed results: one attribute per connection field of `resource_type` a
    recipe gives (a subclass adds them), the resources the recipe created, and `outputs`,
    platform facts other components wire to (exposed as `recipe_outputs`)."""

    resource_type: ClassVar[str] = ""  # the declared type it is the result of: "RedisCache"
    resources: list[pulumi.Resource] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)

    def field_values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in _RESULT_BASE_FIELDS}

    # The untyped spelling, for code that reads a recipe's result as a RecipeResult.
    @property
    def values(self) -> dict[str, Any]:
        return self._split(secret=False)

    @property
    def secrets(self) -> dict[str, Any]:
        return self._split(secret=True)

    def _split(self, secret: bool) -> dict[str, Any]:
        declared = declared_resource_types().get(self.resource_type)
        secret_names = {f.name for f in declared.secrets} if declared else set()
        return {k: v for k, v in self.field_values().items() if v is not None and (k in secret_names) == secret}


_RESULT_BASE_FIELDS = frozenset(("resources", "outputs"))
# id(declaration) -> (declaration, its generated class); declarations hold mappings, so they are not hashable.
_generated: dict[int, tuple[ResourceTypeDeclaration, type[TypedRecipeResult]]] = {}


def result_class(declaration: ResourceTypeDeclaration) -> type[TypedRecipeResult]:
    """The typed result of a declared type's recipes: its own `result` class, or one generated
    from its fields (required fields are required keyword arguments, the others default to None)."""
    if declaration.result is not None:
        return declaration.result
    cached = _generated.get(id(declaration))
    if cached is not None and cached[0] is declaration:
        return cached[1]
    given = [f for f in declaration.fields if not f.computed]
    cls = dataclasses.make_dataclass(
        f"{declaration.name}Result",
        [(f.name, Any) if f.required else (f.name, Any, field(default=None)) for f in given],
        bases=(TypedRecipeResult,), kw_only=True, namespace={"resource_type": declaration.name})
    cls.__doc__ = f"What a {declaration.name} recipe returns: {', '.join(f.name for f in given)}."
    _generated[id(declaration)] = (declaration, cls)
    return cls


Recipe = Callable[[RecipeContext], Any]  # returns the type's typed result (or a RecipeResult)


def recipe_values(label: str, declaration: ResourceTypeDeclaration, result: Any) -> dict[str, Any]:
    """The connection values a recipe returned, by field name, checked against what the type
    declares: a typed result of this type, or a `RecipeResult` whose `values` and `secrets`
    hold every required field. `label` names the recipe ("RedisCache 'db' (recipe 'default')")."""
    expected = result_class(declaration).__name__
    if isinstance(result, TypedRecipeResult):
        if result.resource_type != declaration.name:
            raise RadiusValidationError(label, "recipe", type(result).__name__,
                                        f"the recipe returned the result of a {result.resource_type or 'different'} "
                                        f"recipe, not of a {declaration.name} recipe",
                                        f"return a {expected}(...)")
        values = result.field_values()
    elif all(hasattr(result, a) for a in ("values", "secrets", "resources", "outputs")):
        values = {**result.values, **result.secrets}  # a RecipeResult, or anything shaped like one
    else:
        raise RadiusValidationError(label, "recipe", type(result).__name__,
                                    "a recipe must return its resource type's result",
                                    f"return a {expected}(...) (or a RecipeResult(values=..., secrets=...))")
    given = [f for f in declaration.fields if not f.computed]
    for f in given:
        if f.required and values.get(f.name) is None:
            unknown = sorted(set(values) - {g.name for g in given})
            hint = f" ({', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} no field of {declaration.name})" \
                if unknown else ""
            raise RadiusValidationError(
                label, f.name, None,
                f"the recipe returned no value for it, and {declaration.name} requires "
                f"{', '.join(g.name for g in given if g.required)}",
                f"return it: {expected}({f.name}=...), or RecipeResult.{'secrets' if f.secret else 'values'}"
                f"['{f.name}']{hint}")
    return values


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
    if getattr(recipe, "__module__", "").startswith(f"{__name__}."):
        # The built-in recipes' parameters are identifiers the cloud API matches exactly (an
        # image, a node type, an instance class, a SKU, a tier, a version, a quantity) or
        # numbers and booleans: none takes text with a space in it, which would reach the API
        # and fail there (or, for an image, fail when the pod pulls it). The one kind of
        # document a built-in recipe takes is a PEM bundle (the RDS recipe's `ca_bundle`).
        for key in sorted(parameters):
            value = parameters[key]
            if isinstance(value, str) and any(c.isspace() for c in value) and not value.lstrip().startswith("-----BEGIN "):
                raise RadiusValidationError(label, f"recipe.parameters.{key}", value,
                                            "a built-in recipe's parameter holds no spaces (it is a name, size or "
                                            "version the cloud matches exactly)",
                                            f"give it without spaces, like {''.join(value.split())!r}")
    validate = getattr(recipe, "validate", None)
    if validate is not None:
        validate(label, dict(parameters))


def default_recipe(environment: "Environment", resource_type: str) -> Optional[Recipe]:
    """The built-in recipe of a resource type on the environment's kind. The lookup (the kind's
    declaration, then the type's) is `Platform.default_recipe`, which a kind may override."""
    return environment.platform.default_recipe(resource_type)


def resolve_recipe(label: str, environment: "Environment", resource_type: str, recipe_name: str) -> Recipe:
    """The recipe to run, or an error listing the names this environment knows."""
    registered = environment.recipes.get(resource_type, {})
    if recipe_name in registered:
        return registered[recipe_name]
    builtin = default_recipe(environment, resource_type)
    if recipe_name == "default" and builtin is not None:
        return builtin
    known = sorted(set(registered) | ({"default"} if builtin is not None else set()))
    raise RadiusValidationError(
        label,
        "recipe.name",
        recipe_name,
        f"environment '{environment.resource_name}' ({environment.kind}) has no {resource_type} recipe by that name",
        f"use one of {known}" if known else
        f"register one with Environment(recipes={{'{resource_type}': {{'{recipe_name}': my_recipe}}}}), "
        "or use resource_provisioning='manual'",
    )
