"""A two-tier application on Google Cloud Run, with the Cloud Run punch-through.

- `api`: internal-only service (ingress INTERNAL_ONLY), 1 CPU / 1Gi, two warm instances,
  Redis from the environment's Memorystore recipe (AUTH + TLS, secrets in Secret Manager). The
  instance's CA arrives with the connection: CONNECTION_CACHE_TLSCACERT (PEM) and the file
  /etc/radius/connections/cache/ca.pem; the api's Redis client must trust it.
- `web`: the public front end (`invokers: ["allUsers"]`, ingress ALL through the
  punch-through); it connects to `api`, which grants its service account `roles/run.invoker`
  on exactly the api service and routes its egress through the VPC so the call counts as
  internal. The web code must send an ID token whose audience is the api URL.
"""

import pulumi

import radius_components as rad

config = pulumi.Config()
env = rad.Environment(
    "gcp",
    compute=rad.CloudRunCompute(
        project=config.require("gcpProject"),
        region=config.get("gcpRegion") or "us-central1",
        project_number=config.get("gcpProjectNumber"),
        enable_apis=config.get_bool("enableApis") is True,
    ),
    protect_stateful=config.get_bool("protectStateful") is not False,
)
app = rad.Application("shop", environment=env)
cache = rad.RedisCache("cache", application=app, recipe={"parameters": {"memory_size_gb": 1}})

api = rad.Container(
    "api",
    application=app,
    container={
        "image": config.get("apiImage") or "us-docker.pkg.dev/cloudrun/container/hello",
        "ports": {"http": {"container_port": 8080}},
        "readiness_probe": {"kind": "tcp", "container_port": 8080},
        "resources": {"limits": {"cpu": "1", "memory": "1Gi"}},
    },
    connections={"cache": {"source": cache}},
    extensions=[{"kind": "manualScaling", "replicas": 2}],
    runtimes={"cloudrun": {"execution_environment": "EXECUTION_ENVIRONMENT_GEN2", "containers": [
        {"name": "api", "resources": {"startup_cpu_boost": True}}]}},
)

web = rad.Container(
    "web",
    application=app,
    container={
        "image": config.get("webImage") or "us-docker.pkg.dev/cloudrun/container/hello",
        "ports": {"http": {"container_port": 8080}},
        "liveness_probe": {"kind": "httpGet", "container_port": 8080, "path": "/"},
    },
    connections={"api": {"source": api}},
    runtimes={"cloudrun": {"invokers": ["allUsers"], "service": {"ingress": "INGRESS_TRAFFIC_ALL"},
                           "session_affinity": True}},
)

pulumi.export("web_url", web.uri)
pulumi.export("api_internal_url", api.internal_url)
pulumi.export("api_service_account", api.identity)
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
# For a PR comment or a README: GitHub renders it in a ```mermaid block.
pulumi.export("graph_mermaid", app.graph_mermaid)
