"""`Environment`: where applications run. Its compute kind picks the platform."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Optional, Union

import pulumi

from .claims import Claim, NativeNames, claim_names
from .component import RadiusComponent
from .errors import RadiusValidationError, raise_all
from .model import parse
from .model.extensions import EnvironmentExtensions
from .platforms import Platform, available_kinds, load_platform
from .resources.registry import RecipeTypeNames
from .rules import application_namespaces_apart, environments_apart
from .program import records_errors

if TYPE_CHECKING:  # pragma: no cover
    from .application import Application
    from .model import AcaCompute, AciCompute, CloudRunCompute, EcsCompute, KubernetesCompute

    ComputeInput = Union[KubernetesCompute, AciCompute, AcaCompute, EcsCompute, CloudRunCompute, Mapping[str, Any]]

_RESOURCE_TYPES = RecipeTypeNames()  # the declared types that take recipes (resources/registry.py)

# A function (environment name, compute as given) -> the compute to use instead. Set only by
# `compute_override()`: the portability check (`python -m radius_components check`) runs an
# unchanged program once per kind by swapping each Environment's compute for a sample of
# that kind. Nothing else sets it, so a deployed program always gets the compute it says.
_COMPUTE_OVERRIDE: ContextVar[Optional[tuple[Callable[[str, Any], Any], Optional[list[Any]]]]] = ContextVar(
    "radius_compute_override", default=None)


@contextmanager
def compute_override(replace: Callable[[str, Any], Any], declared: Optional[list[Any]] = None) -> Iterator[None]:
    """Within the block, every Environment takes `replace(name, compute)` as its compute
    (and is appended to `declared`, when given, so the caller can inspect it)."""
    token = _COMPUTE_OVERRIDE.set((replace, declared))
    try:
        yield
    finally:
        _COMPUTE_OVERRIDE.reset(token)


class Environment(RadiusComponent):
    """A deployment target: one compute kind, its shared resources and its recipes.

    :param name: the Pulumi name; some kinds put it in platform names (Cloud Run, ECS roles).
    :param compute: a compute model (`KubernetesCompute(...)`, `AciCompute(...)`,
        `AcaCompute(...)`, `EcsCompute(...)`, `CloudRunCompute(...)`) or a dict with a `kind`
        and that model's fields. Its kind picks the platform every container becomes.
    :param recipes: `{resource type: {recipe name: callable}}`, overriding the platform's
        built-in recipe for the name `default` and adding named ones.
    :param protect_stateful: protect the stateful resources recipes create (default True);
        set False for throwaway stacks so `pulumi destroy` can remove them.
    :param opts: Pulumi resource options.
    :param extensions: Radius's Environment extension `kubernetesMetadata`: labels and
        annotations cascading into every container's objects on Kubernetes, under the
        application's and the container's own; other kinds ignore it.

    Outputs: `kind` (a plain string) and the platform's environment outputs as
    `pulumi.Output` attributes: each kind declares its own (`KindDeclaration.outputs`, in
    `platforms/<kind>/kind.py`), and they are annotated below for type checkers.
    """

    platform: Platform
    kind: str
    compute: Any
    protect_stateful: bool

    # The outputs the kinds declare for an Environment (KindDeclaration.outputs, component
    # "Environment"); reading one on a kind that does not set it raises AttributeError.
    # tests/features/test_kind_declarations.py keeps this list and the declarations equal.
    namespace: pulumi.Output[str]
    resource_group_name: pulumi.Output[str]
    location: pulumi.Output[str]
    log_analytics_workspace_id: pulumi.Output[str]
    dns_zone: pulumi.Output[str]
    nat_gateway_id: pulumi.Output[str]
    subnet_id: pulumi.Output[str]
    virtual_network_id: pulumi.Output[str]
    default_domain: pulumi.Output[str]
    managed_environment_id: pulumi.Output[str]
    static_ip: pulumi.Output[str]
    custom_domain_verification_id: pulumi.Output[str]
    cluster_arn: pulumi.Output[str]
    cluster_name: pulumi.Output[str]
    namespace_id: pulumi.Output[str]
    region: pulumi.Output[str]
    vpc_id: pulumi.Output[str]
    project: pulumi.Output[str]
    project_number: pulumi.Output[str]
    network: pulumi.Output[str]
    subnet: pulumi.Output[str]

    @records_errors
    def __init__(
        self,
        name: str,
        compute: "ComputeInput",
        recipes: Optional[Mapping[str, Mapping[str, Callable[..., Any]]]] = None,
        protect_stateful: bool = True,
        opts: Optional[pulumi.ResourceOptions] = None,
        extensions: Optional[list[Any]] = None,
    ) -> None:
        from .arguments import check_component_name  # (arguments imports Application, which imports us)

        check_component_name("Environment", name)
        label = f"Environment '{name}'"
        override = _COMPUTE_OVERRIDE.get()
        if override is not None:
            replace, declared = override
            compute = replace(name, compute)
            if declared is not None:
                declared.append(self)
        self.resource_name = name
        self._applications: list["Application"] = []
        self.kind: str = _kind_of(label, compute)
        platform_class = load_platform(self.kind)
        self.compute = parse(platform_class.compute_model, compute, label, "compute")
        self.recipes = _check_recipes(label, recipes or {})
        self.protect_stateful = protect_stateful
        # Radius's Environment extension kubernetesMetadata (read by the kubernetes kind).
        self.extensions = parse(EnvironmentExtensions, {"extensions": extensions or []}, label, "")
        self.platform = platform_class(self, self.compute)
        self.platform.validate_environment(label)
        # The platform names its applications' resources take (see radius_components.claims).
        self.native_names = NativeNames(self.kind)

        self.radius_qualified_type = claim_names(label, Claim("Environment", name), "radius:index:Environment", opts)
        program = self._register_in_program("radius:index:Environment", name, opts)
        program.add_rule(environments_apart)
        program.add_rule(application_namespaces_apart)
        outputs = dict(self.platform.provision_environment(self))
        outputs["kind"] = self.kind
        for key, value in outputs.items():
            setattr(self, key, pulumi.Output.from_input(value) if key != "kind" else value)
        self.register_outputs(outputs)

    @property
    def applications(self) -> tuple["Application", ...]:
        """The applications declared in this environment so far, in order."""
        return tuple(self._applications)


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
