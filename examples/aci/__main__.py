"""Azure Container Instances example: a frontend that calls a replicated backend that uses Redis.

    cd examples/aci && pulumi stack init dev && pulumi up

What it creates: a resource group, a virtual network with a subnet delegated to ACI (its
egress through a NAT gateway with a static public IP), a subnet for internal load balancers
and one for private endpoints, a private DNS zone, a Log Analytics workspace, Azure Managed
Redis (TLS, port 10000) with no public endpoint, reached through a private endpoint and the
`privatelink.redis.azure.net` zone, and per container a user-assigned managed identity. The
backend runs 2 replicas (an NGroup from a container group profile, rolled to each new profile
revision) behind an internal load balancer; the frontend is one container group, pinned to
zone 1. Both are reachable inside the network at `<app>-<container>.<zone>`, private DNS
names that follow the groups when they are replaced.

Before the first `pulumi up` on a subscription, register the NGroups preview (see docs/kinds/aci.md,
"Before `pulumi up`"): az feature register --namespace Microsoft.ContainerInstance --name NGroupsPreview
"""

import pulumi

import radius_components as rad

config = pulumi.Config()
env = rad.Environment(
    "aci-dev",
    compute=rad.AciCompute(
        resource_group=config.get("resourceGroup") or "rg-radius-aci-example",
        location=config.get("location") or "westeurope",
        log_analytics=True,
    ),
    protect_stateful=False,  # an example: let `pulumi destroy` remove Redis too
)
app = rad.Application("shop", environment=env)
cache = rad.RedisCache("cache", application=app)

backend = rad.Container(
    "backend",
    application=app,
    container={
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"web": {"container_port": 3000, "port": 80}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
        "resources": {"requests": {"cpu": "0.5", "memory": "1Gi"}},
    },
    connections={"redis": {"source": cache}},
    extensions=[{"kind": "manualScaling", "replicas": 2}],
)
frontend = rad.Container(
    "frontend",
    application=app,
    container={
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"web": {"container_port": 3000}},
        "env": {"LOG_LEVEL": {"value": "info"}},
    },
    connections={"backend": {"source": backend}},
    # Punch-through: any container group property, merged over the generated ones.
    runtimes={"aci": {"sku": "Standard", "zones": ["1"]}},
)

pulumi.export("backend_url", backend.internal_url)
pulumi.export("frontend_url", frontend.internal_url)
# Outputs only the Azure kinds have (`python -m radius_components check --kinds all` runs this
# program on every kind, where reading them would be an AttributeError).
if env.kind in ("aci", "aca"):
    pulumi.export("resource_group", env.resource_group_name)
    pulumi.export("backend_identity_principal_id", backend.identity_principal_id)
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
# For a PR comment or a README: GitHub renders it in a ```mermaid block.
pulumi.export("graph_mermaid", app.graph_mermaid)
