"""The toy Platform: each container becomes one `toy:index/service:Service` custom resource."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import pulumi

from radius_components.errors import RadiusValidationError
from radius_components.platforms import Endpoint, Platform, Workload

from .model import OldToyCompute, ToyCompute


class ToyService(pulumi.CustomResource):
    """The toy cloud's one native object."""

    url: pulumi.Output[str]

    def __init__(self, name: str, props: Mapping[str, Any], opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("toy:index/service:Service", name, {**props, "url": None}, opts)


class ToyPlatform(Platform):
    kind = "toy"
    compute_model = ToyCompute

    def validate_container(self, label: str, app: Any, name: str, args: Any, plan: Any) -> None:
        if args.container.working_dir is not None:
            raise RadiusValidationError(label, "container.working_dir", args.container.working_dir,
                                        "a toy service always starts in /", "remove working_dir on the toy kind")

    def provision_environment(self, parent: pulumi.ComponentResource) -> Mapping[str, Any]:
        return {"cluster": self.compute.cluster}

    def container_endpoint(self, app: Any, name: str, args: Any) -> Optional[Endpoint]:
        if not args.container.ports:
            return None
        port = next(iter(args.container.ports.values()))
        return Endpoint(scheme=port.scheme or "http", hostname=f"{app.resource_name}-{name}.toy.internal",
                        port=port.exposed_port)

    def deploy_container(self, container: Any, args: Any, plan: Any) -> Workload:
        endpoint = container.endpoint
        service = ToyService(f"{container.resource_name}-service", {
            "image": args.container.image,
            "host": endpoint.hostname if endpoint else "none",
            "port": endpoint.port if endpoint else 0,
            "env": {entry.name: entry.value for entry in plan.plain},
        }, opts=pulumi.ResourceOptions(parent=container))
        return Workload(resources=[service], workload=service, workload_name=container.resource_name,
                        identity=f"toy:{container.resource_name}", outputs={"service_url": service.url})


class OldToyPlatform(ToyPlatform):
    """A kind registered the older way: its entry point names the Platform class itself."""

    kind = "oldtoy"
    compute_model = OldToyCompute
