"""A two-tier shop on the kubernetes compute kind.

`frontend` calls `api` (a container connection), `api` uses a Redis the environment provisions
(the built-in recipe) and an existing cache given by the stack's config (manual mode, its
password a Pulumi secret), and reads ConfigMaps through a namespaced RoleBinding. `frontend`
scales between two and six pods on CPU (a HorizontalPodAutoscaler).

Stack config (all optional but `cachePassword`):
  namespace         the namespace (default `shop`; created unless it is a built-in one)
  createNamespace   false to use a namespace that already exists
  applicationNamespaces  false for the earlier layout (every application in `namespace`, objects
                    `shop-<resource>`): what a stack deployed before Radius's layout became the
                    default keeps (README, "Upgrading"); default true, Radius's layout
  renderDir         write manifests there instead of talking to a cluster
  kubeContext       a kubeconfig context (else the ambient KUBECONFIG / current context)
  apiImage, logLevel, apiReplicas
  cachePassword     (secret) the password of the external cache
"""

import pulumi

import radius_components as rad

config = pulumi.Config()
create_namespace = config.get_bool("createNamespace")
env = rad.Environment(
    "shop-env",
    compute=rad.KubernetesCompute(
        namespace=config.get("namespace") or "shop",
        create_namespace=create_namespace,
        application_namespaces=config.get_bool("applicationNamespaces") is not False,
        render_yaml_to_directory=config.get("renderDir"),
        context=config.get("kubeContext"),
    ),
    # A throwaway example: `pulumi destroy` may remove the Redis it creates.
    protect_stateful=False,
)
app = rad.Application("shop", environment=env)

sessions = rad.RedisCache("sessions", application=app)
legacy_cache = rad.RedisCache(
    "legacy",
    application=app,
    resource_provisioning="manual",
    host="legacy-cache.example.internal",
    port=6380,
    username="shop",
    password=config.require_secret("cachePassword"),
)

api = rad.Container(
    "api",
    application=app,
    container={
        "image": config.get("apiImage") or "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"http": {"container_port": 3000}},
        "env": {"LOG_LEVEL": {"value": config.get("logLevel") or "info"}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
        "liveness_probe": {"kind": "tcp", "container_port": 3000, "period_seconds": 20},
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
        "volumes": {"scratch": {"kind": "ephemeral", "managed_store": "disk", "mount_path": "/tmp"}},
    },
    connections={
        "sessions": {"source": sessions},
        "legacy": {"source": legacy_cache},
        # Reading ConfigMaps of the namespace: a RoleBinding to the built-in `view` ClusterRole.
        "kube": {"source": "https://kubernetes.default.svc:443", "iam": {"roles": ["ClusterRole/view"]}},
    },
    extensions=[{"kind": "manualScaling", "replicas": config.get_int("apiReplicas") or 2}],
)

frontend = rad.Container(
    "frontend",
    application=app,
    container={
        "image": "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"web": {"container_port": 3000}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
        # A utilization target is a percent of the request: the autoscaler needs one.
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
    },
    connections={"api": {"source": api}},
    # A HorizontalPodAutoscaler: two to six pods, near 70% of their CPU request.
    extensions=[{"kind": "autoScaling", "min_replicas": 2, "max_replicas": 6,
                 "metrics": [{"kind": "cpu", "target": {"average_utilization": 70}}]}],
)

pulumi.export("namespace", app.namespace)
pulumi.export("api_internal_url", api.internal_url)
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
# For a PR comment or a README: GitHub renders it in a ```mermaid block.
pulumi.export("graph_mermaid", app.graph_mermaid)
