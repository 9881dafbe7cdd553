"""SqlDatabase on the kubernetes kind: PostgreSQL StatefulSet + PVC + headless Service +
password Secret, hardened like the Redis recipe, validated with kubernetes-validate."""

from __future__ import annotations

from typing import Any

import kubernetes_validate
import pulumi
import pytest

import radius_components as rad
from tests.helpers.kubernetes import KUBERNETES_VERSION
from tests.helpers.mocks import GENERATED_PASSWORD, run_program, secret_leaks

STATEFULSET = "kubernetes:apps/v1:StatefulSet"
K8S_SECRET = "kubernetes:core/v1:Secret"
K8S_SERVICE = "kubernetes:core/v1:Service"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
USER_PASSWORD = "manual-db-password-31"
# Where secrets belong: Secrets, and the keepers of the (secret-marked) revision RandomId.
ALLOWED = {K8S_SECRET: ("stringData",), "random:index/randomId:RandomId": ("keepers",)}


def as_program(build, *args: Any, **kwargs: Any):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


def sql_app(parameters: dict[str, Any] | None = None, **db_kwargs: Any) -> None:
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
    app = rad.Application("todo", environment=env)
    if db_kwargs:
        db = rad.SqlDatabase("sql", application=app, **db_kwargs)
    else:
        db = rad.SqlDatabase("sql", application=app, recipe={"parameters": parameters or {}})
    rad.Container("web", application=app, container={"image": "nginx:1.27"}, connections={"sql": {"source": db}})


@pytest.fixture(scope="module")
def sql_run():
    return run_program(as_program(sql_app, {"storage_size": "5Gi", "storage_class": "fast-ssd"}))


def test_statefulset_with_a_claim_template(sql_run):
    sts = sql_run.one(STATEFULSET)
    spec = sts.plain()["spec"]
    assert sts.protect
    assert spec["replicas"] == 1 and spec["serviceName"] == "todo-sql"
    claim = spec["volumeClaimTemplates"][0]
    assert claim["metadata"]["name"] == "data"
    assert claim["spec"] == {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "5Gi"}},
                             "storageClassName": "fast-ssd"}
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    assert {m["name"]: m["mountPath"] for m in container["volumeMounts"]}["data"] == "/var/lib/postgresql/data"
    env = {e["name"]: e for e in container["env"]}
    assert env["PGDATA"]["value"] == "/var/lib/postgresql/data/pgdata"
    assert env["POSTGRES_PASSWORD"] == {"name": "POSTGRES_PASSWORD",
                                        "valueFrom": {"secretKeyRef": {"name": "todo-sql", "key": "password"}}}


def test_hardened_like_the_redis_recipe(sql_run):
    pod = sql_run.one(STATEFULSET).plain()["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False and pod["enableServiceLinks"] is False
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    security = pod["containers"][0]["securityContext"]
    assert security == {"runAsNonRoot": True, "runAsUser": 70, "runAsGroup": 70, "allowPrivilegeEscalation": False,
                        "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}}
    # A read-only root needs writable socket and temp directories.
    mounts = {m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
    assert {"/var/run/postgresql", "/tmp"} <= mounts


def test_headless_service_and_contract(sql_run):
    svc = sql_run.one(K8S_SERVICE, "sql-service").plain()["spec"]
    assert svc["clusterIP"] == "None" and svc["ports"][0]["port"] == 5432
    env = {e["name"]: e for e in sql_run.one(DEPLOYMENT).plain()["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["CONNECTION_SQL_SERVER"]["value"] == "todo-sql.dev.svc.cluster.local"
    assert env["CONNECTION_SQL_DATABASE"]["value"] == "sql"
    assert env["CONNECTION_SQL_USERNAME"]["value"] == "app"
    assert env["CONNECTION_SQL_TLS"]["value"] == "false"
    for name in ("CONNECTION_SQL_PASSWORD", "CONNECTION_SQL_CONNECTIONSTRING", "CONNECTION_SQL_URL"):
        assert env[name]["valueFrom"]["secretKeyRef"]["name"] == "todo-web-secrets"


def test_no_plaintext_password_outside_secrets(sql_run):
    assert secret_leaks(sql_run, [GENERATED_PASSWORD], ALLOWED) == []


def test_every_object_is_valid_kubernetes(sql_run):
    for obj in [r for r in sql_run.resources if r.type.startswith("kubernetes:") and r.custom]:
        kubernetes_validate.validate(obj.plain(), KUBERNETES_VERSION, strict=True)


def test_manual_mode_uses_the_given_database():
    run = run_program(as_program(sql_app, resource_provisioning="manual", server="pg.internal", port=6432,
                                 database="orders", username="svc", password=USER_PASSWORD, tls=True))
    assert run.of_type(STATEFULSET) == []
    secret = run.one(K8S_SECRET, "web-secrets").plain()["stringData"]
    assert secret["CONNECTION_SQL_PASSWORD"] == USER_PASSWORD
    assert secret["CONNECTION_SQL_URL"] == f"postgresql://svc:{USER_PASSWORD}@pg.internal:6432/orders?sslmode=require"
    assert secret_leaks(run, [USER_PASSWORD], ALLOWED) == []


@pytest.mark.parametrize("parameters, field", [
    ({"storage_size": "lots"}, "recipe.parameters.storage_size"),
    ({"storage_class": "Fast_SSD"}, "recipe.parameters.storage_class"),
    ({"username": "postgres"}, "recipe.parameters.username"),
    ({"database": "1st"}, "recipe.parameters.database"),
    ({"replicas": 3}, "recipe.parameters.replicas"),
])
def test_bad_recipe_parameters(parameters, field):
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(sql_app, parameters))
    assert info.value.field == field and info.value.component == "SqlDatabase 'sql'"


def test_only_pods_of_the_namespace_reach_the_database(sql_run):
    policy = sql_run.one("kubernetes:networking.k8s.io/v1:NetworkPolicy").plain()
    assert policy["metadata"]["namespace"] == "dev"
    assert policy["spec"] == {"podSelector": {"matchLabels": {"radapp.io/application": "todo", "radapp.io/resource": "sql"}},
                              "policyTypes": ["Ingress"],
                              "ingress": [{"from": [{"podSelector": {}}], "ports": [{"protocol": "TCP", "port": 5432}]}]}
