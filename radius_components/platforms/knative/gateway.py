"""A Gateway on Knative: Knative's own routing. The routed container's Service is made
externally visible (no `cluster-local` label), and

- with `hostname.fully_qualified_hostname`: a `DomainMapping` (serving.knative.dev/v1beta1)
  named after the host maps it to that Service (`spec.tls.secretName` with
  `tls.certificate_from`); the gateway's URL is `http(s)://<host>`;
- without a hostname: the gateway's URL is the Service's own external URL, as Knative reports
  it (`status.url`: `<service>.<namespace>.<the cluster's domain>`, config-domain).

Why not an Ingress or a Gateway API route (the kubernetes kind's gateway) in front: Knative's
ingress (Kourier, Istio, Contour) already fronts every Knative Service, holds requests while a
scaled-to-zero Service starts (through the activator) and routes by *host*. A second ingress
would have to forward to it with each request's Host rewritten to the Service's own host,
which an Ingress cannot express and a Gateway API backend cannot reach portably (the
Service's Kubernetes Service is an ExternalName to Knative's gateway). So a Knative Gateway
routes a host to one Service: one route, path `/`. Paths split across containers are refused
with a reason; the kubernetes kind routes them.
"""

from __future__ import annotations

from typing import Any

import pulumi

from ...errors import RadiusValidationError, raise_all
from ...model import GatewayArgs
from ..base import GatewayDeployment
from ..kubernetes import manifests as k8s_manifests
from ..kubernetes import names as k8s_names
from ..kubernetes.gateway import GATEWAY_RESOURCE_TYPE
from ..kubernetes.validate import _DNS_1123_SUBDOMAIN
from . import manifests, objects

DOMAIN_MAPPING_API_VERSION = "serving.knative.dev/v1beta1"
_RUNTIME_KEYS = {"annotations"}
# Knative refuses a DomainMapping inside the cluster-local domain (domainmapping_validation.go).
CLUSTER_LOCAL_SUFFIX = ".svc.cluster.local"
_HOST_ONLY = "Knative routes a host to one Service (its ingress matches hosts, not paths)"
_FIX_PATHS = ("give the gateway one route, path '/', to one container (one Gateway with its own hostname per "
              "container), or deploy path routing on the kubernetes kind")


def validate(label: str, app: str, name: str, args: GatewayArgs, prefixed: bool = True) -> None:
    errors: list[RadiusValidationError] = []
    rt = args.runtime("knative")
    for key in sorted(set(rt) - _RUNTIME_KEYS):
        errors.append(RadiusValidationError(label, f"runtimes.knative.{key}", rt[key], "not a Knative gateway setting",
                                            f"use one of {sorted(_RUNTIME_KEYS)}"))
    if len(args.routes) > 1:
        errors.append(RadiusValidationError(label, "routes", [r.path for r in args.routes], _HOST_ONLY, _FIX_PATHS))
    for i, route in enumerate(args.routes):
        if route.path != "/":
            errors.append(RadiusValidationError(label, f"routes[{i}].path", route.path, _HOST_ONLY, _FIX_PATHS))
        if route.replace_prefix is not None:
            errors.append(RadiusValidationError(label, f"routes[{i}].replace_prefix", route.replace_prefix,
                                                "Knative forwards the request path unchanged", "drop replace_prefix"))
        k8s_names.object_name(label, f"routes[{i}].destination", app, route.container, prefixed)
    if args.internal:
        errors.append(RadiusValidationError(
            label, "internal", True, "every Knative Service is already reachable inside the cluster, at its "
            "cluster-local address (a Service no Gateway routes to is cluster-local only)",
            "drop the gateway (other containers connect to the container directly), or internal=False"))
    if args.hostname is not None and args.hostname.prefix is not None:
        errors.append(RadiusValidationError(
            label, "hostname.prefix", args.hostname.prefix,
            "the cluster's Knative domain (config-domain) is not known to the program",
            "give hostname.fully_qualified_hostname (a DomainMapping), or no hostname for the Service's own URL"))
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    if host is not None and host.endswith(CLUSTER_LOCAL_SUFFIX):
        errors.append(RadiusValidationError(label, "hostname.fully_qualified_hostname", host,
                                            "Knative refuses a DomainMapping inside the cluster-local domain",
                                            "give a public name, e.g. 'app.example.com'"))
    if args.tls is not None:
        if host is None:
            errors.append(RadiusValidationError(
                label, "tls", args.tls.model_dump(exclude_defaults=True),
                "TLS on a Service's own URL is the cluster's setting (config-network external-domain-tls)",
                "set hostname.fully_qualified_hostname (its DomainMapping takes the certificate), or drop tls"))
        if args.tls.managed:
            errors.append(RadiusValidationError(
                label, "tls.managed", True, "Knative issues certificates only when the cluster turns on "
                "external-domain-tls (with cert-manager), which the program cannot see",
                "give a kubernetes.io/tls Secret in tls.certificate_from, or drop tls and rely on the cluster's "
                "external-domain-tls"))
        elif not _DNS_1123_SUBDOMAIN.match(args.tls.certificate_from or ""):
            errors.append(RadiusValidationError(label, "tls.certificate_from", args.tls.certificate_from,
                                                "not a Kubernetes Secret name",
                                                "name a kubernetes.io/tls Secret in the namespace"))
        if args.tls.minimum_protocol_version != "1.2":
            errors.append(RadiusValidationError(label, "tls.minimum_protocol_version",
                                                args.tls.minimum_protocol_version,
                                                "a DomainMapping has no minimum TLS version (Knative's ingress decides)",
                                                "use '1.2'"))
    k8s_names.object_name(label, "name", app, name, prefixed)
    raise_all(errors)


