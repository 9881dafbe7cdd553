"""Default SqlDatabase recipe on Kubernetes: PostgreSQL as a StatefulSet with a PersistentVolumeClaim.

One replica, its data on a PersistentVolumeClaim from the StatefulSet's volumeClaimTemplates
(`storage_size`, `storage_class`), a headless Service (the StatefulSet's governing Service,
and the address clients use), a Secret with two generated passwords, a ConfigMap with the
two scripts below, and a NetworkPolicy that isolates the server: only the pods of containers
that connect to it reach 5432, each admitted by a policy of its own. Hardened like the Redis
recipe: non-root (the image's `postgres` user), read-only root filesystem (the socket
directory and /tmp are emptyDirs), no privilege escalation, all capabilities dropped,
RuntimeDefault seccomp, no ServiceAccount token.

Roles. The official image's entrypoint creates exactly one role, `POSTGRES_USER`, as the
bootstrap superuser (`initdb --username`; "This variable will create the specified user with
superuser power", hub.docker.com/_/postgres). So the server is initialised as `postgres`, with
a password kept only in the recipe's Secret, and the application's role (`username`, default
`app`) is created by a `/docker-entrypoint-initdb.d` script as a NOSUPERUSER LOGIN role that
owns the database: it can do everything in its database but not what only a superuser may
(`COPY ... PROGRAM`, `ALTER SYSTEM`, reading server files).

Passwords. `POSTGRES_PASSWORD` is read only by initdb, which runs only on an empty data
directory. A PVC that outlives the StatefulSet (a `protect`ed database, or a volume left by
an earlier version of the stack) keeps the old passwords while a re-deploy generates new ones;
so a postStart hook sets both roles' passwords from the Secret at every container start, over
the local socket (the image's pg_hba trusts local connections), and a secrets-revision
annotation restarts the pod when a password changes. The Deployments of connecting containers
wait for their own Secrets, which carry the same password.

Volumes. `protect_stateful=False` (a throwaway stack) sets the StatefulSet's
`persistentVolumeClaimRetentionPolicy.whenDeleted: Delete` (GA in Kubernetes 1.32), so
`pulumi destroy` removes the claim and its data; protected databases keep `Retain`.
The API server refuses changes to a StatefulSet's volumeClaimTemplates, and the StatefulSet
controller never updates a claim that exists ("We will reuse existing PVCs", KEP-4650), so
the claim template is created once and then ignored (`ignore_changes`), and `storage_size` is
applied to the live claim `data-<name>-0` by a server-side-apply patch: growing it needs a
StorageClass with `allowVolumeExpansion: true`, shrinking it is refused by the API server. A
claim's `storageClassName` is immutable: a changed `storage_class` is refused by the API server
at `up` ("spec is immutable after creation"); moving to another class is a migration
(dump, new SqlDatabase, restore). The claim template carries only the selector labels, so a
change of the shared label set never touches it.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from ...errors import RadiusValidationError, raise_all
from ...names import dns_label
from ...platforms.kubernetes import manifests
from ...platforms.kubernetes.objects import register
from ...resources.sql_database.declaration import SqlDatabaseResult
from .. import RecipeContext
from ..sql_names import default_database_name, identifier_error

DEFAULT_IMAGE = "postgres:17-alpine"
POSTGRES_PORT = 5432
POSTGRES_UID = 70  # the postgres user of the official Alpine image (999 in the Debian one)
DATA_DIR = "/var/lib/postgresql/data"
RESOURCE_TYPE_LABEL = "applications.datastores-sqldatabases"
DEFAULTS = {"image": DEFAULT_IMAGE, "cpu": "250m", "memory": "512Mi", "storage_size": "1Gi", "storage_class": None,
            "database": None, "username": "app"}
_QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
ADMIN_USER = "postgres"  # the bootstrap superuser: its password stays in the recipe's Secret
_RESERVED_USERS = (ADMIN_USER,)  # the application gets its own, non-superuser owner role
PASSWORD_KEY = "password"  # the application role's password
ADMIN_PASSWORD_KEY = "admin-password"  # the bootstrap superuser's
INIT_SCRIPT = "10-application-role.sh"
RECONCILE_SCRIPT = "set-passwords.sh"
SCRIPTS_DIR = "/radius"
CLAIM_TEMPLATE = "data"


def _check(label: str, params: dict[str, Any]) -> None:
    errors = []
    for key, reserved in (("database", ()), ("username", _RESERVED_USERS)):
        error = identifier_error(label, key, params.get(key), reserved)
        if error is not None:
            errors.append(error)
    for key in ("cpu", "memory", "storage_size"):
        value = params.get(key)
        if value is not None and not (isinstance(value, str) and _QUANTITY.match(value)):
            errors.append(RadiusValidationError(label, f"recipe.parameters.{key}", value, "not a Kubernetes quantity",
                                                "use a quantity like '250m', '512Mi' or '10Gi'"))
    storage_class = params.get("storage_class")
    if storage_class is not None and not (isinstance(storage_class, str) and dns_label(storage_class) == storage_class):
        errors.append(RadiusValidationError(label, "recipe.parameters.storage_class", storage_class,
                                            "not a StorageClass name", "give the name of a StorageClass of the cluster"))
    raise_all(errors)


def postgres_recipe(ctx: RecipeContext) -> SqlDatabaseResult:
    params = {**DEFAULTS, **dict(ctx.parameters)}
    _check(f"SqlDatabase '{ctx.resource_name}'", params)
    platform = ctx.platform
    namespace = platform.namespace
    objects = manifests.recipe_objects(ctx.application.resource_name, ctx.resource_name, namespace, RESOURCE_TYPE_LABEL)
    name, obj_labels, select, meta = objects.name, objects.labels, objects.selector, objects.metadata
    database = params["database"] or default_database_name(ctx.resource_name)
    username = params["username"]

    password = random.RandomPassword(
        ctx.name("password"), length=32, special=False,
        opts=pulumi.ResourceOptions(parent=ctx.resource, protect=ctx.protect))
    admin_password = random.RandomPassword(
        ctx.name("admin-password"), length=32, special=False,
        opts=pulumi.ResourceOptions(parent=ctx.resource, protect=ctx.protect))
    secret = register({"kind": "Secret", "metadata": meta, "type": "Opaque",
                       "stringData": {PASSWORD_KEY: password.result, ADMIN_PASSWORD_KEY: admin_password.result}},
                      ctx.name("password-secret"), platform.child_options(ctx.resource))
    scripts = register({"kind": "ConfigMap", "metadata": meta, "data": {INIT_SCRIPT: _INIT_SQL, RECONCILE_SCRIPT: _RECONCILE}},
                       ctx.name("scripts"), platform.child_options(ctx.resource))
    # Restarts the pod when a password changes: postgres and the postStart hook read the
    # Secret only when the container starts.
    revision = random.RandomId(
        ctx.name("password-revision"), byte_length=8,
        # Secret-marked explicitly: keepers are inputs, and state must hold them as ciphertext.
        keepers={PASSWORD_KEY: pulumi.Output.secret(password.result),
                 ADMIN_PASSWORD_KEY: pulumi.Output.secret(admin_password.result)},
        # Derived, no data: never protected (a child takes its parent's `protect` otherwise).
        opts=pulumi.ResourceOptions(parent=ctx.resource, protect=False))
    # Headless: the StatefulSet's governing Service (spec.serviceName must name one), and
    # with one replica its name resolves to the pod.
    service = register({
        "kind": "Service", "metadata": meta,
        "spec": {"clusterIP": "None", "selector": select,
                 "ports": [{"name": "postgres", "port": POSTGRES_PORT, "targetPort": POSTGRES_PORT, "protocol": "TCP"}]},
    }, ctx.name("service"), platform.child_options(ctx.resource))

    def from_secret(key: str) -> dict[str, Any]:
        # The Secret's name as its output: the StatefulSet waits for the Secret.
        return {"secretKeyRef": {"name": secret.metadata.name, "key": key}}

    ready = f'pg_isready -h 127.0.0.1 -p {POSTGRES_PORT} -U "$APP_USER" -d "$POSTGRES_DB"'
    container: dict[str, Any] = {
        "name": "postgres",
        "image": params["image"],
        "env": [
            {"name": "POSTGRES_DB", "value": database},
            # The bootstrap superuser; the application's role is APP_USER (see the module docstring).
            {"name": "POSTGRES_USER", "value": ADMIN_USER},
            {"name": "POSTGRES_PASSWORD", "valueFrom": from_secret(ADMIN_PASSWORD_KEY)},
            {"name": "APP_USER", "value": username},
            {"name": "APP_PASSWORD", "valueFrom": from_secret(PASSWORD_KEY)},
            # A subdirectory: initdb refuses a mount point's root (it holds lost+found).
            {"name": "PGDATA", "value": f"{DATA_DIR}/pgdata"},
        ],
        "ports": [{"name": "postgres", "containerPort": POSTGRES_PORT, "protocol": "TCP"}],
        "readinessProbe": {"exec": {"command": ["sh", "-c", ready]}, "periodSeconds": 10, "timeoutSeconds": 5},
        "livenessProbe": {"tcpSocket": {"port": POSTGRES_PORT}, "initialDelaySeconds": 30, "periodSeconds": 20},
        "lifecycle": {"postStart": {"exec": {"command": ["sh", f"{SCRIPTS_DIR}/{RECONCILE_SCRIPT}"]}}},
        "resources": {"requests": {"cpu": params["cpu"], "memory": params["memory"]},
                      "limits": {"memory": params["memory"]}},
        "securityContext": {"runAsNonRoot": True, "runAsUser": POSTGRES_UID, "runAsGroup": POSTGRES_UID,
                            "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                            "capabilities": {"drop": ["ALL"]}},
        "volumeMounts": [{"name": "data", "mountPath": DATA_DIR},
                         {"name": "run", "mountPath": "/var/run/postgresql"},
                         {"name": "tmp", "mountPath": "/tmp"},
                         {"name": "initdb", "mountPath": "/docker-entrypoint-initdb.d", "readOnly": True},
                         {"name": "scripts", "mountPath": SCRIPTS_DIR, "readOnly": True}],
    }
    volumes = [{"name": "run", "emptyDir": {}}, {"name": "tmp", "emptyDir": {}},
               # Only the init script in initdb.d (the entrypoint runs every file there once);
               # executable, so the entrypoint runs it rather than sourcing it into its own shell.
               {"name": "initdb", "configMap": {"name": scripts.metadata.name, "defaultMode": 0o555,
                                                "items": [{"key": INIT_SCRIPT, "path": INIT_SCRIPT}]}},
               {"name": "scripts", "configMap": {"name": scripts.metadata.name, "defaultMode": 0o555,
                                                 "items": [{"key": RECONCILE_SCRIPT, "path": RECONCILE_SCRIPT}]}}]
    claim = claim_spec(params)
    statefulset = k8s.apps.v1.StatefulSet(
        ctx.name("statefulset"),
        metadata=meta,
        spec={
            "replicas": 1,
            "serviceName": name,
            "selector": {"matchLabels": select},
            "template": {
                "metadata": {"labels": obj_labels,
                             "annotations": {manifests.SECRETS_REVISION_ANNOTATION: revision.hex}},
                "spec": manifests.hardened_pod_spec(container, POSTGRES_UID, volumes),
            },
            # Only the (immutable) selector labels: see the module docstring.
            "volumeClaimTemplates": [{"metadata": {"name": CLAIM_TEMPLATE, "labels": dict(select)}, "spec": claim}],
            "persistentVolumeClaimRetentionPolicy": retention_policy(ctx.protect),
        },
        opts=platform.child_options(ctx.resource, protect=ctx.protect, ignore_changes=["spec.volumeClaimTemplates"]),
    )
    # The size (and class) the parameters ask for, applied to the live claim the StatefulSet
    # controller made from the template. Server-side apply forced over the controller's
    # ownership (pulumi.com/patchForce); kept on delete: the claim's fate is the retention
    # policy's, and a Patch that owns required fields cannot be deleted by itself.
    claim_patch = k8s.core.v1.PersistentVolumeClaimPatch(
        ctx.name("claim"),
        metadata={"name": claim_name(name), "namespace": namespace, "labels": dict(select),
                  "annotations": {"pulumi.com/patchForce": "true"}},
        spec=claim,
        opts=platform.child_options(ctx.resource, retain_on_delete=True).merge(
            pulumi.ResourceOptions(depends_on=[statefulset])))
    policy = register(manifests.isolation_policy(objects), ctx.name("network-policy"), platform.child_options(ctx.resource))
    return SqlDatabaseResult(
        server=f"{name}.{namespace}.svc.cluster.local", port=POSTGRES_PORT, database=database,
        username=username, tls=False,
        password=password.result,
        resources=[password, admin_password, secret, scripts, revision, service, statefulset, claim_patch, policy],
        outputs={"statefulset_name": name, "service_name": name, "secret_name": name, "claim_name": claim_name(name),
                 **manifests.admit_outputs(objects, POSTGRES_PORT)},
    )


def claim_spec(params: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {"accessModes": ["ReadWriteOnce"],
                            "resources": {"requests": {"storage": params["storage_size"]}}}
    if params["storage_class"]:
        spec["storageClassName"] = params["storage_class"]
    return spec


def claim_name(statefulset: str) -> str:
    # `<template>-<statefulset>-<ordinal>`: the StatefulSet controller's name for a claim.
    return f"{CLAIM_TEMPLATE}-{statefulset}-0"


def retention_policy(protect: bool) -> dict[str, str]:
    # whenDeleted: what deleting the StatefulSet does to its claims (Retain is Kubernetes' default).
    return {"whenDeleted": "Retain" if protect else "Delete", "whenScaled": "Retain"}


# Run once by the image's entrypoint on an empty data directory, after initdb, as POSTGRES_USER
# over the socket. psql interpolates :"var" (identifier) and :'var' (literal) quoting them itself.
_INIT_SQL = """#!/bin/sh
# Creates the application's role: a login that owns the database and is not a superuser.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_user="$APP_USER" -v app_password="$APP_PASSWORD" -v db="$POSTGRES_DB" <<'EOSQL'
CREATE ROLE :"app_user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"app_user";
EOSQL
"""

# The container's postStart hook. It waits for TCP, which only the final server listens on
# (the entrypoint's initialisation server listens on the socket only), then sets both roles'
# passwords from the Secret over the socket (libpq's defaults: the image's socket directory
# /var/run/postgresql and port 5432, or PGHOST/PGPORT).
_RECONCILE = """#!/bin/sh
# Sets the roles' passwords from the Secret at every start: initdb reads them only once.
set -eu
i=0
until pg_isready -q -h 127.0.0.1; do
  i=$((i + 1))
  if [ "$i" -ge 600 ]; then echo "postgres accepted no TCP connection within 10 minutes" >&2; exit 1; fi
  sleep 1
