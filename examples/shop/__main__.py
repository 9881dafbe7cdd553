"""A small shop, written in the order a newcomer writes it: the data first, then the
containers, then the public gateway that routes to them by object.

- `web` (the storefront) serves `/`; it calls `api` at its internal URL.
- `api` serves `/api` and uses `orders` (a PostgreSQL `SqlDatabase`),
  `carts` (a `RedisCache`) and `shop-secrets` (a `SecretStore` with the payment provider's key
  from the stack's config and a generated signing key), each through the platform's own
  secret mechanism.
- `worker` has no port: it takes jobs from the cache and writes to the database.
- `public`, declared last, routes `/` to `web` and `/api` to `api`.

The stack picks the kind (`kind`, and `compute` for a cloud kind); see Pulumi.<kind>.yaml.
Stack config:
  kind            kubernetes (default) | ecs | cloudrun | aci | aca
  compute         the compute settings of a cloud kind (an object)
  renderDir       kubernetes: write manifests there instead of talking to a cluster
  namespace       kubernetes: the namespace (default `shop`)
  apiKey          (secret) the payment provider's API key
  protectStateful false for a throwaway stack (lets `pulumi destroy` delete the database)
"""

from typing import Any, Union

import pulumi

import radius_components as rad

config = pulumi.Config()
kind = config.get("kind") or "kubernetes"
compute: Union[rad.KubernetesCompute, dict[str, Any]]
if kind == "kubernetes":
    compute = rad.KubernetesCompute(namespace=config.get("namespace") or "shop",
                                    render_yaml_to_directory=config.get("renderDir"),
                                    context=config.get("kubeContext"))
else:
    compute = {"kind": kind, **(config.get_object("compute") or {})}

env = rad.Environment("shop", compute=compute, protect_stateful=config.get_bool("protectStateful") is not False)
app = rad.Application("shop", environment=env)

orders = rad.SqlDatabase("orders", application=app)
carts = rad.RedisCache("carts", application=app)
secrets = rad.SecretStore("shop-secrets", application=app, data={
    "payment-key": {"value": config.require_secret("apiKey")},
    "signing-key": {"generate": {"length": 48}},
})

api = rad.Container(
    "api",
    application=app,
    container={
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"http": {"container_port": 3000}},
        "env": {
            "PAYMENT_KEY": {"value_from": {"secret_ref": {"source": secrets, "key": "payment-key"}}},
            "SIGNING_KEY": {"value_from": {"secret_ref": {"source": secrets, "key": "signing-key"}}},
        },
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
    },
    connections={"orders": {"source": orders}, "carts": {"source": carts}},
)
web = rad.Container(
    "web",
    application=app,
    container={
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"http": {"container_port": 3000}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
    },
    connections={"api": {"source": api}},
)
worker = rad.Container(
    "worker",
    application=app,
    container={"image": "ghcr.io/radius-project/samples/demo:latest", "command": ["node", "worker.js"]},
    connections={"orders": {"source": orders}, "carts": {"source": carts}},
)
public = rad.Gateway("public", application=app, routes=[
    {"path": "/", "destination": web},
    {"path": "/api", "destination": api},
])

pulumi.export("url", public.url)
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
pulumi.export("graph_mermaid", app.graph_mermaid)
