"""Shared by the cloudrun tests: provider-computed outputs for the mocks, and programs.

The mocks answer like Google would: a service account gets its email, a secret version its
number, a Memorystore instance its host, TLS port, AUTH string and CA, a Cloud SQL instance
its private IP; getProject returns a project number. Importing this module installs those
answers (gcp types only).
"""

from __future__ import annotations

from typing import Any

import pulumi

import radius_components as rad
from tests.helpers.mocks import MOCK_CALLS, MOCK_OUTPUTS

PROJECT = "shop-prod-4711"
PROJECT_NUMBER = "123456789012"
REGION = "europe-west4"
AUTH_STRING = "memorystore-auth-string-5a1b2c3d-0000-4000-8000-000000000000"
REDIS_HOST = "10.20.0.3"
REDIS_TLS_PORT = 6378
CA_CERT = "-----BEGIN CERTIFICATE-----\nMIIDfake\n-----END CERTIFICATE-----\n"
USER_PASSWORD = "user-supplied-password-42"
DEMO_IMAGE = "ghcr.io/radius-project/samples/demo:latest"

SERVICE = "gcp:cloudrunv2/service:Service"
SERVICE_IAM = "gcp:cloudrunv2/serviceIamMember:ServiceIamMember"
ACCOUNT = "gcp:serviceaccount/account:Account"
SECRET = "gcp:secretmanager/secret:Secret"
SECRET_VERSION = "gcp:secretmanager/secretVersion:SecretVersion"
SECRET_IAM = "gcp:secretmanager/secretIamMember:SecretIamMember"
REDIS = "gcp:redis/instance:Instance"
NETWORK = "gcp:compute/network:Network"
SUBNET = "gcp:compute/subnetwork:Subnetwork"
API = "gcp:projects/service:Service"
PROVIDER = "pulumi:providers:gcp"
GET_PROJECT = "gcp:organizations/getProject:getProject"

LOOKUPS: list[dict[str, Any]] = []


def _get_project(args):
    LOOKUPS.append(dict(args.args))
    return {"number": PROJECT_NUMBER, "projectId": args.args.get("projectId")}


MOCK_CALLS[GET_PROJECT] = _get_project
MOCK_OUTPUTS[ACCOUNT] = lambda a: {"email": f"{a.inputs['accountId']}@{a.inputs['project']}.iam.gserviceaccount.com"}
MOCK_OUTPUTS[SECRET] = lambda a: {"secretId": a.inputs["secretId"], "name": f"projects/{PROJECT_NUMBER}/secrets/{a.inputs['secretId']}"}
MOCK_OUTPUTS[SECRET_VERSION] = lambda a: {"version": "1"}
MOCK_OUTPUTS[SERVICE] = lambda a: {"uri": f"https://{a.inputs['name']}-x7y2kq3hza-ez.a.run.app"}
MOCK_OUTPUTS[REDIS] = lambda a: {"host": REDIS_HOST, "port": REDIS_TLS_PORT, "authString": AUTH_STRING,
                                 "serverCaCerts": [{"cert": CA_CERT, "serialNumber": "0"}]}
# Cloud SQL (the SqlDatabase recipe): a private IP, the connection name, the server CA.
SQL_IP = "10.30.0.5"
MOCK_OUTPUTS["gcp:sql/databaseInstance:DatabaseInstance"] = lambda a: {
    "privateIpAddress": SQL_IP, "connectionName": f"{PROJECT}:{REGION}:{a.inputs['name']}",
    "serverCaCerts": [{"cert": CA_CERT, "sha1Fingerprint": "ab"}]}


def compute(**kwargs: Any) -> rad.CloudRunCompute:
    return rad.CloudRunCompute(**{"project": PROJECT, "region": REGION, **kwargs})


def demo(**compute_kwargs: Any) -> dict[str, Any]:
    """The demo of the issue, on Cloud Run: only the Environment differs from Kubernetes."""
    env = rad.Environment("dev", compute=compute(**compute_kwargs))
    app = rad.Application("todo", environment=env)
    db = rad.RedisCache("db", application=app)
    demo = rad.Container(
        "demo", application=app,
        container={"image": DEMO_IMAGE, "ports": {"web": {"container_port": 3000}},
                   "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"}},
        connections={"redis": {"source": db}},
    )
    return {"env": env, "app": app, "db": db, "demo": demo}


