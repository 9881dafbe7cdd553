"""The `ecs` kind's compute model: `Environment(compute=EcsCompute(...))`. Pure pydantic."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ...model.base import RadiusModel


class EcsCompute(RadiusModel):
    """An environment on AWS ECS with Fargate: a cluster, a Cloud Map namespace, a service per container."""

    kind: Literal["ecs"] = "ecs"
    """The compute kind; set by the class, given only in the dict spelling."""
    region: Optional[str] = None
    """An explicit AWS provider for this region; without it the ambient AWS configuration
    (AWS_REGION, the stack's aws:region) decides."""
    vpc_id: str
    """The VPC the tasks, the Cloud Map namespace and recipe resources (ElastiCache) live in."""
    subnet_ids: list[str] = Field(min_length=1)
    """Subnets of that VPC for the tasks' ENIs and ElastiCache's subnet group; private ones
    (with a NAT gateway or VPC endpoints, so Fargate can pull images and read secrets)."""
    public_subnet_ids: Optional[list[str]] = None
    """Public subnets of that VPC (a route to an internet gateway), in two or more Availability
    Zones covering the tasks' ones: where an internet-facing Gateway's load balancer goes. None:
    found from the VPC's route tables when a public Gateway is deployed."""
    cluster_arn: Optional[str] = None
    """An existing ECS cluster to deploy into, by ARN; None creates one named after the
    environment (`cluster_name` overrides that name)."""
    cluster_name: Optional[str] = None
    """The name of a created cluster; default: the environment name."""
    container_insights: Literal["enabled", "enhanced", "disabled"] = "enabled"
    """CloudWatch Container Insights on a cluster this environment creates."""
    capacity_providers: list[str] = Field(default_factory=list)
    """Capacity providers associated with a created cluster besides FARGATE and FARGATE_SPOT
    (the name of your EC2 Auto Scaling capacity provider, for the EC2 launch type)."""
    service_discovery_namespace: Optional[str] = None
    """The Cloud Map private DNS namespace containers are registered in; default
    `<environment>.internal`. A container is reached at `<app>-<container>.<namespace>`."""
    assign_public_ip: bool = False
    """Give tasks a public IP (only for public subnets without NAT); off by default."""
    log_retention_days: int = 30
    """Days CloudWatch keeps each container's logs; one of the values CloudWatch Logs accepts."""
    allow_all_egress: bool = False
    """False: tasks may send only HTTPS (image pulls, AWS APIs) plus what their connections
    need. True: any outbound traffic."""
