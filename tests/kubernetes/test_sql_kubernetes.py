"""SqlDatabase on the kubernetes kind: PostgreSQL StatefulSet + PVC + headless Service +
password Secret, hardened like the Redis recipe, validated with kubernetes-validate."""

from __future__ import annotations

from typing import Any

import kubernetes_validate
import pulumi
import pytest

import radius_components as rad
from tests.helpers.kubernetes import KUBERNETES_VERSION
from radius_components.recipes.kubernetes import postgres
from tests.helpers.mocks import GENERATED_HEX, GENERATED_PASSWORD, run_program, secret_leaks

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
    assert env["APP_PASSWORD"] == {"name": "APP_PASSWORD",
                                   "valueFrom": {"secretKeyRef": {"name": "todo-sql", "key": "password"}}}


def test_the_application_logs_in_as_a_role_that_is_not_the_bootstrap_superuser(sql_run):
    """The image's entrypoint makes POSTGRES_USER the bootstrap superuser (`initdb --username`,
    hub.docker.com/_/postgres); the connection's username must be another role, created by a
    /docker-entrypoint-initdb.d script as NOSUPERUSER (run for real in test_postgres_roles.py)."""
    pod = sql_run.one(STATEFULSET).plain()["spec"]["template"]["spec"]
    container = pod["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    username = sql_run.component("sql", "SqlDatabase").outputs["username"]
    assert env["POSTGRES_USER"]["value"] == "postgres" != username == env["APP_USER"]["value"] == "app"
    # The superuser's password is a key of its own, which no connection hands out.
    assert env["POSTGRES_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == "admin-password"
    secret = sql_run.one(K8S_SECRET, "sql-password-secret").plain()
    assert set(secret["stringData"]) == {"password", "admin-password"}
    assert len(sql_run.of_type("random:index/randomPassword:RandomPassword")) == 2
    # The init script: mounted read-only in initdb.d, executable (the entrypoint runs, not sources, it).
    mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
    assert mounts["/docker-entrypoint-initdb.d"]["readOnly"] is True
    volume = {v["name"]: v for v in pod["volumes"]}[mounts["/docker-entrypoint-initdb.d"]["name"]]
    assert volume["configMap"]["defaultMode"] == 0o555
    assert [i["key"] for i in volume["configMap"]["items"]] == [postgres.INIT_SCRIPT]
    scripts = sql_run.one("kubernetes:core/v1:ConfigMap").plain()["data"]
    assert "NOSUPERUSER" in scripts[postgres.INIT_SCRIPT] and "OWNER TO" in scripts[postgres.INIT_SCRIPT]


def test_passwords_follow_the_secret_on_a_kept_volume(sql_run):
    """POSTGRES_PASSWORD is read only by initdb (the entrypoint skips it when PGDATA holds
    PG_VERSION): a postStart hook sets the passwords from the Secret at every start, and a new
    password restarts the pod (a secrets-revision annotation keyed on both passwords)."""
    sts = sql_run.one(STATEFULSET)
    template = sts.plain()["spec"]["template"]
    hook = template["spec"]["containers"][0]["lifecycle"]["postStart"]["exec"]["command"]
    assert hook == ["sh", f"{postgres.SCRIPTS_DIR}/{postgres.RECONCILE_SCRIPT}"]
    assert template["metadata"]["annotations"] == {"radapp.io/secrets-revision": GENERATED_HEX}
    revision = sql_run.one("random:index/randomId:RandomId", "sql-password-revision").plain()
    assert set(revision["keepers"]) == {"password", "admin-password"}
    # The StatefulSet waits for the Secret (and the ConfigMap) it reads.
    secret = sql_run.one(K8S_SECRET, "sql-password-secret")
    assert secret.urn in sts.dependencies


@pytest.mark.parametrize("protect, when_deleted", [(True, "Retain"), (False, "Delete")])
def test_a_throwaway_database_takes_its_claim_with_it(protect, when_deleted):
    """StatefulSet claims outlive it by default (persistentVolumeClaimRetentionPolicy whenDeleted:
    Retain, kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention);
    with protect_stateful=False `pulumi destroy` must not leave the data (and its bill) behind."""
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"), protect_stateful=protect)
        app = rad.Application("todo", environment=env)
        rad.SqlDatabase("sql", application=app)
    spec = run_program(as_program(program)).one(STATEFULSET).plain()["spec"]
    assert spec["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": when_deleted, "whenScaled": "Retain"}


def test_storage_size_reaches_the_live_claim(sql_run):
    """The API server refuses updates of volumeClaimTemplates ("updates to statefulset spec for
    fields other than ... are forbidden") and the StatefulSet controller reuses an existing claim
    as it is (KEP-4650), so a changed size would replace the StatefulSet and still never reach the
    claim. The template is ignored after creation, and the size is applied to the claim the
    controller made (`data-<statefulset>-0`) by a forced server-side-apply patch, kept on delete
    (the retention policy decides the claim's fate)."""
    sts = sql_run.one(STATEFULSET)
    assert "spec.volumeClaimTemplates" in sts.ignore_changes
    # Only the immutable selector labels: a change of the shared label set touches no template.
    template = sts.plain()["spec"]["volumeClaimTemplates"][0]
    assert template["metadata"]["labels"] == sts.plain()["spec"]["selector"]["matchLabels"]
    patch = sql_run.one("kubernetes:core/v1:PersistentVolumeClaimPatch")
    claim = patch.plain()
    assert claim["metadata"]["name"] == "data-todo-sql-0" and claim["metadata"]["namespace"] == "dev"
    assert claim["metadata"]["annotations"] == {"pulumi.com/patchForce": "true"}
    assert claim["spec"] == template["spec"]
    assert patch.retain_on_delete and sts.urn in patch.dependencies


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
        assert env[name]["valueFrom"]["secretKeyRef"]["name"] == "web-secrets"


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


def test_the_database_is_isolated_and_admits_its_connected_container(sql_run):
    policies = {r.name: r.plain() for r in sql_run.of_type("kubernetes:networking.k8s.io/v1:NetworkPolicy")}
    select = {"radapp.io/application": "todo", "radapp.io/resource": "sql"}
    assert policies["sql-network-policy"]["spec"] == {"podSelector": {"matchLabels": select}, "policyTypes": ["Ingress"]}
    # A dotted name (a DNS subdomain): never the `<app>-<resource>` label of another component.
    assert policies["web-to-sql-network-policy"]["metadata"]["name"] == "todo-web.to-sql"
    assert policies["web-to-sql-network-policy"]["spec"] == {
        "podSelector": {"matchLabels": select}, "policyTypes": ["Ingress"],
        # The server stays in the environment's namespace; the container's pods are in the
        # application's (the default layout), named by the label every namespace carries.
        "ingress": [{"from": [{"podSelector": {"matchLabels": {"radapp.io/application": "todo", "radapp.io/resource": "web"}},
                               "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "dev-todo"}}}],
                     "ports": [{"protocol": "TCP", "port": 5432}]}]}
