"""ECS container definitions and IAM policy documents, as plain data (no resources).

Values may be Pulumi Outputs at the leaves (an image, a secret ARN); `to_json` resolves
them into one JSON string with sorted keys, so the same program always gives the same
bytes. Container definitions are a fixed point of what ECS does to them on
RegisterTaskDefinition: they spell out the defaults AWS fills in (essential, hostPort,
protocol, health check interval/timeout/retries, empty lists, versionConsistency), and
leave out what ECS drops (environment entries with an empty value) or is not documented to
echo back (a zero health check startPeriod), so what DescribeTaskDefinition returns equals
what we send and a second `pulumi up` neither registers a new revision nor rolls the tasks
(tests/ecs/test_ecs_redeploy.py models both sides).
"""

from __future__ import annotations

import json
import shlex
from typing import Any, Callable, Mapping, Optional

import pulumi

from ...connections import EnvPlan
from ...model import ContainerArgs, Probe
from ...model.base import is_output
from .names import EcsNames

POLICY_VERSION = "2012-10-17"
SECRETS_REVISION_LABEL = "radapp.io/secrets-revision"

# Actions that support no resource-level scoping, so a statement with them must use
# "Resource": "*". Nothing else in this platform is granted on "*".
UNSCOPED_ACTIONS = {
    # ECR's registry login token is account-wide; the API has no resource to scope it to
    # (ECR "Actions, resources, and condition keys": GetAuthorizationToken has no resource
    # type). The image layers themselves are pulled with actions scoped to the repository.
    "ecr:GetAuthorizationToken": "ECR login token: the action has no resource type",
}

# ECS HealthCheck defaults (API reference): what AWS stores when a field is left out. The
# provider's container definition comparison (terraform-provider-aws
# internal/service/ecs/container_definitions.go, containerDefinitionsAreEquivalent) fills in
# exactly interval, retries and timeout; startPeriod ("off by default") is not filled in,
# so it is sent only when it is set (see `health_check`).
HEALTH_DEFAULTS = {"interval": 30, "timeout": 5, "retries": 3}


def to_json(value: Any) -> pulumi.Output:
    """One JSON string (sorted keys) from a structure with Outputs at its leaves."""
    return pulumi.Output.from_input(value).apply(lambda v: json.dumps(v, sort_keys=True, separators=(",", ":")))


# ---------------------------------------------------------------------------------------
# Health check


def _http_check(p: Probe, https: bool, port: Any) -> str:
    scheme = "https" if https else "http"
    url = shlex.quote(f"{scheme}://localhost:{port}{p.path or '/'}")
    headers = [f"{k}: {p.headers[k]}" for k in sorted(p.headers)]
    curl = ["curl", "-fsS", "-o", "/dev/null"] + (["-k"] if https else [])
    wget = ["wget", "-q", "-O", "/dev/null"] + (["--no-check-certificate"] if https else [])
    for h in headers:
        curl += ["-H", shlex.quote(h)]
        wget += [shlex.quote(f"--header={h}")]
    # Whichever of curl and wget the image has (busybox images have wget); the image must
    # have one of them: ECS runs the check inside the container.
    return f"{' '.join(curl)} {url} || {' '.join(wget)} {url} || exit 1"


def health_check(p: Probe, https_ports: set[Any]) -> dict[str, Any]:
    if p.kind == "httpGet":
        https = p.container_port in https_ports
        command: Any
        if is_output(p.container_port):
            command = p.container_port.apply(lambda port: ["CMD-SHELL", _http_check(p, https, port)])
        else:
            command = ["CMD-SHELL", _http_check(p, https, p.container_port)]
    else:  # exec (tcp is rejected by validate.check_probe)
        command = ["CMD", *(p.command or [])]
    check = {
        "command": command,
        "interval": p.period_seconds or HEALTH_DEFAULTS["interval"],
        "timeout": p.timeout_seconds or HEALTH_DEFAULTS["timeout"],
        "retries": p.failure_threshold or HEALTH_DEFAULTS["retries"],
    }
    # No grace period is the absence of startPeriod: an explicit 0 is not documented to be
    # kept by DescribeTaskDefinition, and the provider does not treat 0 and "absent" alike.
    if p.initial_delay_seconds:
        check["startPeriod"] = p.initial_delay_seconds
    return check


def chosen_probe(args: ContainerArgs) -> Optional[Probe]:
    """ECS has one health check per container: the liveness probe, else the readiness probe."""
    c = args.container
    return c.liveness_probe or c.readiness_probe


# ---------------------------------------------------------------------------------------
# The container definition


