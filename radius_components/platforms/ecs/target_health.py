"""What an ALB target group speaks to one routed container port, and how it checks it.

Both follow the container, not the gateway:
- the protocol: a port with scheme `https` gets an HTTPS target group (the ALB would otherwise
  speak plain HTTP to a TLS port), `grpc` gets protocol version GRPC (HTTP/1 breaks gRPC);
  botocore elbv2 CreateTargetGroup `Protocol`, `ProtocolVersion` (GRPC | HTTP1 | HTTP2);
- the health check: the container's readiness probe (else its liveness probe) when it is an
  httpGet probe: its path, its port, its period, timeout and failure threshold, mapped into
  the ranges ALB accepts. ECS stops tasks that fail the ALB's check (ECS service
  `healthCheckGracePeriodSeconds`; aws/containers-roadmap#1271), so a check on `/` of an API
  that answers 404 there replaces its tasks forever. Kubernetes counts an httpGet answer of
  200-399 as success, so that is the matcher. A gRPC target group is checked the gRPC way:
  the ALB's default `/AWS.ALB/healthcheck` answered with status 12 (UNIMPLEMENTED) means the
  server is up (pulumi-aws lb.TargetGroupHealthCheck `matcher`, `path`).

`runtimes.ecs.health_check` of the gateway is merged over every group's check, and
`runtimes.ecs.health_checks[<container>]` or `[<container>:<port>]` over one destination's.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from ...model import ContainerArgs, Probe

# ALB target group health check ranges (pulumi-aws lb.TargetGroupHealthCheck, botocore
# elbv2 CreateTargetGroup): interval 5-300 s, timeout 2-120 s and shorter than the interval,
# thresholds 2-10.
INTERVAL = (5, 300)
TIMEOUT = (2, 120)
THRESHOLD = (2, 10)
# Kubernetes' probe defaults (periodSeconds 10, timeoutSeconds 1, failureThreshold 3).
PROBE_PERIOD, PROBE_TIMEOUT, PROBE_FAILURES = 10, 1, 3
DEFAULT_HEALTH_CHECK = {"enabled": True, "path": "/", "protocol": "HTTP", "matcher": "200-399",
                        "interval": 30, "timeout": 5, "healthy_threshold": 5, "unhealthy_threshold": 2}
GRPC_HEALTH_CHECK = {"path": "/AWS.ALB/healthcheck", "matcher": "12"}


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], value))


def scheme_of(args: Optional[ContainerArgs], port: int) -> Optional[str]:
    for p in (args.container.ports.values() if args is not None else ()):
        if p.exposed_port == port:
            return p.scheme
    return None


def protocol(scheme: Optional[str]) -> dict[str, str]:
    """The target group's `protocol` and `protocol_version` for a port's scheme."""
    return {"protocol": "HTTPS" if scheme == "https" else "HTTP",
            "protocol_version": "GRPC" if scheme == "grpc" else "HTTP1"}


def probe_of(args: Optional[ContainerArgs]) -> Optional[Probe]:
    """The probe the ALB check follows: readiness (what "ready for traffic" means), else
    liveness, when it is an httpGet probe (an ALB target group checks over HTTP(S) only)."""
    if args is None:
        return None
    for p in (args.container.readiness_probe, args.container.liveness_probe):
        if p is not None and p.kind == "httpGet":
            return p
    return None


def health_check(args: Optional[ContainerArgs], port: int) -> dict[str, Any]:
    """The health check of the target group of (container, port), before overrides."""
    scheme = scheme_of(args, port)
    check = {**DEFAULT_HEALTH_CHECK, "protocol": protocol(scheme)["protocol"]}
    if scheme == "grpc":
        return {**check, **GRPC_HEALTH_CHECK}
    p = probe_of(args)
    if p is None:
        return check
    interval = _clamp(p.period_seconds or PROBE_PERIOD, INTERVAL)
    timeout = min(_clamp(p.timeout_seconds or PROBE_TIMEOUT, TIMEOUT), interval - 1)
    check.update({
        "path": p.path or "/",
        "port": "traffic-port" if p.container_port == port else str(p.container_port),
        "matcher": "200-399", "interval": interval, "timeout": timeout,
        "unhealthy_threshold": _clamp(p.failure_threshold or PROBE_FAILURES, THRESHOLD),
        # A probe succeeds after one answer (successThreshold 1); ALB's fewest is 2.
        "healthy_threshold": THRESHOLD[0],
    })
    return check


def overridden(check: dict[str, Any], runtime: Mapping[str, Any], container: str, port: int) -> dict[str, Any]:
    """`check` with the gateway's `health_check`, then the destination's `health_checks` entry."""
    per = runtime.get("health_checks") or {}
    return {**check, **(runtime.get("health_check") or {}), **(per.get(container) or {}),
            **(per.get(f"{container}:{port}") or {})}
