"""What ECS on Fargate cannot express, found before anything registers.

Nothing here registers a resource or imports the AWS SDK, so it is testable on its own and
runs before anything registers. Limits are AWS's own, cited next to each rule.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ...connections import EnvPlan
from ...errors import RadiusValidationError, raise_all
from ...resources.volume.mounts import recipe_output_errors
from .volumes import EFS_OUTPUTS, ephemeral_errors
from ...model import ContainerArgs, EcsCompute, Probe
from ...model.base import is_output
from ...model.kubernetes_metadata import managed_key_errors
from .names import default_namespace
from .sizing import check_size_override

# CloudWatch Logs PutRetentionPolicy.retentionInDays accepts exactly these.
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                      2922, 3288, 3653)

# ECS HealthCheck limits (API reference, HealthCheck): interval 5-300 s, timeout 2-60 s,
# retries 1-10, startPeriod 0-300 s.
HEALTH_LIMITS = {"period_seconds": (5, 300), "timeout_seconds": (2, 60), "failure_threshold": (1, 10),
                 "initial_delay_seconds": (0, 300)}

# A *complete* Secrets Manager ARN: the name and the 6-character suffix Secrets Manager
# appends ("Secrets Manager automatically adds a hyphen and six random characters after the
# secret name at the end of the ARN", docs.aws.amazon.com/secretsmanager/latest/userguide/
# reference_iam-permissions.html#iam-resources). A partial ARN (without the suffix) is
# refused: the execution role is granted exactly the ARN given, and an IAM resource equal to
# a partial ARN matches no secret, so every task would stop with AccessDeniedException.
# (A name that itself ends in '-' and 6 letters or digits, like 'db-secret', cannot be told
# from a complete ARN; give its complete ARN from the console or `aws secretsmanager describe-secret`.)
# Amazon ECS service quotas, "Tasks per service": 5,000, not adjustable
# (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html): a larger
# desired count fails when the service is created or updated.
MAX_TASKS_PER_SERVICE = 5000
# The tags the platform puts on a container's resources (EcsPlatform.tags): they win over a
# kubernetesMetadata label of the same key, so one is refused.
MANAGED_TAGS = ("app.kubernetes.io/managed-by", "radapp.io/application", "radapp.io/environment", "radapp.io/resource")
SECRET_ARN = re.compile(r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}\Z")
_CLUSTER_ARN = re.compile(r"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster/([A-Za-z0-9_-]{1,255})\Z")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d\Z")
_DNS_NAME = re.compile(r"^(?=.{1,253}\Z)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\Z")
_ECR_IMAGE = re.compile(r"^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/([^:@]+)")
# An IAM action (`service:Action`, wildcards allowed in the action part) and a managed policy ARN.
_IAM_ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*?]+\Z")
_POLICY_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/[\w+=,.@/-]+\Z")


# ---------------------------------------------------------------------------------------
# The environment


def vpc_dns_error(label: str, vpc_id: Any, dns_support: Optional[bool],
                  dns_hostnames: Optional[bool]) -> Optional[RadiusValidationError]:
    """The error for a VPC whose DNS attributes break Cloud Map service discovery.

    A private DNS namespace is a Route 53 private hosted zone, and private hosted zones are
    resolved only in a VPC with both enableDnsSupport and enableDnsHostnames set
    (docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html:
    "To use private hosted zones, you must set the following Amazon VPC settings to true:
    enableDnsHostnames, enableDnsSupport"). Without them every connection's hostname fails to
    resolve. An attribute the lookup did not return (None) is not judged.
    """
    off = [name for name, value in (("enableDnsSupport", dns_support), ("enableDnsHostnames", dns_hostnames))
           if value is False]
    if not off:
        return None
    return RadiusValidationError(
        label, "compute.vpc_id", vpc_id,
        f"the VPC has {' and '.join(off)} turned off, so the Cloud Map private DNS names of the containers "
        "(their connections' hostnames) would not resolve",
        "turn both on (`aws ec2 modify-vpc-attribute --vpc-id <id> --enable-dns-support` and "
        "`--enable-dns-hostnames`, one attribute per call), or use another VPC")



def check_environment(label: str, c: EcsCompute, env_name: str) -> None:
    errors: list[RadiusValidationError] = []
    if c.region is not None and not _REGION.match(c.region):
        errors.append(RadiusValidationError(label, "compute.region", c.region, "not an AWS region name",
                                            "use a region code like 'eu-west-1'"))
    if not re.match(r"^vpc-[0-9a-f]+\Z", c.vpc_id):
        errors.append(RadiusValidationError(label, "compute.vpc_id", c.vpc_id, "not a VPC ID", "use an ID like 'vpc-0abc123'"))
    for i, subnet in enumerate(c.subnet_ids):
        if not re.match(r"^subnet-[0-9a-f]+\Z", subnet):
            errors.append(RadiusValidationError(label, f"compute.subnet_ids[{i}]", subnet, "not a subnet ID",
                                                "use an ID like 'subnet-0abc123'"))
    for i, subnet in enumerate(c.public_subnet_ids or []):
        if not re.match(r"^subnet-[0-9a-f]+$", subnet):
            errors.append(RadiusValidationError(label, f"compute.public_subnet_ids[{i}]", subnet, "not a subnet ID",
                                                "use an ID like 'subnet-0abc123' (a public subnet of the VPC)"))
    if c.public_subnet_ids is not None and len(set(c.public_subnet_ids)) < 2:
        errors.append(RadiusValidationError(label, "compute.public_subnet_ids", c.public_subnet_ids,
                                            "an internet-facing Application Load Balancer needs subnets in at least two "
                                            "Availability Zones", "give two or more public subnets, or leave it out to have "
                                            "them found from the VPC's route tables"))
    if len(set(c.subnet_ids)) != len(c.subnet_ids):
        errors.append(RadiusValidationError(label, "compute.subnet_ids", c.subnet_ids, "lists a subnet twice",
                                            "list each subnet once"))
    if c.cluster_arn is not None:
        if not _CLUSTER_ARN.match(c.cluster_arn):
            errors.append(RadiusValidationError(label, "compute.cluster_arn", c.cluster_arn, "not an ECS cluster ARN",
                                                "use arn:aws:ecs:<region>:<account>:cluster/<name>"))
        if c.cluster_name is not None or c.capacity_providers:
            field = "compute.cluster_name" if c.cluster_name is not None else "compute.capacity_providers"
            errors.append(RadiusValidationError(label, field, getattr(c, field.split(".")[1]),
                                                "only applies to a cluster the environment creates",
                                                "remove it, or remove cluster_arn to create the cluster"))
    if c.cluster_name is not None and not re.match(r"^[A-Za-z0-9_-]{1,255}\Z", c.cluster_name):
        errors.append(RadiusValidationError(label, "compute.cluster_name", c.cluster_name, "not a valid ECS cluster name",
                                            "use up to 255 letters, digits, '-' and '_'"))
    namespace = c.service_discovery_namespace or default_namespace(env_name)
    if not _DNS_NAME.match(namespace):
        errors.append(RadiusValidationError(label, "compute.service_discovery_namespace", namespace,
                                            "not a DNS name Cloud Map can create a private namespace for",
                                            "use lowercase DNS labels separated by dots, like 'prod.internal'"))
    if c.log_retention_days not in LOG_RETENTION_DAYS:
        errors.append(RadiusValidationError(label, "compute.log_retention_days", c.log_retention_days,
                                            "CloudWatch Logs does not offer this retention",
                                            f"use one of {list(LOG_RETENTION_DAYS)}"))
    for i, provider in enumerate(c.capacity_providers):
        if provider in ("FARGATE", "FARGATE_SPOT") or not re.match(r"^[A-Za-z0-9_-]{1,255}\Z", provider):
            errors.append(RadiusValidationError(label, f"compute.capacity_providers[{i}]", provider,
                                                "not the name of an extra capacity provider",
                                                "give the name of your EC2 Auto Scaling capacity provider; "
                                                "FARGATE and FARGATE_SPOT are always associated"))
    raise_all(errors)


def cluster_name_of(arn: str) -> str:
    match = _CLUSTER_ARN.match(arn)
    assert match is not None
    return match.group(1)


# ---------------------------------------------------------------------------------------
# The container


def parse_ecr_image(image: str) -> Optional[tuple[str, str, str, str]]:
    """(partition, region, account, repository) of a private ECR image, else None."""
    match = _ECR_IMAGE.match(image)
    if not match:
        return None
    account, _, region, cn, repository = match.groups()
    return ("aws-cn" if cn else "aws"), region, account, repository


def classify_role(role: str) -> Optional[str]:
    if _POLICY_ARN.match(role):
        return "policy"
    if _IAM_ACTION.match(role):
        return "action"
    return None


def check_probe(label: str, field: str, p: Probe) -> list[RadiusValidationError]:
    errors = []
    if p.kind == "tcp":
        errors.append(RadiusValidationError(
            label, f"{field}.kind", p.kind,
            "an ECS container health check runs a command inside the container and has no TCP check",
            f"use an httpGet probe on port {p.container_port} if it serves HTTP, or an exec probe with a command "
            f"your image has (for example ['nc', '-z', 'localhost', '{p.container_port}'])"))
    for attr, (lo, hi) in HEALTH_LIMITS.items():
        value = getattr(p, attr)
        if value is not None and not lo <= value <= hi:
            errors.append(RadiusValidationError(label, f"{field}.{attr}", value,
                                                f"an ECS health check takes {lo} to {hi} here",
                                                f"give a value from {lo} to {hi}"))
    return errors


def check_container(label: str, args: ContainerArgs, plan: EnvPlan, compute: EcsCompute) -> None:
    errors: list[RadiusValidationError] = []
    c = args.container
    if args.restart_policy != "Always":
        errors.append(RadiusValidationError(
            label, "restart_policy", args.restart_policy,
            "an ECS service always replaces tasks that stop", "use restart_policy='Always' on the ecs kind"))
    if c.image_pull_policy == "Never":
        errors.append(RadiusValidationError(
            label, "container.image_pull_policy", "Never", "Fargate pulls the image for every task (it has no image cache)",
            "use 'Always' or 'IfNotPresent', or leave it unset"))
    for name, port in c.ports.items():
        if port.port is not None and not is_output(port.port) and port.port != port.container_port:
            errors.append(RadiusValidationError(
                label, f"container.ports.{name}.port", port.port,
                "ECS tasks in awsvpc mode are reached on their container port; there is no port remapping",
                f"remove 'port' or set it to {port.container_port}"))
    for name, volume in c.volumes.items():
        if volume.kind == "ephemeral" and volume.managed_store == "memory":
            errors.append(RadiusValidationError(
                label, f"container.volumes.{name}.managed_store", "memory",
                "Fargate tasks cannot mount tmpfs (linuxParameters.tmpfs is not supported on Fargate)",
                "use managed_store='disk' (the task's ephemeral storage)"))
    errors += ephemeral_errors(label, args)
    errors += recipe_output_errors(label, args, EFS_OUTPUTS, "ecs")
    for field in ("liveness_probe", "readiness_probe"):
        probe = getattr(c, field)
        if probe is not None:
            errors.extend(check_probe(label, f"container.{field}", probe))
    if args.extension("daprSidecar") is not None:
        errors.append(RadiusValidationError(
            label, "extensions.daprSidecar", "daprSidecar", "the ecs kind does not inject a Dapr sidecar",
            "remove the extension for this environment, or run daprd yourself"))
    for entry in plan.entries:
        if entry.secret_ref is not None and isinstance(entry.secret_ref.name, str) \
                and not SECRET_ARN.match(entry.secret_ref.name):
            errors.append(RadiusValidationError(
                label, f"container.env.{entry.name}.value_from.secret_ref.source", entry.secret_ref.name,
                "on ECS a secret referenced by name must be an existing Secrets Manager secret, given by its full "
                "ARN (with the 6-character suffix Secrets Manager adds: IAM grants on a partial ARN match no secret)",
                "give arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters> (its key is a JSON key of the "
                "secret), or use a RedisCache source"))
    for conn in plan.connections:
        for i, role in enumerate(conn.roles):
            kind = classify_role(role)
            where = f"connections.{conn.name}.iam.roles[{i}]"
            if kind is None:
                errors.append(RadiusValidationError(
                    label, where, role, "not an IAM action or managed policy ARN",
                    "give an action like 'elasticache:DescribeReplicationGroups' (scoped to the target's ARN) or a "
                    "policy ARN like 'arn:aws:iam::aws:policy/ReadOnlyAccess'"))
            elif kind == "action" and target_arn(conn.source) is None:
                errors.append(RadiusValidationError(
                    label, where, role, f"{conn.target_type} '{conn.target_name}' has no AWS ARN to scope the action to",
                    "grant actions only on connections to recipe-provisioned AWS resources, or give a managed policy ARN"))
    scaling = args.extension("manualScaling")
    if scaling is not None and scaling.replicas > MAX_TASKS_PER_SERVICE:
        errors.append(RadiusValidationError(
            label, "extensions.manualScaling.replicas", scaling.replicas,
            f"an ECS service runs at most {MAX_TASKS_PER_SERVICE} tasks (the 'Tasks per service' quota, not adjustable)",
            f"give at most {MAX_TASKS_PER_SERVICE} replicas, or split the work over several containers"))
    errors.extend(managed_key_errors(label, args, MANAGED_TAGS, where="AWS tag"))
    errors.extend(_check_runtime(label, args, compute))
    raise_all(errors)


def target_arn(source: Any) -> Any:
    """The ARN a connection's grants are scoped to: a recipe's `arn` output, if any."""
    outputs = getattr(source, "recipe_outputs", None) or {}
    return outputs.get("arn")


# ---------------------------------------------------------------------------------------
# runtimes.ecs punch-through

# Arguments of aws.ecs.TaskDefinition and aws.ecs.Service (pulumi-aws 7) a runtime may set;
# checked so a typo is an error, not an argument the provider rejects at `up`.
TASK_DEFINITION_ARGS = frozenset({
    "cpu", "enable_fault_injection", "ephemeral_storage", "execution_role_arn", "family", "ipc_mode", "memory",
    "network_mode", "pid_mode", "placement_constraints", "proxy_configuration", "requires_compatibilities",
    "runtime_platform", "skip_destroy", "tags", "task_role_arn", "track_latest", "volumes",
})
SERVICE_ARGS = frozenset({
    "alarms", "availability_zone_rebalancing", "capacity_provider_strategies", "deployment_circuit_breaker",
    "deployment_configuration", "deployment_controller", "deployment_maximum_percent",
    "deployment_minimum_healthy_percent", "desired_count", "enable_ecs_managed_tags", "enable_execute_command",
    "force_delete", "force_new_deployment", "health_check_grace_period_seconds", "launch_type", "load_balancers",
    "network_configuration", "ordered_placement_strategies", "placement_constraints", "platform_version",
    "propagate_tags", "scheduling_strategy", "service_connect_configuration", "service_registries",
    "sigint_rollback", "tags", "triggers", "volume_configuration", "vpc_lattice_configurations",
    "wait_for_steady_state",
})
RUNTIME_KEYS = ("task_definition", "service", "container")
# ECS ContainerDefinition members (ECS API model) `runtimes.ecs.container` may set; `name`
# is ours (other resources refer to it), the rest merge over the generated definition.
CONTAINER_FIELDS = frozenset({
    "command", "cpu", "credentialSpecs", "dependsOn", "disableNetworking", "dnsSearchDomains", "dnsServers",
    "dockerLabels", "dockerSecurityOptions", "entryPoint", "environment", "environmentFiles", "essential",
    "extraHosts", "firelensConfiguration", "healthCheck", "hostname", "image", "interactive", "links",
    "linuxParameters", "logConfiguration", "memory", "memoryReservation", "mountPoints", "portMappings",
    "privileged", "pseudoTerminal", "readonlyRootFilesystem", "repositoryCredentials", "resourceRequirements",
    "restartPolicy", "secrets", "startTimeout", "stopTimeout", "systemControls", "ulimits", "user",
    "versionConsistency", "volumesFrom", "workingDirectory",
})


def runtime(args: ContainerArgs) -> dict[str, Any]:
    return dict(args.runtimes.ecs or {})


def is_fargate(args: ContainerArgs) -> bool:
    rt = runtime(args)
    service, td = rt.get("service") or {}, rt.get("task_definition") or {}
    if service.get("launch_type") in ("EC2", "EXTERNAL"):
        return False
    compat = td.get("requires_compatibilities")
    return not (compat is not None and "FARGATE" not in compat)


def _check_runtime_environment(label: str, environment: Any) -> list[RadiusValidationError]:
    """runtimes.ecs.container.environment replaces the generated environment: ECS KeyValuePair
    entries, `{"name": ..., "value": <string>}` (a non-string value fails the provider's JSON
    decoding at `up`). An empty value is accepted and left out, with a warning, like an
    empty container.env value."""
    if environment is None:
        return []
    where = "runtimes.ecs.container.environment"
    fix = 'give a list of {"name": "NAME", "value": "text"} entries'
    if not isinstance(environment, list):
        return [RadiusValidationError(label, where, environment, "must be a list of ECS environment entries", fix)]
    errors = []
    for i, entry in enumerate(environment):
        value = entry.get("value") if isinstance(entry, dict) else None
        if (not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]
                or not (value is None or isinstance(value, str) or is_output(value))):
            errors.append(RadiusValidationError(label, f"{where}[{i}]", entry,
                                                "not an ECS environment entry with a name and a string value", fix))
    return errors


def _get(block: Any, snake: str) -> Any:
    """A runtimes argument given in snake_case or in the provider's camelCase."""
    if not isinstance(block, dict):
        return None
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), snake)
    return block.get(snake, block.get(camel))