def domain_mapping(app: str, name: str, namespace: str, host: str, args: GatewayArgs,
                   prefixed: bool = True) -> dict[str, Any]:
    route = args.routes[0]
    metadata: dict[str, Any] = {"name": host, "namespace": namespace,
                                "labels": dict(sorted(k8s_manifests.labels(k8s_names.name_part("", app),
                                                                            k8s_names.name_part("", name),
                                                                            GATEWAY_RESOURCE_TYPE).items()))}
    annotations = args.runtime("knative").get("annotations")
    if annotations:
        metadata["annotations"] = dict(sorted(annotations.items()))
    spec: dict[str, Any] = {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
                                    "name": k8s_names.object_name("", "", app, route.container, prefixed),
                                    "namespace": namespace}}
    if args.tls is not None and args.tls.certificate_from:
        spec["tls"] = {"secretName": args.tls.certificate_from}
    return {"apiVersion": DOMAIN_MAPPING_API_VERSION, "kind": "DomainMapping", "metadata": metadata, "spec": spec}


EXTERNAL = "external"
DOMAIN_MAPPED = "domain-mapped"

# Knative reconciles a DomainMapping only once its host is claimed for the mapping's namespace: a
# ClusterDomainClaim (networking.internal.knative.dev/v1alpha1, cluster-scoped), which Knative
# creates itself only with `autocreate-cluster-domain-claims: "true"` in config-network, off by
# default (serving pkg/reconciler/domainmapping/reconciler.go reconcileDomainClaim).
CLUSTER_DOMAIN_CLAIM_API_VERSION = "networking.internal.knative.dev/v1alpha1"


def cluster_domain_claim(host: str, namespace: str) -> dict[str, Any]:
    return {"apiVersion": CLUSTER_DOMAIN_CLAIM_API_VERSION, "kind": "ClusterDomainClaim",
            "metadata": {"name": host}, "spec": {"namespace": namespace}}


def _routed_container(gateway: Any, container: str) -> Any:
    for member in gateway.application.members:
        if getattr(member, "resource_type", "") == "Applications.Core/containers" and member.resource_name == container:
            return member
    raise LookupError(container)  # pragma: no cover - the application rules refuse a route to no container


def deploy(platform: Any, gateway: Any, args: GatewayArgs) -> GatewayDeployment:
    app = gateway.application.resource_name
    name = gateway.resource_name
    route = args.routes[0]
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    resources: list[pulumi.Resource] = []
    if host is not None:
        # In the routed Service's namespace: a DomainMapping refers to a Service of its own.
        namespace = platform.app_namespace(app)
        mapping_opts = platform.app_options(gateway.application, gateway)
        if platform.compute.claim_domains:
            claim = objects.register(cluster_domain_claim(host, namespace), f"{name}-domainclaim",
                                     platform.child_options(gateway))
            resources.append(claim)
            mapping_opts = pulumi.ResourceOptions.merge(mapping_opts, pulumi.ResourceOptions(depends_on=[claim]))
        manifest = manifests.awaited(domain_mapping(app, name, namespace, host, args, platform.prefixed),
                                     platform.compute)
        resources.append(objects.register(manifest, f"{name}-domainmapping", mapping_opts))
        url: Any = f"{'https' if args.tls is not None else 'http'}://{host}"
    else:
        # The Service's external URL, once the routed container has expanded (its `uri` output).
        url = _routed_container(gateway, route.container).uri
    # The routed container reads this back (routing.route_targets): behind a DomainMapping its
    # Service stays cluster-local (a mapping may target one, and the host is then the only way
    # in, with its certificate); without one its own URL is the gateway, so it is external.
    bindings = {(route.container, route.port): DOMAIN_MAPPED if host is not None else EXTERNAL}
    return GatewayDeployment(resources=resources, url=url, bindings=bindings,
                             outputs={"hostname": host, "domain_mapping_name": host})
