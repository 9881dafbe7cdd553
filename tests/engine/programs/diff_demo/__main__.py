"""examples/demo with knobs, for the preview-diff engine tests (tests/engine/test_diff.py).

The same application as examples/demo (a `demo` container that uses a Redis the environment
provisions), rendered to Kubernetes manifests, plus stack config that makes each change a pull
request typically carries:

  renderDir        where the provider writes the manifests (render mode: no cluster)
  image            the demo container's image
  logLevel         its LOG_LEVEL
  connectRedis     false drops the demo's `redis` connection
  extraContainer   true adds a container `api` that connects to `db`
  legacyPassword   (secret) the password of an existing cache `legacy` (manual mode) the demo uses;
                   changing it is a secret rotation
"""

import pulumi

import radius_components as rad
from radius_components.graph import render_text

config = pulumi.Config()

env = rad.Environment(
    "demo-env",
    compute=rad.KubernetesCompute(namespace="demo", render_yaml_to_directory=config.require("renderDir")),
    protect_stateful=False,  # a throwaway stack: `destroy` may remove the Redis
)
app = rad.Application("todo", environment=env)
db = rad.RedisCache("db", application=app)
legacy = rad.RedisCache("legacy", application=app, resource_provisioning="manual",
                        host="legacy-cache.example.internal", port=6380, username="demo",
                        password=config.require_secret("legacyPassword"))

connections = {"legacy": {"source": legacy}}
if config.get_bool("connectRedis") is not False:
    connections["redis"] = {"source": db}
demo = rad.Container(
    "demo",
    application=app,
    container={
        "image": config.get("image") or "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"web": {"container_port": 3000}},
        "env": {"LOG_LEVEL": {"value": config.get("logLevel") or "info"}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
    },
    connections=connections,
)

if config.get_bool("extraContainer"):
    rad.Container(
        "api",
        application=app,
        container={"image": "ghcr.io/radius-project/samples/demo:latest",
                   "ports": {"http": {"container_port": 3000}}},
        connections={"redis": {"source": db}},
    )

pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph.apply(render_text))
