"""Azure Container Apps example: a public frontend that calls an internal backend that uses Redis.

    cd examples/aca && pulumi stack init dev && pulumi up

What it creates: a resource group, a Log Analytics workspace, a Container Apps managed
environment (Consumption workload profile), Azure Managed Redis (TLS, port 10000), and per
container a user-assigned managed identity and a container app. The backend runs 2 replicas
behind internal ingress; the frontend is public because its `runtimes.aca` says so, and
reaches the backend at `https://<app>.internal.<environment domain>`. Redis secrets are
container app secrets the backend reads through `secretRef`.

This environment has no virtual network, so the apps can reach Redis only on its public
endpoint (TLS 1.2 + access key; `pulumi up` warns). To keep it private, give AcaCompute a
`subnet_id` (the environment becomes internal) and a `private_endpoint_subnet_id`.
"""

import pulumi

import radius_components as rad

config = pulumi.Config()
env = rad.Environment(
    "aca-dev",
    compute=rad.AcaCompute(
        resource_group=config.get("resourceGroup") or "rg-radius-aca-example",
        location=config.get("location") or "westeurope",
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
        "ports": {"web": {"container_port": 3000}},
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
    # Punch-through: container app configuration/template fields, merged over the generated
    # ones. Here: public ingress, and scale to zero when idle.
    runtimes={"aca": {"configuration": {"ingress": {"external": True}},
                      "template": {"scale": {"minReplicas": 0, "maxReplicas": 5}}}},
)

pulumi.export("backend_url", backend.internal_url)
# Outputs only the aca kind has (`python -m radius_components check --kinds all` runs this
# program on every kind, where reading them would be an AttributeError).
if env.kind == "aca":
    pulumi.export("resource_group", env.resource_group_name)
    pulumi.export("environment_domain", env.default_domain)
    pulumi.export("frontend_fqdn", frontend.fqdn)
    pulumi.export("backend_identity_principal_id", backend.identity_principal_id)
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
# For a PR comment or a README: GitHub renders it in a ```mermaid block.
pulumi.export("graph_mermaid", app.graph_mermaid)
