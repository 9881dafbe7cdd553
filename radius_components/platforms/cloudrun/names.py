"""Every GCP name a container (and a recipe) uses, derived once, deterministically.

Recipes (recipes/gcp/*) import this module, never the platform package's `__init__`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...connections import EnvPlan, connection_env_name
from ...errors import RadiusValidationError
from ...model import ContainerArgs
from ...names import dns_label, short_hash
from ..naming import distinct_names

# Every name below is `<env>-<app>-<resource>`: services, service accounts, secrets and
# Memorystore instances share one namespace per project (and region), so two environments
# (a dev and a prod stack) in one project would otherwise collide.
# CreateServiceRequest.service_id (google.cloud.run_v2): "must begin with letter, and cannot
# end with hyphen; must contain fewer than 50 characters".
SERVICE_NAME_MAX = 49
# iam.v1 CreateServiceAccountRequest.account_id: 6-30 characters, [a-z]([-a-z0-9]*[a-z0-9])
# (pulumi-gcp serviceaccount.Account: "must be 6-30 characters long ... to comply with RFC1035").
ACCOUNT_ID_MIN, ACCOUNT_ID_MAX = 6, 30
# secretmanager.v1 CreateSecretRequest.secret_id: "a string with a maximum length of 255
# characters and can contain uppercase and lowercase letters, numerals, and the hyphen (-) and
# underscore (_) characters".
SECRET_ID_MAX = 255
# redis.v1 CreateInstanceRequest.instance_id (Memorystore for Redis): "Must contain only
# lowercase letters, numbers, and hyphens. Must start with a letter. Must be between 1-40
# characters. Must end with a number or a letter."
REDIS_NAME_MAX = 40
# compute Network / GlobalAddress names: RFC1035, 1-63 characters.
NETWORK_NAME_MAX = 63

# The file a connection's TLS CA (the TLSCACERT property) is mounted at: Cloud Run mounts
# files only from Secret Manager (or Cloud Storage / NFS), so the PEM goes into a secret of
# its own and a secret volume puts it at CA_MOUNT_ROOT/<connection>/CA_FILE_NAME.
CA_MOUNT_ROOT = "/etc/radius/connections"
CA_FILE_NAME = "ca.pem"


# -- names global to the project carry the region ------------------------------------------
# Service account IDs (iam.v1 CreateServiceAccount: unique in the project), Secret Manager IDs
# (secretmanager.v1 CreateSecret: unique in the project), VPC networks and global addresses
# (compute: global resources) and bucket names (global to Cloud Storage) are not regional, so one
# environment deployed to two regions of a project would meet there (409 already exists; review
# R-GCP-3). They take a short hash of the region, as ECS's IAM names take the region.
REGION_TAG_CHARS = 4


def regional(name: str, region: str, max_length: int) -> str:
    """`name` with `-<hash of the region>`, its own part shortened to stay within `max_length`."""
    tag = short_hash(region, REGION_TAG_CHARS)
    room = max_length - len(tag) - 1
    base = name if len(name) <= room else name[: room - 9].rstrip("-_") + "-" + short_hash(name)
    return f"{base.rstrip('-_')}-{tag}"


def keep_name(*properties: str) -> "Any":
    """Options keeping the name a resource was created with (the listed inputs).

    These names changed (they gained the region tag) under resources that already exist on
    upgraded stacks, and each of them is ForceNew: a service account, secret or network would be
    replaced, and with them the services and grants on them. With ignoreChanges the engine takes
    an ignored input from the resource's state when there is one, and from the program on a
    create (pulumi.com/docs/iac/concepts/options/ignorechanges/): new resources get the regional
    name, existing ones keep theirs. Everything that refers to them reads their outputs (email,
    secret_id, name, id), i.e. the name they really have. A kept name is frozen
    against later changes of the parts it was made of (review gcp-gateway-names.md R-GLB-5).
    Logical names carry only the resource's own name (a container's service account
    `<container>-identity`, the environment's network `<env>-network`, a Gateway's URL map
    `<gateway>-urlmap`; components are parented to the stack), not the environment's or the
    application's: renaming either leaves every kept name as it was (no replacement, but a later
    stack taking the old names in the same project meets them: 409 alreadyExists). A Gateway's
    NEGs, whose Cloud Run service follows such a rename (ForceNew), carry it in their logical
    names instead (gateway.py). A replacement under a kept name reuses the name: gateway.py
    `_create_first` says why the load balancer's are created first (and fail safe)."""
    import pulumi

    return pulumi.ResourceOptions(ignore_changes=list(properties))


