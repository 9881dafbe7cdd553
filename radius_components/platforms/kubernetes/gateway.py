"""A Gateway on Kubernetes: an `Ingress` (default) or Gateway API `Gateway` + `HTTPRoute`.

`runtimes.kubernetes` of the gateway: `api` ("Ingress" | "GatewayAPI"), `ingress_class_name`
(Ingress), `gateway_class_name` (Gateway API, required there), `annotations` (added to the
Ingress or Gateway, for controller-specific settings such as cert-manager's issuer).

Routes go to the destination container's ClusterIP Service (`<app>-<container>`) on the
Service port the destination names. Nothing here changes the container's own objects.
Gateway API kinds are not built into pulumi-kubernetes (they come from CRDs), so they are
registered as `kubernetes.apiextensions.CustomResource`; render mode writes them without
the CRDs installed. A cluster needs the Gateway API CRDs (v1) and a controller for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import pulumi
import pulumi_kubernetes as k8s

from ...errors import RadiusValidationError, raise_all
from ...model import GatewayArgs
from ..base import GatewayDeployment
from . import manifests, names
from .validate import _DNS_1123_SUBDOMAIN

if TYPE_CHECKING:  # pragma: no cover
    from ...gateway import Gateway

GATEWAY_RESOURCE_TYPE = "applications.core-gateways"
GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1"
_RUNTIME_KEYS = {"api", "ingress_class_name", "gateway_class_name", "annotations"}


def runtime(args: GatewayArgs) -> dict[str, Any]:
    rt = args.runtime("kubernetes")
    rt.setdefault("api", "Ingress")
    return rt


def validate(label: str, app: str, name: str, namespace: str, args: GatewayArgs) -> None:
    errors: list[RadiusValidationError] = []
    rt = runtime(args)
    where = "runtimes.kubernetes"
    for key in sorted(set(rt) - _RUNTIME_KEYS):
        errors.append(RadiusValidationError(label, f"{where}.{key}", rt[key], "not a Kubernetes gateway setting",
                                            f"use one of {sorted(_RUNTIME_KEYS)}"))
    api = rt["api"]
    if api not in ("Ingress", "GatewayAPI"):
        errors.append(RadiusValidationError(label, f"{where}.api", api, "not a Kubernetes gateway API",
                                            "use 'Ingress' (networking.k8s.io/v1) or 'GatewayAPI' (gateway.networking.k8s.io/v1)"))
    if api == "GatewayAPI" and not rt.get("gateway_class_name"):
        errors.append(RadiusValidationError(label, f"{where}.gateway_class_name", rt.get("gateway_class_name"),
                                            "a Gateway API Gateway must name its GatewayClass",
                                            "set the class your controller installs (e.g. 'istio', 'cilium', 'eg')"))
    if args.internal and not (rt.get("ingress_class_name") or rt.get("gateway_class_name")):
        # Kubernetes has no portable "private" switch: the class (its controller and the
        # Service it runs behind) decides where the listener is reachable.
        errors.append(RadiusValidationError(label, "internal", True,
                                            "Kubernetes has no portable private ingress; the ingress/gateway class decides",
                                            f"name an internal class in {where}.ingress_class_name (Ingress) or "
                                            f"{where}.gateway_class_name (Gateway API)"))
    if args.hostname is not None and args.hostname.prefix is not None:
        errors.append(RadiusValidationError(label, "hostname.prefix", args.hostname.prefix,
                                            "a Kubernetes cluster has no domain of its own to put a prefix in front of",
                                            "give hostname.fully_qualified_hostname"))
    if args.tls is not None:
        if args.tls.managed:
            errors.append(RadiusValidationError(label, "tls.managed", True,
                                                "Kubernetes issues no certificates itself",
                                                "create a TLS Secret (for example with cert-manager) and name it in "
                                                "tls.certificate_from"))
        elif not _DNS_1123_SUBDOMAIN.match(args.tls.certificate_from or ""):
            errors.append(RadiusValidationError(label, "tls.certificate_from", args.tls.certificate_from,
                                                "not a Kubernetes Secret name", "name a kubernetes.io/tls Secret in the namespace"))
        if args.tls.minimum_protocol_version != "1.2":
            errors.append(RadiusValidationError(label, "tls.minimum_protocol_version", args.tls.minimum_protocol_version,
                                                "neither Ingress nor the Gateway API has a portable minimum TLS version",
                                                "set it through your controller (runtimes.kubernetes.annotations), or use '1.2'"))
        if args.hostname is None:
            errors.append(RadiusValidationError(label, "hostname", None, "a TLS listener serves its certificate for a host",
                                                "set hostname.fully_qualified_hostname"))
    if api == "Ingress":
        for i, route in enumerate(args.routes):
            if route.replace_prefix is not None:
                errors.append(RadiusValidationError(
                    label, f"routes[{i}].replace_prefix", route.replace_prefix,
                    "an Ingress cannot rewrite paths (only controller-specific annotations can)",
                    "use runtimes.kubernetes.api='GatewayAPI' (HTTPRoute URLRewrite), or drop replace_prefix"))
    for route in args.routes:
        names.workload_name(label, "routes.destination", app, route.container)
    names.workload_name(label, "name", app, name)
    raise_all(errors)


def _metadata(name: str, namespace: str, app: str, resource: str, annotations: Optional[dict[str, str]] = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": namespace,
                            "labels": dict(sorted(manifests.labels(app, resource, GATEWAY_RESOURCE_TYPE).items()))}
    if annotations:
        meta["annotations"] = dict(sorted(annotations.items()))
    return meta


def ingress(app: str, name: str, namespace: str, args: GatewayArgs) -> dict[str, Any]:
    """The Ingress manifest (plain dict, validated by the schema tests)."""
    rt = runtime(args)
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    paths = []
    # Longest prefix first: controllers pick the longest match anyway, the order keeps diffs stable.
    for route in sorted(args.routes, key=lambda r: (-len(r.path), r.path)):
        paths.append({"path": route.path, "pathType": "Prefix", "backend": {"service": {
            "name": names.workload_name("", "", app, route.container), "port": {"number": route.port}}}})
    rule: dict[str, Any] = {"http": {"paths": paths}}
    if host:
        rule["host"] = host
    spec: dict[str, Any] = {"rules": [rule]}
    if rt.get("ingress_class_name"):
        spec["ingressClassName"] = rt["ingress_class_name"]
    if args.tls is not None:
        spec["tls"] = [{"hosts": [host], "secretName": args.tls.certificate_from}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": _metadata(names.workload_name("", "", app, name), namespace, app, name, rt.get("annotations")),
            "spec": spec}


def gateway_api(app: str, name: str, namespace: str, args: GatewayArgs) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Gateway and HTTPRoute manifests."""
    rt = runtime(args)
    gw_name = names.workload_name("", "", app, name)
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    listener: dict[str, Any] = {"name": "http", "protocol": "HTTP", "port": 80,
                                "allowedRoutes": {"namespaces": {"from": "Same"}}}
    if args.tls is not None:
        listener = {"name": "https", "protocol": "HTTPS", "port": 443,
                    "tls": {"mode": "Terminate", "certificateRefs": [{"kind": "Secret", "name": args.tls.certificate_from}]},
                    "allowedRoutes": {"namespaces": {"from": "Same"}}}
    if host:
        listener["hostname"] = host
    gateway = {"apiVersion": GATEWAY_API_VERSION, "kind": "Gateway",
               "metadata": _metadata(gw_name, namespace, app, name, rt.get("annotations")),
               "spec": {"gatewayClassName": rt["gateway_class_name"], "listeners": [listener]}}
    rules = []
    for route in sorted(args.routes, key=lambda r: (-len(r.path), r.path)):
        rule: dict[str, Any] = {
            "matches": [{"path": {"type": "PathPrefix", "value": route.path}}],
            "backendRefs": [{"name": names.workload_name("", "", app, route.container), "port": route.port}],
        }
        if route.replace_prefix is not None:
            rule["filters"] = [{"type": "URLRewrite", "urlRewrite": {
                "path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": route.replace_prefix}}}]
        rules.append(rule)
    route_spec: dict[str, Any] = {"parentRefs": [{"name": gw_name, "sectionName": listener["name"]}], "rules": rules}
    if host:
        route_spec["hostnames"] = [host]
    http_route = {"apiVersion": GATEWAY_API_VERSION, "kind": "HTTPRoute",
                  "metadata": _metadata(gw_name, namespace, app, name), "spec": route_spec}
    return gateway, http_route


