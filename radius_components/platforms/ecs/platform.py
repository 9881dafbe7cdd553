"""The `ecs` compute kind's Platform class (the kind is described in this package's docstring)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Mapping, Optional

import pulumi
import pulumi_aws as aws

from ...connections import EnvPlan, url_source_values
from ...errors import RadiusValidationError, raise_all
from ...model import ContainerArgs
from ...names import dns_label
from ...resources.volume.mounts import persistent_volumes
from . import volumes
from .. import Endpoint, Platform, Workload
from .model import EcsCompute
from ...routing import route_targets
from . import autoscaling, secret_store, sizing, taskdef, validate
from .names import (EcsNames, container_names, default_namespace, describe, ecs_name, ecs_part,
                    regional_iam_role_name)

if TYPE_CHECKING:  # pragma: no cover
    from ...application import Application
    from ...container import Container

MANAGED_BY = "radius-components"
HTTPS = 443
NFS_PORT = 2049  # EFS mount targets serve NFS here
CLOUD_MAP_FAILURE_THRESHOLD = 1  # the only value AWS keeps (see the discovery service)


class DeploymentRolledBack(RuntimeError):
    """An ECS service reached its steady state on an older task definition than ours."""


def fail_if_rolled_back(label: str, names: EcsNames, service: aws.ecs.Service,
                        task_definition: aws.ecs.TaskDefinition) -> None:
    """Fail the `up` when the circuit breaker rolled the new deployment back.

    Waiting for a steady state is not enough on an update: when the new tasks keep failing,
    the deployment circuit breaker rolls back to the previous revision, the service is
    steady again on it, and the provider reports success (terraform-provider-aws#20858,
    #19519; terraform-aws-modules/terraform-aws-ecs#325 checks the same thing). After the
    wait the provider reads the service back, so its `task_definition` is the revision that
    really runs: another ARN than the one just registered means the deployment failed. The
    next `up` sees that difference and deploys the new revision again. (An Output whose
    apply raises fails the program: the runtime awaits every outstanding output.)
    """

    def check(arns: list[Any]) -> None:
        running, registered = arns
        if running and registered and running != registered:
            raise DeploymentRolledBack(
                f"{label}: ECS service '{names.service}' did not reach a steady state on task definition {registered}: "
                f"its tasks kept failing and the deployment circuit breaker rolled it back to {running}. "
                f"Fix: see the service's events and the stopped tasks' reasons, and the log group {names.log_group}; "
                "the next `pulumi up` deploys the new revision again")

    pulumi.Output.all(service.task_definition, task_definition.arn).apply(check)


def _sid(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text.title()) or "Connection"


class EcsPlatform(Platform):
    kind = "ecs"
    compute_model = EcsCompute
    compute: EcsCompute

    def __init__(self, environment: Any, compute: EcsCompute):
        super().__init__(environment, compute)
        self.namespace_name = compute.service_discovery_namespace or default_namespace(environment.resource_name)
        self.provider: Optional[aws.Provider] = None
        self.cluster: Optional[aws.ecs.Cluster] = None
        self.capacity: Optional[aws.ecs.ClusterCapacityProviders] = None
        self.namespace: Optional[aws.servicediscovery.PrivateDnsNamespace] = None
        self.cluster_arn: Any = compute.cluster_arn
        self.cluster_name: Any = None
        self.region: Any = compute.region

    # -- validation ---------------------------------------------------------------------
    @staticmethod
    def manual_volume_problem() -> Optional[tuple[str, str]]:
        """An existing EFS file system cannot be named by `Volume(resource=...)` alone: a task
        mounts it through an access point, with grants and an NFS rule on its security group."""
        return ("a task mounts EFS through an access point and its mount targets' security group, which "
                "Volume(resource=...) cannot carry",
                "give the environment a Volume recipe of your own that returns the file system (resource) and "
                "outputs arn, file_system_id, access_point_id, access_point_arn and security_group_id")

    def validate_environment(self, label: str) -> None:
        ecs_part(label, "name", self.environment.resource_name)
        validate.check_environment(label, self.compute, self.environment.resource_name)

    def validate_application(self, label: str, app_name: str) -> None:
        part = dns_label(ecs_part(label, "name", app_name))
        if part is None or not part[0].isalpha():
            raise RadiusValidationError(label, "name", app_name, "Cloud Map DNS names built from it would not start with a letter",
                                        "use a name that starts with a letter")

    def validate_container(self, label: str, app: "Application", name: str, args: ContainerArgs, plan: EnvPlan) -> None:
        self.names(app, name, args, label)
        validate.check_container(label, args, plan, self.compute)
        self._size(label, args)
        # A gRPC port routed through a gateway without TLS (gateways declared so far).
        from .gateway import routed_port_errors

        raise_all(routed_port_errors(label, app, name, args))
        raise_all(autoscaling.check(label, app, name, args, validate.MAX_TASKS_PER_SERVICE))
        if args.extension("autoScaling") is not None:
            from ...program import Program

            Program.current().add_rule(lambda _: autoscaling.route_errors(label, app, name, args))

    def _size(self, label: str, args: ContainerArgs) -> tuple[int, int, int]:
        """(task cpu units, task memory MiB, container memory MiB)."""
        td = validate.runtime(args).get("task_definition") or {}
        if "cpu" in td and "memory" in td:
            cpu, memory = int(td["cpu"]), int(td["memory"])
        else:
            cpu, memory = sizing.task_size(label, args, validate.is_fargate(args))
        limit = args.container.resources.limits.memory
        container_memory = memory
        if limit is not None:
            limit_mib = sizing.parse_memory_mib(limit)
            if limit_mib is None or limit_mib > memory:
                raise RadiusValidationError(label, "container.resources.limits.memory", limit,
                                            f"more than the task's {memory} MiB",
                                            f"give at most {memory}Mi, or request more memory")
            container_memory = limit_mib
        return cpu, memory, container_memory

    # -- environment --------------------------------------------------------------------
    def provision_environment(self, parent: pulumi.ComponentResource) -> Mapping[str, Any]:
        env = self.environment.resource_name
        c = self.compute
        if c.region:
            self.provider = aws.Provider(f"{env}-aws", region=c.region, opts=pulumi.ResourceOptions(parent=parent))
        opts = pulumi.ResourceOptions(parent=parent, provider=self.provider)
        tags = {"app.kubernetes.io/managed-by": MANAGED_BY, "radapp.io/environment": env}
        if c.cluster_arn is None:
            name = c.cluster_name or ecs_name(ecs_part(f"Environment '{env}'", "name", env))
            self.cluster = aws.ecs.Cluster(
                f"{env}-cluster", name=name,
                settings=[{"name": "containerInsights", "value": c.container_insights}],
                tags=tags, opts=opts)
            # FARGATE_SPOT must be associated with the cluster before a service's capacity
            # provider strategy can use it; EC2 capacity providers are the user's own.
            self.capacity = aws.ecs.ClusterCapacityProviders(
                f"{env}-capacity-providers", cluster_name=self.cluster.name,
                capacity_providers=["FARGATE", "FARGATE_SPOT", *sorted(c.capacity_providers)],
                default_capacity_provider_strategies=[{"capacity_provider": "FARGATE", "base": 0, "weight": 1}],
                opts=opts)
            self.cluster_arn = self.cluster.arn
            cluster_name: Any = self.cluster.name
        else:
            cluster_name = validate.cluster_name_of(c.cluster_arn)
        self.cluster_name = cluster_name
        self._require_vpc_dns(parent)
        self.namespace = aws.servicediscovery.PrivateDnsNamespace(
            f"{env}-namespace", name=self.namespace_name, vpc=c.vpc_id,
            description=f"Service discovery for radius environment {env}", tags=tags, opts=opts)
        if self.region is None:
            self.region = aws.get_region_output(opts=pulumi.InvokeOptions(parent=parent)).region
        return {"cluster_arn": self.cluster_arn, "cluster_name": cluster_name, "namespace": self.namespace_name,
                "namespace_id": self.namespace.id, "region": self.region, "vpc_id": c.vpc_id}

    def _iam_name(self, base: str, role: str) -> Any:
        """Role `role` of `base`, scoped to the environment's region: IAM names are account-wide
        (names.regional_iam_role_name)."""
        return pulumi.Output.from_input(self.region).apply(lambda region: regional_iam_role_name(base, region, role))

    def _require_vpc_dns(self, parent: pulumi.ComponentResource) -> None:
        """Fail the preview when the VPC cannot resolve the Cloud Map names (validate.vpc_dns_error).

        The VPC is read with ec2:DescribeVpcs (aws.ec2.getVpc); an Output whose apply raises
        fails the program, at preview as at update, since the runtime awaits every
        outstanding output.
        """
        label = f"Environment '{self.environment.resource_name}'"
        vpc_id = self.compute.vpc_id
        vpc = aws.ec2.get_vpc_output(id=vpc_id, opts=pulumi.InvokeOutputOptions(parent=parent, provider=self.provider))

        def check(values: list[Any]) -> None:
            error = validate.vpc_dns_error(label, vpc_id, values[0], values[1])
            if error is not None:
                raise error

        pulumi.Output.all(vpc.enable_dns_support, vpc.enable_dns_hostnames).apply(check)

    def child_options(self, parent: pulumi.Resource, **kwargs: Any) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=parent, provider=self.provider, **kwargs)

    def application_outputs(self, app: "Application") -> Mapping[str, Any]:
        # `namespace` is the Cloud Map namespace, the ECS counterpart of the Kubernetes one.
        return {"namespace": self.namespace_name, "cluster_arn": self.cluster_arn}

    # -- containers ---------------------------------------------------------------------
    def names(self, app: "Application", name: str, args: ContainerArgs, label: Optional[str] = None) -> EcsNames:
        return container_names(label or f"Container '{name}'", self.environment.resource_name,
                                      self.namespace_name, app.resource_name, name, args)

    def container_endpoint(self, app: "Application", name: str, args: ContainerArgs) -> Optional[Endpoint]:
        if not args.container.ports:
            return None
        names = self.names(app, name, args)
        first = next(iter(args.container.ports.values()))
        # Cloud Map A records point at each task's ENI: callers use the container port.
        return Endpoint(scheme=first.scheme or "http", hostname=names.hostname, port=first.container_port)

    def tags(self, app: str, name: str, args: ContainerArgs) -> dict[str, str]:
        meta = args.extension("kubernetesMetadata")
        tags = dict(meta.labels) if meta else {}
        tags.update({"app.kubernetes.io/managed-by": MANAGED_BY, "radapp.io/application": app,
                     "radapp.io/environment": self.environment.resource_name, "radapp.io/resource": name})
        return {k: tags[k] for k in sorted(tags)}

    def deploy_container(self, container: "Container", args: ContainerArgs, plan: EnvPlan) -> Workload:
        name = container.resource_name
        app = container.application.resource_name
        label = f"Container '{name}'"
        names = self.names(container.application, name, args)
        c = self.compute
        opts = self.child_options(container)
        tags = self.tags(app, name, args)
        rt = validate.runtime(args)
        cpu, memory, container_memory = self._size(label, args)
        resources: list[pulumi.Resource] = []

        if args.container.liveness_probe is not None and args.container.readiness_probe is not None:
            pulumi.log.warn(f"{label}: ECS runs one health check per container; the liveness probe becomes it and "
                            "container.readiness_probe is not used on the ecs kind except by a gateway's target group "
                            "health check", resource=container)

        log_group = aws.cloudwatch.LogGroup(f"{name}-logs", name=names.log_group,
                                            retention_in_days=c.log_retention_days, tags=tags, opts=opts)
        sg = aws.ec2.SecurityGroup(f"{name}-sg", name=names.security_group, vpc_id=c.vpc_id,
                                   description=describe(f"Radius container {app}/{name}. Ingress only from connecting containers"),
                                   revoke_rules_on_delete=True, tags=tags, opts=opts)
        resources += [log_group, sg]
        # The provider removes a new security group's default allow-all egress rule, so
        # until these rules exist the task cannot pull its image or reach its connections.
        network_rules = self._network_rules(name, args, plan, sg, opts)
        resources += network_rules
        # Gateways routing here: target group registration and the ALB-only opening.
        from .gateway import attach, gateway_grace_period

        targets = route_targets(container.application, name)
        gateway_rules, load_balancers, gateway_waits = attach(name, names.container, targets, sg.id, opts)
        resources += gateway_rules

        # -- secrets: one Secrets Manager secret (a JSON object) per container ---------------
        value_from: dict[str, Any] = {}
        secret_arns: list[Any] = []
        labels: dict[str, Any] = {"radapp.io/application": app, "radapp.io/resource": name}
        if plan.secrets:
            secret = aws.secretsmanager.Secret(
                f"{name}-secrets", name=names.secret, description=f"Connection secrets of radius container {app}/{name}",
                # Derived data, rewritten on every deploy: no recovery window, so the same
                # deterministic name can be created again right after a destroy.
                recovery_window_in_days=0, tags=tags, opts=opts)
            payload = pulumi.Output.all(**{e.name: e.secret for e in plan.secrets}).apply(
                lambda values: json.dumps(values, sort_keys=True, separators=(",", ":")))
            version = aws.secretsmanager.SecretVersion(f"{name}-secrets-version", secret_id=secret.id,
                                                       secret_string=pulumi.Output.secret(payload), opts=opts)
            resources += [secret, version]
            for e in plan.secrets:
                # `<secret ARN>:<json key>:<version stage>:<version id>`; empty = AWSCURRENT.
                value_from[e.name] = pulumi.Output.concat(secret.arn, ":", e.name, "::")
            secret_arns.append(secret.arn)
            # A new secret version gets a new (random, AWS-assigned) version id: as a docker
            # label it registers a new task definition revision, so tasks pick up the new
            # values, without any hash of a secret in the task definition.
            labels[taskdef.SECRETS_REVISION_LABEL] = version.version_id
        for e in plan.entries:
            if e.secret_ref is not None:
                # A SecretStore key or an existing secret by ARN (platforms/ecs/secret_store.py).
                value_from[e.name] = secret_store.value_from(e.secret_ref)
                if e.secret_ref.name not in secret_arns:  # an ARN Output compares by identity
                    secret_arns.append(e.secret_ref.name)

        # -- identities -----------------------------------------------------------------
        execution_role = aws.iam.Role(f"{name}-execution-role", name=self._iam_name(names.iam_base, "exec"),
                                      assume_role_policy=taskdef.assume_role_policy(),
                                      description=f"ECS task execution role of radius container {app}/{name}",
                                      tags=tags, opts=opts)
        execution_policy = aws.iam.RolePolicy(
            f"{name}-execution-policy", role=execution_role.id, name="radius-execution",
            policy=pulumi.Output.all(args.container.image, log_group.arn, *secret_arns).apply(
                lambda v: json.dumps(taskdef.execution_policy(v[1], list(v[2:]), validate.parse_ecr_image(v[0])),
                                     sort_keys=True, separators=(",", ":"))),
            opts=opts)
        task_role = aws.iam.Role(f"{name}-task-role", name=self._iam_name(names.iam_base, "task"),
                                 assume_role_policy=taskdef.assume_role_policy(),
                                 description=f"Task role of radius container {app}/{name}", tags=tags, opts=opts)
        resources += [execution_role, execution_policy, task_role]
        grants = self._grants(name, plan, task_role, opts)
        resources += grants
        mount_waits: list[pulumi.Resource] = []
        efs_grants = volumes.efs_statements(args)
        if efs_grants:
            # The tasks mount with the task role's identity: it needs these before they start.
            policy = aws.iam.RolePolicy(f"{name}-volumes-policy", role=task_role.id, name="radius-volumes",
                                        policy=taskdef.to_json({"Version": taskdef.POLICY_VERSION,
                                                                "Statement": efs_grants}), opts=opts)
            resources.append(policy)
            mount_waits.append(policy)

        # -- service discovery ------------------------------------------------------------
        discovery = None
        if args.container.ports:
            assert self.namespace is not None
            discovery = aws.servicediscovery.Service(
                f"{name}-discovery", name=names.discovery,
                dns_config={"namespace_id": self.namespace.id, "routing_policy": "MULTIVALUE",
                            "dns_records": [{"ttl": 10, "type": "A"}]},
                # ECS reports task health to Cloud Map (a task leaves DNS when it is unhealthy).
                # failure_threshold is deprecated ("no longer supported by AWS and the value is
                # always set to 1": Cloud Map HealthCheckCustomConfig), but an empty block sends
                # nothing, is never read back, and since the block forces replacement every
                # `up` would replace this service and deregister the live tasks
                # (terraform-provider-aws#44285). 1 is what AWS stores and returns.
                health_check_custom_config={"failure_threshold": CLOUD_MAP_FAILURE_THRESHOLD},
                # Its name is fixed and Cloud Map refuses a second service of that name in the
                # namespace (CreateService: ServiceAlreadyExists), so a replacement (a changed
                # DNS config, or the one-time upgrade from the empty health check block above)
                # can only delete first; force_destroy deregisters the tasks' records, and the
                # ECS service then moves to the new registry in place.
                force_destroy=True, tags=tags,
                opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(delete_before_replace=True)))
            resources.append(discovery)

        # -- task definition ----------------------------------------------------------------
        definition = taskdef.container_definition(args, plan, names, cpu, container_memory, self.region, value_from, labels)
        definition = taskdef.merge(definition, rt.get("container") or {})
        definition["environment"] = self._environment(container, label, plan, rt, definition.get("environment") or [])
        td_args: dict[str, Any] = {
            "family": names.service, "cpu": str(cpu), "memory": str(memory), "network_mode": "awsvpc",
            "requires_compatibilities": ["FARGATE"],
            "runtime_platform": {"operating_system_family": "LINUX", "cpu_architecture": "X86_64"},
            "execution_role_arn": execution_role.arn, "task_role_arn": task_role.arn,
            "container_definitions": taskdef.to_json([definition]),
            "tags": tags,
        }
        if names.volumes:
            # Ephemeral volumes: task-level bind mounts on the task's ephemeral storage;
            # persistent ones: the Volume's EFS file system (platforms/ecs/volumes.py).
            td_args["volumes"] = [volumes.task_volume(names.volumes[n], v) for n, v in args.container.volumes.items()]
        ephemeral = volumes.ephemeral_storage_gib(args)
        if ephemeral is not None:
            td_args["ephemeral_storage"] = {"size_in_gib": ephemeral}
        td_args = taskdef.merge(td_args, {k: v for k, v in (rt.get("task_definition") or {}).items()})
        task_definition = aws.ecs.TaskDefinition(f"{name}-task", opts=opts, **td_args)
        resources.append(task_definition)

        # -- service ----------------------------------------------------------------------
        scaling = args.extension("manualScaling")
        auto = args.extension("autoScaling")
        service_rt = rt.get("service") or {}
        svc_args: dict[str, Any] = {
            "name": names.service, "cluster": self.cluster_arn, "task_definition": task_definition.arn,
            # With autoScaling, the count to start from; then Application Auto Scaling's (ignored below).
            "desired_count": scaling.replicas if scaling is not None else auto.min_replicas if auto is not None else 1,
            "launch_type": "FARGATE",
            "network_configuration": {"subnets": list(c.subnet_ids), "security_groups": [sg.id],
                                      "assign_public_ip": c.assign_public_ip},
            "deployment_circuit_breaker": {"enable": True, "rollback": True},
            "propagate_tags": "SERVICE", "enable_ecs_managed_tags": True,
            # `pulumi up` succeeds only once the tasks run and pass their health checks (as
            # awsx's FargateService does unless continueBeforeSteadyState); crash-looping
            # tasks fail the deployment instead of being reported as deployed. Opt out per
            # container with runtimes.ecs.service.wait_for_steady_state=False.
            "wait_for_steady_state": True,
            # Changing capacity_provider_strategy on an existing service (adding or removing
            # Fargate Spot) is refused at preview unless this is true ("force_new_deployment
            # should be true when capacity_provider_strategy is being updated":
            # terraform-provider-aws internal/service/ecs/service.go,
            # capacityProviderStrategyCustomizeDiff; older providers replaced the service
            # instead). The check reads the *new* configuration, so removing a strategy needs
            # it as much as adding one: it is always on. Its cost: it is a stored boolean that
            # never shows a diff by itself; it is only sent with an UpdateService the provider
            # makes for another change (resourceServiceUpdate: `if d.HasChangesExcept(...)`,
            # `ForceNewDeployment: d.Get("force_new_deployment")`), which then also rolls the
            # tasks, e.g. for a replicas-only change. Most updates register a new task
            # definition revision, which rolls the tasks anyway.
            "force_new_deployment": True,
            "tags": tags,
        }
        if discovery is not None:
            svc_args["service_registries"] = {"registry_arn": discovery.arn}
        if load_balancers:
            svc_args["load_balancers"] = load_balancers
            # ALB health checks count from the task's start; without a grace period a slow
            # starter is stopped as unhealthy before it listens (CreateService
            # healthCheckGracePeriodSeconds: "only used when your service is configured to use
            # a load balancer"). runtimes.ecs.service overrides it.
            svc_args["health_check_grace_period_seconds"] = gateway_grace_period(args)
        svc_args = taskdef.merge(svc_args, service_rt)
        if service_rt.get("capacity_provider_strategies"):
            # ECS takes a launch type or a capacity provider strategy, never both.
            svc_args.pop("launch_type", None)
        # Everything a task needs when it starts: the execution policy (image pull, secrets,
        # logs), the security group rules (the provider revokes the default allow-all egress,
        # so without them no image pull), the task role's grants (the app calls AWS at
        # start), and a target group that belongs to a load balancer (its listener) before
        # the service registers into it.
        depends: list[pulumi.Resource] = [execution_policy, *network_rules, *gateway_rules, *grants, *gateway_waits]
        # Tasks mount the Volumes' EFS at start: the grants and the mount targets must exist.
        depends += mount_waits
        for _, volume in persistent_volumes(args):
            depends += [r for r in volume.source.native_resources if r not in depends]
        if self.capacity is not None:
            depends.append(self.capacity)
        service = aws.ecs.Service(
            f"{name}-service", **svc_args,
            # Its name is fixed, and ECS refuses a second service of that name in the cluster
            # ("Creation of service was not idempotent"): a replacement (`name`, `cluster`,
            # `launch_type` force one: terraform-provider-aws service.go, ForceNew) must delete
            # the old service first. The service is down between the two.
            # With autoScaling, the scaler owns desiredCount: `up` must not reset it to the start count.
            opts=self.child_options(container, depends_on=depends, delete_before_replace=True,
                                    ignore_changes=["desiredCount"] if auto is not None else None))
        resources.append(service)
        resources += autoscaling.register(name, args, self.cluster_name, service, targets, tags, opts)
        if svc_args.get("wait_for_steady_state") is True:
            fail_if_rolled_back(label, names, service, task_definition)

        return Workload(
            resources=resources, workload=service, workload_name=names.service, identity=task_role.arn,
            outputs={"service_name": names.service, "cluster_arn": self.cluster_arn,
                     "task_definition_arn": task_definition.arn, "task_role_arn": task_role.arn,
                     "execution_role_arn": execution_role.arn, "security_group_id": sg.id,
                     "log_group_name": names.log_group,
                     "discovery_service_arn": discovery.arn if discovery is not None else None},
        )

    @staticmethod
    def _environment(container: "Container", label: str, plan: EnvPlan, rt: Mapping[str, Any],
                     environment: Any) -> pulumi.Output:
        """The definition's environment without empty values, which ECS does not keep.

        An empty value the user gave (container.env, or runtimes.ecs.container.environment)
        is dropped with a warning: the container will not have that variable at all. One a
        connection gives (a Redis without a username has CONNECTION_<NAME>_USERNAME = "") is
        dropped silently: that is the documented ECS mapping of "no value".
        """
        from_runtime = "environment" in (rt.get("container") or {})
        from_connections = set() if from_runtime else {e.name for e in plan.plain if e.origin != "env"}
        where = "runtimes.ecs.container.environment" if from_runtime else "container.env"

        def warn(names: list[str]) -> None:
            for name in names:
                if name not in from_connections:
                    pulumi.log.warn(
                        f"{label}: {where}.{name} is empty; ECS does not keep environment variables with an empty "
                        "value, so the container will not have it set (it is left out of the task definition)",
                        resource=container)

        return taskdef.without_empty_values(environment, warn)

    # -- connections: network -----------------------------------------------------------
    def _network_rules(self, name: str, args: ContainerArgs, plan: EnvPlan, sg: aws.ec2.SecurityGroup,
                       opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
        """Egress from this container, and ingress on each target admitting exactly it."""
        c = self.compute
        out: list[pulumi.Resource] = []

        def egress(suffix: str, protocol: str, port: Any, **target: Any) -> None:
            out.append(aws.vpc.SecurityGroupEgressRule(
                f"{name}-egress-{suffix}", security_group_id=sg.id, ip_protocol=protocol,
                from_port=port, to_port=port, opts=opts, **target))

        if c.allow_all_egress:
            out.append(aws.vpc.SecurityGroupEgressRule(f"{name}-egress-all", security_group_id=sg.id, ip_protocol="-1",
                                                       cidr_ipv4="0.0.0.0/0", description="all outbound traffic",
                                                       opts=opts))
        else:
            # Fargate pulls images, fetches secrets and ships logs over HTTPS from the task ENI.
            egress("https", "tcp", HTTPS, cidr_ipv4="0.0.0.0/0",
                   description="HTTPS: image pulls, Secrets Manager, CloudWatch Logs, AWS APIs")
        for volume_name, volume in persistent_volumes(args):
            # NFS to the Volume's mount targets, admitted only from this container's tasks.
            efs = volume.source.recipe_outputs
            suffix = f"volume-{volume_name}"
            out.append(aws.vpc.SecurityGroupIngressRule(
                f"{name}-to-{suffix}", security_group_id=efs["security_group_id"], referenced_security_group_id=sg.id,
                ip_protocol="tcp", from_port=NFS_PORT, to_port=NFS_PORT,
                description=describe(f"NFS from container {name} (volume {volume_name})"), opts=opts))
            if not c.allow_all_egress:
                egress(suffix, "tcp", NFS_PORT, referenced_security_group_id=efs["security_group_id"],
                       description=describe(f"NFS to volume {volume_name}"))
        seen: set[Any] = set()  # AWS rejects a duplicate rule: one per target port
        for conn in plan.connections:
            for port_name, protocol, port, target_sg in self._targets(conn.source):
                suffix = f"{conn.name}-{port_name}"
                key = (id(conn.source), port_name) if target_sg is not None else (protocol, port)
                if key in seen:
                    continue
                seen.add(key)
                if target_sg is not None:
                    out.append(aws.vpc.SecurityGroupIngressRule(
                        f"{name}-to-{suffix}", security_group_id=target_sg, referenced_security_group_id=sg.id,
                        ip_protocol=protocol, from_port=port, to_port=port,
                        description=describe(f"from container {name} (connection {conn.name})"), opts=opts))
                    if not c.allow_all_egress:
                        egress(suffix, protocol, port, referenced_security_group_id=target_sg,
                               description=describe(f"connection {conn.name}"))
                elif not c.allow_all_egress and port != HTTPS:
                    egress(suffix, protocol, port, cidr_ipv4="0.0.0.0/0", description=describe(f"connection {conn.name}"))
        return out

    @staticmethod
    def _targets(source: Any) -> list[tuple[str, str, Any, Any]]:
        """(port name, protocol, port, target security group or None) a connection reaches."""
        if isinstance(source, str):
            values = url_source_values(source) or {}
            return [("port", "tcp", values["PORT"].value, None)] if "PORT" in values else []
        deployment = getattr(source, "deployment", None)
        if deployment is not None:  # a Container on this platform
            target_sg = deployment.outputs.get("security_group_id")
            return [(port_name, p.protocol.lower(), p.container_port, target_sg)
                    for port_name, p in source.args.container.ports.items()]
        outputs = getattr(source, "recipe_outputs", None) or {}
        if outputs.get("security_group_id") is not None:
            return [("port", "tcp", outputs.get("port", source.port), outputs["security_group_id"])]
        port = getattr(source, "port", None)
        return [("port", "tcp", port, None)] if port is not None else []

    # -- connections: IAM -----------------------------------------------------------------
    def _grants(self, name: str, plan: EnvPlan, task_role: aws.iam.Role,
                opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
        out: list[pulumi.Resource] = []
        grants: list[tuple[str, list[str], Any]] = []
        for conn in plan.connections:
            arn = validate.target_arn(conn.source)
            outputs = getattr(conn.source, "recipe_outputs", None) or {}
            actions = list(outputs.get("connect_actions") or ())
            for i, role in enumerate(conn.roles):
                if validate.classify_role(role) == "policy":
                    # A managed policy carries its own resources; attaching it is the user's explicit choice.
                    out.append(aws.iam.RolePolicyAttachment(f"{name}-{conn.name}-policy-{i}", role=task_role.name,
                                                            policy_arn=role, opts=opts))
                else:
                    actions.append(role)
            if actions and arn is not None:
                grants.append((f"{_sid(conn.name)}Connection", actions, arn))
        if grants:
            out.append(aws.iam.RolePolicy(f"{name}-task-policy", role=task_role.id, name="radius-connections",
                                          policy=taskdef.to_json(taskdef.task_policy(grants)), opts=opts))
        return out

    # -- gateways -------------------------------------------------------------------------
    def validate_gateway(self, label: str, app: "Application", name: str, args: Any) -> None:
        from . import gateway

        gateway.validate(label, self.compute, args)

    def deploy_gateway(self, gateway: Any, args: Any) -> Any:
        from . import gateway as module

        return module.deploy(self, gateway, args)

