"""Knative objects registered as `pulumi_kubernetes.apiextensions.CustomResource`s (Knative's
kinds come from its CRDs, which pulumi-kubernetes has no typed classes for)."""

from __future__ import annotations

from typing import Any, Optional

import pulumi
import pulumi_kubernetes as k8s


class KnativeObject(k8s.apiextensions.CustomResource):
    """A CustomResource that also reads back `status`, where Knative reports a Service's URL
    (`status.url`) and readiness. `CustomResource` registers only apiVersion, kind, metadata and
    spec as properties, so its `status` would never reach the program; the typed
    pulumi_kubernetes classes declare `status` the same way (an output property, no input)."""

    status: pulumi.Output[Any]

    def _internal_init(__self__, resource_name: str, api_version: str, kind: str,  # noqa: N805 (the SDK's spelling)
                       opts: Optional[pulumi.ResourceOptions] = None, metadata: Any = None, spec: Any = None,
                       __props__: Any = None) -> None:
        # As CustomResource._internal_init, plus `status`: the typed arguments class translates
        # api_version to the wire name apiVersion; a key it does not declare goes as it is.
        props = k8s.apiextensions.CustomResourceArgs.__new__(k8s.apiextensions.CustomResourceArgs)
        props.__dict__.update(api_version=api_version, kind=kind, metadata=metadata, spec=spec, status=None)
        pulumi.CustomResource.__init__(__self__, f"kubernetes:{api_version}:{kind}", resource_name, props, opts)

def register(manifest: dict[str, Any], name: str, opts: pulumi.ResourceOptions) -> KnativeObject:
    return KnativeObject(name, api_version=manifest["apiVersion"], kind=manifest["kind"],
                         metadata=manifest["metadata"], spec=manifest["spec"], opts=opts)


def status_url(status: Any) -> Optional[str]:
    """`status.url` of a Knative Service or DomainMapping; None until Knative has set it (and in
    render mode, where nothing reads the cluster)."""
    if isinstance(status, dict):
        return status.get("url")
    return getattr(status, "url", None)
