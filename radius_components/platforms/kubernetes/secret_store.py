"""SecretStore on Kubernetes: one Secret in the application's namespace.

A created store is a Secret `<app>-<store>-store` with a key per store key (`stringData`,
so the values stay Pulumi secrets in state). An existing store (`resource`) is a Secret of
that name in the application's namespace; `value_from.name` is its key (default: the store
key). Pods read a key with `env[].valueFrom.secretKeyRef`, through the kubelet: the pod's
ServiceAccount needs no RBAC for it, and a Secret can only be referenced from its own
namespace ("Secrets ... can only be referenced by Pods in that same namespace",
kubernetes.io/docs/concepts/configuration/secret/#restrictions). A created store's values are
also keepers of each reading container's secrets-revision id, whose hex is a pod annotation:
a changed value rolls the pods (the kubelet reads a Secret into env only at pod start).
"""

from __future__ import annotations

import re
from typing import Any

from ...connections import StoreSecretRef
from ...errors import RadiusValidationError, raise_all
from ...model import SecretStoreArgs
from ...names import dns_label
from ..secret_stores import NativeStore
from . import manifests
from .objects import register

RESOURCE_TYPE_LABEL = "applications.core-secretstores"
# A Secret name is a DNS-1123 subdomain; a Secret key is [-._a-zA-Z0-9]+ (at most 253).
_SUBDOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_SECRET_KEY = re.compile(r"^[-._a-zA-Z0-9]{1,253}$")


def secret_name(app: str, store: str) -> str:
    # The '-store' suffix keeps it apart from containers' own '<app>-<container>-secrets'.
    return dns_label(app, store, "store", max_length=253) or "store"


def validate(label: str, platform: Any, app_name: str, store_name: str, args: SecretStoreArgs) -> None:
    errors = []
    if args.resource is not None:
        if not _SUBDOMAIN.match(args.resource):
            errors.append(RadiusValidationError(label, "resource", args.resource, "not a Kubernetes Secret name",
                                                f"give the name of a Secret in namespace '{platform.app_namespace(app_name)}'"))
        for key, item in sorted(args.data.items()):
            inner = item.value_from.name if item.value_from and item.value_from.name else key
            if not _SECRET_KEY.match(inner):
                errors.append(RadiusValidationError(label, f"data.{key}.value_from.name", inner,
                                                    "not a Kubernetes Secret key", "use letters, digits, '-', '_' and '.'"))
            if item.value_from and item.value_from.version:
                errors.append(RadiusValidationError(label, f"data.{key}.value_from.version", item.value_from.version,
                                                    "Kubernetes Secrets have no versions", "remove version"))
    elif dns_label(app_name, store_name) is None:
        errors.append(RadiusValidationError(label, "name", store_name, "cannot be made a Kubernetes Secret name",
                                            "use letters, digits and '-'"))
    raise_all(errors)


def provision(store: Any, platform: Any, args: SecretStoreArgs, values: dict[str, Any]) -> NativeStore:
    if args.resource is not None:
        refs = {key: StoreSecretRef(args.resource, (item.value_from.name if item.value_from and item.value_from.name
                                                    else key), store=store, store_key=key)
                for key, item in sorted(args.data.items())}
        return NativeStore(refs=refs, resource=args.resource)
    app = dns_label(store.application.resource_name) or store.application.resource_name
    resource = dns_label(store.resource_name) or store.resource_name
    name = secret_name(store.application.resource_name, store.resource_name)

    secret = register({
        "kind": "Secret",
        # In the namespace of the containers that read it: a pod reads Secrets of its own
        # namespace only (an application's own one with application_namespaces).
        "metadata": {"name": name, "namespace": platform.app_namespace(store.application.resource_name),
                     "labels": manifests.labels(app, resource, RESOURCE_TYPE_LABEL)},
        "type": "Opaque",
        "stringData": {key: values[key] for key in sorted(values)},
    }, f"{store.resource_name}-secret", platform.app_options(store.application, store))
    # `version` carries the (secret) value, so a reading container's revision id changes with
    # it and its pods roll (kubelet reads a Secret only when a pod starts).
    refs = {key: StoreSecretRef(name, key, store=store, store_key=key, version=values[key]) for key in sorted(values)}
    return NativeStore(refs=refs, resources=[secret], resource=name)


def referenced_values(plan: Any) -> dict[str, Any]:
    """env name -> the value of each created-store key the container reads (for the keepers
    of its secrets revision); existing stores' values are not known to the program."""
    return {e.name: e.secret_ref.version for e in plan.entries
            if isinstance(e.secret_ref, StoreSecretRef) and e.secret_ref.version is not None}
