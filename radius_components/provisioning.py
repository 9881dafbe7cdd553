"""What every portable resource with a recipe does alike (RedisCache, SqlDatabase).

Each runs the environment's recipe, or takes the user's values in manual mode; checks the
values the connection contract needs are there; and formats its connection values once, so
every connecting container shares them (plain values stay plain strings, no Output per
container; secrets are already secret strings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

from .connections import ConnectionValue, as_env_string, as_secret_string
from .errors import RadiusValidationError
from .recipes import RecipeContext

if TYPE_CHECKING:  # pragma: no cover
    from .component import RadiusComponent
    from .model import RecipeRef


def provision(component: "RadiusComponent", label: str, resource_type: str,
              run_recipe: Optional[Callable[..., Any]], recipe: "RecipeRef",
              manual_values: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """(values, label for errors about them): the recipe's values and secrets, or the manual ones.

    Sets `native_resources` and `recipe_outputs` on the component.
    """
    app = component.application  # type: ignore[attr-defined]
    if run_recipe is None:
        component.native_resources = []  # type: ignore[attr-defined]
        component.recipe_outputs = {}  # type: ignore[attr-defined]
        return dict(manual_values), label
    result = run_recipe(RecipeContext(
        resource=component, resource_type=resource_type, resource_name=component.resource_name,  # type: ignore[attr-defined]
        application=app, environment=app.environment, parameters=dict(recipe.parameters),
        protect=app.environment.protect_stateful,
    ))
    component.native_resources = list(result.resources)  # type: ignore[attr-defined]
    component.recipe_outputs = dict(result.outputs)  # type: ignore[attr-defined]
    return {**result.values, **result.secrets}, f"{label} (recipe '{recipe.name}')"


def require(values: Mapping[str, Any], names: tuple[str, ...], label: str) -> None:
    for name in names:
        if values.get(name) is None:
            raise RadiusValidationError(label, name, None, "the recipe returned no value for it",
                                        "return it in RecipeResult.values")


def shared_connection_values(plain: Mapping[str, Any], secrets: Mapping[str, Any], tls_ca_cert: Any,
                      password: Any) -> dict[str, ConnectionValue]:
    """The CONNECTION_<NAME>_<PROPERTY> values: `plain` formatted, `secrets` already secret
    strings, TLSCACERT only when the server's CA is private, PASSWORD only when there is one."""
    out = {name: ConnectionValue(as_env_string(value), formatted=True) for name, value in plain.items()}
    out.update({name: ConnectionValue(value, secret=True, formatted=True) for name, value in secrets.items()})
    if tls_ca_cert is not None:
        # Public data (a CA certificate), so a plain value.
        out["TLSCACERT"] = ConnectionValue(as_env_string(tls_ca_cert), formatted=True)
    if password is not None:
        out["PASSWORD"] = ConnectionValue(as_secret_string(password), secret=True, formatted=True)
    return out
