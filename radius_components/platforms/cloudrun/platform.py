"""The `cloudrun` compute kind's Platform class (the kind is described in this package's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

import pulumi
import pulumi_gcp as gcp

from ...connections import EnvPlan
from ...model import ContainerArgs
from ...names import dns_label
from ...routing import route_targets
from ...resources.volume.mounts import persistent_volumes
from . import volumes
from .. import Endpoint, Platform, Workload
from .model import CloudRunCompute
from . import project_grants, secret_store, template, validate
from .names import (ACCOUNT_ID_MAX, NETWORK_NAME_MAX, SECRET_ID_MAX, ContainerNames, ca_entries, container_names,
                    keep_name, network_id, regional)
from .template import RUN_INVOKER, SECRET_ACCESSOR, Wiring

if TYPE_CHECKING:  # pragma: no cover
    from ...application import Application
    from ...container import Container

# The APIs an environment uses, enabled when compute.enable_apis is set.
APIS = ("compute.googleapis.com", "iam.googleapis.com", "redis.googleapis.com", "run.googleapis.com",
        "secretmanager.googleapis.com")
# gcp.organizations.getProject (the project number lookup) goes through Resource Manager.
LOOKUP_API = "cloudresourcemanager.googleapis.com"
HTTPS_PORT = 443


class CloudRunPlatform(Platform):
    kind = "cloudrun"
    compute_model = CloudRunCompute
    compute: CloudRunCompute

    def __init__(self, environment: Any, compute: CloudRunCompute):
        super().__init__(environment, compute)
        self.project = compute.project
        self.region = compute.region
        self.provider: Optional[gcp.Provider] = None
        self.apis: list[pulumi.Resource] = []
        self.network_name: Any = compute.network
        self.subnet_name: Any = compute.subnet
        # A name is in `project`; a Shared VPC network is given by its host project's path.
        self.network_id: Any = network_id(compute.project, compute.network) if compute.network else None
        # The subnet the environment creates (None for a given one): recipes wait for it.
        self.subnet: Optional[pulumi.Resource] = None
        self.project_number: Any = compute.project_number
        self._runtimes: dict[int, validate.CloudRunRuntime] = {}

    # -- validation ---------------------------------------------------------------------
    def validate_environment(self, label: str) -> None:
        validate.check_environment_name(label, self.environment.resource_name)
        validate.check_compute(label, self.compute)

    def validate_application(self, label: str, app_name: str) -> None:
        validate.check_application_name(label, app_name)

    def validate_container(self, label: str, app: "Application", name: str, args: ContainerArgs, plan: EnvPlan) -> None:
        names = container_names(label, self.environment.resource_name, app.resource_name, name, args)
        self._runtimes[id(args)] = validate.check_container(label, args, plan, names)

    # -- environment --------------------------------------------------------------------
    def provision_environment(self, parent: pulumi.ComponentResource) -> Mapping[str, Any]:
        env = self.environment.resource_name
        c = self.compute
        self.provider = gcp.Provider(f"{env}-gcp", project=c.project, region=c.region,
                                     opts=pulumi.ResourceOptions(parent=parent))
        opts = pulumi.ResourceOptions(parent=parent, provider=self.provider)
        if c.enable_apis:
            apis = list(APIS) + ([LOOKUP_API] if c.project_number is None else [])
            self.apis = [
                # disable_on_destroy=False: other workloads of the project may use the API.
                gcp.projects.Service(f"{env}-api-{api.split('.')[0]}", project=c.project, service=api,
                                     disable_on_destroy=False, opts=opts)
                for api in sorted(apis)
            ]
        deps = pulumi.ResourceOptions(parent=parent, provider=self.provider, depends_on=list(self.apis))
        if c.network is None:
            # Direct VPC egress keeps a deleted service's addresses for 1-2 hours ("After you
            # delete or move your Cloud Run resources, wait 1-2 hours for Cloud Run to release
            # the IPs before you delete the subnet", cloud.google.com/run/docs/configuring/vpc-direct-vpc),
            # so deleting the subnet in the same `pulumi destroy` fails. With retain_network the
            # network and subnet leave the stack and stay in the project (they cost nothing).
            kept = pulumi.ResourceOptions(retain_on_delete=True) if c.retain_network else None
            net_opts = pulumi.ResourceOptions.merge(deps, kept)
            network = gcp.compute.Network(
                f"{env}-network", project=c.project,
                name=regional(dns_label(env, "network") or "radius-network", c.region, NETWORK_NAME_MAX),
                auto_create_subnetworks=False, opts=pulumi.ResourceOptions.merge(net_opts, keep_name("name")))
            # Private Google Access lets ALL_TRAFFIC egress still reach Google APIs.
            subnet = gcp.compute.Subnetwork(
                f"{env}-subnet", project=c.project, region=c.region, name=dns_label(env, "subnet") or "radius-subnet",
                network=network.id, ip_cidr_range=c.subnet_cidr, private_ip_google_access=True, opts=net_opts)
            self.network_name, self.subnet_name, self.network_id = network.name, subnet.name, network.id
            self.subnet = subnet
        if self.project_number is None:
            project = gcp.organizations.get_project_output(
                project_id=c.project,
                opts=pulumi.InvokeOutputOptions(parent=parent, provider=self.provider, depends_on=list(self.apis)))
            self.project_number = project.number
        return {"project": c.project, "region": c.region, "project_number": self.project_number,
                "network": self.network_name, "subnet": self.subnet_name}

    def child_options(self, parent: pulumi.Resource, **kwargs: Any) -> pulumi.ResourceOptions:
        depends = list(kwargs.pop("depends_on", None) or []) + list(self.apis)
        return pulumi.ResourceOptions(parent=parent, provider=self.provider, depends_on=depends, **kwargs)

    def application_outputs(self, app: "Application") -> Mapping[str, Any]:
        return {"project": self.project, "region": self.region}

    # -- containers ---------------------------------------------------------------------
    def names(self, app: "Application", name: str, args: ContainerArgs) -> ContainerNames:
        return container_names(f"Container '{name}'", self.environment.resource_name, app.resource_name, name, args)

    def container_endpoint(self, app: "Application", name: str, args: ContainerArgs) -> Optional[Endpoint]:
        runtime = self._runtime(name, args)
        if validate.ingress_port(args, runtime) is None:
            return None
        service = self.names(app, name, args).service
        # The deterministic URL https://<service>-<project number>.<region>.run.app is known
        # before the service exists (a 49-character name + a 12-digit number fits one label).
        host = pulumi.Output.format("{0}-{1}.{2}.run.app", service, self.project_number, self.region) \
            if isinstance(self.project_number, pulumi.Output) else f"{service}-{self.project_number}.{self.region}.run.app"
        return Endpoint(scheme="https", hostname=host, port=HTTPS_PORT)

    def _runtime(self, name: str, args: ContainerArgs) -> validate.CloudRunRuntime:
        runtime = self._runtimes.get(id(args))
        return runtime if runtime is not None else validate.runtime_of(f"Container '{name}'", args)

    def deploy_container(self, container: "Container", args: ContainerArgs, plan: EnvPlan) -> Workload:
        name = container.resource_name
        names = self.names(container.application, name, args)
        runtime = self._runtime(name, args)
        opts = self.child_options(container)
        resources: list[pulumi.Resource] = []

        account = gcp.serviceaccount.Account(
            f"{name}-identity", project=self.project, account_id=regional(names.account_id, self.region, ACCOUNT_ID_MAX),
            display_name=f"Radius container {names.app}/{names.resource}"[:100],
            description=f"Identity of Cloud Run service {names.service}, managed by radius-components",
            opts=pulumi.ResourceOptions.merge(opts, keep_name("accountId")))
        member = account.email.apply(lambda email: f"serviceAccount:{email}")
        resources.append(account)

        # One Secret Manager secret + version per secret value; the service account may read
        # exactly those secrets. The revision pins the version, so a new value rolls it.
        grants: list[pulumi.Resource] = []
        wiring = Wiring(project=self.project, region=self.region, service_account=account.email,
                        network=self.network_name, subnet=self.subnet_name,
                        egress="ALL_TRAFFIC" if any(c.target_type == "Applications.Core/containers"
                                                    for c in plan.connections) else "PRIVATE_RANGES_ONLY")
        for entry in plan.secrets:
            secret = gcp.secretmanager.Secret(
                f"{name}-secret-{entry.name}", project=self.project,
                secret_id=regional(names.secret_id(entry.name), self.region, SECRET_ID_MAX),
                replication={"auto": {}}, labels=template.labels(names, args),
                opts=pulumi.ResourceOptions.merge(opts, keep_name("secretId")))
            version = gcp.secretmanager.SecretVersion(
                f"{name}-secret-{entry.name}-version", secret=secret.id, secret_data=entry.secret, opts=opts)
            grant = gcp.secretmanager.SecretIamMember(
                f"{name}-secret-{entry.name}-accessor", project=self.project, secret_id=secret.secret_id,
                role=SECRET_ACCESSOR, member=member, opts=opts)
            wiring.secrets[entry.name] = (secret.secret_id, version.version)
            resources += [secret, version, grant]
            grants.append(grant)
        # A connection's TLS CA (public, so it is also a plain env value) as a file: Cloud Run
        # mounts files only from Secret Manager, so it gets a secret + version + grant of its own.
        for conn_name, entry in ca_entries(plan):
            logical = f"{name}-{conn_name}-ca"
            secret = gcp.secretmanager.Secret(
                logical, project=self.project,
                secret_id=regional(names.secret_id(f"{entry.name}_FILE"), self.region, SECRET_ID_MAX),
                replication={"auto": {}}, labels=template.labels(names, args),
                opts=pulumi.ResourceOptions.merge(opts, keep_name("secretId")))
            version = gcp.secretmanager.SecretVersion(f"{logical}-version", secret=secret.id,
                                                      secret_data=entry.value, opts=opts)
            grant = gcp.secretmanager.SecretIamMember(
                f"{logical}-accessor", project=self.project, secret_id=secret.secret_id,
                role=SECRET_ACCESSOR, member=member, opts=opts)
            wiring.ca_files[conn_name] = (secret.secret_id, version.version)
            resources += [secret, version, grant]
            grants.append(grant)
        # Existing secrets named by `value_from.secret_ref.source`: the same grant, on each.
        # (Keys of a SecretStore this stack creates are granted by platforms/cloudrun/secret_store.py.)
        store_grants = secret_store.grants(name, plan, member, self.project, opts)
        resources += store_grants
        grants += store_grants
        for secret_name in sorted({e.secret_ref.name for e in plan.entries
                                   if e.secret_ref is not None and not secret_store.created(e.secret_ref)}):
            # A full name (projects/<p>/secrets/<id>) carries its own project.
            grant = gcp.secretmanager.SecretIamMember(
                f"{name}-secret-ref-{secret_name.replace('/', '-')}-accessor",
                project=None if "/" in secret_name else self.project,
                secret_id=secret_name, role=SECRET_ACCESSOR, member=member, opts=opts)
            resources.append(grant)
            grants.append(grant)

        # Each persistent volume's bucket: this service account, on that bucket only, with the
        # least role its permission needs (platforms/cloudrun/volumes.py).
        for volume_name, volume in persistent_volumes(args):
            grant = gcp.storage.BucketIAMMember(
                f"{name}-volume-{volume_name}-access", bucket=volume.source.resource,
                role=volumes.bucket_role(volume.permission), member=member, opts=opts)
            resources.append(grant)
            grants.append(grant)

        if validate.ingress_port(args, runtime) is None:
            return self._worker_pool(container, args, plan, names, runtime, wiring, account, grants, resources, opts)
        args_ = template.service_args(args, plan, names, runtime, wiring)
        # Gateways routing here: the ingress they need (unless runtimes.cloudrun.service sets
        # one) and allUsers as invoker, after the service exists.
        from .gateway import attach, routed_ingress

        targets = route_targets(container.application, name)
        if targets and "ingress" not in runtime.service:
            args_["ingress"] = routed_ingress(targets)
        # Cloud Run checks at deploy time that the service account can read its secrets.
        service = gcp.cloudrunv2.Service(f"{name}-service", opts=self.child_options(container, depends_on=grants), **args_)
        resources.append(service)

        resources += self._connection_grants(name, plan, member, opts)
        resources += attach(name, service, targets, self.project, self.region, opts)
        # Invokers the user named (e.g. allUsers for a public service).
        for i, principal in enumerate(runtime.invokers):
            resources.append(gcp.cloudrunv2.ServiceIamMember(
                f"{name}-invoker-{i}", project=self.project, location=self.region, name=service.name,
                role=RUN_INVOKER, member=principal, opts=opts))

        return Workload(
            resources=resources,
            workload=service,
            workload_name=names.service,
            identity=account.email,
            outputs={"service_name": names.service, "service_account_email": account.email, "uri": service.uri,
                     "project": self.project, "region": self.region},
        )

    def _connection_grants(self, name: str, plan: EnvPlan, member: Any,
                           opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
        # Project-level roles a recipe needs, each bound with a condition on its own resource
        # (roles/cloudsql.client on one Cloud SQL instance).
        out = list(project_grants.connection_grants(name, plan, member, self.project, opts))
        # Connections to other containers: run.invoker (and any iam.roles) on exactly that service.
        for conn in plan.connections:
            if conn.target_type != "Applications.Core/containers":
                continue
            target = conn.source.deployment.workload
            for role in dict.fromkeys((RUN_INVOKER, *conn.roles)):
                suffix = "invoker" if role == RUN_INVOKER else dns_label(role) or "role"
                out.append(gcp.cloudrunv2.ServiceIamMember(
                    f"{name}-{conn.name}-{suffix}", project=self.project, location=self.region, name=target.name,
                    role=role, member=member, opts=opts))
        return out

    def _worker_pool(self, container: "Container", args: ContainerArgs, plan: EnvPlan, names: ContainerNames,
                     runtime: validate.CloudRunRuntime, wiring: Wiring, account: Any, grants: list[pulumi.Resource],
                     resources: list[pulumi.Resource], opts: pulumi.ResourceOptions) -> Workload:
        """A container without ports: a Cloud Run worker pool (template.worker_pool_args). Its
        grants are the service's (secrets, project roles, run.invoker on the services it calls)."""
        name = container.resource_name
        member = account.email.apply(lambda email: f"serviceAccount:{email}")
        pool = gcp.cloudrunv2.WorkerPool(f"{name}-worker-pool",
                                         opts=self.child_options(container, depends_on=grants),
                                         **template.worker_pool_args(args, plan, names, runtime, wiring))
        resources.append(pool)
        resources += self._connection_grants(name, plan, member, opts)
        return Workload(
            resources=resources, workload=pool, workload_name=names.service, identity=account.email,
            outputs={"service_name": names.service, "service_account_email": account.email, "uri": None,
                     "project": self.project, "region": self.region})

    # -- gateways -------------------------------------------------------------------------
    def validate_gateway(self, label: str, app: "Application", name: str, args: Any) -> None:
        from . import gateway

        gateway.validate(label, self.environment.resource_name, app.resource_name, args)

    def deploy_gateway(self, gateway: Any, args: Any) -> Any:
        from . import gateway as module

        return module.deploy(self, gateway, args)

