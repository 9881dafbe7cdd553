"""The `ecs` kind declares itself: everything the rest of the library reads about it.

Imports no AWS SDK (the platform, `platform.py`, is named, loaded when an Environment of this
kind is created). Registered through the entry point group `radius_components.platforms`
(pyproject.toml), like a third-party kind.
"""

from __future__ import annotations

from ...declarations import KindDeclaration, OutputDeclaration
from .model import EcsCompute


def sample_compute() -> EcsCompute:
    """A minimal valid compute: what another kind's Environment becomes when `check` runs a
    program on this kind."""
    return EcsCompute(region="us-east-2", vpc_id="vpc-0123456789abcdef0",
                      subnet_ids=["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"])


# What this kind does with each portable field (capabilities.ROWS, by key).
CAPABILITIES = {
    "image": "mapped",
    "image_pull_policy": "`Never` rejected, else ignored",
    "command_args": "mapped (`entryPoint`, `command`)",
    "working_dir": "mapped",
    "env": "mapped (Secrets Manager)",
    "secret_ref_string": "a Secrets Manager ARN",
    "ports_one": "mapped",
    "ports_many": "mapped",
    "ports_none": "mapped (no Cloud Map service)",
    "ports_udp": "mapped",
    "ports_scheme": "in the URL",
    "ports_port": "rejected",
    "readiness_probe": "the health check (httpGet, exec; tcp rejected), with a liveness probe only the "
                       "gateway's (with a warning); a gateway's target group check (httpGet)",
    "liveness_probe": "the health check (httpGet, exec; tcp rejected)",
    "resources": "mapped (pairs Fargate offers)",
    "volumes_disk": "mapped",
    "volumes_memory": "rejected",
    "volumes_persistent": "an EFS file system via its access point (TLS, IAM: ClientMount/ClientWrite)",
    "connections": "mapped (+ security group rules)",
    "iam_roles": "IAM actions or policy ARNs",
    "manual_scaling": "mapped",
    "auto_scaling": "Application Auto Scaling target tracking (`ECSServiceAverageCPUUtilization` / `...MemoryUtilization`); the service ignores `desired_count` drift",
    "auto_scaling_requests": "`ALBRequestCountPerTarget` per Gateway target group, target concurrent_requests × 60 per minute (one second per request assumed); without a Gateway route rejected",
    "auto_scaling_keda": "rejected",
    "metadata_labels": "mapped (tags)",
    "metadata_annotations": "ignored",
    "dapr_sidecar": "rejected",
    "restart_policy": "rejected",
}

OUTPUTS = (
    OutputDeclaration("cluster_arn", "The ECS cluster.", "Environment"),
    OutputDeclaration("cluster_name", "The ECS cluster's name.", "Environment"),
    OutputDeclaration("namespace", "The Cloud Map namespace containers are registered in.", "Environment"),
    OutputDeclaration("namespace_id", "That namespace's ID.", "Environment"),
    OutputDeclaration("region", "The AWS region.", "Environment"),
    OutputDeclaration("vpc_id", "The VPC the tasks run in.", "Environment"),
    OutputDeclaration("namespace", "The Cloud Map namespace its containers are registered in.", "Application"),
    OutputDeclaration("cluster_arn", "The ECS cluster.", "Application"),
    OutputDeclaration("service_name", "Its ECS service.", "Container"),
    OutputDeclaration("cluster_arn", "The ECS cluster it runs in.", "Container"),
    OutputDeclaration("task_definition_arn", "Its task definition.", "Container"),
    OutputDeclaration("task_role_arn", "Its task role (the identity its grants go to).", "Container"),
    OutputDeclaration("execution_role_arn", "Its task execution role.", "Container"),
    OutputDeclaration("security_group_id", "Its security group.", "Container"),
    OutputDeclaration("log_group_name", "Its CloudWatch log group.", "Container"),
    OutputDeclaration("discovery_service_arn", "Its Cloud Map service (None without ports).", "Container"),
    OutputDeclaration("load_balancer_arn", "The Application Load Balancer.", "Gateway"),
    OutputDeclaration("load_balancer_dns_name", "The load balancer's DNS name.", "Gateway"),
    OutputDeclaration("load_balancer_zone_id", "The load balancer's hosted zone (for an alias record).", "Gateway"),
    OutputDeclaration("security_group_id", "The load balancer's security group.", "Gateway"),
)

KIND = KindDeclaration(
    name="ecs",
    title="AWS ECS on Fargate",
    docs="kinds/ecs.md",
    platform="radius_components.platforms.ecs.platform:EcsPlatform",
    compute_model=EcsCompute,
    sample_compute=sample_compute,
    extra="aws",
    runtime_checks="radius_components.platforms.ecs.validate:runtime_block_errors",
    capabilities=CAPABILITIES,
    rejects=frozenset({"ports_port", "volumes_memory", "dapr_sidecar", "restart_policy", "auto_scaling_keda",
                       "auto_scaling_requests"}),
    claims="Cloud Map service (the DNS name other tasks reach it by)",
    secret_store="radius_components.platforms.ecs.secret_store",
    gateway=True,
    recipes={"RedisCache": "radius_components.recipes.aws.redis:redis_recipe",
             "SqlDatabase": "radius_components.recipes.aws.postgres:postgres_recipe",
             "Volume": "radius_components.recipes.aws.volume:volume_recipe"},
    outputs=OUTPUTS,
    order=40,
    mocks="radius_components.platforms.ecs.mocks",
)
