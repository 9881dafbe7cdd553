"""What every portable resource with a recipe does alike, driven by its type's declared
connection fields (RedisCache, SqlDatabase, a third-party type).

Each runs the environment's recipe, or takes the user's values in manual mode; checks the
values the declaration requires are there and fills in its defaults; computes the computed
fields; and formats its connection values once, so every connecting container shares them
(plain values stay plain strings, no Output per container; secrets are already secret strings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

import pulumi

from .connections import ConnectionValue, as_env_string, as_secret_string, property_key
from .declarations import ConnectionField, ResourceTypeDeclaration
from .errors import MISSING, RadiusValidationError
from .recipes import RecipeContext, recipe_values

if TYPE_CHECKING:  # pragma: no cover
    from .component import RadiusComponent
    from .model import RecipeRef


def provision(component: "RadiusComponent", label: str, declaration: ResourceTypeDeclaration,
              run_recipe: Optional[Callable[..., Any]], recipe: "RecipeRef",
              manual_values: Mapping[str, Any]) -> dict[str, Any]:
    """The connection values, by field name, with the declared defaults filled in: the
    recipe's (checked against the declared fields) or the manual ones.

    Sets `native_resources` and `recipe_outputs` on the component.
    """
    app = component.application  # type: ignore[attr-defined]
    if run_recipe is None:
        component.native_resources = []  # type: ignore[attr-defined]
        component.recipe_outputs = {}  # type: ignore[attr-defined]
        values = dict(manual_values)
        for f in declaration.fields:
            # The args model checks its own manual fields; this guards a model that does not.
            if f.required and not f.computed and values.get(f.name) is None:
                raise RadiusValidationError(label, f.name, MISSING, "resource_provisioning='manual' needs it",
                                            f"pass {f.name}=..., or use resource_provisioning='recipe'")
    else:
        result = run_recipe(RecipeContext(
            resource=component, resource_type=declaration.name,
            resource_name=component.resource_name,  # type: ignore[attr-defined]
            application=app, environment=app.environment, parameters=dict(recipe.parameters),
            protect=app.environment.protect_stateful,
        ))
        values = recipe_values(f"{label} (recipe '{recipe.name}')", declaration, result)
        component.native_resources = list(result.resources)  # type: ignore[attr-defined]
        component.recipe_outputs = dict(result.outputs)  # type: ignore[attr-defined]
    return with_defaults(declaration, values)


def with_defaults(declaration: ResourceTypeDeclaration, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every given field of the type: the value, else its declared default (None: absent)."""
    out: dict[str, Any] = {}
    for f in declaration.fields:
        if f.computed:
            continue
        value = values.get(f.name)
        if value is None and f.default is not None:
            value = f.default(values) if callable(f.default) else f.default
        out[f.name] = value
    return out


def field_outputs(declaration: ResourceTypeDeclaration, values: Mapping[str, Any], args: Any) -> dict[str, pulumi.Output]:
    """The component's output of each field: a given field as given ("" when absent; secrets are
    Pulumi secrets), a computed one from the outputs of its inputs."""
    outputs: dict[str, pulumi.Output] = {}
    for f in declaration.fields:
        if f.computed:
            continue
        value = values.get(f.name)
        if f.secret:
            outputs[f.name] = pulumi.Output.secret(value if value is not None else "")
        else:
            outputs[f.name] = pulumi.Output.from_input(value if value is not None else "")
    for f in declaration.fields:
        if f.computed:
            outputs[f.name] = _computed(f, outputs, args)
    return outputs


def _computed(f: ConnectionField, outputs: Mapping[str, pulumi.Output], args: Any) -> pulumi.Output:
    if f.compute is None:
        raise TypeError(f"connection field '{f.name}' is computed but declares no compute function")
    names = f.inputs or tuple(name for name in outputs)
    compute = f.compute
    value = pulumi.Output.all(*(outputs[name] for name in names)).apply(
        lambda resolved: compute(dict(zip(names, resolved)), args))
    return pulumi.Output.secret(value) if f.secret else value


def connection_values(declaration: ResourceTypeDeclaration, values: Mapping[str, Any],
                      outputs: Mapping[str, pulumi.Output]) -> dict[str, ConnectionValue]:
    """The CONNECTION_<NAME>_<PROPERTY> values, one per field that has a value: given fields
    formatted from the value given, computed ones from their (already secret) outputs."""
    out: dict[str, ConnectionValue] = {}
    for f in declaration.fields:
        prop = property_key(f.name)
        if f.computed:
            output = outputs[f.name]
            out[prop] = (ConnectionValue(output, secret=True, formatted=True) if f.secret
                         else ConnectionValue(as_env_string(output), formatted=True))
            continue
        value = values.get(f.name)
        if value is None:
            continue
        out[prop] = (ConnectionValue(as_secret_string(value), secret=True, formatted=True) if f.secret
                     else ConnectionValue(as_env_string(value), formatted=True))
    return out
