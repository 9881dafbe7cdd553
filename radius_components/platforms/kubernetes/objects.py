"""Manifest dicts registered as their typed pulumi_kubernetes resources.

Recipes (recipes/kubernetes/*) import this module, `manifests` and `names`, never the package
`__init__` (which defines the platform class): see the rule there.
"""

from __future__ import annotations

from typing import Any, Callable

import pulumi
import pulumi_kubernetes as k8s

# The typed resource class for each object a container expands into.
_RESOURCE_CLASSES: dict[str, Callable[..., pulumi.CustomResource]] = {
    "Deployment": k8s.apps.v1.Deployment,
    "Service": k8s.core.v1.Service,
    "ServiceAccount": k8s.core.v1.ServiceAccount,
    "Secret": k8s.core.v1.Secret,
    "RoleBinding": k8s.rbac.v1.RoleBinding,
    "Role": k8s.rbac.v1.Role,
    "NetworkPolicy": k8s.networking.v1.NetworkPolicy,
    "ConfigMap": k8s.core.v1.ConfigMap,
    "HorizontalPodAutoscaler": k8s.autoscaling.v2.HorizontalPodAutoscaler,
    "PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
}
# Custom resources (their CRDs are installed by the add-on that defines them: KEDA).
_CUSTOM_KINDS = {"ScaledObject"}

# Top-level manifest fields -> the resource classes' keyword arguments.
_KWARGS = {"metadata": "metadata", "spec": "spec", "type": "type", "immutable": "immutable", "data": "data",
           "stringData": "string_data", "binaryData": "binary_data", "automountServiceAccountToken": "automount_service_account_token",
           "imagePullSecrets": "image_pull_secrets", "secrets": "secrets", "roleRef": "role_ref",
           "subjects": "subjects", "rules": "rules"}


def register(kind_manifest: dict[str, Any], name: str, opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
    """Register a manifest dict as its typed pulumi_kubernetes resource."""
    if kind_manifest["kind"] in _CUSTOM_KINDS:
        return k8s.apiextensions.CustomResource(
            name, api_version=kind_manifest["apiVersion"], kind=kind_manifest["kind"],
            metadata=kind_manifest["metadata"], spec=kind_manifest["spec"], opts=opts)
    kwargs = {_KWARGS[k]: v for k, v in kind_manifest.items() if k not in ("apiVersion", "kind")}
    return _RESOURCE_CLASSES[kind_manifest["kind"]](name, opts=opts, **kwargs)
