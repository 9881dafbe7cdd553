"""What a compute kind must provide. One implementation per kind, chosen by the Environment.

The components (Environment, Application, Container, RedisCache) only call these methods;
everything kind-specific, including the cloud SDK import, lives behind them. The `validate_*`
methods run before the component registers anything, so a bad program changes nothing.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, Optional

import pulumi

if TYPE_CHECKING:  # pragma: no cover
    from ..application import Application
    from ..connections import EnvPlan
    from ..container import Container
    from ..environment import Environment
    from ..gateway import Gateway
    from ..model import ContainerArgs, GatewayArgs


@dataclass(frozen=True)
class Endpoint:
    """How other containers reach a container on this platform (values may be Outputs)."""

    scheme: Any
    hostname: Any
    port: Any

    @property
    def url(self) -> Any:
        """`scheme://host:port`, without the port when it is the scheme's default.

        A Cloud Run caller authenticates with an ID token whose audience must be the
        service URL exactly as Cloud Run reports it, `https://<host>` with no port; an
        audience of `https://<host>:443` is refused with 401
        (https://cloud.google.com/run/docs/authenticating/service-to-service). The same
        normal form (RFC 3986 section 6.2.3: "omit the port component ... when its value is
        the default for the scheme") is used on every kind, so URL comparisons behave alike;
        CONNECTION_<NAME>_PORT still carries the port.
        """
        parts = (self.scheme, self.hostname, self.port)
        if any(isinstance(p, pulumi.Output) for p in parts):
            return pulumi.Output.all(*parts).apply(lambda resolved: endpoint_url(*resolved))
        return endpoint_url(*parts)


# The ports a URL leaves out for its scheme (RFC 3986 section 6.2.3; RFC 9110 sections 4.2.1-4.2.2).
DEFAULT_PORTS = {"http": 80, "https": 443}


def endpoint_url(scheme: Any, hostname: Any, port: Any) -> str:
    try:
        default = DEFAULT_PORTS.get(str(scheme).lower()) == int(port)
    except (TypeError, ValueError):
        default = False
    return f"{scheme}://{hostname}" if default else f"{scheme}://{hostname}:{port}"


@dataclass
class Workload:
    """What deploying a container produced: its native resources and its outputs."""

    resources: list[pulumi.Resource] = field(default_factory=list)
    # The main native workload object (a Deployment, a container group, ...).
    workload: Optional[pulumi.Resource] = None
    workload_name: Any = None
    identity: Any = None
    outputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class GatewayDeployment:
    """What deploying a gateway produced: its native resources, its public URL, its outputs,
    and per routed (container, port) what the container's own resources must attach to
    (a target group, a backend name, ...), read back by the platform's deploy_container."""

    resources: list[pulumi.Resource] = field(default_factory=list)
    url: Any = None
    outputs: dict[str, Any] = field(default_factory=dict)
    bindings: dict[tuple[str, int], Any] = field(default_factory=dict)


class Platform(abc.ABC):
    """A compute kind. Instantiated once per Environment."""

    kind: ClassVar[str]
    # The pydantic model of this kind's Environment settings (`KubernetesCompute`, ...).
    compute_model: ClassVar[type]

    def __init__(self, environment: "Environment", compute: Any):
        self.environment = environment
        self.compute = compute

    # -- validation: raise RadiusValidationError, register nothing ----------------------
    def validate_environment(self, label: str) -> None:
        """Check the environment settings against the platform's rules."""

    def environment_scope(self) -> tuple[tuple[str, str], ...]:
        """What this environment's platform objects are told apart by, as (what, key) pairs;
        two environments of one kind must differ in every one (radius_components.rules).
        By default the environment's name, normalised as platform names are."""
        from ..claims import native_key

        return (("name", native_key("", self.environment.resource_name)),)

    def validate_application(self, label: str, app_name: str) -> None:
        """Check an application name can become valid platform names."""

    @abc.abstractmethod
    def validate_container(self, label: str, app: "Application", name: str, args: "ContainerArgs", plan: "EnvPlan") -> None:
        """Check everything this kind cannot express, before any resource registers."""

    # -- resources ------------------------------------------------------------------------
    @abc.abstractmethod
    def provision_environment(self, parent: pulumi.ComponentResource) -> Mapping[str, Any]:
        """Register the environment's shared resources; return its outputs."""

    def application_outputs(self, app: "Application") -> Mapping[str, Any]:
        return {}

    @abc.abstractmethod
    def container_endpoint(self, app: "Application", name: str, args: "ContainerArgs") -> Optional[Endpoint]:
        """The address other containers use; known before the container deploys."""

    def search_domains(self, app: "Application") -> tuple[str, ...]:
        """The DNS search domains a container of `app` resolves short names under (a pod's
        `<namespace>.svc.cluster.local`, ...); none by default. A container whose endpoint
        hostname is `<name>.<one of them>` is reachable as `<name>` (radius_components.short_names)."""
        return ()

    @abc.abstractmethod
    def deploy_container(self, container: "Container", args: "ContainerArgs", plan: "EnvPlan") -> Workload:
        """Register the native resources of one container, parented to it."""

    # -- gateways (radius_components.gateway) ---------------------------------------------
    def validate_gateway(self, label: str, app: "Application", name: str, args: "GatewayArgs") -> None:
        """Check a gateway against this kind's rules; a kind without gateways refuses it."""
        from ..errors import RadiusValidationError
        from . import ordered_kinds

        with_gateways = ", ".join(name for name, declared in ordered_kinds().items() if declared.gateway)
        raise RadiusValidationError(label, "application.environment.compute.kind", self.kind,
                                    "this compute kind has no Gateway implementation",
                                    f"use a kind with gateways ({with_gateways})")

    def deploy_gateway(self, gateway: "Gateway", args: "GatewayArgs") -> GatewayDeployment:
        """Register a gateway's native resources, parented to it; the routed containers are
        deployed later and attach themselves (see radius_components.routing)."""
        raise NotImplementedError(f"compute kind '{self.kind}' has no Gateway")

    def default_recipe(self, resource_type: str) -> Optional[Callable[..., Any]]:
        """The built-in recipe for a portable resource type on this kind, if any: the one the
        kind declares for the type (`KindDeclaration.recipes`), else the one the type declares
        for the kind (`ResourceTypeDeclaration.recipes`), so a new kind brings recipes for the
        built-in types and a new type brings recipes for the built-in kinds."""
        from ..declarations import declared_kinds, declared_resource_types, load_reference

        kind = declared_kinds().get(self.kind)
        reference = kind.recipes.get(resource_type) if kind is not None else None
        if reference is None:
            resource = declared_resource_types().get(resource_type)
            reference = resource.recipes.get(self.kind) if resource is not None else None
        return load_reference(reference) if reference is not None else None

    def child_options(self, parent: pulumi.Resource, **kwargs: Any) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=parent, **kwargs)
