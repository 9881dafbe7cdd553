"""A Gateway on Kubernetes: an `Ingress` (default) or Gateway API `Gateway` + `HTTPRoute`.

`runtimes.kubernetes` of the gateway: `api` ("Ingress" | "GatewayAPI"), `ingress_class_name`
(Ingress), `gateway_class_name` (Gateway API, required there), `annotations` (added to the
Ingress or Gateway, for controller-specific settings such as cert-manager's issuer).

Routes go to the destination container's ClusterIP Service (`<app>-<container>`, or `<container>`
in its application's namespace with `application_namespaces`) on the
Service port the destination names. Nothing here changes the container's own objects.
Gateway API kinds are not built into pulumi-kubernetes (they come from CRDs), so they are
registered as `kubernetes.apiextensions.CustomResource`; render mode writes them without
the CRDs installed. A cluster needs the Gateway API CRDs (v1) and a controller for them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional

import pulumi
import pulumi_kubernetes as k8s

from ...errors import RadiusValidationError, raise_all
from ...model import GatewayArgs
from ..base import GatewayDeployment
from . import manifests, names
from .validate import _DNS_1123_SUBDOMAIN
from ...names import dns_label

if TYPE_CHECKING:  # pragma: no cover
    from ...gateway import Gateway

GATEWAY_RESOURCE_TYPE = "applications.core-gateways"
GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1"
_RUNTIME_KEYS = {"api", "ingress_class_name", "gateway_class_name", "annotations"}

# Ingress, pathType Prefix: ingress-nginx (>= 1.12 `strict-validate-path-type: true` by default,
# kubernetes/ingress-nginx#11819; Traefik's ingress-nginx provider likewise) refuses any other
# character: its admission webhook checks `^/[[:alnum:]_\-/]*$` (inspector.ValidatePathType),
# so `/v1.0` or `/items:batch` fails `pulumi up`.
_INGRESS_PREFIX = re.compile(r"^/[A-Za-z0-9_/-]*$")
# Gateway API HTTPRoute, PathPrefix match (the CEL rules of the v1 CRD, gateway-api v1.6.3
# config/crd/standard/gateway.networking.k8s.io_httproutes.yaml): these characters or %XX ...
_HTTPROUTE_PATH = re.compile(r"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$")
# ... none of these inside, none of these at the end, at most 1024 characters;
_HTTPROUTE_FORBIDDEN = ("//", "/./", "/../", "%2f", "%2F", "#")
_HTTPROUTE_FORBIDDEN_ENDS = ("/..", "/.")
_HTTPROUTE_MAX_PATH = 1024
# ... and at most 16 rules per HTTPRoute (spec.rules maxItems); one rule per route.
HTTPROUTE_MAX_RULES = 16


def runtime(args: GatewayArgs) -> dict[str, Any]:
    rt = args.runtime("kubernetes")
    rt.setdefault("api", "Ingress")
    return rt


def validate(label: str, app: str, name: str, namespace: str, args: GatewayArgs, prefixed: bool = True) -> None:
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
    errors += _path_errors(label, api, args)
    for route in args.routes:
        names.object_name(label, "routes.destination", app, route.container, prefixed)
    names.object_name(label, "name", app, name, prefixed)
    raise_all(errors)


def _path_errors(label: str, api: str, args: GatewayArgs) -> list[RadiusValidationError]:
    """Route paths the chosen API (and its common controllers) would refuse at `pulumi up`."""
    errors = []
    if api == "Ingress":
        for i, route in enumerate(args.routes):
            if not _INGRESS_PREFIX.match(route.path):
                errors.append(RadiusValidationError(
                    label, f"routes[{i}].path", route.path,
                    "ingress-nginx (strict-validate-path-type, on by default since v1.12) refuses a Prefix path with "
                    "characters other than letters, digits, '/', '_' and '-'",
                    "use only those characters, or runtimes.kubernetes.api='GatewayAPI' (HTTPRoute paths allow RFC 3986 "
                    "path characters)"))
        return errors
    if api != "GatewayAPI":
        return errors
    if len(args.routes) > HTTPROUTE_MAX_RULES:
        errors.append(RadiusValidationError(
            label, "routes", f"{len(args.routes)} routes",
            f"an HTTPRoute holds at most {HTTPROUTE_MAX_RULES} rules (spec.rules maxItems), one per route",
            f"use at most {HTTPROUTE_MAX_RULES} routes per Gateway, or split them across gateways"))
    for i, route in enumerate(args.routes):
        problem = _httproute_path_problem(route.path)
        if problem:
            errors.append(RadiusValidationError(label, f"routes[{i}].path", route.path,
                                                f"the Gateway API refuses this PathPrefix: {problem}",
                                                "give a normalised path of RFC 3986 path characters"))
        if route.replace_prefix is not None and len(route.replace_prefix) > _HTTPROUTE_MAX_PATH:
            errors.append(RadiusValidationError(label, f"routes[{i}].replace_prefix", route.replace_prefix,
                                                f"longer than the Gateway API's {_HTTPROUTE_MAX_PATH} characters",
                                                "give a shorter prefix"))
    return errors


def _httproute_path_problem(path: str) -> Optional[str]:
    if len(path) > _HTTPROUTE_MAX_PATH:
        return f"longer than {_HTTPROUTE_MAX_PATH} characters"
    if not _HTTPROUTE_PATH.match(path):
        return "only letters, digits, -/._~!$&'()*+,;=:@ and %XX escapes are allowed"
    for part in _HTTPROUTE_FORBIDDEN:
        if part in path:
            return f"must not contain '{part}'"
    for end in _HTTPROUTE_FORBIDDEN_ENDS:
        if path.endswith(end):
            return f"must not end with '{end}'"
    return None


def _metadata(name: str, namespace: str, app: str, resource: str, annotations: Optional[dict[str, str]] = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": namespace,
                            "labels": dict(sorted(manifests.labels(app, resource, GATEWAY_RESOURCE_TYPE).items()))}
    if annotations:
        meta["annotations"] = dict(sorted(annotations.items()))
    return meta


def ingress(app: str, name: str, namespace: str, args: GatewayArgs, prefixed: bool = True) -> dict[str, Any]:
    """The Ingress manifest (plain dict, validated by the schema tests)."""
    rt = runtime(args)
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    paths = []
    # Longest prefix first: controllers pick the longest match anyway, the order keeps diffs stable.
    for route in sorted(args.routes, key=lambda r: (-len(r.path), r.path)):
        paths.append({"path": route.path, "pathType": "Prefix", "backend": {"service": {
            "name": names.object_name("", "", app, route.container, prefixed), "port": {"number": route.port}}}})
    rule: dict[str, Any] = {"http": {"paths": paths}}
    if host:
        rule["host"] = host
    spec: dict[str, Any] = {"rules": [rule]}
    if rt.get("ingress_class_name"):
        spec["ingressClassName"] = rt["ingress_class_name"]
    if args.tls is not None:
        spec["tls"] = [{"hosts": [host], "secretName": args.tls.certificate_from}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": _metadata(names.object_name("", "", app, name, prefixed), namespace, app, name, rt.get("annotations")),
            "spec": spec}


def gateway_api(app: str, name: str, namespace: str, args: GatewayArgs, prefixed: bool = True) -> list[dict[str, Any]]:
    """The Gateway and HTTPRoute manifests; with TLS also the HTTPRoute that redirects HTTP."""
    rt = runtime(args)
    gw_name = names.object_name("", "", app, name, prefixed)
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    same_namespace = {"namespaces": {"from": "Same"}}
    # Port 80 always: with TLS it answers plain HTTP with a redirect to HTTPS, as the other kinds'
    # gateways and ingress-nginx (ssl-redirect, on for an Ingress with TLS) do, instead of refusing.
    listeners: list[dict[str, Any]] = [{"name": "http", "protocol": "HTTP", "port": 80, "allowedRoutes": same_namespace}]
    if args.tls is not None:
        listeners.append({"name": "https", "protocol": "HTTPS", "port": 443,
                          "tls": {"mode": "Terminate",
                                  "certificateRefs": [{"kind": "Secret", "name": args.tls.certificate_from}]},
                          "allowedRoutes": same_namespace})
    if host:
        for listener in listeners:
            listener["hostname"] = host
    gateway = {"apiVersion": GATEWAY_API_VERSION, "kind": "Gateway",
               "metadata": _metadata(gw_name, namespace, app, name, rt.get("annotations")),
               "spec": {"gatewayClassName": rt["gateway_class_name"], "listeners": listeners}}
    rules = []
    for route in sorted(args.routes, key=lambda r: (-len(r.path), r.path)):
        rule: dict[str, Any] = {
            "matches": [{"path": {"type": "PathPrefix", "value": route.path}}],
            "backendRefs": [{"name": names.object_name("", "", app, route.container, prefixed), "port": route.port}],
        }
        if route.replace_prefix is not None:
            rule["filters"] = [{"type": "URLRewrite", "urlRewrite": {
                "path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": route.replace_prefix}}}]
        rules.append(rule)
    serving = listeners[-1]["name"]
    route_spec: dict[str, Any] = {"parentRefs": [{"name": gw_name, "sectionName": serving}], "rules": rules}
    if host:
        route_spec["hostnames"] = [host]
    out = [gateway, {"apiVersion": GATEWAY_API_VERSION, "kind": "HTTPRoute",
                     "metadata": _metadata(gw_name, namespace, app, name), "spec": route_spec}]
    if args.tls is not None:
        # RequestRedirect without backendRefs (the CRD refuses both in one rule); 301, scheme
        # https, the port then defaults to 443 (HTTPRequestRedirectFilter docs).
        redirect_spec: dict[str, Any] = {
            "parentRefs": [{"name": gw_name, "sectionName": "http"}],
            "rules": [{"filters": [{"type": "RequestRedirect",
                                    "requestRedirect": {"scheme": "https", "statusCode": 301}}]}]}
        if host:
            redirect_spec["hostnames"] = [host]
        out.append({"apiVersion": GATEWAY_API_VERSION, "kind": "HTTPRoute",
                    "metadata": _metadata(redirect_name(gw_name), namespace, app, name), "spec": redirect_spec})
    return out


def redirect_name(gateway_name: str) -> str:
    return dns_label(gateway_name, "https-redirect", max_length=253) or gateway_name


def deploy(platform: Any, gateway: "Gateway", args: GatewayArgs) -> GatewayDeployment:
    app = gateway.application.resource_name
    name = gateway.resource_name
    namespace = platform.app_namespace(app)
    opts = platform.app_options(gateway.application, gateway)
    prefixed = platform.prefixed
    scheme = "https" if args.tls is not None else "http"
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    resources: list[pulumi.Resource] = []
    if runtime(args)["api"] == "Ingress":
        manifest = ingress(app, name, namespace, args, prefixed)
        ing = k8s.networking.v1.Ingress(f"{name}-ingress", metadata=manifest["metadata"], spec=manifest["spec"], opts=opts)
        resources.append(ing)
        address = ing.status.apply(_ingress_address)
        url: Any = f"{scheme}://{host}" if host else address.apply(lambda a: f"{scheme}://{a}" if a else None)
        outputs = {"ingress_name": manifest["metadata"]["name"]}
    else:
        gw, route, *redirect = gateway_api(app, name, namespace, args, prefixed)
        for suffix, manifest in [("gateway", gw), ("httproute", route)] + [("https-redirect", r) for r in redirect]:
            resources.append(k8s.apiextensions.CustomResource(
                f"{name}-{suffix}", api_version=manifest["apiVersion"], kind=manifest["kind"],
                metadata=manifest["metadata"], spec=manifest["spec"], opts=opts))
        # The Gateway's address is in its status, which the typed SDK does not model; with
        # no hostname the URL is unknown to the program (read it with kubectl get gateway).
        url = f"{scheme}://{host}" if host else None
        outputs = {"gateway_name": gw["metadata"]["name"]}
    bindings = {(r.container, r.port): names.object_name("", "", app, r.container, platform.prefixed) for r in args.routes}
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
