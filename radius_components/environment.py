"""`Environment`: where applications run. Its compute kind picks the platform."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

import pulumi

from .claims import Claim, NativeNames, claim_names
from .component import RadiusComponent
from .errors import RadiusValidationError, raise_all
from .model import parse
from .platforms import Platform, available_kinds, load_platform

_RESOURCE_TYPES = ("RedisCache", "SqlDatabase")


class Environment(RadiusComponent):
    """A deployment target: one compute kind, its shared resources and its recipes.

    :param compute: a compute model (`KubernetesCompute(...)`, `AciCompute(...)`, ...) or a
        dict with a `kind`.
    :param recipes: `{resource type: {recipe name: callable}}`, overriding the platform's
        built-in recipe for the name `default` and adding named ones.
    :param protect_stateful: protect the stateful resources recipes create (default True);
        set False for throwaway stacks so `pulumi destroy` can remove them.
    """

    platform: Platform

    def __init__(
        self,
        name: str,
        compute: Any,
        recipes: Optional[Mapping[str, Mapping[str, Callable[..., Any]]]] = None,
        protect_stateful: bool = True,
        opts: Optional[pulumi.ResourceOptions] = None,
    ):
        label = f"Environment '{name}'"
        self.resource_name = name
        self.kind: str = _kind_of(label, compute)
        platform_class = load_platform(self.kind)
        self.compute = parse(platform_class.compute_model, compute, label, "compute")
        self.recipes = _check_recipes(label, recipes or {})
        self.protect_stateful = protect_stateful
        self.platform = platform_class(self, self.compute)
        self.platform.validate_environment(label)
        # The platform names its applications' resources take (see radius_components.claims).
        self.native_names = NativeNames(self.kind)

        self.radius_qualified_type = claim_names(label, Claim("Environment", name), "radius:index:Environment", opts)
        super().__init__("radius:index:Environment", name, None, opts)
        outputs = dict(self.platform.provision_environment(self))
        outputs["kind"] = self.kind
        for key, value in outputs.items():
            setattr(self, key, pulumi.Output.from_input(value) if key != "kind" else value)
        self.register_outputs(outputs)


def _kind_of(label: str, compute: Any) -> str:
    kind = compute.get("kind") if isinstance(compute, Mapping) else getattr(compute, "kind", None)
    if not isinstance(kind, str) or not kind:
        raise RadiusValidationError(label, "compute.kind", kind, "the compute kind is missing",
                                    f"pass a compute model like rad.KubernetesCompute(...), or a dict with 'kind' "
                                    f"(one of {available_kinds()})")
    return kind


def _check_recipes(label: str, recipes: Mapping[str, Mapping[str, Callable[..., Any]]]) -> dict[str, dict[str, Callable[..., Any]]]:
    errors = []
    for resource_type, by_name in recipes.items():
        if resource_type not in _RESOURCE_TYPES:
            errors.append(RadiusValidationError(label, f"recipes.{resource_type}", resource_type,
                                                "not a portable resource type", f"use one of {list(_RESOURCE_TYPES)}"))
            continue
        for recipe_name, recipe in by_name.items():
            if not callable(recipe):
                errors.append(RadiusValidationError(label, f"recipes.{resource_type}.{recipe_name}", recipe,
                                                    "a recipe must be callable", "pass a function taking a RecipeContext and returning a RecipeResult"))
    raise_all(errors)
    return {t: dict(r) for t, r in recipes.items()}