done
run() { psql -v ON_ERROR_STOP=1 -d "$POSTGRES_DB" "$@"; }
if run -U "$POSTGRES_USER" -Atqc 'select 1' >/dev/null 2>&1; then
  run -U "$POSTGRES_USER" -v admin_user="$POSTGRES_USER" -v admin_password="$POSTGRES_PASSWORD" \
    -v app_user="$APP_USER" -v app_password="$APP_PASSWORD" <<'EOSQL'
ALTER ROLE :"admin_user" PASSWORD :'admin_password';
ALTER ROLE :"app_user" PASSWORD :'app_password';
EOSQL
else
  # A data directory an earlier recipe initialised with the application's role as its bootstrap
  # superuser (PostgreSQL cannot demote it): its password still follows the Secret.
  run -U "$APP_USER" -v app_user="$APP_USER" -v app_password="$APP_PASSWORD" <<'EOSQL'
ALTER ROLE :"app_user" PASSWORD :'app_password';
EOSQL
fi
"""


# What the recipe takes; checked before the SqlDatabase registers anything.
postgres_recipe.parameters = tuple(sorted(DEFAULTS))  # type: ignore[attr-defined]
postgres_recipe.validate = lambda label, params: _check(label, {**DEFAULTS, **params})  # type: ignore[attr-defined]
postgres_recipe.engines = ("postgresql",)  # type: ignore[attr-defined]
