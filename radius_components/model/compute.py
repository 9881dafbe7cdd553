"""Environment compute kinds. The `kind` picks the platform module that renders containers."""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import Field

from .base import RadiusModel


class KubernetesCompute(RadiusModel):
    """An environment on a Kubernetes cluster: one namespace per environment."""

    kind: Literal["kubernetes"] = "kubernetes"
    """The compute kind; set by the class, given only in the dict spelling."""
    namespace: str = "default"
    """Namespace the environment's applications deploy into."""
    create_namespace: Optional[bool] = None
    """True: the stack creates the Namespace and owns it (`pulumi destroy` deletes it); the
    provider creates rather than adopts, so a namespace that already exists is an error
    (`AlreadyExists`). False: only use a namespace that exists; the stack never deletes it.
    None (default): create it, except the namespaces every cluster has (`default`,
    `kube-system`, `kube-public`, `kube-node-lease`), which are only used."""
    kubeconfig: Optional[str] = None
    """Cluster access; all optional: without them the ambient kubeconfig is used."""
    context: Optional[str] = None
    """The kubeconfig context to use; default: the current one."""
    render_yaml_to_directory: Optional[str] = None
    """Write manifests to this directory instead of talking to a cluster."""


class AciCompute(RadiusModel):
    """An environment on Azure Container Instances: container groups in a delegated subnet of a virtual network."""

    kind: Literal["aci"] = "aci"
    """The compute kind; set by the class, given only in the dict spelling."""
    resource_group: str
    """A resource group name, or the full ARM ID of an existing one
    (/subscriptions/<sub>/resourceGroups/<name>), which is then only used, never created."""
    location: str
    """The Azure region (`westeurope`) of the created resources."""
    create_resource_group: bool = True
    """With a name: True registers the group (adopting it if it exists, as ARM PUT does);
    False only uses a group that already exists."""
    subnet_id: Optional[str] = None
    """An existing subnet delegated to Microsoft.ContainerInstance/containerGroups (its ARM
    ID). Without it the environment creates a virtual network and that subnet."""
    load_balancer_subnet_id: Optional[str] = None
    """A subnet (ARM ID) for the internal load balancers that front replicated containers;
    needed with subnet_id when a container has manualScaling and ports. Created otherwise."""
    private_endpoint_subnet_id: Optional[str] = None
    """A subnet (ARM ID, not delegated) for the private endpoints of recipe resources (Azure
    Managed Redis); needed with subnet_id when a recipe provisions one. Created otherwise."""
    address_space: str = "10.240.0.0/16"
    """Address space of the created virtual network, and its subnets."""
    subnet_prefix: str = "10.240.0.0/22"
    """Address prefix of the created containers subnet."""
    load_balancer_subnet_prefix: str = "10.240.4.0/24"
    """Address prefix of the created load balancer subnet."""
    private_endpoint_subnet_prefix: str = "10.240.5.0/24"
    """Address prefix of the created private endpoint subnet."""
    gateway_subnet_id: Optional[str] = None
    """The subnet (ARM ID) an Application Gateway (a `rad.Gateway`) takes: with `subnet_id`, an
    empty subnet of the same network; otherwise the created network's `gateways` subnet."""
    gateway_subnet_prefix: str = "10.240.6.0/24"
    """Address prefix of the created `gateways` subnet."""
    dns_zone: Optional[str] = None
    """The private DNS zone containers are reached under (<app>-<container>.<zone>);
    default `<environment>.radius.internal`."""
    log_analytics: bool = False
    """True: a Log Analytics workspace receives every container group's logs."""
    registries: dict[str, str] = Field(default_factory=dict)
    """Private registries pulled with each container's managed identity:
    login server (myreg.azurecr.io) -> the registry's ARM ID (scope of the AcrPull grant)."""


class AcaWorkloadProfile(RadiusModel):
    """A workload profile of a Container Apps environment created by the library."""

    name: str = Field(min_length=1)
    """The profile name containers pick with `runtimes.aca.workload_profile_name`."""
    workload_profile_type: str = Field(min_length=1)
    """"Consumption", or a Dedicated size such as "D4", "D8", "E4", "NC24-A100"."""
    minimum_count: Optional[int] = Field(default=None, ge=0)
    """Node counts of a Dedicated profile (not given for Consumption)."""
    maximum_count: Optional[int] = Field(default=None, ge=1)
    """Maximum node count of a Dedicated profile."""


