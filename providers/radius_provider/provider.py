"""Construct: a `radius:index:<Component>` request from any Pulumi language -> the Python component.

The provider is one long-lived process per deployment, and it constructs every radius component
of the program, in dependency order. Components refer to each other (a Container's application,
a connection's source); the engine sends those as resource references (a URN). The Python
components need the live object (its platform, its connection values), so this process keeps
every component it constructed by URN and resolves references to them (`LiveComponents`).

The classic `pulumi.provider.Provider` is used rather than `pulumi.provider.experimental`
(`component_provider_host`): the experimental host infers its schema from an `args` parameter
typed with TypedDicts, while these components take keyword arguments validated by pydantic, and
their schema is generated from the pydantic model (schema.py).
"""

from __future__ import annotations

import json
from collections import abc
from typing import Any, Callable, Iterator, Mapping, Optional

import pulumi
from pulumi.errors import InputPropertiesError
from pulumi.provider import ConstructResult, Provider
from pulumi.runtime import rpc
from pulumi.runtime.rpc import ResourceModule, register_resource_module

import radius_components as rad
from radius_components.declarations import ResourceTypeDeclaration, declared_resource_types, load_reference
from radius_components.errors import RadiusValidationError, raise_all
from radius_components.program import expand_at_once
from radius_components.resources.registry import declared_outputs

from .reshape import Reshaper
from .schema import PACKAGE, build_package, output_name, package_version, token


class LiveComponents(ResourceModule):
    """URN -> the component this process constructed; the deserializer of `radius:index` references."""

    def __init__(self) -> None:
        self.by_urn: dict[str, pulumi.Resource] = {}
        self.type_of: dict[str, str] = {}  # URN -> the component's type token

    def version(self) -> None:
        return None  # any version of the package: there is one provider process per version

    def add(self, component: pulumi.Resource, type_token: str = "") -> None:
        def remember(urn: str) -> None:
            self.by_urn[urn] = component
            self.type_of[urn] = type_token
        component.urn.apply(remember)

    def component(self, urn: str, type_name: str) -> Optional[pulumi.Resource]:
        """The component of that type this process constructed with that URN, if any."""
        return self.by_urn[urn] if self.type_of.get(urn) == token(type_name) else None

    def construct(self, name: str, typ: str, urn: str) -> pulumi.Resource:
        try:
            return self.by_urn[urn]
        except KeyError:
            raise ValueError(f"{typ} '{name}' ({urn}) was not constructed by this provider process: radius components "
                             f"can only refer to radius components of the same program") from None


LIVE = LiveComponents()
register_resource_module(PACKAGE, "index", LIVE)


def plain(value: Any) -> Any:
    """Inputs as the components take them: Outputs whose value is already here are unwrapped.

    The provider server wraps an input in an Output as soon as it depends on another resource
    (pulumi/provider/server.py `_select_value`), e.g. `connections` holding a reference to a
    RedisCache. Such an Output is built from an already resolved value, so its value is read here
    (`resolved_data`: a private field, the Output's finished future; the plugin's environment pins the
    SDK version it was checked against); the dependency is kept by the resource reference itself.
    Unknown (preview) and secret values stay Outputs, which the components accept at any leaf.
    """
    if isinstance(value, pulumi.Output):
        resolved = resolved_data(value)
        if resolved is not None:
            if resolved.is_known and not resolved.is_secret:
                return plain(resolved.value)
        return value
    if rpc.is_rpc_secret(value):
        # A secret nested in an input (`value: ${password}` inside `container.env`) arrives as the
        # wire's secret marker; the server unwraps only top-level ones. Keep it a Pulumi secret.
        return pulumi.Output.secret(plain(rpc.unwrap_rpc_secret(value)))
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        # Numbers cross the engine as protobuf doubles, so `containerPort: 3000` arrives as 3000.0.
        # A whole number is an int, as the program wrote it: an env value `3` must stay "3", not "3.0".
        return int(value)
    return value


def resolved_data(output: pulumi.Output) -> Any:
    """The Output's resolved `_OutputData` (value, is_known, is_secret), or None while it is pending.

    Reads `Output._data`, a private field of the Pulumi SDK: providers/requirements.txt pins the SDK
    the plugin runs with, and a missing field fails every construct loudly here rather than passing
    Outputs where the components expect plain values."""
    try:
        data = output._data
    except AttributeError:
        raise RuntimeError(f"pulumi {_sdk_version()}: Output has no `_data`, which the radius provider reads to "
                           "unwrap resolved inputs; run the plugin with the Pulumi SDK providers/requirements.txt "
                           "pins") from None
    if data.done() and not data.cancelled() and data.exception() is None:
        return data.result()
    return None


def _sdk_version() -> str:
    from importlib import metadata
    return metadata.version("pulumi")