def _check_spot_platform(label: str, td: dict[str, Any], service: dict[str, Any]) -> list[RadiusValidationError]:
    """Fargate Spot runs only Linux X86_64 tasks: "Linux tasks with the ARM64 architecture
    don't support the Fargate Spot capacity provider" and neither do Windows containers
    (ECS developer guide, "AWS Fargate capacity providers", considerations). A service whose
    strategy names FARGATE_SPOT for such a task definition never places its Spot share.

    The task's platform comes only from runtimes.ecs.task_definition.runtime_platform (we
    emit LINUX/X86_64), and a service's capacity providers only from
    runtimes.ecs.service.capacity_provider_strategies (we set launch_type FARGATE otherwise,
    so a cluster's default strategy is never used): this is the one place to check.
    """
    platform = _get(td, "runtime_platform") or {}
    arch = _get(platform, "cpu_architecture")
    family = _get(platform, "operating_system_family")
    unsupported = []
    if isinstance(arch, str) and arch.upper() == "ARM64":
        unsupported.append(("runtimes.ecs.task_definition.runtime_platform.cpu_architecture", "ARM64 (Graviton)"))
    if isinstance(family, str) and family.upper() != "LINUX":
        unsupported.append(("runtimes.ecs.task_definition.runtime_platform.operating_system_family", family))
    strategies = _get(service, "capacity_provider_strategies")
    if not unsupported or not isinstance(strategies, list):
        return []
    errors = []
    for i, strategy in enumerate(strategies):
        if _get(strategy, "capacity_provider") != "FARGATE_SPOT":
            continue
        what = " and ".join(f"{value} ({field})" for field, value in unsupported)
        errors.append(RadiusValidationError(
            label, f"runtimes.ecs.service.capacity_provider_strategies[{i}].capacity_provider", "FARGATE_SPOT",
            f"Fargate Spot runs only Linux X86_64 tasks, and this task definition is {what}",
            "use capacity_provider 'FARGATE' for this container, or run it on X86_64 Linux "
            "(remove the runtime_platform override) to use Fargate Spot"))
    return errors


