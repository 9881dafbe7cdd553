"""`Container`: a Radius container, rendered by the environment's platform."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

import pulumi

from .claims import Claim, claim_names
from .component import RadiusComponent

from .application import Application
from .connections import ConnectionValue, EnvPlan, plan_environment
from .errors import RadiusValidationError
from .model import ContainerArgs, parse
from .platforms import Endpoint, Workload
from .routing import check_routed_container


class Container(RadiusComponent):
    """A container and everything it needs on the environment's platform.

    Outputs: `workload` (the native workload resource), `workload_name`, `identity` (the
    identity its grants go to), `internal_url`/`internal_hostname`/`internal_port` (how
    other containers reach it; None without ports), plus platform-specific ones.
    """

    resource_type = "Applications.Core/containers"

    def __init__(
        self,
        name: str,
        application: Application,
        container: Any,
        connections: Optional[Mapping[str, Any]] = None,
        extensions: Optional[Sequence[Any]] = None,
        runtimes: Optional[Mapping[str, Any]] = None,
        restart_policy: str = "Always",
        opts: Optional[pulumi.ResourceOptions] = None,
    ):
        label = f"Container '{name}'"
        if not isinstance(application, Application):
            raise RadiusValidationError(label, "application", application, "not an Application",
                                        "pass the rad.Application(...) this container belongs to")
        raw: dict[str, Any] = {"container": container, "restart_policy": restart_policy}
        for key, value in (("connections", connections), ("extensions", extensions), ("runtimes", runtimes)):
            if value is not None:
                raw[key] = value
        args = parse(ContainerArgs, raw, label, "")
        environment = application.environment
        platform = environment.platform
        plan = plan_environment(label, args.container.env, args.connections, environment)
        check_routed_container(label, application, name, args)
        platform.validate_container(label, application, name, args, plan)

        self.resource_name = name
        self.application = application
        self.args = args
        self.plan: EnvPlan = plan
        self.endpoint: Optional[Endpoint] = platform.container_endpoint(application, name, args)

        self.radius_qualified_type = claim_names(label, Claim("Container", name, application.resource_name),
                                                 "radius:index:Container", opts, environment.native_names)
        super().__init__("radius:index:Container", name, None, opts)
        for warning in plan.warnings:
            pulumi.log.warn(warning, resource=self)
        self.deployment: Workload = platform.deploy_container(self, args, plan)
        application._add(self)

        endpoint = self.endpoint
        outputs: dict[str, Any] = {
            "workload_name": self.deployment.workload_name,
            "identity": self.deployment.identity,
            "internal_url": endpoint.url if endpoint else None,
            "internal_hostname": endpoint.hostname if endpoint else None,
            "internal_port": endpoint.port if endpoint else None,
            **self.deployment.outputs,
        }
        self.workload = self.deployment.workload
        self._outputs = outputs
        self.register_outputs(outputs)

    def __getattr__(self, name: str) -> Any:
        # Outputs (workload_name, internal_url, ..., and the platform's own) become
        # pulumi Outputs when read, not for every container up front.
        outputs = self.__dict__.get("_outputs")
        if outputs is not None and name in outputs:
            return pulumi.Output.from_input(outputs[name])
        raise AttributeError(name)

    # -- ConnectionSource ------------------------------------------------------------------
    def connection_values(self) -> dict[str, ConnectionValue]:
        if self.endpoint is None:
            raise RadiusValidationError(
                f"Container '{self.resource_name}'", "container.ports", {}, "the target container declares no ports, so nothing can connect to it",
                f"declare a port on Container '{self.resource_name}', or remove the connection",
            )
        e = self.endpoint
        return {
            "SCHEME": ConnectionValue(e.scheme),
            "HOSTNAME": ConnectionValue(e.hostname),
            "PORT": ConnectionValue(e.port),
            "URL": ConnectionValue(e.url),
        }
