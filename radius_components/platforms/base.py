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
    from ..model import ContainerArgs


@dataclass(frozen=True)
class Endpoint:
    """How other containers reach a container on this platform (values may be Outputs)."""

    scheme: Any
    hostname: Any
    port: Any

    @property
    def url(self) -> Any:
        parts = (self.scheme, self.hostname, self.port)
        if any(isinstance(p, pulumi.Output) for p in parts):
            return pulumi.Output.format("{0}://{1}:{2}", *parts)
        return "{0}://{1}:{2}".format(*parts)


@dataclass
class Workload:
    """What deploying a container produced: its native resources and its outputs."""

    resources: list[pulumi.Resource] = field(default_factory=list)
    # The main native workload object (a Deployment, a container group, ...).
    workload: Optional[pulumi.Resource] = None
    workload_name: Any = None
    identity: Any = None
    outputs: dict[str, Any] = field(default_factory=dict)


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

    @abc.abstractmethod
    def deploy_container(self, container: "Container", args: "ContainerArgs", plan: "EnvPlan") -> Workload:
        """Register the native resources of one container, parented to it."""

    def default_recipe(self, resource_type: str) -> Optional[Callable[..., Any]]:
        """The built-in recipe for a portable resource type on this kind, if any."""
        return None

    def child_options(self, parent: pulumi.Resource, **kwargs: Any) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=parent, **kwargs)