def _keyword_args(inputs: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Top-level inputs (schema camelCase) -> the component's keyword arguments (snake_case).

    Nested objects are passed as they come: the model accepts Radius's camelCase at every level.
    """
    unknown = sorted(set(inputs) - set(names))
    if unknown:
        raise ValueError(f"unknown input(s) {unknown}; expected some of {sorted(names)}")
    return {names[k]: plain(v) for k, v in inputs.items() if v is not None}


def _environment(name: str, inputs: Mapping[str, Any], opts: pulumi.ResourceOptions) -> pulumi.ComponentResource:
    return rad.Environment(name, **_keyword_args(inputs, {"compute": "compute", "protectStateful": "protect_stateful"}),
                           opts=opts)


def _application(name: str, inputs: Mapping[str, Any], opts: pulumi.ResourceOptions) -> pulumi.ComponentResource:
    return rad.Application(name, **_keyword_args(inputs, {"environment": "environment"}), opts=opts)


def _container(name: str, inputs: Mapping[str, Any], opts: pulumi.ResourceOptions) -> pulumi.ComponentResource:
    names = {"application": "application", "container": "container", "connections": "connections",
             "extensions": "extensions", "runtimes": "runtimes", "restartPolicy": "restart_policy"}
    inputs = dict(inputs)
    _check_gateways(name, inputs.get("application"), inputs.pop("gateways", None) or [])
    return rad.Container(name, **_keyword_args(inputs, names), opts=opts)


def _check_gateways(name: str, application: Any, gateways: list[Any]) -> None:
    """`gateways` (schema.py `GATEWAYS_INPUT`) only orders the constructs: a gateway must be
    constructed before the containers it routes to, and a resource reference is a dependency the
    engine waits for. Each listed gateway must route to this container, in its application."""
    errors = []
    for index, gateway in enumerate(gateways):
        routed = {route.container for route in getattr(getattr(gateway, "args", None), "routes", [])}
        if getattr(gateway, "application", None) is not application or name not in routed:
            label = getattr(gateway, "resource_name", gateway)
            errors.append(RadiusValidationError(
                f"Container '{name}'", f"gateways[{index}]", label,
                f"Gateway '{label}' has no route to Container '{name}' in its application",
                "list only the gateways whose routes name this container"))
    raise_all(errors)


Builder = Callable[[str, Mapping[str, Any], pulumi.ResourceOptions], pulumi.ComponentResource]


def _resource_type(declaration: ResourceTypeDeclaration) -> tuple[Builder, dict[str, str]]:
    """A declared resource type's builder (its inputs are its arguments model's fields, by alias)
    and its outputs (schema name -> attribute), both from its declaration."""
    assert declaration.args_model is not None, f"{declaration.name} declares no arguments model"
    names = {"application": "application",
             **{field.alias or name: name for name, field in declaration.args_model.model_fields.items()}}

    def build(name: str, inputs: Mapping[str, Any], opts: pulumi.ResourceOptions) -> pulumi.ComponentResource:
        component = load_reference(declaration.component)
        return component(name, **_keyword_args(inputs, names), opts=opts)

    return build, {output_name(o.name): o.name for o in declared_outputs(declaration)}


class Components(abc.Mapping):  # type: ignore[type-arg]
    """component token -> (builder, {schema output name: Python attribute}): the Environment,
    Application and Container, and every declared resource type (read when asked, so a type
    registered after this module is imported is served)."""

    FIXED: dict[str, tuple[Builder, dict[str, str]]] = {
        token("Environment"): (_environment, {"kind": "kind"}),
        token("Application"): (_application, {"environmentName": "environment_name", "namespace": "namespace"}),
        token("Container"): (_container, {"workloadName": "workload_name", "internalUrl": "internal_url",
                                          "internalHostname": "internal_hostname", "internalPort": "internal_port"}),
    }

    def _all(self) -> dict[str, tuple[Builder, dict[str, str]]]:
        return {**self.FIXED, **{token(name): _resource_type(declaration)
                                 for name, declaration in declared_resource_types().items()}}

    def __getitem__(self, key: str) -> tuple[Builder, dict[str, str]]:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


COMPONENTS = Components()


def _state(component: pulumi.Resource, outputs: Mapping[str, str]) -> dict[str, Any]:
    state = {}
    for schema_name, attribute in outputs.items():
        try:
            state[schema_name] = getattr(component, attribute)
        except AttributeError:
            continue  # a platform-specific output (namespace) this kind does not have
    return state


def _input_error(error: RadiusValidationError) -> InputPropertiesError:
    """A RadiusValidationError (one or several) as the provider protocol's input-properties error."""
    errors = getattr(error, "errors", None) or [error]
    return InputPropertiesError(f"{errors[0].component}: invalid input",
                                [{"property_path": e.field, "reason": str(e)} for e in errors])


class RadiusProvider(Provider):
    def __init__(self) -> None:
        schema, splits = build_package()
        super().__init__(package_version(), json.dumps(schema, sort_keys=True))
        self.reshaper = Reshaper(schema, splits, LIVE.component)

    def construct(self, name: str, resource_type: str, inputs: pulumi.Inputs,
                  options: Optional[pulumi.ResourceOptions] = None) -> ConstructResult:
        if resource_type not in COMPONENTS:
            raise ValueError(f"unknown resource type {resource_type}; this provider serves {sorted(COMPONENTS)}")
        build, outputs = COMPONENTS[resource_type]
        try:
            label = f"{resource_type.rsplit(':', 1)[-1]} '{name}'"
            inputs = self.reshaper.inputs(resource_type, label, plain(inputs))
            # Each component comes in its own Construct call, with no end of program signalled
            # to the provider: it expands at once (radius_components.program).
            with expand_at_once():
                component = build(name, inputs, options or pulumi.ResourceOptions())
        except RadiusValidationError as error:
            # The engine shows these per property, without a Python traceback.
            raise _input_error(error) from None
        LIVE.add(component, resource_type)
        return ConstructResult(urn=component.urn, state=_state(component, outputs))
