"""`connections.*.iam.roles` on Kubernetes: what each entry grants, and the warnings it deserves.

An entry is one of
- `name` or `Role/name`: a Role of the namespace;
- `ClusterRole/name`: a ClusterRole, bound in the namespace only (a RoleBinding, never a
  ClusterRoleBinding);
- `<verbs>:<resource>[.<group>]/<name>`: a Role the stack generates with one rule on exactly that
  object (`resourceNames`), e.g. `get,watch:configmaps/shop-settings` or
  `get:deployments.apps/shop-api`: least privilege by construction.

Binding a role that reads every Secret of the namespace (the built-in `edit`, `admin`,
`cluster-admin` ClusterRoles: "edit ... allows accessing Secrets", kubernetes.io/docs/reference/
access-authn-authz/rbac/#user-facing-roles) hands the container the database passwords, every
other container's connection Secret and every SecretStore of the namespace: a warning says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

from ...errors import RadiusValidationError

if TYPE_CHECKING:  # pragma: no cover
    from ...connections import EnvPlan
    from ...model import ContainerArgs

# The built-in ClusterRoles that read Secrets (`view` deliberately does not).
SECRET_READING_CLUSTER_ROLES = ("admin", "cluster-admin", "edit")
# Verbs a rule restricted by resourceNames honours; `create` and `deletecollection` cannot be
# restricted by name ("You cannot restrict create or deletecollection requests by their resource
# name", kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources).
NAMED_VERBS = ("delete", "get", "list", "patch", "update", "watch")
_RESOURCE = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_OBJECT = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
ROLE_SYNTAX = ("use 'name' or 'Role/name' (a Role of the namespace), 'ClusterRole/name' (bound in the namespace only), "
               "or '<verbs>:<resource>[.<group>]/<name>' for a generated Role on one object, e.g. "
               "'get,watch:configmaps/settings'")


@dataclass(frozen=True)
class RoleRef:
    kind: str  # Role | ClusterRole
    name: str


@dataclass(frozen=True)
class ObjectRule:
    verbs: tuple[str, ...]
    group: str  # "" for the core group
    resource: str
    name: str

    def rule(self) -> dict[str, list[str]]:
        return {"apiGroups": [self.group], "resources": [self.resource], "resourceNames": [self.name],
                "verbs": list(self.verbs)}


Grant = Union[RoleRef, ObjectRule]


def parse(entry: str) -> tuple[Optional[Grant], Optional[str]]:
    """(the grant, None) or (None, why the entry is not one)."""
    if ":" in entry:
        verbs_part, _, target = entry.partition(":")
        verbs = tuple(v.strip() for v in verbs_part.split(","))
        bad = [v for v in verbs if v not in NAMED_VERBS]
        if bad:
            return None, f"verbs {bad} cannot be limited to one object (use {', '.join(NAMED_VERBS)})"
        resource_group, sep, name = target.partition("/")
        if not sep or not _RESOURCE.match(resource_group) or not _OBJECT.match(name):
            return None, "not '<verbs>:<resource>[.<group>]/<name>'"
        resource, _, group = resource_group.partition(".")
        return ObjectRule(tuple(sorted(set(verbs))), group, resource, name), None
    kind, sep, name = entry.partition("/")
    if not sep:
        kind, name = "Role", entry
    if kind not in ("Role", "ClusterRole") or not name:
        return None, "not a Kubernetes role reference"
    return RoleRef(kind, name), None


def secrets_warning(grant: Grant, namespace: str) -> Optional[str]:
    """Why binding this grant exposes the namespace's Secrets, if it does."""
    if isinstance(grant, RoleRef) and grant.kind == "ClusterRole" and grant.name in SECRET_READING_CLUSTER_ROLES:
        return (f"ClusterRole '{grant.name}' reads every Secret of namespace '{namespace}': the container can read the "
                "database and cache passwords, every other container's connection Secret and every SecretStore there; "
                "grant what it needs on one object instead ('<verbs>:<resource>/<name>') or a Role of your own")
    return None


def namespace_secrets_errors(label: str, args: "ContainerArgs", shared_namespace: bool) -> list[RadiusValidationError]:
    """`runtimes.kubernetes.read_namespace_secrets` is Radius's Role (get and list on every Secret
    of the namespace: radius-project/radius pkg/corerp/renderers/container/rbac.go), which Radius
    scopes by its per-application namespace. In a namespace every application of the environment
    and every recipe share (the layout without `application_namespaces`), the same Role reads the
    recipes' database and cache passwords and every other application's Secrets: `list` returns
    their data, and RBAC cannot narrow `list` to some names (`resourceNames` restricts list only
    to a `metadata.name` field selector, kubernetes.io/docs/reference/access-authn-authz/rbac/
    #referring-to-resources). Refused there; with application namespaces the grant covers that
    application's own Secrets only (recipes stay in the environment's namespace)."""
    runtime = args.runtimes.kubernetes
    if not shared_namespace or runtime is None or not runtime.read_namespace_secrets:
        return []
    return [RadiusValidationError(
        label, "runtimes.kubernetes.read_namespace_secrets", True,
        "the environment's namespace is shared by every application and recipe of the environment, so Radius's "
        "namespace-wide Secret grant would read their passwords too (Radius scopes it by a namespace per application)",
        "set application_namespaces=True on the compute (the grant then reads the application's own Secrets), or "
        "grant the one Secret the container needs with a connection role 'get:secrets/<name>'")]


def role_errors(label: str, plan: "EnvPlan") -> list[RadiusValidationError]:
    """An error for each `iam.roles` entry of a connection that is no role reference or grant this
    module can bind (the kubernetes and knative kinds bind them alike)."""
    errors = []
    for conn in plan.connections:
        for i, role in enumerate(conn.roles):
            grant, problem = parse(role)
            if grant is None:
                errors.append(RadiusValidationError(label, f"connections.{conn.name}.iam.roles[{i}]", role,
                                                    problem or "not a Kubernetes role reference", ROLE_SYNTAX))
    return errors
