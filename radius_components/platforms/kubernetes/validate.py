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

# Kinds `runtimes.kubernetes.base` merges into the objects a container expands into (one
# document each; a Secret document merges into the container's own Secret when it is unnamed or
# named like it).
BASE_KINDS = ("Deployment", "Service", "ServiceAccount", "Secret")
# Kinds it deploys as given, as their own objects in the application's namespace, before the
# Deployment (which depends on them): as Radius does (radius-project/radius,
# pkg/corerp/renderers/container/manifest.go, populateAllBaseResources: every Secret and
# ConfigMap of the base becomes an output resource the Deployment depends on).
EXTRA_KINDS = ("ConfigMap", "Secret")
# Top-level fields each of those kinds has (besides apiVersion and kind).
_BASE_FIELDS = {
    "Deployment": {"metadata", "spec"},
    "Service": {"metadata", "spec"},
    "ServiceAccount": {"metadata", "automountServiceAccountToken", "imagePullSecrets", "secrets"},
    "Secret": {"metadata", "type", "immutable", "data", "stringData"},
    "ConfigMap": {"metadata", "immutable", "data", "binaryData"},
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


def check_application_namespace(label: str, app: str, namespace: str, environment_namespace: str) -> None:
    """An application's own namespace (`<environment namespace>-<application>`) must be a
    namespace name: a DNS-1123 label of at most 63 characters. Refused, not shortened with a hash,
    as Radius refuses it (updatefilter.go: "Application namespace ... could not be created"): a
    hashed name would be one nobody can guess, and `kubectl -n` is how people find their app."""
    if len(namespace) > 63 or not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", namespace):
        raise RadiusValidationError(label, "name", app,
                                    f"its namespace '{namespace}' (environment namespace '{environment_namespace}' + "
                                    f"'-' + application) is {len(namespace)} characters; a namespace name is at most 63",
                                    "use a shorter application name or environment namespace")


def check_container(label: str, args: ContainerArgs, plan: EnvPlan, secret_name: str = "") -> None:
    """`secret_name`: the container's own Secret (a base Secret document named otherwise is
    deployed as its own object)."""
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
    errors.extend(_check_base(label, args, plan, secret_name))
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


def _doc_name(doc: dict[str, Any]) -> Any:
    meta = doc.get("metadata")
    return meta.get("name") if isinstance(meta, dict) else None


def is_extra(doc: dict[str, Any], secret_name: str) -> bool:
    """Whether a base document is deployed as its own object rather than merged: a ConfigMap,
    or a Secret named other than the container's own Secret."""
    kind = doc.get("kind")
    if kind == "ConfigMap":
        return True
    name = _doc_name(doc)
    return kind == "Secret" and name is not None and name != secret_name


def split_base(base: str, secret_name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(documents merged into the generated objects, documents deployed as their own objects)."""
    merged, extra = [], []
    for doc in parse_base(base):
        (extra if is_extra(doc, secret_name) else merged).append(doc)
    return merged, extra


def _check_base(label: str, args: ContainerArgs, plan: EnvPlan, secret_name: str) -> list[RadiusValidationError]:
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
    seen: set[Any] = set()
    for i, doc in enumerate(docs):
        kind = doc.get("kind") if isinstance(doc, dict) else None
        if kind not in BASE_KINDS + EXTRA_KINDS:
            errors.append(RadiusValidationError(label, f"{field}[{i}].kind", kind,
                                                "the base manifest shapes the objects a container expands into, and "
                                                "adds ConfigMaps and Secrets",
                                                f"use one of {sorted(set(BASE_KINDS + EXTRA_KINDS))}"))
            continue
        unknown = sorted(set(doc) - _BASE_FIELDS[kind] - {"apiVersion", "kind"})
        if unknown:
            errors.append(RadiusValidationError(label, f"{field}[{i}].{unknown[0]}", doc[unknown[0]],
                                                f"not a field a {kind} manifest can set",
                                                f"use only {sorted(_BASE_FIELDS[kind])}"))
            continue
        if is_extra(doc, secret_name):
            errors.extend(_check_extra(label, f"{field}[{i}]", doc, seen))
            continue
        if kind == "Deployment":
            errors.extend(_base_replicas(label, f"{field}[{i}]", doc, args))
        if kind in seen:
            errors.append(RadiusValidationError(label, f"{field}[{i}].kind", kind, "given twice", "merge the two documents"))
        elif kind == "Secret" and not plan.secrets:
            errors.append(RadiusValidationError(label, f"{field}[{i}].metadata.name", _doc_name(doc),
                                                "the container has no secret values, so it has no Secret of its own "
                                                "to merge this document into",
                                                "give the Secret a metadata.name to deploy it as its own Secret, or "
                                                "remove it"))
        seen.add(kind)
    return errors


def _base_replicas(label: str, field: str, doc: dict[str, Any], args: ContainerArgs) -> list[RadiusValidationError]:
    """A base Deployment's `spec.replicas` beside a scaling extension: with autoScaling the
    Deployment leaves the count to the autoscaler (a base count would be what a new or replaced
    Deployment starts at, and the library's field manager would own it until the HPA's first
    write); with manualScaling the extension's count wins over the base. Either way the base's
    count is not what runs: refused, so the one place that says how many replicas there are is
    the extension."""
    spec = doc.get("spec")
    if not isinstance(spec, dict) or "replicas" not in spec:
        return []
    scaling = next((kind for kind in ("autoScaling", "manualScaling") if args.extension(kind) is not None), None)
    if scaling is None:
        return []
    return [RadiusValidationError(label, f"{field}.spec.replicas", spec["replicas"],
                                  f"the container's {scaling} extension decides the replica count",
                                  f"remove spec.replicas from the base manifest (set the count in extensions.{scaling})")]


def _check_extra(label: str, field: str, doc: dict[str, Any], seen: set[Any]) -> list[RadiusValidationError]:
    kind, name = doc["kind"], _doc_name(doc)
    if not isinstance(name, str) or not _DNS_1123_SUBDOMAIN.match(name) or len(name) > 253:
        return [RadiusValidationError(label, f"{field}.metadata.name", name, f"a {kind} deployed from the base "
                                      "manifest needs a valid Kubernetes name", "give metadata.name, lowercase "
                                      "letters, digits, '-' and '.'")]
    namespace = doc["metadata"].get("namespace")
    if namespace is not None:
        return [RadiusValidationError(label, f"{field}.metadata.namespace", namespace,
                                      "objects of the base manifest go into the application's namespace",
                                      "remove metadata.namespace")]
    if (kind, name) in seen:
        return [RadiusValidationError(label, f"{field}.metadata.name", name, f"a second {kind} of that name",
                                      "give each object its own name")]
    seen.add((kind, name))
    return []
