"""A full-stack application: SQL, Redis and a secret store together, on any compute kind.

`api` (Radius's demo image) connects to
- `orders`, a PostgreSQL `SqlDatabase` from the environment's recipe (CONNECTION_ORDERS_*:
  SERVER, PORT, DATABASE, USERNAME, TLS as values; PASSWORD, CONNECTIONSTRING, URL as secrets);
- `sessions`, a `RedisCache` from the environment's recipe, as the connection `redis`
  (CONNECTION_REDIS_*: the variables the demo image reads, so the app really keeps its
  to-do items in it rather than in memory);
- `app-secrets`, a `SecretStore` with an API key from the stack's config (a Pulumi secret) and
  a generated session-signing key, read as API_KEY and SESSION_KEY through the platform's own
  secret mechanism (the container's identity may read exactly those two secrets).

On Kubernetes, `sql-check` (the PostgreSQL image, idle) is Ready only while its readiness probe
logs in to `orders` with the connection's URL and runs `select 1`: the demo image speaks no SQL,
so this is what shows that the password, the NetworkPolicy and the DNS name work. (Cloud Run
and Container Apps have no exec probes.)

The stack picks the kind (`kind`, and `compute` for a cloud kind), so the application code is
the same everywhere; see the Pulumi.<kind>.yaml files. Stack config:
  kind            kubernetes (default) | knative | ecs | cloudrun | aci | aca
  compute         the compute settings of a cloud kind (an object, as in the root demo)
  renderDir       kubernetes: write manifests there instead of talking to a cluster
  namespace       kubernetes: the namespace (default `fullstack`)
  apiKey          (secret) the API key the app calls a third party with
  logLevel        the api's LOG_LEVEL (default info)
  protectStateful false for a throwaway stack (lets `pulumi destroy` delete the database)
"""

from typing import Any, Union

import pulumi

import radius_components as rad
from radius_components.model import EnvVarDict

config = pulumi.Config()
kind = config.get("kind") or "kubernetes"
compute: Union[rad.KubernetesCompute, dict[str, Any]]
if kind == "kubernetes":
    compute = rad.KubernetesCompute(namespace=config.get("namespace") or "fullstack",
                                    render_yaml_to_directory=config.get("renderDir"),
                                    context=config.get("kubeContext"))
else:
    compute = {"kind": kind, **(config.get_object("compute") or {})}

env = rad.Environment("fullstack", compute=compute, protect_stateful=config.get_bool("protectStateful") is not False)
app = rad.Application("store", environment=env)

orders = rad.SqlDatabase("orders", application=app)
sessions = rad.RedisCache("sessions", application=app)
secrets = rad.SecretStore("app-secrets", application=app, data={
    "api-key": {"value": config.require_secret("apiKey")},
    "session-key": {"generate": {"length": 48}},
})

api_env: dict[str, EnvVarDict] = {
    "LOG_LEVEL": {"value": config.get("logLevel") or "info"},
    "API_KEY": {"value_from": {"secret_ref": {"source": secrets, "key": "api-key"}}},
    "SESSION_KEY": {"value_from": {"secret_ref": {"source": secrets, "key": "session-key"}}},
}
if kind == "cloudrun":
    # Memorystore and Cloud SQL sign with per-instance CAs; the connections deliver them
    # (CONNECTION_<NAME>_TLSCACERT and a file). The demo's Node.js client trusts the Redis one.
    api_env["NODE_EXTRA_CA_CERTS"] = {"value": "/etc/radius/connections/redis/ca.pem"}

api = rad.Container(
    "api",
    application=app,
    container={
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"web": {"container_port": 3000}},
        "env": api_env,
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
    },
    connections={"orders": {"source": orders}, "redis": {"source": sessions}},
)

if kind == "kubernetes":
    rad.Container(
        "sql-check",
        application=app,
        container={
            "image": "postgres:17-alpine",
            # Idle until stopped; the probe is the point.
            "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 3600 & wait $!; done"],
            "readiness_probe": {"kind": "exec", "period_seconds": 30, "timeout_seconds": 10,
                                "command": ["sh", "-c", 'psql "$CONNECTION_ORDERS_URL" -Atqc "select 1"']},
        },
        connections={"orders": {"source": orders}},
    )

pulumi.export("api_internal_url", api.internal_url)
pulumi.export("database_server", orders.server)
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
pulumi.export("graph_mermaid", app.graph_mermaid)
