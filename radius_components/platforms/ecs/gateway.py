"""A Gateway on ECS: an Application Load Balancer, the way one is built by hand for Fargate.

Per gateway: a security group (HTTP 80, and HTTPS 443 with TLS, from anywhere; from the
VPC's range when `internal`), the ALB in the gateway's subnets, one target group per
destination (container, port) with target type `ip` (awsvpc tasks register by ENI address),
an HTTP listener (which redirects to HTTPS when TLS is asked for), an HTTPS listener with
the ACM certificate, and a listener rule per path. Per routed container (see
`attach`): the service registers into its target group (`load_balancers`), the container's
security group admits the ALB's group only, on the container port, and the ALB's group may
send only there.

The ALB's subnets: an internal gateway's are the environment's (`compute.subnet_ids`); a
public gateway's are `compute.public_subnet_ids`, else discovered from the VPC's route tables
(platforms/ecs/public_subnets.py). `runtimes.ecs.subnet_ids` of the gateway overrides both.

Per destination the target group follows the routed container (platforms/ecs/target_health.py):
its protocol (HTTPS for an `https` port, protocol version GRPC for a `grpc` one) and its
health check (the container's readiness probe), read from the container's arguments: the
gateway expands once the whole program is declared, wherever the container was declared
(`_routed_container_args`).

Names that a replacement needs free: the ALB's name carries its scheme (`internal` forces a
new ALB: terraform-provider-aws elbv2/load_balancer.go, `internal` ForceNew, and CreateLoadBalancer
refuses an existing name, DuplicateLoadBalancerName), and a target group's its protocol
(`protocol`, `protocol_version` ForceNew; DuplicateTargetGroupName). Listener rules get
priorities from their own path (platforms/ecs/rule_priority.py).

`runtimes.ecs` of the gateway: `subnet_ids` (the ALB's subnets, two or more Availability
Zones), `health_check` (target group health check fields merged over every destination's),
`health_checks` (`{"<container>" or "<container>:<port>": {fields}}`, one destination's),
`idle_timeout` (seconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

import pulumi
import pulumi_aws as aws

from ...errors import RadiusValidationError, raise_all
from ...model import GatewayArgs, GatewayRoute
from ...names import dns_label
from ...routing import route_labels
from ..base import GatewayDeployment
from . import validate as kind_checks  # (this module has a validate() of its own)
from .names import describe
from .public_subnets import public_subnets
from .rule_priority import MAX_PATH, priorities
from .target_health import health_check, overridden, protocol, scheme_of

if TYPE_CHECKING:  # pragma: no cover
    from ...gateway import Gateway
    from ...routing import RouteTarget

HTTP, HTTPS = 80, 443
# "Rules per Application Load Balancer (not counting default rules)": 100 (Elastic Load
# Balancing quotas, docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).
MAX_RULES = 100
# ELB names (load balancers, target groups): 32 characters, letters, digits, '-'.
ELB_NAME_MAX = 32
_ACM_ARN = re.compile(r"^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$")
_RUNTIME_KEYS = {"subnet_ids", "health_check", "health_checks", "idle_timeout"}
# ALB security policies by minimum TLS version (TLS 1.3 capable both; AWS's recommended ones):
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
SSL_POLICIES = {"1.2": "ELBSecurityPolicy-TLS13-1-2-2021-06", "1.3": "ELBSecurityPolicy-TLS13-1-3-2021-06"}
# Name suffixes for what forces a replacement (the default, HTTP/HTTP1 and internet-facing, has none).
PROTOCOL_SUFFIX = {("HTTPS", "HTTP1"): "s", ("HTTP", "GRPC"): "g", ("HTTPS", "GRPC"): "sg"}


@dataclass(frozen=True)
class TargetBinding:
    """What a routed ECS container attaches to."""

    target_group_arn: Any
    security_group_id: Any  # the ALB's
    listeners: tuple[pulumi.Resource, ...]  # the service waits for them (the group needs a load balancer)
    # ALBRequestCountPerTarget's resource label is `<ALB arn suffix>/<target group arn suffix>` (autoscaling.py).
    load_balancer_arn_suffix: Any = None
    target_group_arn_suffix: Any = None


def elb_name(*parts: str) -> str:
    name = dns_label(*parts, max_length=ELB_NAME_MAX) or "radius"
    # "internal-" is reserved for load balancer names.
    return "gw-" + name[: ELB_NAME_MAX - 3] if name.startswith("internal-") else name


def subnets_given(compute: Any, args: GatewayArgs) -> tuple[str, Optional[list[str]]]:
    """(where, the ALB's subnets) when they are given: the gateway's punch-through, else the
    environment's public subnets (public) or its task subnets (internal); None: discovered."""
    rt = args.runtime("ecs")
    if rt.get("subnet_ids") is not None:
        return "runtimes.ecs.subnet_ids", rt["subnet_ids"]
    if args.internal:
        return "compute.subnet_ids", list(compute.subnet_ids)
    if compute.public_subnet_ids is not None:
        return "compute.public_subnet_ids", list(compute.public_subnet_ids)
    return "compute.public_subnet_ids", None


def validate(label: str, compute: Any, args: GatewayArgs) -> None:
    errors: list[RadiusValidationError] = []
    rt = args.runtime("ecs")
    for key in sorted(set(rt) - _RUNTIME_KEYS):
        errors.append(RadiusValidationError(label, f"runtimes.ecs.{key}", rt[key], "not an ECS gateway setting",
                                            f"use one of {sorted(_RUNTIME_KEYS)}"))
    errors += kind_checks.gateway_runtime_errors(label, rt)  # the ALB's numbers (idle timeout, health check)
    where, chosen = subnets_given(compute, args)
    if where == "runtimes.ecs.subnet_ids":
        for i, subnet in enumerate(chosen if isinstance(chosen, list) else []):
            if not isinstance(subnet, str) or not re.match(r"^subnet-[0-9a-f]+$", subnet):
                errors.append(RadiusValidationError(label, f"runtimes.ecs.subnet_ids[{i}]", subnet, "not a subnet ID",
                                                    "use an ID like 'subnet-0abc123' (a public subnet of the environment's VPC)"))
    if chosen is not None and (not isinstance(chosen, list) or len(chosen) < 2):
        errors.append(RadiusValidationError(label, where, chosen,
                                            "an Application Load Balancer needs subnets in at least two Availability Zones",
                                            "give two or more subnets of the VPC in different Availability Zones"))
    checks = rt.get("health_checks")
    if checks is not None and not (isinstance(checks, dict) and all(isinstance(v, dict) for v in checks.values())):
        errors.append(RadiusValidationError(label, "runtimes.ecs.health_checks", checks,
                                            "not a map of destinations to health check fields",
                                            "give {'<container>' or '<container>:<port>': {'path': '/ready', ...}}"))
    elif checks:
        destinations = {r.container for r in args.routes} | {f"{r.container}:{r.port}" for r in args.routes}
        for key in sorted(set(checks) - destinations):
            errors.append(RadiusValidationError(label, f"runtimes.ecs.health_checks.{key}", checks[key],
                                                "not a destination of this gateway",
                                                f"use one of {sorted(destinations)}"))
    ruled = [r for r in args.routes if not (r.path == "/" and r.replace_prefix is None)]
    if len(ruled) > MAX_RULES:
        errors.append(RadiusValidationError(label, "routes", len(args.routes),
                                            f"more than {MAX_RULES} listener rules, an Application Load Balancer's quota",
                                            "route fewer prefixes through one gateway, or split it into two"))
    for i, route in enumerate(args.routes):
        if len(route.path) > MAX_PATH:
            # "A path pattern ... can be up to 128 characters" (ALB conditions); we add '/*'.
            errors.append(RadiusValidationError(label, f"routes[{i}].path", route.path,
                                                f"longer than {MAX_PATH} characters, the most an ALB path pattern holds "
                                                "with its '/*'", "use a shorter path prefix"))
    if args.hostname is not None and args.hostname.prefix is not None:
        errors.append(RadiusValidationError(label, "hostname.prefix", args.hostname.prefix,
                                            "an ALB has no domain of its own to put a prefix in front of",
                                            "give hostname.fully_qualified_hostname (a Route 53 alias to the ALB)"))
    if args.tls is not None:
        if args.tls.managed:
            errors.append(RadiusValidationError(label, "tls.managed", True,
                                                "an ACM certificate needs DNS validation records in your zone, which this "
                                                "gateway cannot create",
                                                "request the certificate in ACM and pass its ARN in tls.certificate_from"))
        elif not _ACM_ARN.match(args.tls.certificate_from or ""):
            errors.append(RadiusValidationError(label, "tls.certificate_from", args.tls.certificate_from,
                                                "not an ACM certificate ARN",
                                                "give arn:aws:acm:<region>:<account>:certificate/<id>"))
        elif compute.region is not None and (args.tls.certificate_from or "").split(":")[3] != compute.region:
            # An ALB takes ACM certificates of its own region only ("To use a certificate with a
            # load balancer, you must request or import the certificate in the same Region",
            # docs.aws.amazon.com/acm/latest/userguide/acm-regions.html); CreateListener refuses
            # another region's (CertificateNotFound).
            errors.append(RadiusValidationError(label, "tls.certificate_from", args.tls.certificate_from,
                                                f"an ACM certificate of region '{args.tls.certificate_from.split(':')[3]}', "
                                                f"and the load balancer is in '{compute.region}'",
                                                f"request or import the certificate in ACM in {compute.region}"))
    raise_all(errors)


def routed_port_errors(label: str, app: Any, name: str, args: Any) -> list[RadiusValidationError]:
    """A `grpc` port routed through a gateway without TLS: an ALB forwards gRPC only from an
    HTTPS listener ("gRPC ... is supported only for HTTPS listeners": ALB target group protocol
    version, docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-group-protocol-version).
    Reads the application's gateways declared so far."""
    errors = []
    gateways = [m for m in app.members if getattr(m, "resource_type", "") == "Applications.Core/gateways"]
    for gw in gateways:
        for i, route in enumerate(gw.args.routes):
            if route.container == name and gw.args.tls is None and scheme_of(args, route.port) == "grpc":
                errors.append(RadiusValidationError(
                    label, "container.ports", route.port,
                    f"Gateway '{gw.resource_name}' routes {route.path} to this gRPC port over HTTP, and an Application "
                    "Load Balancer forwards gRPC only from an HTTPS listener",
                    f"give Gateway '{gw.resource_name}' tls (an ACM certificate), or serve this port as http"))
    return errors


def _rewrite(route: GatewayRoute) -> Optional[list[dict[str, Any]]]:
    """An ALB URL rewrite transform replacing the route's prefix (ALB transforms, 2025:
    https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-transforms.html)."""
    if route.replace_prefix is None:
        return None
    prefix = "" if route.path == "/" else re.escape(route.path)
    if route.replace_prefix == "/":
        regex, replace = f"^{prefix}/?(.*)$", "/$1"
    else:
        # The transform sees the URL with its query ("/api?x=1"); the rule's path patterns
        # already limit it to the prefix and what is below it.
        regex, replace = f"^{prefix}(.*)$", f"{route.replace_prefix}$1"
    return [{"type": "url-rewrite", "url_rewrite_config": {"rewrite": {"regex": regex, "replace": replace}}}]


def deploy(platform: Any, gateway: "Gateway", args: GatewayArgs) -> GatewayDeployment:
    c = platform.compute
    env = platform.environment.resource_name
    app = gateway.application.resource_name
    name = gateway.resource_name
    rt = args.runtime("ecs")
    opts = platform.child_options(gateway)
    tags = {"app.kubernetes.io/managed-by": "radius-components", "radapp.io/application": app,
            "radapp.io/environment": env, "radapp.io/resource": name}
    _, given = subnets_given(c, args)
    subnets: Any = given if given is not None else public_subnets(
        f"Gateway '{name}'", c.vpc_id, pulumi.InvokeOutputOptions(parent=gateway, provider=platform.provider))
    ports = [HTTP, HTTPS] if args.tls is not None else [HTTP]

    sg = aws.ec2.SecurityGroup(f"{name}-sg", name=elb_name(env, app, name, "alb"), vpc_id=c.vpc_id,
                               description=f"Radius gateway {app}/{name}: the ALB",
                               revoke_rules_on_delete=True, tags=tags, opts=opts)
    resources: list[pulumi.Resource] = [sg]
    if args.internal:
        cidr: Any = aws.ec2.get_vpc_output(id=c.vpc_id, opts=pulumi.InvokeOptions(parent=gateway, provider=platform.provider)).cidr_block
    else:
        cidr = "0.0.0.0/0"
    for port in ports:
        resources.append(aws.vpc.SecurityGroupIngressRule(
            f"{name}-ingress-{port}", security_group_id=sg.id, ip_protocol="tcp", from_port=port, to_port=port,
            cidr_ipv4=cidr, description="clients of the gateway" if not args.internal else "clients in the VPC",
            opts=opts))
    if not args.internal:
        subnets = _covering(f"Gateway '{name}'", subnets, list(c.subnet_ids),
                            pulumi.InvokeOutputOptions(parent=gateway, provider=platform.provider))
    lb_args: dict[str, Any] = {}
    if rt.get("idle_timeout") is not None:
        lb_args["idle_timeout"] = rt["idle_timeout"]
    lb = aws.lb.LoadBalancer(
        # `internal` forces a new ALB, which must not need the old one's name.
        f"{name}-alb", name=elb_name(env, app, name, *(["int"] if args.internal else [])),
        load_balancer_type="application", internal=args.internal,
        security_groups=[sg.id], subnets=subnets, drop_invalid_header_fields=True, tags=tags, opts=opts, **lb_args)
    resources.append(lb)

    groups: dict[tuple[str, int], aws.lb.TargetGroup] = {}
    for route in args.routes:
        key = (route.container, route.port)
        if key in groups:
            continue
        container_args = _routed_container_args(gateway.application, route.container)
        scheme = container_args.apply(lambda a, p=route.port: scheme_of(a, p))
        proto = scheme.apply(protocol)
        groups[key] = aws.lb.TargetGroup(
            # Target group names are unique per account and region: the gateway is part of it,
            # so two gateways routing to one container each have their own group; so is what
            # forces a new group (its protocol), so the replacement can be created first.
            f"{name}-{route.container}-{route.port}",
            name=proto.apply(lambda pr, r=route: elb_name(env, app, name, r.container, str(r.port),
                                                          *_suffix(pr))),
            port=route.port, protocol=proto.apply(lambda pr: pr["protocol"]),
            protocol_version=proto.apply(lambda pr: pr["protocol_version"]),
            target_type="ip", vpc_id=c.vpc_id,
            health_check=container_args.apply(
                lambda a, r=route: overridden(health_check(a, r.port), rt, r.container, r.port)),
            # ECS drains a stopping task's connections for this long (AWS's default is 300 s).
            deregistration_delay=30, tags=tags, opts=opts)
    resources += groups.values()

    def forward(route: GatewayRoute) -> dict[str, Any]:
        return {"type": "forward", "target_group_arn": groups[(route.container, route.port)].arn}

    root = next((r for r in args.routes if r.path == "/" and r.replace_prefix is None), None)
    not_found = {"type": "fixed-response", "fixed_response": {"content_type": "text/plain", "message_body": "Not Found",
                                                              "status_code": "404"}}
    default = forward(root) if root is not None else not_found
    listeners: list[pulumi.Resource] = []
    if args.tls is not None:
        https = aws.lb.Listener(f"{name}-https", load_balancer_arn=lb.arn, port=HTTPS, protocol="HTTPS",
                                ssl_policy=SSL_POLICIES[args.tls.minimum_protocol_version],
                                certificate_arn=args.tls.certificate_from, default_actions=[default], tags=tags, opts=opts)
        http = aws.lb.Listener(f"{name}-http", load_balancer_arn=lb.arn, port=HTTP, protocol="HTTP", default_actions=[{
            "type": "redirect", "redirect": {"port": str(HTTPS), "protocol": "HTTPS", "status_code": "HTTP_301"}}],
            tags=tags, opts=opts)
        listeners += [https, http]
        routing_listener = https
    else:
        http = aws.lb.Listener(f"{name}-http", load_balancer_arn=lb.arn, port=HTTP, protocol="HTTP",
                               default_actions=[default], tags=tags, opts=opts)
        listeners.append(http)
        routing_listener = http
    # Each rule's priority comes from its own path (longer paths first): removing or adding
    # a route leaves every other rule's priority as it was.
    ruled = [r for r in args.routes if r is not root]
    numbers = priorities([r.path for r in ruled])
    keys = route_labels([r.path for r in args.routes])
    for route in sorted(ruled, key=lambda r: numbers[r.path]):
        patterns = ["/*"] if route.path == "/" else [route.path, f"{route.path}/*"]
        rule_args: dict[str, Any] = {}
        transforms = _rewrite(route)
        if transforms:
            rule_args["transforms"] = transforms
        listeners.append(aws.lb.ListenerRule(
            f"{name}-route-{keys[route.path]}", listener_arn=routing_listener.arn, priority=numbers[route.path],
            conditions=[{"path_pattern": {"values": patterns}}], actions=[forward(route)], tags=tags, opts=opts,
            **rule_args))
    resources += listeners

    scheme = "https" if args.tls is not None else "http"
    host = args.hostname.fully_qualified_hostname if args.hostname else None
    url = f"{scheme}://{host}" if host else pulumi.Output.concat(scheme, "://", lb.dns_name)
    bindings = {key: TargetBinding(group.arn, sg.id, tuple(listeners), lb.arn_suffix, group.arn_suffix)
                for key, group in groups.items()}
    return GatewayDeployment(resources=resources, url=url, bindings=bindings, outputs={
        "hostname": host, "load_balancer_arn": lb.arn, "load_balancer_dns_name": lb.dns_name,
        "load_balancer_zone_id": lb.zone_id, "security_group_id": sg.id})


def uncovered_zones(alb_zones: dict[str, Any], task_zones: dict[str, Any]) -> list[str]:
    """The Availability Zones of task subnets where the ALB has no subnet (zones not known: none)."""
    have = {z for z in alb_zones.values() if z}
    return sorted({z for z in task_zones.values() if z and have and z not in have})


def _covering(label: str, subnets: Any, task_subnets: list[str], opts: pulumi.InvokeOutputOptions) -> Any:
    """`subnets`, once their Availability Zones are known to cover the tasks' ones (ec2:DescribeSubnets).

    An ALB routes only to targets in its enabled zones: a task in another zone registers as
    `Target.NotInUse` ("Target is in an Availability Zone that is not enabled for the load
    balancer", botocore elbv2 TargetHealth reason) and never becomes healthy, so the service
    never reaches a steady state. An Output whose apply raises fails the run, at preview too.
    """
    def zones(ids: list[str]) -> pulumi.Output[dict[str, Any]]:
        return pulumi.Output.all(*[aws.ec2.get_subnet_output(id=i, opts=opts).availability_zone for i in ids]).apply(
            lambda found: dict(zip(ids, found)))

    def check(values: list[Any]) -> list[str]:
        ids, alb, tasks = values
        missing = uncovered_zones(alb, tasks)
        if missing:
            raise RadiusValidationError(
                label, "compute.public_subnet_ids", ids,
                f"the load balancer's subnets cover no subnet in {', '.join(missing)}, where tasks run: their targets "
                "would stay Target.NotInUse and never become healthy",
                f"add a public subnet in {', '.join(missing)} (compute.public_subnet_ids or runtimes.ecs.subnet_ids)")
        return ids

    alb = pulumi.Output.from_input(subnets)
    return pulumi.Output.all(alb, alb.apply(zones), zones(task_subnets)).apply(check)


def _suffix(proto: dict[str, str]) -> list[str]:
    suffix = PROTOCOL_SUFFIX.get((proto["protocol"], proto["protocol_version"]))
    return [suffix] if suffix else []


def _routed_container_args(app: Any, container: str) -> pulumi.Output[Any]:
    """The routed container's arguments: a gateway expands once the whole program is declared
    (radius_components.program), so every container it routes to is known; None for one not
    declared yet, which only the `radius` provider allows (each component expands as it
    arrives): the target group then gets the default check."""
    return pulumi.Output.from_input(next(
        (m.args for m in app.members if getattr(m, "resource_type", "") == "Applications.Core/containers"
         and m.resource_name == container), None))


DEFAULT_GRACE_PERIOD = 60


def gateway_grace_period(args: Any) -> int:
    """Seconds ECS ignores ALB health checks after a task starts: the readiness (or liveness)
    probe's initial delay when longer than the default."""
    delays = [p.initial_delay_seconds for p in (args.container.readiness_probe, args.container.liveness_probe)
              if p is not None and p.initial_delay_seconds]
    return max([DEFAULT_GRACE_PERIOD, *delays])


def attach(name: str, container_name: str, targets: list["RouteTarget"], container_sg: Any,
           opts: pulumi.ResourceOptions) -> tuple[list[pulumi.Resource], list[dict[str, Any]], list[pulumi.Resource]]:
    """A routed container's side: (rules, the service's load_balancers, what the service waits for).

    The container's group admits the ALB's group only, on the container port; the ALB's
    group may send to the container's group only on that port (its only egress rules).
    """

    rules: list[pulumi.Resource] = []
    load_balancers: list[dict[str, Any]] = []
    waits: list[pulumi.Resource] = []
    for target in targets:
        binding: TargetBinding = target.binding
        gw = target.gateway.resource_name
        suffix = f"{gw}-{target.port}"
        rules.append(aws.vpc.SecurityGroupIngressRule(
            f"{name}-from-gateway-{suffix}", security_group_id=container_sg, ip_protocol="tcp",
            from_port=target.port, to_port=target.port, referenced_security_group_id=binding.security_group_id,
            description=describe(f"from gateway {gw}"), opts=opts))
        rules.append(aws.vpc.SecurityGroupEgressRule(
            f"{name}-gateway-{suffix}-egress", security_group_id=binding.security_group_id, ip_protocol="tcp",
            from_port=target.port, to_port=target.port, referenced_security_group_id=container_sg,
            description=describe(f"to container {name}"), opts=opts))
        load_balancers.append({"target_group_arn": binding.target_group_arn, "container_name": container_name,
                               "container_port": target.port})
        waits += list(binding.listeners)
    return rules, load_balancers, waits
