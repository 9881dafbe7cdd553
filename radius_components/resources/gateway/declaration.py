"""What Gateway declares about itself. A gateway is an entry point, not a data source: no
recipes (each kind implements it: `KindDeclaration.gateway`), no data; a connection to it gives
its URL."""

from __future__ import annotations

from ...declarations import ConnectionField, OutputDeclaration, ResourceTypeDeclaration
from .args import GatewayArgs

TYPE = ResourceTypeDeclaration(
    name="Gateway",
    radius_type="Applications.Core/gateways",
    docs="resources/gateway.md",
    component="radius_components.resources.gateway.component:Gateway",
    args_model=GatewayArgs,
    description="Public (or, with internal, private) HTTP ingress that routes path prefixes to containers "
                "of its application. Through this provider each component is deployed as it arrives: list the "
                "gateway in each routed container's `gateways`, so it is constructed first. (A Python program may declare it before "
                "or after its containers.)",
    # Not required: a Kubernetes Gateway API gateway without a hostname has its address only in
    # its status (radius_components/platforms/kubernetes/gateway.py), so both may be null.
    fields=(ConnectionField("url", "The gateway's URL (a connection to the gateway gets it as "
                                   "CONNECTION_<NAME>_URL).", required=False),),
    outputs=(OutputDeclaration("hostname", "The host name it serves.", component="Gateway", required=False),),
    takes_recipes=False,
)
