"""A user program written against the typed surface; `tests/features/test_typing.py` runs mypy --strict
on it (it is never executed). Every line here must type-check with no error."""

from __future__ import annotations

import pulumi

import radius_components as rad
from radius_components.model import ContainerSpecDict, EnvVarDict, PortDict
from radius_components.testing import RadiusMocks, Run, run_program

env = rad.Environment("dev", compute=rad.EcsCompute(region="eu-west-1", vpc_id="vpc-1", subnet_ids=["subnet-1"]))
app = rad.Application("shop", environment=env)
cache = rad.RedisCache("cache", application=app, recipe={"name": "default", "parameters": {"engine": "valkey"}})
legacy = rad.RedisCache("legacy", application=app, resource_provisioning="manual",
                        host="redis.internal", port=6380, password=pulumi.Output.secret("s3cret"))

ports: dict[str, PortDict] = {"http": {"container_port": 8080, "scheme": "http"}}
env_vars: dict[str, EnvVarDict] = {
    "LOG_LEVEL": {"value": "info"},
    "CACHE_PASSWORD": {"value_from": {"secret_ref": {"source": cache, "key": "password"}}},
}
spec: ContainerSpecDict = {
    "image": "ghcr.io/example/api:1.0",
    "ports": ports,
    "env": env_vars,
    "readiness_probe": {"kind": "httpGet", "container_port": 8080, "path": "/ready"},
    "resources": {"requests": {"cpu": "0.5", "memory": "1Gi"}},
    "volumes": {"scratch": {"kind": "ephemeral", "managed_store": "disk", "mount_path": "/scratch"}},
}
api = rad.Container(
    "api", application=app, container=spec,
    connections={"cache": {"source": cache, "iam": {"roles": ["elasticache:DescribeReplicationGroups"]}},
                 "fx": {"source": "https://fx.example.com"}},
    extensions=[{"kind": "manualScaling", "replicas": 2}, {"kind": "kubernetesMetadata", "labels": {"team": "shop"}}],
    runtimes={"ecs": {"service": {"wait_for_steady_state": False}}, "kubernetes": {"pod": {"priorityClassName": "x"}}},
)
# The pydantic models are accepted as well.
worker = rad.Container("worker", application=app,
                       container=rad.model.ContainerSpec(image="ghcr.io/example/worker:1.0"),
                       restart_policy="Always")

url: pulumi.Output[str | None] = api.internal_url
port: pulumi.Output[int | None] = api.internal_port
identity: pulumi.Output[str] = api.identity
task_role: pulumi.Output[str] = api.task_role_arn  # a kind's own output
host: pulumi.Output[str] = cache.host
redis_port: pulumi.Output[int] = cache.port
password: pulumi.Output[str] = cache.password
graph: pulumi.Output[dict[str, object]] = app.graph
text: pulumi.Output[str] = app.graph_text
mermaid: pulumi.Output[str] = app.graph_mermaid
kind: str = env.kind
pulumi.export("url", url)


def typed_test() -> None:
    run: Run = run_program(lambda: api.internal_url, mocks=RadiusMocks())
    roles = run.resources_of("api", "aws:iam/role:Role")
    names: list[str] = [r.name for r in roles]
    assert names
