"""A workload's own login on a Cloud SQL for PostgreSQL database, never the recipe's built-in user.

The built-in user the Admin API creates (`sql.User`, the recipe's `username`) is a member of
`cloudsqlsuperuser`; a role scoped to one database needs SQL, and the instance has a private IP
only. So the recipe registers a one-shot step in the environment's network: a Cloud Run job with
Direct VPC egress running `psql` from the PostgreSQL image, whose `run_execution_token` makes the
provider run an execution on create and whenever the token changes, and report the job ready only
once that execution has succeeded ("The Job will become ready when the execution is successfully
completed", pulumi-gcp cloudrunv2.Job). The token is a digest of everything the SQL depends on
(role, passwords, database, host, the statements' version): it runs again exactly when one
changes, and a second `up` shows no diff. The two passwords reach the job only as Secret
Manager secrets its own service account may read.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pulumi
import pulumi_gcp as gcp

from ...names import dns_label, short_hash
from ...platforms.cloudrun.names import ACCOUNT_ID_MAX, SECRET_ID_MAX, account_id, keep_name, regional
from ..aws.db_login_handler import owned_objects_query  # plain SQL text, no AWS dependency

# The PostgreSQL client: the official image's psql (Cloud Run pulls public Docker Hub images).
# A tag, not a digest: no digest could be verified from here, and a wrong one fails every run.
# The major version is what matters: psql 17 speaks to every server version the recipe offers
# (14-17; "psql works best with servers of the same or an older major version",
# postgresql.org/docs/17/app-psql.html); patch and Alpine updates under the tag are the image's.
# The image is part of the execution token: changing it (the recipe's `login_image`, e.g. an
# Artifact Registry copy or `...@sha256:` digest) runs the step once more, nothing else does.
CLIENT_IMAGE = "docker.io/library/postgres:17-alpine"
JOB_MAX_RETRIES = 3
JOB_TIMEOUT = "300s"
SECRET_ACCESSOR = "roles/secretmanager.secretAccessor"
JOB_NAME_MAX = 40  # the job name plus the execution token must be shorter than 63 characters
TOKEN_LENGTH = 16
STATEMENTS_VERSION = "2"  # 2: the login owns what the administrator made in schema public
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"

# psql quotes `:'var'` as a literal and `:"var"` as an identifier; PostgreSQL has no CREATE ROLE
# IF NOT EXISTS, so the role is created only when missing (\gexec, without attributes: a
# non-superuser may not name NOSUPERUSER in ALTER ROLE, PostgreSQL user.c) and its password always set:
# every run converges. CONNECT on its database only (PUBLIC loses it), USAGE and CREATE on schema
# public (PostgreSQL 15+ no longer gives CREATE there to everyone), table and sequence privileges
# on what exists and by default on what the administrator creates later. Then what the
# administrator owns in schema public (the workload's tables on a database older than the login)
# passes to the login, so its migrations can alter them (review R-AWS-1; the query and why it is
# the least that works: recipes/aws/db_login_handler.owned_objects_query, shared by both steps).
SCRIPT = f"""set -eu
# TLS verified against the instance's own CA when it is known (SERVER_CA, public material):
# verify-ca, as Cloud SQL's server certificate names the instance, not its private IP.
if [ -n "${{SERVER_CA:-}}" ]; then
  printf '%s' "$SERVER_CA" > /tmp/server-ca.pem
  export PGSSLROOTCERT=/tmp/server-ca.pem PGSSLMODE=verify-ca