def everything() -> dict[str, Any]:
    """Every portable feature Cloud Run maps, plus the punch-through, on an existing network."""
    env = rad.Environment("prod", compute=compute(project_number=PROJECT_NUMBER, network="shared-vpc",
                                                  subnet="run-egress", enable_apis=True), protect_stateful=False)
    app = rad.Application("shop", environment=env)
    cache = rad.RedisCache("cache", application=app, recipe={"parameters": {"tier": "STANDARD_HA", "memory_size_gb": 5}})
    legacy = rad.RedisCache("legacy", application=app, resource_provisioning="manual",
                            host="redis.example.internal", port=6380, username="app", password=USER_PASSWORD)
    backend = rad.Container(
        "backend", application=app,
        container={
            "image": "europe-west4-docker.pkg.dev/shop-prod-4711/apps/backend:1.2.3",
            "imagePullPolicy": "IfNotPresent",
            "command": ["/app/server"],
            "args": ["--port", "8080"],
            "workingDir": "/app",
            "env": {"LOG_LEVEL": {"value": "debug"}, "WORKERS": {"value": 4}, "FEATURE_X": {"value": True},
                    "API_TOKEN": {"valueFrom": {"secretRef": {"source": "existing-api-token", "key": "latest"}}},
                    "LEGACY_PASSWORD": {"value_from": {"secret_ref": {"source": legacy, "key": "password"}}}},
            "ports": {"api": {"containerPort": 8080, "scheme": "http"}, "metrics": {"containerPort": 9090}},
            "readinessProbe": {"kind": "httpGet", "containerPort": 8080, "path": "/ready", "initialDelaySeconds": 2,
                               "periodSeconds": 5, "timeoutSeconds": 2, "failureThreshold": 4,
                               "headers": {"X-Probe": "startup"}},
            "livenessProbe": {"kind": "httpGet", "containerPort": 8080, "path": "/live", "periodSeconds": 15},
            "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "2", "memory": "1Gi"}},
            "volumes": {"scratch": {"kind": "ephemeral", "managedStore": "memory", "mountPath": "/scratch"}},
        },
        connections={"cache": {"source": cache}, "legacy": {"source": legacy, "disable_default_env_vars": True}},
        extensions=[
            {"kind": "manualScaling", "replicas": 3},
            {"kind": "kubernetesMetadata", "labels": {"team": "payments"}, "annotations": {"owner": "payments@example.com"}},
        ],
        runtimes={
            "cloudrun": {
                "execution_environment": "EXECUTION_ENVIRONMENT_GEN2",
                "sessionAffinity": True,
                "max_instance_request_concurrency": 40,
                "timeout": "120s",
                "containers": [
                    {"name": "backend", "resources": {"startup_cpu_boost": True}},
                    {"name": "otel", "image": "otel/opentelemetry-collector:0.103.0", "depends_ons": []},
                ],
                "sidecar_ports": ["metrics"],
                "service": {"launch_stage": "GA"},
            },
            "kubernetes": {"pod": {"nodeSelector": {"pool": "general"}}},
        },
    )
    frontend = rad.Container(
        "frontend", application=app,
        container={"image": "ghcr.io/example/frontend:1.0", "ports": {"http": {"container_port": 3000}},
                   "resources": {"limits": {"cpu": "0.5", "memory": "512Mi"}},
                   "livenessProbe": {"kind": "httpGet", "containerPort": 3000, "path": "/"}},
        connections={"backend": {"source": backend, "iam": {"roles": ["roles/run.viewer"]}},
                     "payments": {"source": "https://payments.example.com:8443"}},
        runtimes={"cloudrun": {"invokers": ["allUsers"], "service": {"ingress": "INGRESS_TRAFFIC_ALL"}}},
    )
    return {"env": env, "app": app, "cache": cache, "legacy": legacy, "backend": backend, "frontend": frontend}


def as_program(build):
    def program():
        build()
        return pulumi.Output.from_input(None)
    return program
