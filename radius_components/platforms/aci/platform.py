"""The `aci` compute kind's Platform class (the kind is described in this package's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

import pulumi
import pulumi_azure_native as azure_native
from pydantic.alias_generators import to_snake

from ...connections import EnvPlan
from ...errors import RadiusValidationError
from ...model import ContainerArgs
from .. import Endpoint, Workload
from .model import AciCompute
from ..azure import grants, iam, logs, network_range, private_link
from ..azure import names as az
from ..azure.platform import AzurePlatform
from ..azure.private_link import NETWORK_NAME_MAX, PrivateNetwork
from ...routing import route_targets
from . import address_plan, gateway, groups, validate
from .names import group_name, volume_names

if TYPE_CHECKING:  # pragma: no cover
    from ...application import Application
    from ...container import Container

DELEGATION_SERVICE = "Microsoft.ContainerInstance/containerGroups"
# Short TTL: once `up` writes a replaced group's new IP, clients pick it up within seconds.
DNS_TTL_SECONDS = 10
# "In order to use replace RU, set the tag "rollingupdate.replace.enabled: true" for the
# NGroups resource. This tag is temporary" (NGroups rolling update, link below).
NGROUP_REPLACE_UPDATE_TAG = {"rollingupdate.replace.enabled": "true"}
# Where an NGroup's groups run: the subnet its profile reference names.
NGROUP_SUBNETS = "containerGroupProfiles[*].containerGroupProperties.subnetIds"


def pulumi_args(props: Mapping[str, Any]) -> dict[str, Any]:
    """Top-level API property names -> the Python SDK's keyword arguments."""
    return {to_snake(k): v for k, v in props.items()}