def _check_runtime(label: str, args: ContainerArgs, compute: EcsCompute) -> list[RadiusValidationError]:
    rt = runtime(args)
    errors = []
    for key in rt:
        if key not in RUNTIME_KEYS:
            errors.append(RadiusValidationError(label, f"runtimes.ecs.{key}", rt[key], "not something runtimes.ecs shapes",
                                                f"use {list(RUNTIME_KEYS)}"))
    for key, allowed, what in (("task_definition", TASK_DEFINITION_ARGS, "aws.ecs.TaskDefinition"),
                               ("service", SERVICE_ARGS, "aws.ecs.Service")):
        block = rt.get(key) or {}
        if not isinstance(block, dict):
            errors.append(RadiusValidationError(label, f"runtimes.ecs.{key}", block, "must be a mapping",
                                                f"give {what} arguments in snake_case"))
            continue
        for arg in sorted(block):
            if arg not in allowed:
                errors.append(RadiusValidationError(label, f"runtimes.ecs.{key}.{arg}", block[arg],
                                                    f"not an {what} argument this library lets you set",
                                                    f"use one of {sorted(allowed)} (snake_case)"))
    container = rt.get("container") or {}
    if not isinstance(container, dict):
        errors.append(RadiusValidationError(label, "runtimes.ecs.container", container, "must be a mapping",
                                            "give ECS ContainerDefinition fields in camelCase"))
    else:
        for key in sorted(container):
            if key not in CONTAINER_FIELDS:
                errors.append(RadiusValidationError(label, f"runtimes.ecs.container.{key}", container[key],
                                                    "not an ECS ContainerDefinition field this library lets you set",
                                                    f"use one of {sorted(CONTAINER_FIELDS)} (camelCase)"))
        errors.extend(_check_runtime_environment(label, container.get("environment")))
    if any(not isinstance(rt.get(key) or {}, dict) for key in RUNTIME_KEYS):
        return errors  # a block of the wrong shape is the error; the checks below read mappings
    td = rt.get("task_definition") or {}
    service = rt.get("service") or {}
    if is_fargate(args) and ("cpu" in td or "memory" in td):
        if "cpu" in td and "memory" in td:
            try:
                check_size_override(label, td["cpu"], td["memory"])
            except RadiusValidationError as exc:
                errors.append(exc)
        else:
            errors.append(RadiusValidationError(label, "runtimes.ecs.task_definition", sorted(td),
                                                "a Fargate task size needs cpu and memory together",
                                                "give both, or set container.resources instead"))
    if service.get("launch_type") == "EC2" and "FARGATE" in (td.get("requires_compatibilities") or ["FARGATE"]):
        errors.append(RadiusValidationError(label, "runtimes.ecs.task_definition.requires_compatibilities",
                                            td.get("requires_compatibilities", ["FARGATE"]),
                                            "the EC2 launch type needs a task definition compatible with EC2",
                                            "set requires_compatibilities=['EC2'] next to launch_type='EC2'"))
    if service.get("launch_type") and service.get("capacity_provider_strategies"):
        errors.append(RadiusValidationError(label, "runtimes.ecs.service.launch_type", service["launch_type"],
                                            "ECS takes a launch type or a capacity provider strategy, not both",
                                            "remove one of them"))
    errors.extend(_check_spot_platform(label, td, service))
    for i, lb in enumerate(service.get("load_balancers") or []):
        port = lb.get("container_port") if isinstance(lb, dict) else None
        udp = [n for n, p in args.container.ports.items() if p.protocol == "UDP" and p.container_port == port]
        if udp:
            errors.append(RadiusValidationError(
                label, f"runtimes.ecs.service.load_balancers[{i}].container_port", port,
                f"port '{udp[0]}' is UDP: an Application Load Balancer cannot forward UDP, and this library cannot "
                "tell which kind of target group the entry names",
                "load-balance a TCP port; put UDP behind a Network Load Balancer you attach with a Pulumi transform"))
    return errors


