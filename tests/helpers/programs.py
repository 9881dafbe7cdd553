"""Programs the tests run under mocks: the demo, and one that uses every feature."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi

import radius_components as rad

DEMO_IMAGE = "ghcr.io/radius-project/samples/demo:latest"
USER_PASSWORD = "user-supplied-password-42"


def demo(namespace: str = "dev", application_namespaces: bool = True, **env_kwargs: Any) -> dict[str, Any]:
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace=namespace,
                                                               application_namespaces=application_namespaces),
                          **env_kwargs)
    app = rad.Application("todo", environment=env)
    db = rad.RedisCache("db", application=app)
    demo = rad.Container(
        "demo", application=app,
        container={"image": DEMO_IMAGE, "ports": {"web": {"container_port": 3000}}},
        connections={"redis": {"source": db}},
    )
    return {"env": env, "app": app, "db": db, "demo": demo}


def issue_demo(compute: Any) -> dict[str, Any]:
    """The demo application the platform issues name, on the given compute: each cloud kind
    must deploy it by changing only the Environment."""
    env = rad.Environment("prod", compute=compute)
    app = rad.Application("todo", environment=env)
    db = rad.RedisCache("db", application=app)
    demo_ = rad.Container(
        "demo", application=app,
        container={"image": DEMO_IMAGE, "ports": {"web": {"container_port": 3000}},
                   "env": {"LOG_LEVEL": {"value": "info"}},
                   "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"}},
        connections={"redis": {"source": db}},
    )
    return {"env": env, "app": app, "db": db, "demo": demo_}


def everything(application_namespaces: bool = True) -> dict[str, Any]:
    """Every portable feature at once, in Radius's camelCase where Radius spells it so."""
    env = rad.Environment("prod", compute={"kind": "kubernetes", "namespace": "prod",
                                           "application_namespaces": application_namespaces}, protect_stateful=False)
    app = rad.Application("shop", environment=env)
    cache = rad.RedisCache("cache", application=app, resource_provisioning="manual",
                           host="redis.example.internal", port=6380, username="app", password=USER_PASSWORD)
    backend = rad.Container(
        "backend", application=app,
        container={
            "image": "ghcr.io/example/backend:1.2.3",
            "imagePullPolicy": "IfNotPresent",
            "command": ["/app/server"],
            "args": ["--port", "8080"],
            "workingDir": "/app",
            "env": {"LOG_LEVEL": {"value": "debug"}, "WORKERS": {"value": 4}, "FEATURE_X": {"value": True},
                    "API_TOKEN": {"valueFrom": {"secretRef": {"source": "existing-api-secret", "key": "token"}}},
                    "CACHE_PASSWORD": {"value_from": {"secret_ref": {"source": cache, "key": "password"}}}},
            "ports": {"api": {"containerPort": 8080, "scheme": "http"}, "metrics": {"containerPort": 9090, "port": 80},
                      "dns": {"containerPort": 5353, "protocol": "UDP"}},
            "readinessProbe": {"kind": "httpGet", "containerPort": 8080, "path": "/ready", "initialDelaySeconds": 2,
                               "periodSeconds": 5, "timeoutSeconds": 2, "failureThreshold": 4},
            "livenessProbe": {"kind": "tcp", "containerPort": 8080, "periodSeconds": 15},
            "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}},
            "volumes": {"scratch": {"kind": "ephemeral", "managedStore": "memory", "mountPath": "/scratch"},
                        "tmp": {"kind": "ephemeral", "managedStore": "disk", "mountPath": "/tmp"}},
        },
        connections={"cache": {"source": cache, "iam": {"roles": ["ClusterRole/view", "config-reader"]}}},
        extensions=[
            {"kind": "manualScaling", "replicas": 3},
            {"kind": "kubernetesMetadata", "labels": {"team": "payments"}, "annotations": {"owner": "payments@example.com"}},
            {"kind": "daprSidecar", "appId": "backend", "appPort": 8080, "protocol": "http", "config": "tracing"},
        ],
        runtimes={
            "kubernetes": {
                "base": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ignored\n  annotations:\n    from-base: 'yes'\n"
                        "spec:\n  template:\n    spec:\n      nodeSelector:\n        pool: general\n"
                        "      containers:\n        - name: backend\n          image: overridden-by-generated\n"
                        "          terminationMessagePolicy: FallbackToLogsOnError\n",
                "pod": {"tolerations": [{"key": "dedicated", "operator": "Equal", "value": "shop", "effect": "NoSchedule"}],
                        "containers": [{"name": "backend", "securityContext": {"runAsNonRoot": True}}]},
            },
            "aci": {"sku": "Confidential"},
        },
    )
    frontend = rad.Container(
        "frontend", application=app,
        container={"image": "ghcr.io/example/frontend:1.0", "ports": {"http": {"container_port": 3000}},
                   "livenessProbe": {"kind": "exec", "command": "cat /tmp/healthy"}},
        connections={"backend": {"source": backend}, "payments": {"source": "https://payments.example.com:8443"},
                     "quiet": {"source": cache, "disable_default_env_vars": True}},
    )
    return {"env": env, "app": app, "cache": cache, "backend": backend, "frontend": frontend}


def graph_of(build) -> Any:
    def program():
        parts = build()
        return parts["app"].graph
    return program


def as_program(build):
    def program():
        build()
        return pulumi.Output.from_input(None)
    return program


FULLSTACK = Path(__file__).resolve().parents[2] / "examples" / "fullstack"


def fullstack_program(kind: str, **config: str):
    """examples/fullstack with its stack `kind`'s config (Pulumi.<kind>.yaml), `config` overriding
    it (`protectStateful="true"`); no render directory, an API key given."""
    import json
    import runpy

    import yaml

    stack = yaml.safe_load((FULLSTACK / f"Pulumi.{kind}.yaml").read_text())["config"]
    values = {f"project:{k.split(':', 1)[1]}": json.dumps(v) if isinstance(v, (dict, list)) else str(v)
              for k, v in stack.items()}
    values.pop("project:renderDir", None)
    values["project:apiKey"] = "fullstack-api-key-6d2e"
    values.update({f"project:{k}": v for k, v in config.items()})

    def program():
        pulumi.runtime.set_all_config(values)
        try:
            runpy.run_path(str(FULLSTACK / "__main__.py"), run_name="__main__")
        finally:
            pulumi.runtime.set_all_config({})
    return program


def example_program(path: str, config: dict[str, Any]):
    """The program at `path` (from the repository root) with `config` (values that are not strings
    given as JSON, as `pulumi config set --path` stores them)."""
    import json
    import runpy

    root = Path(__file__).resolve().parents[2]

    def program():
        pulumi.runtime.set_all_config({f"project:{k}": v if isinstance(v, str) else json.dumps(v)
                                       for k, v in config.items()})
        try:
            runpy.run_path(str(root / path), run_name="__main__")
        finally:
            pulumi.runtime.set_all_config({})
    return program