fi
psql -v ON_ERROR_STOP=1 -v role="$LOGIN_ROLE" -v pw="$LOGIN_PASSWORD" -v db="$PGDATABASE" -v admin="$PGUSER" <<'SQL'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \\gexec
ALTER ROLE :"role" WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD :'pw';
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
GRANT USAGE, CREATE ON SCHEMA public TO :"role";
GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO :"role";
GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA public TO :"role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"admin" IN SCHEMA public GRANT {TABLE_PRIVILEGES} ON TABLES TO :"role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"admin" IN SCHEMA public GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO :"role";
GRANT :"role" TO :"admin";
{owned_objects_query(":'admin'", ":'role'")} \\gexec
SQL
"""


def token(values: dict[str, Any]) -> str:
    """The execution token: a digest of everything the job is made of (no secret in clear).

    Not only the SQL's inputs: the v2 API reports the token back only while the job's current
    generation was made by that execution, so an update of the job under an unchanged token
    (image, network, labels, service account, retries) would leave state without it, a diff on
    every later `up` and a re-sent token refused as existing (review R-GCP-2; magic-modules
    #19060, terraform-provider-google#24451). With every input in the digest, any change of the
    job is also a new execution under a new name."""
    text = json.dumps({**values, "statements": STATEMENTS_VERSION, "script": SCRIPT}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:TOKEN_LENGTH]


def database_login(ctx: Any, *, env: str, app: str, resource: str, labels: dict[str, str], host: Any, port: int,
                   database: Any, admin_user: Any, admin_password: Any, role: str, role_password: Any,
                   after: list[pulumi.Resource], server_ca: Any = "", image: str = CLIENT_IMAGE) -> list[pulumi.Resource]:
    """Register the login step; returns its resources (the job last)."""
    platform = ctx.platform
    project = platform.project
    opts = platform.child_options(ctx.resource)
    base = dns_label(env, app, resource, "db-login", max_length=JOB_NAME_MAX) or "db-login-" + short_hash(
        f"{env}-{app}-{resource}")
    account = gcp.serviceaccount.Account(
        ctx.name("db-login-identity"), project=project,
        account_id=regional(account_id(env, app, f"{resource}-dblogin"), platform.region, ACCOUNT_ID_MAX),
        display_name=f"radius database login step of {app}/{resource}",
        opts=pulumi.ResourceOptions.merge(opts, keep_name("accountId")))
    member = account.email.apply(lambda e: f"serviceAccount:{e}")
    resources: list[pulumi.Resource] = [account]
    secrets: dict[str, tuple[Any, Any]] = {}
    for key, value in (("admin", admin_password), ("login", role_password)):
        secret = gcp.secretmanager.Secret(
            ctx.name(f"db-login-{key}"), project=project, secret_id=regional(f"{base}-{key}", platform.region, SECRET_ID_MAX),
            replication={"auto": {}}, labels=labels, opts=pulumi.ResourceOptions.merge(opts, keep_name("secretId")))
        version = gcp.secretmanager.SecretVersion(ctx.name(f"db-login-{key}-version"), secret=secret.id,
                                                  secret_data=pulumi.Output.secret(value), opts=opts)
        grant = gcp.secretmanager.SecretIamMember(
            ctx.name(f"db-login-{key}-accessor"), project=project, secret_id=secret.secret_id, role=SECRET_ACCESSOR,
            member=member, opts=opts)
        secrets[key] = (secret.secret_id, version.version)
        resources += [secret, version, grant]
    run_token = pulumi.Output.all(
        host=host, port=port, database=database, admin_user=admin_user, admin_password=admin_password, role=role,
        role_password=role_password, server_ca=server_ca, image=image, labels=labels, service_account=account.email,
        network=platform.network_name, subnet=platform.subnet_name, max_retries=JOB_MAX_RETRIES, timeout=JOB_TIMEOUT,
        secrets=[secrets[k][0] for k in sorted(secrets)]).apply(token)
    envs = [{"name": "PGHOST", "value": host}, {"name": "PGPORT", "value": str(port)},
            {"name": "PGDATABASE", "value": database}, {"name": "PGUSER", "value": admin_user},
            {"name": "PGSSLMODE", "value": "require"}, {"name": "SERVER_CA", "value": server_ca},
            {"name": "LOGIN_ROLE", "value": role},
            {"name": "PGPASSWORD", "value_source": {"secret_key_ref": {"secret": secrets["admin"][0],
                                                                       "version": secrets["admin"][1]}}},
            {"name": "LOGIN_PASSWORD", "value_source": {"secret_key_ref": {"secret": secrets["login"][0],
                                                                           "version": secrets["login"][1]}}}]
    job = gcp.cloudrunv2.Job(
        ctx.name("db-login"), project=project, location=platform.region, name=base, deletion_protection=False,
        labels=labels, run_execution_token=run_token,
        template={"task_count": 1, "template": {
            "service_account": account.email, "max_retries": JOB_MAX_RETRIES, "timeout": JOB_TIMEOUT,
            "containers": [{"image": image, "commands": ["/bin/sh", "-c", SCRIPT], "envs": envs}],
            # Direct VPC egress: the instance's private IP is in a private range.
            "vpc_access": {"network_interfaces": [{"network": platform.network_name, "subnetwork": platform.subnet_name}],
                           "egress": "PRIVATE_RANGES_ONLY"}}},
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[*after, *resources])))
    return [*resources, job]