def deploy(platform: Any, gateway: "Gateway", args: GatewayArgs) -> GatewayDeployment:
    app = gateway.application.resource_name
    name = gateway.resource_name
    namespace = platform.namespace
    opts = platform.child_options(gateway)
    scheme = "https" if args.tls is not None else "http"
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    resources: list[pulumi.Resource] = []
    if runtime(args)["api"] == "Ingress":
        manifest = ingress(app, name, namespace, args)
        ing = k8s.networking.v1.Ingress(f"{name}-ingress", metadata=manifest["metadata"], spec=manifest["spec"], opts=opts)
        resources.append(ing)
        address = ing.status.apply(_ingress_address)
        url: Any = f"{scheme}://{host}" if host else address.apply(lambda a: f"{scheme}://{a}" if a else None)
        outputs = {"ingress_name": manifest["metadata"]["name"]}
    else:
        gw, route = gateway_api(app, name, namespace, args)
        registered = k8s.apiextensions.CustomResource(f"{name}-gateway", api_version=gw["apiVersion"], kind=gw["kind"],
                                                      metadata=gw["metadata"], spec=gw["spec"], opts=opts)
        http_route = k8s.apiextensions.CustomResource(
            f"{name}-httproute", api_version=route["apiVersion"], kind=route["kind"], metadata=route["metadata"],
            spec=route["spec"], opts=opts)
        resources += [registered, http_route]
        # The Gateway's address is in its status, which the typed SDK does not model; with
        # no hostname the URL is unknown to the program (read it with kubectl get gateway).
        url = f"{scheme}://{host}" if host else None
        outputs = {"gateway_name": gw["metadata"]["name"]}
    bindings = {(r.container, r.port): names.workload_name("", "", app, r.container) for r in args.routes}
    return GatewayDeployment(resources=resources, url=url, outputs={**outputs, "hostname": host}, bindings=bindings)


def _ingress_address(status: Any) -> Optional[str]:
    lb = (status or {}).get("load_balancer") if isinstance(status, dict) else getattr(status, "load_balancer", None)
    ingresses = (lb.get("ingress") if isinstance(lb, dict) else getattr(lb, "ingress", None)) or []
    for entry in ingresses:
        get = entry.get if isinstance(entry, dict) else (lambda k, e=entry: getattr(e, k, None))
        address = get("hostname") or get("ip")
        if address:
            return address
    return None