def runtime_block_errors(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    """The errors of `runtimes.ecs` whatever kind deploys (radius_components.runtime_blocks);
    none of its checks depends on the environment's settings."""
    return list(_check_runtime(label, args, EcsCompute(vpc_id="check", subnet_ids=["check"])))


# -- a rad.Gateway's runtimes.ecs numbers ---------------------------------------------------------

# An ALB's idle timeout: "1-4000 seconds" (Elastic Load Balancing, Application Load Balancers,
# "Connection idle timeout"); a target group's health check: interval 5-300 s, timeout 2-120 s,
# healthy and unhealthy thresholds 2-10 (ELB API, CreateTargetGroup / HealthCheck*), and the
# timeout must be shorter than the interval.
ALB_IDLE_TIMEOUT = (1, 4000)
TARGET_HEALTH_RANGES = {"interval": (5, 300), "timeout": (2, 120), "healthy_threshold": (2, 10),
                        "unhealthy_threshold": (2, 10)}
TARGET_HEALTH_KEYS = frozenset(TARGET_HEALTH_RANGES) | {"enabled", "matcher", "path", "port", "protocol"}


def _whole_number_error(label: str, where: str, value: Any, low: int, high: int) -> Optional[RadiusValidationError]:
    if isinstance(value, bool) or not isinstance(value, int):
        return RadiusValidationError(label, where, value, "not a whole number", f"give a number from {low} to {high}")
    if not low <= value <= high:
        return RadiusValidationError(label, where, value, f"outside {low}-{high}", f"give a number from {low} to {high}")
    return None


def gateway_runtime_errors(label: str, rt: dict[str, Any]) -> list[RadiusValidationError]:
    """The numbers of a Gateway's `runtimes.ecs`: the ALB's idle timeout and its target groups'
    health check (each within the ELB API's bounds), refused before anything registers."""
    errors: list[RadiusValidationError] = []
    if rt.get("idle_timeout") is not None:
        error = _whole_number_error(label, "runtimes.ecs.idle_timeout", rt["idle_timeout"], *ALB_IDLE_TIMEOUT)
        errors += [error] if error else []
    health = rt.get("health_check")
    if health is None:
        return errors
    if not isinstance(health, dict):
        return errors + [RadiusValidationError(label, "runtimes.ecs.health_check", health, "must be a mapping",
                                               f"give target group health check fields: {sorted(TARGET_HEALTH_KEYS)}")]
    for key in sorted(set(health) - TARGET_HEALTH_KEYS):
        errors.append(RadiusValidationError(label, f"runtimes.ecs.health_check.{key}", health[key],
                                            "not a target group health check field",
                                            f"use one of {sorted(TARGET_HEALTH_KEYS)} (snake_case)"))
    for key, (low, high) in TARGET_HEALTH_RANGES.items():
        if health.get(key) is not None:
            error = _whole_number_error(label, f"runtimes.ecs.health_check.{key}", health[key], low, high)
            errors += [error] if error else []
    interval, timeout = health.get("interval", 30), health.get("timeout", 5)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in (interval, timeout)) and timeout >= interval:
        errors.append(RadiusValidationError(label, "runtimes.ecs.health_check.timeout", timeout,
                                            f"not shorter than the interval ({interval}s)",
                                            "give a timeout shorter than the interval"))
    return errors
