"""What the Kubernetes provider returns for the Knative objects the `knative` kind registers,
for `radius_components.testing.RadiusMocks` (declared by `KindDeclaration.mocks`): the live
object's `status`, where Knative reports the URL. Fixed values, so tests stay deterministic."""

from __future__ import annotations

from typing import Any, Callable

from pulumi.runtime import mocks as pmocks

OutputsFn = Callable[[pmocks.MockResourceArgs], dict[str, Any]]

# The external domain the mocks pretend the cluster's config-domain names.
KNATIVE_DOMAIN = "knative.example.com"


def _service_status(args: pmocks.MockResourceArgs) -> dict[str, Any]:
    meta = args.inputs.get("metadata") or {}
    name, namespace = meta.get("name", args.name), meta.get("namespace", "default")
    cluster_local = (meta.get("labels") or {}).get("networking.knative.dev/visibility") == "cluster-local"
    local = f"http://{name}.{namespace}.svc.cluster.local"
    # Knative's rule: a cluster-local Service's URL is its cluster-local address.
    url = local if cluster_local else f"http://{name}.{namespace}.{KNATIVE_DOMAIN}"
    return {"status": {"url": url, "address": {"url": local}}}


def _domain_mapping_status(args: pmocks.MockResourceArgs) -> dict[str, Any]:
    meta = args.inputs.get("metadata") or {}
    return {"status": {"url": f"http://{meta.get('name', args.name)}"}}


OUTPUTS: dict[str, OutputsFn] = {
    "kubernetes:serving.knative.dev/v1:Service": _service_status,
    "kubernetes:serving.knative.dev/v1beta1:DomainMapping": _domain_mapping_status,
}
CALLS: dict[str, Callable[[pmocks.MockCallArgs], dict[str, Any]]] = {}