class AciPlatform(AzurePlatform):
    kind = "aci"
    compute_model = AciCompute
    compute: AciCompute

    def __init__(self, environment: Any, compute: AciCompute):
        super().__init__(environment, compute)
        self.subnet_id: Any = compute.subnet_id
        self.lb_subnet_id: Any = compute.load_balancer_subnet_id
        self.gateway_subnet_id: Any = compute.gateway_subnet_id
        self.zone_name: str = compute.dns_zone or f"{az.aci_name(environment.resource_name) or 'env'}.radius.internal"
        self.zone: Any = None  # the zone's name as an Output, so records wait for it
        self.diagnostics: Optional[dict[str, Any]] = None
        # Names that follow the created network's address plan (provision_environment); None on your network.
        self.range_names: Optional[network_range.RangeNames] = None

    # -- validation ---------------------------------------------------------------------
    def validate_environment(self, label: str) -> None:
        validate.check_environment(label, self.compute)
        if az.aci_name(self.environment.resource_name) is None:
            raise RadiusValidationError(label, "name", self.environment.resource_name,
                                        "has no letter or digit to build Azure names from",
                                        "use a name with letters, digits or '-'")

    def validate_application(self, label: str, app_name: str) -> None:
        validate.check_application_name(label, app_name)

    def validate_container(self, label: str, app: "Application", name: str, args: ContainerArgs, plan: EnvPlan) -> None:
        self.names(label, app.resource_name, name, args)
        has_lb_subnet = self.compute.subnet_id is None or self.compute.load_balancer_subnet_id is not None
        dapr = args.extension("daprSidecar")
        no_dapr = [RadiusValidationError(
            label, "extensions.daprSidecar", dapr.app_id, "Azure Container Instances has no Dapr sidecar",
            "remove the extension on the aci kind, or use Container Apps (aca)")] if dapr is not None else []
        self.container_errors(label, args, plan,
                              lambda: validate.check_container(label, args, plan, self.compute, has_lb_subnet),
                              validate.runtime(args).tags, extra=no_dapr)

    # -- environment --------------------------------------------------------------------
    def provision_environment(self, parent: pulumi.ComponentResource) -> Mapping[str, Any]:
        c = self.compute
        env = self.environment.resource_name
        ctx = self.place(parent)
        opts = pulumi.ResourceOptions(parent=parent)
        rg = ctx.resource_group_name
        outputs: dict[str, Any] = {"resource_group_name": rg, "location": c.location, "dns_zone": self.zone_name}

        if c.subnet_id is None:
            addresses = address_plan.plan(f"Environment '{env}'", c)  # checked in validate_environment
            # The network, its NAT gateway and that gateway's public IP are named after the
            # address plan, the range and every subnet's prefix (platforms/azure/network_range.py):
            # the plan the stack was created with keeps the names it always had; a changed range or
            # prefix is a new network (Azure refuses to change the range of a subnet in use:
            # InUseSubnetCannotBeUpdated; review R-AZL-11) with a NAT gateway of its own,
            # since "A NAT gateway can't span multiple virtual networks" (NAT gateway resource,
            # learn.microsoft.com/azure/nat-gateway/nat-gateway-resource) and a public IP serves one
            # NAT gateway. All three, and the NGroups' load balancers (_lb_name), are created beside
            # the old ones (their names differ); the container groups, NGroups, Application Gateway,
            # private endpoints and zone link are replaced onto the new network (each deleting
            # first: fixed names); the old network, NAT gateway, IP and load balancers are deleted
            # at the end of that `up`, once nothing is left in them.
            # Its own recorder (aca's `-network-first-range` keeps a range only: a prefix change
            # would not show in it).
            plan = {network_range.ADDRESS_SPACE: addresses.address_space, **addresses.subnets}
            self.range_names = network_range.RangeNames(
                plan, network_range.first_plan(f"{env}-network-first-plan", plan, opts))
            nat = self._nat_gateway(ctx, opts)
            vnet_name = self.range_names.name(env, "vnet")
            subnets: list[dict[str, Any]] = [
                # Container groups in a virtual network reach the internet (image pulls
                # from public registries, outside APIs) only through a NAT gateway: "This
                # is the only supported configuration for outbound connectivity from your
                # container group in a virtual network" (ACI virtual network scenarios,
                # https://learn.microsoft.com/azure/container-instances/container-instances-virtual-network-concepts).
                {"name": "containers", "addressPrefix": addresses.subnets["containers"],
                 "delegations": [{"name": "aci", "serviceName": DELEGATION_SERVICE}],
                 "natGateway": {"id": nat.id}},
                {"name": "load-balancers", "addressPrefix": addresses.subnets["load-balancers"]},
                # Private endpoints cannot share the delegated subnet ("ACI-delegated
                # subnets can contain only container groups").
                {"name": "private-endpoints", "addressPrefix": addresses.subnets["private-endpoints"]},
            ]
            if "gateways" in addresses.subnets:
                # Application Gateway (rad.Gateway) must have a subnet of its own; empty
                # (and free) until a gateway is declared. Inside address_space, overlapping
                # nothing (address_plan), so adding it to an existing network is harmless.
                subnets.append({"name": "gateways", "addressPrefix": addresses.subnets["gateways"]})
            vnet = azure_native.network.VirtualNetwork(
                f"{env}-vnet", virtual_network_name=vnet_name, resource_group_name=rg, location=c.location,
                address_space={"addressPrefixes": [addresses.address_space]},
                # Inline, so updates to the network never drop the subnets.
                subnets=subnets, tags=ctx.tags(), opts=opts)
            vnet_id = vnet.id
            self.subnet_id = vnet.id.apply(lambda i: f"{i}/subnets/containers")
            self.lb_subnet_id = vnet.id.apply(lambda i: f"{i}/subnets/load-balancers")
            self.gateway_subnet_id = vnet.id.apply(lambda i: f"{i}/subnets/gateways")
            self.private_network = PrivateNetwork(subnet_id=vnet.id.apply(lambda i: f"{i}/subnets/private-endpoints"),
                                                  vnet_id=vnet_id)
            outputs["nat_gateway_id"] = nat.id
        else:
            vnet_id = az.vnet_of_subnet(c.subnet_id)
            if c.private_endpoint_subnet_id is not None:
                # The zone is linked to the containers' network, where the names are resolved.
                self.private_network = PrivateNetwork(subnet_id=c.private_endpoint_subnet_id, vnet_id=vnet_id)
            else:
                self.private_network_problem = (
                    "compute.private_endpoint_subnet_id",
                    "the containers run in your virtual network and reach Azure Managed Redis through a private "
                    "endpoint, which needs a subnet that is not delegated to ACI",
                    "set compute.private_endpoint_subnet_id on the Environment (a subnet of, or peered with, "
                    "the containers' network), or use resource_provisioning='manual'")
        outputs.update(virtual_network_id=vnet_id, subnet_id=self.subnet_id)
        # Deployment scripts (the PostgreSQL login step) run as container groups in the
        # containers' own subnet: it is delegated to Microsoft.ContainerInstance/containerGroups,
        # the delegation a deployment script's subnet needs, and holds only container groups.
        self.script_subnet_id = self.subnet_id

        zone = azure_native.privatedns.PrivateZone(
            f"{env}-dns-zone", private_zone_name=self.zone_name, resource_group_name=rg, location="global",
            tags=ctx.tags(), opts=opts)
        azure_native.privatedns.VirtualNetworkLink(
            f"{env}-dns-link", private_zone_name=zone.name, resource_group_name=rg, location="global",
            virtual_network_link_name=az.aci_name(env, "link") or "link", registration_enabled=False,
            virtual_network={"id": vnet_id}, tags=ctx.tags(), opts=private_link.link_options(opts))
        self.zone = zone.name

        if c.log_analytics:
            workspace = logs.workspace(ctx, 30, parent)
            self.diagnostics = {"logAnalytics": {
                "workspaceId": workspace.customer_id,
                "workspaceKey": workspace.shared_key,
                "workspaceResourceId": workspace.resource.id,
                "logType": "ContainerInstanceLogs",
            }}
            outputs["log_analytics_workspace_id"] = workspace.resource.id
        return outputs

    def _nat_gateway(self, ctx: Any, opts: pulumi.ResourceOptions) -> Any:
        """A Standard NAT gateway with one static public IP, for the containers' egress; both
        named after the network's plan (provision_environment)."""
        env, c = self.environment.resource_name, self.compute
        assert self.range_names is not None
        ip = azure_native.network.PublicIPAddress(
            f"{env}-nat-ip", public_ip_address_name=self.range_names.name(env, "nat-ip", max_length=NETWORK_NAME_MAX),
            resource_group_name=ctx.resource_group_name, location=c.location,
            # A NAT gateway takes Standard, static IPv4 addresses only.
            sku={"name": "Standard", "tier": "Regional"}, public_ip_allocation_method="Static",
            public_ip_address_version="IPv4", tags=ctx.tags(), opts=opts)
        return azure_native.network.NatGateway(
            f"{env}-nat-gateway", nat_gateway_name=self.range_names.name(env, "nat", max_length=NETWORK_NAME_MAX),
            resource_group_name=ctx.resource_group_name, location=c.location, sku={"name": "Standard"},
            public_ip_addresses=[{"id": ip.id}], tags=ctx.tags(), opts=opts)

    # -- containers ---------------------------------------------------------------------
    def names(self, label: str, app: str, name: str, args: ContainerArgs) -> groups.GroupNames:
        group = group_name(label, app, name)
        return groups.GroupNames(app=app, resource=name, group=group, container=az.aci_name(name) or group,
                                 volumes=volume_names(label, args), zone=self.zone_name)

    def container_endpoint(self, app: "Application", name: str, args: ContainerArgs) -> Optional[Endpoint]:
        if not args.container.ports:
            return None
        names = self.names(f"Container '{name}'", app.resource_name, name, args)
        first = next(iter(args.container.ports.values()))
        return Endpoint(scheme=first.scheme or "http", hostname=names.hostname, port=first.exposed_port)

    def deploy_container(self, container: "Container", args: ContainerArgs, plan: EnvPlan) -> Workload:
        assert self.azure is not None
        ctx, c = self.azure, self.compute
        app, name = container.application.resource_name, container.resource_name
        env = self.environment.resource_name
        names = self.names(f"Container '{name}'", app, name, args)
        rt = validate.runtime(args)
        opts = pulumi.ResourceOptions(parent=container)
        meta = args.extension("kubernetesMetadata")
        tags = ctx.tags(app, name, extra={**(meta.labels if meta else {}), **rt.tags})
        rg = ctx.resource_group_name

        for variable in groups.empty_user_values(plan):
            pulumi.log.warn(
                f"Container '{name}': container.env.{variable} is empty; Azure Container Instances takes no variable "
                "without a value, so the container will not have it set (it is left out of the container group)",
                resource=container)

        identity = iam.user_assigned_identity(f"{name}-identity", f"{names.group}-id", rg, c.location, tags, opts)
        resources: list[pulumi.Resource] = [identity]

        pull_grants, credentials = grants.image_pull(
            ctx, key=(env, str(c.resource_group), app, name), name=name, image=args.container.image,
            registries=c.registries, identity=identity, opts=opts)
        resources += pull_grants
        resources += self._grants(container, plan, names, identity, opts)

        user_identity = {"type": "UserAssigned", "userAssignedIdentities": [identity.id]}
        scaling = args.extension("manualScaling")
        group_opts = pulumi.ResourceOptions(parent=container, depends_on=pull_grants)
        outputs: dict[str, Any] = {
            "resource_group_name": rg, "identity_id": identity.id,
            "identity_principal_id": identity.principal_id, "identity_client_id": identity.client_id,
            "container_group_name": names.group,
        }
        address: Any = None
        if scaling is None:
            props = groups.properties(args, plan, names, rt, subnet_id=self.subnet_id if rt.in_vnet else None,
                                      registry_credentials=credentials, diagnostics=self.diagnostics)
            # Replaced, not updated, on what ACI cannot change in place; deleted first, since
            # the replacement has the same (fixed) name. The DNS record takes the new IP in
            # the same `up`; an IP ACI changes on its own needs `up --refresh` (README).
            replace_opts = pulumi.ResourceOptions.merge(group_opts, pulumi.ResourceOptions(
                replace_on_changes=list(groups.REPLACE_ON_CHANGES), delete_before_replace=True))
            workload = azure_native.containerinstance.ContainerGroup(
                f"{name}-group", container_group_name=names.group, resource_group_name=rg, location=c.location,
                identity=user_identity, zones=rt.zones, tags=tags, opts=replace_opts, **pulumi_args(props))
            resources.append(workload)
            address = workload.ip_address.apply(lambda ip: ip.ip if ip is not None else None)
        else:
            # The profile is the template; the NGroup keeps `replicas` groups from it running
            # in the environment's subnet (set on the NGroup, not in the profile).
            props = groups.properties(args, plan, names, rt, subnet_id=None,
                                      registry_credentials=credentials, diagnostics=self.diagnostics)
            profile = azure_native.containerinstance.CGProfile(
                f"{name}-profile", container_group_profile_name=names.group, resource_group_name=rg,
                location=c.location, zones=rt.zones, tags=tags, opts=group_opts, **pulumi_args(props))
            resources.append(profile)
            # The profile's revision, not just its ID: a profile update makes a new revision,
            # and only an NGroup PUT whose profile reference differs starts a rolling update
            # ("Rolling update is triggered when an NGroups PUT call is made and the CG profile
            # in the PUT call is different from the CG profile currently referenced", NGroups
            # rolling update, https://learn.microsoft.com/azure/container-instances/container-instance-ngroups/container-instances-rolling-update).
            # Without it an image, env or secret change updates the profile and no replica moves.
            stub: dict[str, Any] = {"resource": {"id": profile.id}, "revision": profile.revision,
                                    "containerGroupProperties": {"subnetIds": [{"id": self.subnet_id}]}}
            if args.container.ports:
                lb = self._load_balancer(name, names, args, tags, opts)
                resources.append(lb)
                # From the load balancer's own ID, so the NGroup waits for it: ACI refuses a
                # backend pool that does not exist yet.
                stub["networkProfile"] = {"loadBalancer": {"backendAddressPools": [
                    {"resource": lb.id.apply(lambda i: f"{i}/backendAddressPools/replicas")}]}}
                address = lb.frontend_ip_configurations.apply(
                    lambda fe: fe[0].private_ip_address if fe else None)
                outputs["load_balancer_name"] = lb.name
            workload = azure_native.containerinstance.NGroup(
                f"{name}-ngroup", ngroups_name=names.group, resource_group_name=rg, location=c.location,
                identity=user_identity, zones=rt.zones, tags={**tags, **NGROUP_REPLACE_UPDATE_TAG},
                # maintainDesiredCount: a group deleted or detached from the NGroup is replaced
                # by a new one instead of lowering desiredCount (About NGroups, "can the
                # NGroups rebuild itself"), so `replicas` groups keep running.
                elastic_profile={"desiredCount": scaling.replicas, "maintainDesiredCount": True},
                # Replace (not in-place) rolling updates: new groups from the new revision,
                # then the old ones deleted, batch by batch; in-place would hit the same
                # "must delete first" properties as a single group.
                update_profile={"updateMode": "Rolling", "rollingUpdateProfile": {"inPlaceUpdate": False}},
                container_group_profiles=[stub],
                # A changed address_space moves the environment to a new network
                # (provision_environment): the NGroup is replaced onto it, deleting first (its name
                # is fixed, and its groups must leave the old subnet before the old network goes).
                opts=pulumi.ResourceOptions.merge(group_opts, pulumi.ResourceOptions(
                    replace_on_changes=[NGROUP_SUBNETS], delete_before_replace=True)))
            resources.append(workload)
            outputs["ngroup_name"] = names.group

        if args.container.ports and rt.in_vnet:
            record = azure_native.privatedns.PrivateRecordSet(
                f"{name}-dns", record_type="A", relative_record_set_name=names.group, private_zone_name=self.zone,
                resource_group_name=rg, ttl=DNS_TTL_SECONDS, a_records=[{"ipv4Address": address}], opts=opts)
            resources.append(record)
            outputs["private_ip_address"] = address
            # A gateway routing here is created once the name resolves.
            gateway.attach(route_targets(container.application, name), name, [record], args)
        return Workload(resources=resources, workload=workload, workload_name=names.group,
                        identity=identity.id, outputs=outputs)

    def _lb_name(self, names: groups.GroupNames) -> Any:
        """`<group>-ilb`; in the created network, named after its plan like the network: the
        load balancer's frontend is in the network's load-balancers subnet and its backends are
        the NGroup's groups, so when the network moves (a changed address plan) a new one is
        created there first, the NGroup is replaced onto both (deleting first), and the old one,
        its pool empty by then, is deleted at the end (a fixed name would have to be deleted while
        the old NGroup's groups are still in its pool)."""
        if self.range_names is None:
            return az.aci_name(names.group, "ilb", max_length=NETWORK_NAME_MAX)
        return self.range_names.name(names.group, "ilb", max_length=NETWORK_NAME_MAX)

    def _lb_id(self, names: groups.GroupNames) -> Any:
        assert self.azure is not None
        return pulumi.Output.format(
            "/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.Network/loadBalancers/{2}",
            self.azure.subscription_id, self.azure.resource_group_name, self._lb_name(names))

    def _load_balancer(self, name: str, names: groups.GroupNames, args: ContainerArgs, tags: dict[str, str],
                       opts: pulumi.ResourceOptions) -> Any:
        """An internal Standard load balancer: one private frontend in the load balancer
        subnet, the NGroup's groups as its backend pool, one rule per port."""
        assert self.azure is not None
        lb_id = self._lb_id(names)
        frontend = lb_id.apply(lambda i: f"{i}/frontendIPConfigurations/frontend")
        pool = lb_id.apply(lambda i: f"{i}/backendAddressPools/replicas")
        probes, rules = [], []
        tcp_probe = None
        for port_name, port in args.container.ports.items():
            if port.protocol == "TCP":
                probe_name = az.aci_name("tcp", str(port.container_port)) or "tcp"
                probes.append({"name": probe_name, "protocol": "Tcp", "port": port.container_port,
                               "intervalInSeconds": 5, "probeThreshold": 2})
                if tcp_probe is None:
                    tcp_probe = probe_name
        for port_name, port in args.container.ports.items():
            rule: dict[str, Any] = {
                "name": az.aci_name(port.protocol.lower(), str(port.exposed_port)) or port_name,
                "protocol": "Tcp" if port.protocol == "TCP" else "Udp",
                "frontendPort": port.exposed_port, "backendPort": port.container_port,
                "frontendIPConfiguration": {"id": frontend}, "backendAddressPool": {"id": pool},
                "enableFloatingIP": False, "idleTimeoutInMinutes": 4,
            }
            # UDP cannot be probed; a UDP rule follows the group's first TCP port's health.
            probe_name = az.aci_name("tcp", str(port.container_port)) if port.protocol == "TCP" else tcp_probe
            if probe_name is not None:
                rule["probe"] = {"id": lb_id.apply(lambda i, p=probe_name: f"{i}/probes/{p}")}
            rules.append(rule)
        return azure_native.network.LoadBalancer(
            f"{name}-load-balancer", load_balancer_name=self._lb_name(names),
            resource_group_name=self.azure.resource_group_name, location=self.compute.location,
            sku={"name": "Standard", "tier": "Regional"},
            frontend_ip_configurations=[{"name": "frontend", "subnet": {"id": self.lb_subnet_id},
                                         "privateIPAllocationMethod": "Dynamic"}],
            backend_address_pools=[{"name": "replicas"}],
            probes=probes, load_balancing_rules=rules, tags=tags, opts=opts)

    def _grants(self, container: "Container", plan: EnvPlan, names: groups.GroupNames, identity: Any,
                opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
        assert self.azure is not None
        key = (self.environment.resource_name, str(self.compute.resource_group), names.app, names.resource)
        return grants.connection_grants(self.azure, key=key, name=names.resource,
                                        plan=plan, identity=identity, opts=opts)

    # -- gateways -------------------------------------------------------------------------
    def validate_gateway(self, label: str, app: "Application", name: str, args: Any) -> None:
        from . import gateway

        gateway.validate(label, self.compute, args)

    def deploy_gateway(self, gateway: Any, args: Any) -> Any:
        from . import gateway as module

        return module.deploy(self, gateway, args)
