"""`autoScaling` on ECS: Application Auto Scaling on the service's desired count.

One `aws.appautoscaling.Target` (`ecs:service:DesiredCount`, resource id
`service/<cluster name>/<service name>`) and one target-tracking policy per metric:
cpu -> `ECSServiceAverageCPUUtilization`, memory -> `ECSServiceAverageMemoryUtilization` (percent
of the task's cpu / memory), requests -> `ALBRequestCountPerTarget` for each Gateway target group
routed to the service (docs.aws.amazon.com/autoscaling/application/APIReference/
API_PredefinedMetricSpecification.html). Several policies: Application Auto Scaling scales out when
any asks and in only when all allow it, the largest count, as an HPA with several metrics.

ALBRequestCountPerTarget counts requests per target per minute, not requests in flight: the
`concurrent_requests` target becomes a rate by Little's law (in flight = rate x time in the
service) at an assumed one second per request, `concurrent_requests * 60` per minute; `check`
says so. The service itself ignores `desired_count` drift (platform.py), so `up` never resets
what the scaler set.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from ...errors import RadiusValidationError
from ...model import ContainerArgs
from ...routing import declared_routes

PREDEFINED = {"cpu": "ECSServiceAverageCPUUtilization", "memory": "ECSServiceAverageMemoryUtilization"}
REQUEST_METRIC = "ALBRequestCountPerTarget"
# Little's law: requests per minute per task = requests in flight / seconds per request * 60.
ASSUMED_SECONDS_PER_REQUEST = 1
FIELD = "extensions.autoScaling"


def check(label: str, app: Any, name: str, args: ContainerArgs, max_tasks: int) -> list[RadiusValidationError]:
    auto = args.extension("autoScaling")
    if auto is None:
        return []
    errors = []
    if auto.max_replicas > max_tasks:
        errors.append(RadiusValidationError(
            label, f"{FIELD}.max_replicas", auto.max_replicas,
            f"an ECS service runs at most {max_tasks} tasks (the 'Tasks per service' quota, not adjustable)",
            f"give at most {max_tasks}"))
    if auto.min_replicas == 0:
        # Application Auto Scaling takes MinCapacity 0 for an ECS service, but these metrics are
        # averages over the running tasks (or the healthy targets): with no task there is no data
        # point, and target tracking never scales out again.
        errors.append(RadiusValidationError(
            label, f"{FIELD}.min_replicas", 0,
            "ECS target tracking scales on per-task averages, which a service with no task does not report, so it "
            "would never scale out from zero", "give min_replicas >= 1"))
    for i, metric in enumerate(auto.metrics):
        if metric.kind == "custom":
            errors.append(auto.refuse_metric(
                label, FIELD, i, "ECS runs no KEDA scalers (Application Auto Scaling tracks CloudWatch metrics)",
                "scale on cpu, memory or requests; a CloudWatch metric policy can be added next to the stack"))
    return errors


def route_errors(label: str, app: Any, name: str, args: ContainerArgs) -> list[RadiusValidationError]:
    """A requests metric needs a Gateway route; run once the whole program is declared (a Gateway
    is declared after the containers it routes to)."""
    auto = args.extension("autoScaling")
    if auto is None or auto.metric("requests") is None or declared_routes(app, name):
        return []
    index = next(i for i, m in enumerate(auto.metrics) if m.kind == "requests")
    return [auto.refuse_metric(
        label, FIELD, index,
        "ECS counts requests per task at an Application Load Balancer (ALBRequestCountPerTarget), and no "
        "Gateway routes to this container", "route a Gateway to it, or scale on cpu or memory")]


def resource_label(binding: Any) -> Any:
    """`app/<alb>/<id>/targetgroup/<tg>/<id>` (PredefinedMetricSpecification.ResourceLabel)."""
    return pulumi.Output.all(binding.load_balancer_arn_suffix, binding.target_group_arn_suffix).apply(
        lambda parts: f"{parts[0]}/{parts[1]}")


def register(resource_name: str, args: ContainerArgs, cluster_name: Any, service: Any, targets: list[Any],
             tags: dict[str, str], opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
    """The scalable target and its policies; nothing without autoScaling."""
    auto = args.extension("autoScaling")
    if auto is None:
        return []
    target = aws.appautoscaling.Target(
        f"{resource_name}-scaling", service_namespace="ecs", scalable_dimension="ecs:service:DesiredCount",
        # service.name: the target waits for the service it scales.
        resource_id=pulumi.Output.concat("service/", cluster_name, "/", service.name),
        min_capacity=auto.min_replicas, max_capacity=auto.max_replicas, tags=tags, opts=opts)
    out: list[pulumi.Resource] = [target]
    for metric in auto.metrics:
        if metric.kind in PREDEFINED:
            specs = [(metric.kind, {"predefined_metric_type": PREDEFINED[metric.kind]}, metric.value)]
        else:
            per_minute = metric.value * 60 // ASSUMED_SECONDS_PER_REQUEST
            specs = [(f"requests-{t.gateway.resource_name}-{t.port}",
                      {"predefined_metric_type": REQUEST_METRIC, "resource_label": resource_label(t.binding)},
                      per_minute) for t in targets]
        for suffix, spec, value in specs:
            out.append(aws.appautoscaling.Policy(
                f"{resource_name}-scaling-{suffix}", policy_type="TargetTrackingScaling",
                resource_id=target.resource_id, scalable_dimension=target.scalable_dimension,
                service_namespace=target.service_namespace,
                target_tracking_scaling_policy_configuration={
                    "target_value": float(value), "predefined_metric_specification": spec},
                opts=opts))
    return out
