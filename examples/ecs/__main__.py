"""A two-tier application on AWS ECS Fargate, with the ECS punch-through.

- `api`: Radius's demo app, 0.5 vCPU / 1 GiB, two tasks, mostly on Fargate Spot with one
  on-demand task (`runtimes.ecs.service`), Redis from the environment's ElastiCache recipe
  (Valkey, TLS + AUTH token; the secrets reach the task from Secrets Manager). Its task role
  may describe exactly that replication group (`iam.roles`), nothing else.
- `web`: a front end on Graviton (ARM64, `runtimes.ecs.task_definition`), on regular Fargate:
  Fargate Spot runs only X86_64 Linux tasks, so ARM64 and Spot are never combined (the
  library rejects that). It connects to `api`, so api's security group admits web's tasks on
  port 3000 and nothing else. It runs one to four tasks, scaled on their average CPU
  (`autoScaling`: Application Auto Scaling target tracking). Other containers reach each other by Cloud Map DNS
  (`<app>-<container>.<namespace>`).

`pulumi up` returns once every service's tasks are running and healthy (it fails if they
never get there); set `runtimes.ecs.service.wait_for_steady_state` to False to not wait.

Nothing here is public: tasks run in the given private subnets without public IPs. Put an
ALB in front of `web` with `runtimes.ecs.service.load_balancers` if you need one.
"""

import pulumi

import radius_components as rad

config = pulumi.Config()
env = rad.Environment(
    "aws",
    compute=rad.EcsCompute(
        region=config.get("awsRegion") or "eu-west-1",
        vpc_id=config.require("vpcId"),
        subnet_ids=config.require_object("subnetIds"),
        container_insights="enabled",
        log_retention_days=14,
    ),
    protect_stateful=config.get_bool("protectStateful") is not False,
)
app = rad.Application("shop", environment=env)
cache = rad.RedisCache("cache", application=app, recipe={"parameters": {"engine": "valkey", "node_type": "cache.t4g.small"}})

api = rad.Container(
    "api",
    application=app,
    container={
        # Radius's demo app: it reads CONNECTION_REDIS_URL (a `rediss://` URL with the AUTH token).
        "image": config.get("apiImage") or "ghcr.io/radius-project/samples/demo:latest",
        "ports": {"http": {"container_port": 3000}},
        "readiness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"},
        "resources": {"requests": {"cpu": "0.5", "memory": "1Gi"}},
    },
    connections={"redis": {"source": cache, "iam": {"roles": ["elasticache:DescribeReplicationGroups"]}}},
    extensions=[{"kind": "manualScaling", "replicas": 2}],
    runtimes={"ecs": {
        # Spot for most tasks, one on-demand (Fargate Spot runs X86_64 tasks only: the default).
        "service": {"capacity_provider_strategies": [{"capacity_provider": "FARGATE_SPOT", "weight": 3},
                                                     {"capacity_provider": "FARGATE", "weight": 1, "base": 1}]},
    }},
)

web = rad.Container(
    "web",
    application=app,
    container={
        "image": config.get("webImage") or "public.ecr.aws/nginx/nginx:stable",
        "ports": {"web": {"container_port": 80}},
        # nginx images ship curl: ECS runs the health check inside the container.
        "liveness_probe": {"kind": "httpGet", "container_port": 80, "path": "/", "initial_delay_seconds": 10},
    },
    # CONNECTION_API_URL = http://shop-api.aws.internal:3000 (Cloud Map DNS).
    connections={"api": {"source": api}},
    # One to four tasks, holding their average CPU near 60% (Application Auto Scaling target
    # tracking; the service leaves its desired count to it).
    extensions=[{"kind": "autoScaling", "min_replicas": 1, "max_replicas": 4,
                 "metrics": [{"kind": "cpu", "target": {"average_utilization": 60}}]}],
    # The nginx image is multi-arch; Graviton is cheaper. On-demand Fargate (no Spot on ARM64).
    runtimes={"ecs": {"task_definition": {"runtime_platform": {"operating_system_family": "LINUX",
                                                               "cpu_architecture": "ARM64"}}}},
)

pulumi.export("cluster_arn", env.cluster_arn)
pulumi.export("namespace", app.namespace)
pulumi.export("api_url", api.internal_url)
pulumi.export("web_url", web.internal_url)
pulumi.export("api_task_role_arn", api.task_role_arn)
pulumi.export("redis_arn", cache.recipe_outputs["arn"])
pulumi.export("graph", app.graph)
pulumi.export("graph_text", app.graph_text)
# For a PR comment or a README: GitHub renders it in a ```mermaid block.
pulumi.export("graph_mermaid", app.graph_mermaid)