def network_id(project: str, network: str) -> str:
    """The network's resource path: as given for a Shared VPC path, else in `project`."""
    return network if network.startswith("projects/") else f"projects/{project}/global/networks/{network}"


# ---------------------------------------------------------------------------------------
# Names


@dataclass(frozen=True)
class ContainerNames:
    service: str  # Cloud Run service name
    account_id: str  # service account ID
    container: str  # name of the container inside the revision
    volumes: dict[str, str]
    app: str
    resource: str

    def secret_id(self, env_name: str) -> str:
        return secret_id(self.service, env_name)


def name_part(label: str, name: str) -> str:
    part = dns_label(name)
    if part is None:
        raise RadiusValidationError(label, "name", name, "has no letter or digit to build a Cloud Run name from",
                                    "use a name that starts with a letter and contains letters, digits or '-'")
    return part


def service_name(label: str, env: str, app: str, resource: str) -> str:
    """`<env>-<app>-<resource>`, lowercase, at most 49 characters (shortened with a hash)."""
    name = dns_label(name_part(label, env), name_part(label, app), name_part(label, resource),
                     max_length=SERVICE_NAME_MAX)
    if name is None or not name[0].isalpha():
        raise RadiusValidationError(label, "name", resource, f"'{env}-{app}-{resource}' cannot be made a Cloud Run service name",
                                    "use names that start with a letter")
    return name


def account_id(env: str, app: str, resource: str) -> str:
    """`<env>-<app>-<resource>` within IAM's 6-30 characters (shortened with a hash)."""
    base = dns_label(env, app, resource, max_length=ACCOUNT_ID_MAX) or "radius"
    if len(base) < ACCOUNT_ID_MIN:
        base = dns_label(base, "run", max_length=ACCOUNT_ID_MAX) or base
    return base


def secret_id(service: str, env_name: str) -> str:
    """`<service>-<ENV_NAME>`; characters Secret Manager refuses become '-' plus a hash."""
    clean = re.sub(r"[^A-Za-z0-9_-]", "-", env_name)
    text = f"{service}-{clean}"
    if clean != env_name:
        text = f"{text}-{short_hash(env_name, 6)}"
    if len(text) > SECRET_ID_MAX:
        text = text[: SECRET_ID_MAX - 9] + "-" + short_hash(f"{service}-{env_name}")
    return text


def redis_instance_name(env: str, app: str, resource: str) -> str:
    """`<env>-<app>-<resource>` within Memorystore's 40 characters (shortened with a hash)."""
    return dns_label(env, app, resource, max_length=REDIS_NAME_MAX) or "r-" + short_hash(f"{env}-{app}-{resource}")


def ca_volume_name(connection: str) -> str:
    """The secret volume holding a connection's TLS CA (check_container rejects a user
    volume that would take the same name)."""
    return dns_label("radius-ca", connection) or "radius-ca"


def ca_entries(plan: EnvPlan) -> list[tuple[str, Any]]:
    """(connection name, env entry) of each connection whose TLSCACERT reaches the container.

    Only the connection's own variable counts: none with disable_default_env_vars, and none
    when the user's `env` overrides the name (the user then decides what the value is).
    """
    out = []
    for conn in plan.connections:
        name = connection_env_name(conn.name, "TLSCACERT")
        entry = next((e for e in plan.entries if e.name == name), None)
        if entry is not None and entry.origin == f"connection:{conn.name}" and entry.secret is None:
            out.append((conn.name, entry))
    return out


def ca_mount_path(connection: str) -> str:
    return f"{CA_MOUNT_ROOT}/{dns_label(connection) or 'connection'}"


def container_names(label: str, env: str, app: str, resource: str, args: ContainerArgs) -> ContainerNames:
    env_part, app_part, resource_part = name_part(label, env), name_part(label, app), name_part(label, resource)
    service = service_name(label, env, app, resource)
    volumes = distinct_names(label, "container.volumes", args.container.volumes, dns_label, "Cloud Run volume name")
    return ContainerNames(service=service, account_id=account_id(env_part, app_part, resource_part),
                          container=resource_part, volumes=volumes, app=app_part, resource=resource_part)
