"""The demo application of Radius's serverless proposal: a `demo` container that uses Redis.

The compute kind comes from stack config, so the same application code deploys to every
kind: `Pulumi.local.yaml` renders Kubernetes manifests into a directory with no cluster.

On a cluster (`kind: kubernetes` without `renderDir`), set `ingressClass` to the class of your
ingress controller (`nginx` for ingress-nginx): its Helm chart neither makes its class the
cluster's default nor watches Ingresses without a class, so an Ingress that names none is never
admitted, gets no address, and `pulumi up` waits 10 minutes for it before failing. With
`gatewayClass` (the GatewayClass of a Gateway API controller: `eg`, `istio`, `cilium`, ...) the
gateway is a Gateway API Gateway + HTTPRoute instead.
"""

import os
from pathlib import Path
from typing import Any, Optional, Union

import pulumi

import radius_components as rad
from radius_components.model import EnvVarDict

config = pulumi.Config()
kind = config.get("kind") or "kubernetes"


def project_relative(path: Optional[str]) -> Optional[str]:
    """A path from the stack's config, taken relative to the project (the folder of Pulumi.yaml).

    The program and its providers run in the program's folder (`main:`), not the project's, so a
    relative `renderDir: rendered` would land in examples/demo/rendered. Kept relative, so the
    provider's inputs are the same on every machine.
    """
    if path is None or os.path.isabs(path):
        return path
    root = Path.cwd()
    while not (root / "Pulumi.yaml").is_file() and root != root.parent:
        root = root.parent
    return os.path.relpath(root / path)


compute: Union[rad.KubernetesCompute, dict[str, Any]]
if kind == "kubernetes":
    compute = rad.KubernetesCompute(
        namespace=config.get("namespace") or "demo",
        render_yaml_to_directory=project_relative(config.get("renderDir")),
        context=config.get("kubeContext"),
    )
else:
    # Other kinds take their settings as a config object, e.g. `radius-demo:compute`.
    compute = {"kind": kind, **(config.get_object("compute") or {})}

demo_env: dict[str, EnvVarDict] = {"LOG_LEVEL": {"value": config.get("logLevel") or "info"}}
if kind == "cloudrun":
    # Memorystore signs its TLS certificate with a per-instance CA. The connection delivers it
    # (CONNECTION_REDIS_TLSCACERT, and on Cloud Run the file below); the demo's Node.js Redis
    # client reads only CONNECTION_REDIS_URL, so point Node at the file to trust that CA.
    demo_env["NODE_EXTRA_CA_CERTS"] = {"value": "/etc/radius/connections/redis/ca.pem"}

env = rad.Environment("demo-env", compute=compute, protect_stateful=config.get_bool("protectStateful") is not False)
app = rad.Application("todo", environment=env)
db = rad.RedisCache("db", application=app)
# The public entry point, declared before the container it routes to. On ECS its ALB goes in
# the environment's public subnets (`public_subnet_ids` of the compute, else found from the
# VPC's route tables); on Kubernetes the stack may name the controller's class.
gateway_runtimes: Optional[dict[str, Any]] = None
if kind == "kubernetes":
    k8s_gateway: dict[str, Any] = {}
    if config.get("ingressClass"):
        k8s_gateway["ingress_class_name"] = config.get("ingressClass")
    if config.get("gatewayClass"):  # the Gateway API (Gateway + HTTPRoute) instead of an Ingress
        k8s_gateway.update(api="GatewayAPI", gateway_class_name=config.get("gatewayClass"))
    gateway_runtimes = {"kubernetes": k8s_gateway} if k8s_gateway else None
gateway = rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://demo:3000"}],
                      runtimes=gateway_runtimes)
demo = rad.Container(
    "demo",
    application=app,
    container={
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"web": {"container_port": 3000}},
        "env": demo_env,
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
    },
    connections={"redis": {"source": db}},
)

if env.kind == "kubernetes":
    pulumi.export("namespace", app.namespace)
pulumi.export("demo_internal_url", demo.internal_url)
pulumi.export("public_url", gateway.url)
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
# For a PR comment or a README: GitHub renders it in a ```mermaid block.
pulumi.export("graph_mermaid", app.graph_mermaid)