class AcaCompute(RadiusModel):
    """An environment on Azure Container Apps: a managed environment (created or existing) and a container app per container."""

    kind: Literal["aca"] = "aca"
    """The compute kind; set by the class, given only in the dict spelling."""
    resource_group: str
    """Where the container apps (and a created environment) go: a resource group name, or
    the ARM ID of an existing one, which is then only used, never created."""
    location: str
    """The Azure region (`westeurope`) of the created resources."""
    create_resource_group: bool = True
    """With a name: True registers the group (adopting it if it exists); False only uses an existing one."""
    environment_id: Optional[str] = None
    """An existing Container Apps managed environment (its ARM ID) to deploy into. None
    creates one, with a Log Analytics workspace for its logs."""
    subnet_id: Optional[str] = None
    """For a created environment: an existing subnet (ARM ID) delegated to
    Microsoft.App/environments, /27 or larger. With it the environment is internal-only
    (no public IP, reachable only from that virtual network)."""
    private_endpoint_subnet_id: Optional[str] = None
    """A subnet (ARM ID, not delegated) in the apps' virtual network for the private endpoints
    of recipe resources (Azure Managed Redis). Without it, an environment on no virtual
    network reaches them on their public endpoint."""
    workload_profiles: list[AcaWorkloadProfile] = Field(default_factory=list)
    """Workload profiles of a created environment besides the built-in Consumption one."""
    zone_redundant: bool = False
    """Spread a created environment across availability zones (needs subnet_id)."""
    log_retention_days: int = Field(default=30, ge=30, le=730)
    """Days the created Log Analytics workspace keeps logs (30-730)."""
    key_vault_id: Optional[str] = None
    """An existing Key Vault (ARM ID, RBAC authorization) that holds the containers' secrets;
    apps then reference them through their identities instead of keeping the values."""
    registries: dict[str, str] = Field(default_factory=dict)
    """Private registries pulled with each container's managed identity:
    login server (myreg.azurecr.io) -> the registry's ARM ID (scope of the AcrPull grant)."""


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


class CloudRunCompute(RadiusModel):
    """An environment on Google Cloud Run: a service per container with Direct VPC egress."""

    kind: Literal["cloudrun"] = "cloudrun"
    """The compute kind; set by the class, given only in the dict spelling."""
    project: str
    """GCP project ID and region; every resource goes through an explicit gcp.Provider built
    from them, so ambient gcloud settings never decide where things land."""
    region: str
    """The Cloud Run region (`europe-west4`)."""
    project_number: Optional[str] = Field(default=None, pattern=r"^[0-9]+$")
    """The project's number, used for the deterministic service URL
    https://<service>-<number>.<region>.run.app that connections get before the target
    exists. Looked up with gcp.organizations.getProject when omitted."""
    network: Optional[str] = None
    """Direct VPC egress: an existing VPC network and subnet (names, in `project`, subnet in
    `region`), both or neither. Neither: `<env>-network` and `<env>-subnet` are created. A
    Shared VPC's are given by path: `projects/<host>/global/networks/<name>`."""
    subnet: Optional[str] = None
    """An existing subnetwork (name, or `projects/<host>/regions/<region>/subnetworks/<name>`
    with a Shared VPC network path) for Direct VPC egress, in `network`; None creates `<env>-subnet`."""
    subnet_cidr: str = "10.8.0.0/24"
    """The range of the subnet that is created when none is given."""
    retain_network: bool = True
    """Keep the created network and subnet in the project when the stack deletes them
    (Pulumi's retain_on_delete). Cloud Run holds a subnet's Direct VPC egress addresses for
    1-2 hours after its services are deleted, so deleting the subnet in the same
    `pulumi destroy` fails; retained, the destroy completes and the (free) network and subnet
    can be deleted by hand later, or reused with network=/subnet=. No effect on existing ones."""
    enable_apis: bool = False
    """Enable the Google APIs the environment uses (run, iam, secretmanager, compute, redis,
    cloudresourcemanager) as part of the stack. Off by default: enabling APIs needs
    serviceusage permissions that a deployer often does not have."""


Compute = Annotated[
    Union[KubernetesCompute, AciCompute, AcaCompute, EcsCompute, CloudRunCompute],
    Field(discriminator="kind"),
]