def container_definition(
    args: ContainerArgs,
    plan: EnvPlan,
    names: EcsNames,
    cpu: int,
    memory: int,
    region: Any,
    secret_value_from: Mapping[str, Any],
    labels: Mapping[str, Any],
) -> dict[str, Any]:
    c = args.container
    definition: dict[str, Any] = {
        "name": names.container,
        "image": c.image,
        "essential": True,
        "cpu": cpu,
        "memory": memory,
        "versionConsistency": "enabled",
        "environment": [{"name": e.name, "value": e.value} for e in plan.plain],
        "secrets": [{"name": name, "valueFrom": secret_value_from[name]} for name in sorted(secret_value_from)],
        "portMappings": [
            # awsvpc: hostPort is the container port (AWS fills it in; we spell it out).
            {"containerPort": p.container_port, "hostPort": p.container_port, "protocol": p.protocol.lower()}
            for p in c.ports.values()
        ],
        "mountPoints": [
            {"sourceVolume": names.volumes[n], "containerPath": v.mount_path,
             "readOnly": v.kind == "persistent" and v.permission == "read"}
            for n, v in c.volumes.items()
        ],
        "volumesFrom": [],
        "systemControls": [],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": names.log_group,
                "awslogs-region": region,
                "awslogs-stream-prefix": names.container,
            },
        },
        "dockerLabels": {k: labels[k] for k in sorted(labels)},
    }
    # Radius/Kubernetes `command` replaces the image ENTRYPOINT, `args` its CMD: the same
    # split as ECS entryPoint/command.
    if c.command is not None:
        definition["entryPoint"] = list(c.command)
    if c.args is not None:
        definition["command"] = list(c.args)
    if c.working_dir:
        definition["workingDirectory"] = c.working_dir
    probe = chosen_probe(args)
    if probe is not None:
        https = {p.container_port for p in c.ports.values() if p.scheme == "https"}
        definition["healthCheck"] = health_check(probe, https)
    return definition


def is_empty_env_value(value: Any) -> bool:
    return value is None or value == ""


def without_empty_values(environment: Any, on_dropped: Callable[[list[str]], None]) -> pulumi.Output:
    """The container's `environment`, without the entries ECS would drop.

    ECS does not store an environment entry whose value is empty (or missing):
    DescribeTaskDefinition returns the definition without it, and the task never gets the
    variable. The provider compares what it sent with what ECS returns and does not drop
    them (terraform-provider-aws#39533, pulumi-aws#4576; ECS's behaviour:
    aws-actions/amazon-ecs-deploy-task-definition#216), so every `pulumi up` would register
    a new task definition revision and roll every task. Values may be Outputs: they are
    checked once resolved; `on_dropped` gets the names that were left out.
    """

    def drop(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = [e for e in entries if not is_empty_env_value(e.get("value"))]
        dropped = [e.get("name") for e in entries if is_empty_env_value(e.get("value"))]
        if dropped:
            on_dropped(dropped)
        return kept

    return pulumi.Output.from_input(environment).apply(drop)


def merge(base: Any, patch: Any) -> Any:
    """`patch` over `base`: mappings merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = merge(base.get(key), value) if key in base else value
        return out
    return patch


# ---------------------------------------------------------------------------------------
# IAM


def assume_role_policy() -> str:
    return json.dumps({
        "Version": POLICY_VERSION,
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }, sort_keys=True, separators=(",", ":"))


def execution_policy(log_group_arn: str, secret_arns: list[str], ecr: Optional[tuple[str, str, str, str]]) -> dict[str, Any]:
    """What the ECS agent needs to start this task: write its logs, read exactly its secrets,
    and pull its image when that lives in private ECR. Takes resolved values."""
    statements: list[dict[str, Any]] = [{
        "Sid": "WriteLogs", "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        # The log group and its streams (`log-group:<name>:*`); stream names are ECS's.
        "Resource": [f"{log_group_arn}:*"],
    }]
    if secret_arns:
        statements.append({"Sid": "ReadSecrets", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
                           "Resource": sorted(secret_arns)})
    if ecr is not None:
        partition, region, account, repository = ecr
        statements.append({
            "Sid": "PullImage", "Effect": "Allow",
            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Resource": [f"arn:{partition}:ecr:{region}:{account}:repository/{repository}"],
        })
        statements.append({"Sid": "EcrLogin", "Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"],
                           "Resource": "*"})
    return {"Version": POLICY_VERSION, "Statement": statements}


def task_policy(grants: list[tuple[str, list[str], Any]]) -> dict[str, Any]:
    """One statement per connection: (sid, actions, target ARN)."""
    return {"Version": POLICY_VERSION, "Statement": [
        {"Sid": sid, "Effect": "Allow", "Action": sorted(set(actions)), "Resource": [arn]}
        for sid, actions, arn in grants
    ]}
