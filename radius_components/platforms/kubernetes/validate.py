"""What Kubernetes cannot express, found before anything registers."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ...connections import EnvPlan
from ...errors import RadiusValidationError, raise_all
from ...model import ContainerArgs
from ...model.kubernetes_metadata import managed_key_errors
from . import rbac
from .manifests import SECRETS_REVISION_ANNOTATION, labels
from ...resources.volume.mounts import read_write_once_errors
from .names import _NAME_FIX, name_part

# Kinds `runtimes.kubernetes.base` may describe: the objects a container expands into.
BASE_KINDS = ("Deployment", "Service", "ServiceAccount", "Secret")
# Top-level fields each of those kinds has (besides apiVersion and kind).
_BASE_FIELDS = {
    "Deployment": {"metadata", "spec"},
    "Service": {"metadata", "spec"},
    "ServiceAccount": {"metadata", "automountServiceAccountToken", "imagePullSecrets", "secrets"},
    "Secret": {"metadata", "type", "immutable", "data", "stringData"},
}
_DNS_1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
# The labels every object of a container carries (manifests.labels), and the pod annotations
# the library writes: the secrets revision, and the Dapr injector's when daprSidecar is used.
MANAGED_LABELS = tuple(labels("app", "resource"))
MANAGED_ANNOTATIONS = (SECRETS_REVISION_ANNOTATION, "dapr.io/*")


# Namespaces the API server itself creates and keeps: creating one fails (`AlreadyExists`), and a
# stack that owned one would delete it on `destroy`.
BUILTIN_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")


def check_namespace(label: str, namespace: str, create: Any) -> None:
    if len(namespace) > 63 or not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", namespace):
        raise RadiusValidationError(label, "compute.namespace", namespace, "not a valid Kubernetes namespace name",
                                    "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit")
    if create is True and namespace in BUILTIN_NAMESPACES:
        raise RadiusValidationError(label, "compute.create_namespace", True,
                                    f"namespace '{namespace}' always exists: creating it fails, and owning it would "
                                    f"delete it on `pulumi destroy`",
                                    "leave create_namespace unset (or False) to use it")


def creates_namespace(namespace: str, create: Any) -> bool:
    """Whether the environment registers (and so owns) its Namespace."""
    return create if create is not None else namespace not in BUILTIN_NAMESPACES


def check_application_name(label: str, app: str) -> None:
    # Object names are `<app>-<resource>`: the application name starts them, and
    # Services need a DNS-1035 label (starting with a letter).
    part = name_part(label, app)
    if not part[0].isalpha():
        raise RadiusValidationError(label, "name", app, "Kubernetes Service names built from it would start with a digit",
                                    _NAME_FIX)


def check_container(label: str, args: ContainerArgs, plan: EnvPlan) -> None:
    errors: list[RadiusValidationError] = []
    if args.restart_policy != "Always":
        errors.append(RadiusValidationError(
            label, "restart_policy", args.restart_policy,
            "a Kubernetes Deployment only runs pods with restartPolicy Always",
            "use restart_policy='Always' on the kubernetes kind (run-to-completion jobs are not a Radius container)"))
    for entry in plan.entries:
        if entry.secret_ref is not None and not _DNS_1123_SUBDOMAIN.match(entry.secret_ref.name):
            errors.append(RadiusValidationError(
                label, f"container.env.{entry.name}.value_from.secret_ref.source", entry.secret_ref.name,
                "not a valid Kubernetes Secret name", "give the name of a Secret in the application's namespace"))
    errors.extend(rbac.role_errors(label, plan))
    errors.extend(managed_key_errors(label, args, MANAGED_LABELS, MANAGED_ANNOTATIONS))
    errors.extend(_check_base(label, args, plan))
    errors.extend(volume_errors(label, args))
    raise_all(errors)


def volume_errors(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    """A ReadWriteOnce claim attaches to one node: replicas scheduled on other nodes never start
    (kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes: "the volume can be
    mounted as read-write by a single node")."""
    return read_write_once_errors(label, args, "its claim attaches to one node, so replicas on other nodes "
                                               "would never start")


def parse_base(base: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(base) if doc is not None]


def _check_base(label: str, args: ContainerArgs, plan: EnvPlan) -> list[RadiusValidationError]:
    runtime = args.runtimes.kubernetes
    if runtime is None or not runtime.base:
        return []
    field = "runtimes.kubernetes.base"
    try:
        docs = parse_base(runtime.base)
    except yaml.YAMLError as exc:
        return [RadiusValidationError(label, field, runtime.base, f"not valid YAML ({exc.__class__.__name__})",
                                      "give one or more YAML documents")]
    errors = []
    seen: set[str] = set()
    for i, doc in enumerate(docs):
        kind = doc.get("kind") if isinstance(doc, dict) else None
        if kind not in BASE_KINDS:
            errors.append(RadiusValidationError(label, f"{field}[{i}].kind", kind,
                                                "the base manifest can only shape the objects a container expands into",
                                                f"use one of {list(BASE_KINDS)}"))
        elif kind in seen:
            errors.append(RadiusValidationError(label, f"{field}[{i}].kind", kind, "given twice", "merge the two documents"))
        elif kind == "Service" and not args.container.ports:
            errors.append(RadiusValidationError(label, f"{field}[{i}].kind", kind,
                                                "the container declares no ports, so it has no Service",
                                                "declare a port, or remove the Service document"))
        elif kind == "Secret" and not plan.secrets:
            errors.append(RadiusValidationError(label, f"{field}[{i}].kind", kind,
                                                "the container has no secret values, so it has no Secret",
                                                "remove the Secret document"))
        else:
            unknown = sorted(set(doc) - _BASE_FIELDS[kind] - {"apiVersion", "kind"})
            if unknown:
                errors.append(RadiusValidationError(label, f"{field}[{i}].{unknown[0]}", doc[unknown[0]],
                                                    f"not a field a {kind} manifest can set",
                                                    f"use only {sorted(_BASE_FIELDS[kind])}"))
        seen.add(str(kind))
    return errors
