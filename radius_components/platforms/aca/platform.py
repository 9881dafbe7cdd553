"""The `aca` compute kind's Platform class (the kind is described in this package's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

import pulumi
import pulumi_azure_native as azure_native
import pulumi_random as random

from ...connections import EnvPlan, earlier_env_name
from ...model import ContainerArgs
from ...resources.volume.mounts import persistent_volumes
from .. import Endpoint, Workload
from .model import AcaCompute
from ..azure import grants, iam, logs, network_range, private_link
from ..azure import names as az
from ..azure.platform import AzurePlatform
from ..azure.private_link import PrivateNetwork
from . import app as build
from . import network, sizing, validate
from .names import AppNames, app_names
from ...routing import route_targets

if TYPE_CHECKING:  # pragma: no cover
    from ...application import Application
    from ...container import Container

HTTPS_PORT = 443
# An environment storage's name: kept to 32 lowercase letters, digits and '-' (the shortest limit
# seen for Container Apps child names; a longer name keeps a hash of the full one).
STORAGE_NAME_MAX = 32
KEY_VAULT_SECRETS_USER = iam.BUILTIN_ROLES["Key Vault Secrets User"]


def _verification_id(environment: Any) -> Any:
    """The environment's custom domain verification ID: the value of the `TXT asuid.<host>`
    record a custom domain needs before Container Apps binds it or issues its certificate."""
    return environment.custom_domain_configuration.apply(
        lambda c: getattr(c, "custom_domain_verification_id", None) if c is not None else None)


class AcaPlatform(AzurePlatform):
    kind = "aca"
    compute_model = AcaCompute
    compute: AcaCompute

    def __init__(self, environment: Any, compute: AcaCompute):
        super().__init__(environment, compute)
        self.environment_id: Any = compute.environment_id
        self.default_domain: Any = None
        self.app_location: Any = compute.location
        self._vault_uri: Any = None

    # -- validation ---------------------------------------------------------------------
    def validate_environment(self, label: str) -> None:
        validate.check_environment(label, self.environment.resource_name, self.compute)

    def validate_application(self, label: str, app_name: str) -> None:
        validate.check_application_name(label, app_name)

    def validate_container(self, label: str, app: "Application", name: str, args: ContainerArgs, plan: EnvPlan) -> None:
        app_names(label, app.resource_name, name, args, plan)
        self.container_errors(label, args, plan, lambda: validate.check_container(label, args, plan, self.compute),
                              validate.runtime(args).tags)

    # -- environment --------------------------------------------------------------------
    def provision_environment(self, parent: pulumi.ComponentResource) -> Mapping[str, Any]:
        c = self.compute
        env = self.environment.resource_name
        ctx = self.place(parent)
        opts = pulumi.ResourceOptions(parent=parent)
        rg = ctx.resource_group_name
        outputs: dict[str, Any] = {"resource_group_name": rg, "location": c.location}

        self._place_private_endpoints()
        if c.environment_id is not None:
            env_rg, env_name = az.parse_managed_environment(c.environment_id)  # type: ignore[misc]
            self.environment_name, self.environment_resource_group = env_name, env_rg
            existing = azure_native.app.get_managed_environment_output(
                environment_name=env_name, resource_group_name=env_rg, opts=pulumi.InvokeOutputOptions(parent=parent))
            self.default_domain = existing.default_domain
            # A container app lives in its environment's region.
            self.app_location = existing.location
            outputs.update(managed_environment_id=c.environment_id, default_domain=self.default_domain,
                           custom_domain_verification_id=_verification_id(existing))
            return outputs

        workspace = logs.workspace(ctx, c.log_retention_days, parent)
        profiles: list[dict[str, Any]] = [{"name": sizing.CONSUMPTION, "workloadProfileType": sizing.CONSUMPTION}]
        for p in c.workload_profiles:
            profiles.append({"name": p.name, "workloadProfileType": p.workload_profile_type,
                             "minimumCount": p.minimum_count, "maximumCount": p.maximum_count})
        extra: dict[str, Any] = {}
        if c.subnet_id is not None:
            # Internal: the environment gets no public IP; apps are reachable from the VNet.
            extra["vnet_configuration"] = {"infrastructureSubnetId": c.subnet_id, "internal": True}
        elif c.address_space is not None:
            # A network of its own (platforms/aca/network.py), external: apps stay public.
            extra["vnet_configuration"] = {"infrastructureSubnetId": self._created_network(opts), "internal": False}
        # The network of an environment is set when it is created ("Infrastructure subnet Id can not
        # be changed after environment creation": ManagedEnvironmentInfraSubnetIdCannotBeUpdated,
        # Azure/terraform-provider-azapi#826): a changed one replaces the environment, and its name
        # is fixed in the resource group, so the old one goes first.
        env_opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(
            replace_on_changes=["vnetConfiguration"], delete_before_replace=True)) if extra else opts
        managed = azure_native.app.ManagedEnvironment(
            f"{env}-environment", environment_name=az.container_app_name(env, "env"), resource_group_name=rg,
            location=c.location,
            app_logs_configuration={"destination": "log-analytics", "logAnalyticsConfiguration": {
                "customerId": workspace.customer_id, "sharedKey": workspace.shared_key}},
            workload_profiles=profiles, zone_redundant=c.zone_redundant, tags=ctx.tags(), opts=env_opts, **extra)
        self.environment_id = managed.id
        self.environment_name, self.environment_resource_group = managed.name, rg
        self.managed_environment = managed  # what a gateway's route config and certificate wait for
        self.default_domain = managed.default_domain
        outputs.update(managed_environment_id=managed.id, default_domain=managed.default_domain,
                       static_ip=managed.static_ip, log_analytics_workspace_id=workspace.resource.id,
                       custom_domain_verification_id=_verification_id(managed))
        if c.subnet_id is not None and validate.ENVIRONMENT_ZONE_KEY not in c.private_dns_zone_ids:
            self._default_domain_zone(managed, opts)
        return outputs

    def _default_domain_zone(self, managed: Any, opts: pulumi.ResourceOptions) -> None:
        """An internal environment's names (`<app>.<default domain>`, a gateway's
        `<route>.<default domain>`) resolve nowhere until a private DNS zone named after the
        default domain, with `*` pointing at the environment's static IP, is linked to the
        virtual network ("Create a private DNS zone ... named the environment's default domain
        ... an A record `*` ... the static IP", Container Apps networking, "DNS" for internal
        environments, learn.microsoft.com/azure/container-apps/networking). The domain is unique
        to this environment; one made by hand already (as those docs describe) would make our
        link fail (a network links one zone per name): `private_dns_zone_ids.environment` names
        it and none is created."""
        assert self.azure is not None
        env, rg = self.environment.resource_name, self.azure.resource_group_name
        zone = azure_native.privatedns.PrivateZone(
            f"{env}-default-domain-zone", private_zone_name=managed.default_domain, resource_group_name=rg,
            location="global", tags=self.azure.tags(), opts=opts)
        azure_native.privatedns.VirtualNetworkLink(
            f"{env}-default-domain-link", private_zone_name=zone.name, resource_group_name=rg, location="global",
            virtual_network_link_name=az.aci_name(env, "default-domain-link") or "link", registration_enabled=False,
            virtual_network={"id": az.vnet_of_subnet(self.compute.subnet_id or "")}, tags=self.azure.tags(),
            opts=private_link.link_options(pulumi.ResourceOptions(parent=zone)))
        azure_native.privatedns.PrivateRecordSet(
            f"{env}-default-domain-record", record_type="A", relative_record_set_name="*", private_zone_name=zone.name,
            resource_group_name=rg, ttl=300, a_records=[{"ipv4Address": managed.static_ip}],
            opts=pulumi.ResourceOptions(parent=zone))

    def _created_network(self, opts: pulumi.ResourceOptions) -> Any:
        """The virtual network `compute.address_space` asks for; returns the apps subnet's ID
        and makes the private-endpoints subnet the recipes' (`private_network`)."""
        assert self.azure is not None
        env, c = self.environment.resource_name, self.compute
        subnets = network.plan(f"Environment '{env}'", c)  # checked in validate_environment
        first = network_range.first_range(env, c.address_space, opts)
        nat = self._scripts_nat_gateway(first, opts)
        vnet = azure_native.network.VirtualNetwork(
            f"{env}-vnet", virtual_network_name=first.apply(lambda r: network.network_name(env, c.address_space, r)),
            resource_group_name=self.azure.resource_group_name, location=c.location,
            address_space={"addressPrefixes": [c.address_space]},
            # Inline, so updates to the network never drop the subnets.
            subnets=[{"name": "apps", "addressPrefix": subnets["apps"],
                      "delegations": [{"name": "aca", "serviceName": network.DELEGATION_SERVICE}]},
                     {"name": "private-endpoints", "addressPrefix": subnets["private-endpoints"]},
                     # The login step's container group pulls its image from mcr.microsoft.com
                     # and signs in with its identity (Entra ID, ARM): a container group in a
                     # virtual network goes out only through a NAT gateway, "the only supported
                     # configuration for outbound connectivity from your container group in a
                     # virtual network" (ACI virtual network scenarios, learn.microsoft.com/azure/
                     # container-instances/container-instances-virtual-network-concepts; review
                     # R-AZL-1). The apps subnet's egress is Container Apps' own: no NAT there.
                     {"name": "scripts", "addressPrefix": subnets["scripts"],
                      "delegations": [{"name": "aci", "serviceName": network.SCRIPTS_DELEGATION_SERVICE}],
                      "natGateway": {"id": nat.id}}],
            tags=self.azure.tags(), opts=opts)
        self.private_network = PrivateNetwork(subnet_id=vnet.id.apply(lambda i: f"{i}/subnets/private-endpoints"),
                                              vnet_id=vnet.id)
        self.script_subnet_id = vnet.id.apply(lambda i: f"{i}/subnets/scripts")
        self.private_network_problem = None
        return vnet.id.apply(lambda i: f"{i}/subnets/apps")

    def _scripts_nat_gateway(self, first: Any, opts: pulumi.ResourceOptions) -> Any:
        """The `scripts` subnet's egress: a Standard NAT gateway with one Standard static public
        IP (a NAT gateway takes Standard static IPv4 addresses only), as aci's containers subnet
        has (platforms/aci/platform.py `_nat_gateway`). Named after the network's range like the
        network (`<env>-nat`, `<env>-nat-ip` for the first range, with the range's hash after a
        move): "A NAT gateway can't span multiple virtual networks", so a new range gets its own,
        created before the old one is deleted."""
        assert self.azure is not None
        env, c, rg = self.environment.resource_name, self.compute, self.azure.resource_group_name

        def name(part: str) -> Any:
            return first.apply(lambda r: network_range.range_name(c.address_space, r, env, part,
                                                                  max_length=private_link.NETWORK_NAME_MAX))
        ip = azure_native.network.PublicIPAddress(
            f"{env}-nat-ip", public_ip_address_name=name("nat-ip"), resource_group_name=rg, location=c.location,
            sku={"name": "Standard", "tier": "Regional"}, public_ip_allocation_method="Static",
            public_ip_address_version="IPv4", tags=self.azure.tags(), opts=opts)
        return azure_native.network.NatGateway(
            f"{env}-nat-gateway", nat_gateway_name=name("nat"), resource_group_name=rg, location=c.location,
            sku={"name": "Standard"}, public_ip_addresses=[{"id": ip.id}], tags=self.azure.tags(), opts=opts)

    def _place_private_endpoints(self) -> None:
        """Where recipe resources (Azure Managed Redis) get private endpoints. With
        `private_endpoint_subnet_id` the privatelink zones are linked to the apps' network
        (the environment's subnet's, else that subnet's own). An internal environment without
        one has no subnet a private endpoint may use (its own is delegated). A Consumption
        environment on no virtual network reaches nothing privately; recipes fall back to
        public endpoints there."""
        c = self.compute
        if c.private_endpoint_subnet_id is not None:
            vnet = az.vnet_of_subnet(c.subnet_id or c.private_endpoint_subnet_id)
            self.private_network = PrivateNetwork(subnet_id=c.private_endpoint_subnet_id, vnet_id=vnet)
            # Where deployment scripts run (the PostgreSQL login step): a subnet of the user's,
            # delegated to ACI; the apps' own subnet is delegated to Microsoft.App/environments.
            self.script_subnet_id = c.script_subnet_id
            if c.script_subnet_id is None:
                self.script_subnet_problem = (
                    "the environment runs on your virtual network and has no compute.script_subnet_id, a subnet "
                    "delegated to Microsoft.ContainerInstance/containerGroups where the login step can run",
                    "add such a subnet (a /28 or larger) to the network and give it as compute.script_subnet_id")
        elif c.subnet_id is not None:
            self.private_network_problem = (
                "compute.private_endpoint_subnet_id",
                "the internal environment's apps reach Azure Managed Redis through a private endpoint, which needs a "
                "subnet that is not delegated to Microsoft.App/environments",
                "set compute.private_endpoint_subnet_id on the Environment (another subnet of the same virtual "
                "network), or use resource_provisioning='manual'")

    # -- containers ---------------------------------------------------------------------
    def container_endpoint(self, app: "Application", name: str, args: ContainerArgs) -> Optional[Endpoint]:
        port = validate.ingress_port(args)
        if port is None:
            return None
        app_name = app_names(f"Container '{name}'", app.resource_name, name, args, None).container_app
        if validate.transport(port) == "tcp":
            # Apps in the environment reach TCP ingress by the app's name and exposed port
            # (the internal FQDN routes HTTP by host header, which raw TCP has none of).
            return Endpoint(scheme=port.scheme or "tcp", hostname=app_name, port=port.exposed_port)
        # Internal ingress: <app>.internal.<default domain>; external: <app>.<default domain>.
        scope = "" if validate.runtime(args).external else ".internal"
        host = pulumi.Output.concat(app_name, scope, ".", self.default_domain)
        return Endpoint(scheme="https", hostname=host, port=HTTPS_PORT)

    def deploy_container(self, container: "Container", args: ContainerArgs, plan: EnvPlan) -> Workload:
        assert self.azure is not None
        ctx, c = self.azure, self.compute
        app, name = container.application.resource_name, container.resource_name
        names = app_names(f"Container '{name}'", app, name, args, plan)
        rt = validate.runtime(args)
        size, _, _ = sizing.sizing(args, validate.profile_type(c, rt))
        opts = pulumi.ResourceOptions(parent=container)
        meta = args.extension("kubernetesMetadata")
        tags = ctx.tags(app, name, extra={**(meta.labels if meta else {}), **rt.tags})
        rg = ctx.resource_group_name
        key = (self.environment.resource_name, str(c.resource_group), app, name)

        identity = iam.user_assigned_identity(f"{name}-identity", names.identity, rg, c.location, tags, opts)
        resources: list[pulumi.Resource] = [identity]
        wiring = build.Wiring(identity_id=identity.id)
        # What the app must be able to do when it is created: pull its image, read its secrets.
        needed: list[pulumi.Resource] = []

        pulls, wiring.registries = grants.image_pull(ctx, key=key, name=name, image=args.container.image,
                                                     registries=c.registries, identity=identity, opts=opts)
        needed += pulls

        secret_resources, secret_grants = self._secrets(name, key, plan, names, identity, wiring, tags, opts)
        resources += secret_resources
        needed += secret_grants
        resources += needed
        resources += grants.connection_grants(ctx, key=key, name=name, plan=plan,
                                              identity=identity, opts=opts)

        storages = self._volume_storages(name, names.container_app, args, opts)
        wiring.storages = {volume: storage_name for volume, (storage_name, _) in storages.items()}
        needed += [storage for _, storage in storages.values()]
        resources += [storage for _, storage in storages.values()]

        extra: dict[str, Any] = {}
        profile = rt.workload_profile_name or (sizing.CONSUMPTION if c.environment_id is None else None)
        if profile is not None:
            extra["workload_profile_name"] = profile
        container_app = azure_native.app.ContainerApp(
            f"{name}-app", container_app_name=names.container_app, resource_group_name=rg, location=self.app_location,
            environment_id=self.environment_id,
            identity={"type": "UserAssigned", "userAssignedIdentities": [identity.id]},
            configuration=build.configuration(args, wiring, rt),
            template=build.template(args, plan, names, size, wiring, rt),
            tags=tags, opts=pulumi.ResourceOptions(parent=container, depends_on=needed), **extra)
        resources.append(container_app)
        from .gateway import attach as attach_gateways

        attach_gateways(route_targets(container.application, name), names.container_app, container_app)

        outputs: dict[str, Any] = {
            "resource_group_name": rg, "container_app_name": names.container_app, "container_app_id": container_app.id,
            "identity_id": identity.id, "identity_principal_id": identity.principal_id,
            "identity_client_id": identity.client_id, "latest_revision_name": container_app.latest_revision_name,
        }
        if args.container.ports:
            # The app's own FQDN (external or internal), also for TCP apps, which others in
            # the environment reach by name.
            scope = "" if rt.external else ".internal"
            outputs["fqdn"] = pulumi.Output.concat(names.container_app, scope, ".", self.default_domain)
        return Workload(resources=resources, workload=container_app, workload_name=names.container_app,
                        identity=identity.id, outputs=outputs)

    def _volume_storages(self, name: str, container_app: str, args: ContainerArgs,
                         opts: pulumi.ResourceOptions) -> dict[str, tuple[str, pulumi.Resource]]:
        """An environment storage per persistent volume of the container: Container Apps mounts
        Azure Files only through one (Microsoft.App managedEnvironments/storages), with the
        account key (no managed identity). Its accessMode is the mount's permission (ReadOnly
        for `read`: a container app's volume mount has no read-only flag of its own), one per
        container so each gets only the access it asked for."""
        out: dict[str, tuple[str, pulumi.Resource]] = {}
        for volume_name, volume in persistent_volumes(args):
            share = volume.source.recipe_outputs
            # Named after the container app (application-qualified) and the volume: an environment's
            # storages are one namespace, shared by every application and stack deployed into it.
            storage_name = az.container_app_name(container_app, volume_name, max_length=STORAGE_NAME_MAX) or volume_name
            storage = azure_native.app.ManagedEnvironmentsStorage(
                f"{name}-{volume_name}-storage", environment_name=self.environment_name,
                resource_group_name=self.environment_resource_group, storage_name=storage_name,
                properties={"azureFile": {"accountName": share["storage_account_name"],
                                          "accountKey": share["storage_account_key"],
                                          "shareName": share["share_name"],
                                          "accessMode": "ReadOnly" if volume.permission == "read" else "ReadWrite"}},
                opts=opts)
            out[volume_name] = (storage_name, storage)
        return out

    def _secrets(self, name: str, key: tuple[str, ...], plan: EnvPlan, names: AppNames, identity: Any,
                 wiring: build.Wiring, tags: dict[str, str],
                 opts: pulumi.ResourceOptions) -> tuple[list[pulumi.Resource], list[pulumi.Resource]]:
        """Register each secret's storage and the identity's read access; fill `wiring.secrets`."""
        assert self.azure is not None
        resources: list[pulumi.Resource] = []
        reads: list[pulumi.Resource] = []
        vault = az.parse_key_vault(self.compute.key_vault_id) if self.compute.key_vault_id else None
        revision: Any = None
        if plan.secrets:
            # Replaced whenever a secret value changes; its (non-secret) hex ends the secret
            # names, so the env references change and Container Apps starts a new revision.
            rev = random.RandomId(f"{name}-secrets-revision", byte_length=4,
                                  keepers={e.name: e.secret for e in plan.secrets}, opts=opts)
            resources.append(rev)
            revision = rev.hex

        def read_grant(entry_name: str, secret_id: Any) -> Any:
            grant = iam.role_assignment(
                f"{name}-secret-{entry_name}-reader", key=(*key, "secret", entry_name), scope=secret_id,
                role_guid=KEY_VAULT_SECRETS_USER, principal_id=identity.principal_id,
                subscription_id=self.azure.subscription_id, opts=opts)  # type: ignore[union-attr]
            reads.append(grant)
            return grant

        for entry in plan.secrets:
            secret_name = pulumi.Output.concat(names.secrets[entry.name], "-", revision)
            if vault is None:
                wiring.secrets[entry.name] = {"name": secret_name, "value": entry.secret}
                continue
            vault_rg, vault_name = vault
            # Named after environment, app and container too: a vault may serve many.
            # A hash of subscription and resource group too: stacks in other groups share it.
            env, group, base = self.environment.resource_name, str(self.compute.resource_group), names.secrets[entry.name]
            kv_name = pulumi.Output.from_input(self.azure.subscription_id).apply(
                lambda subscription, base=base: az.key_vault_secret_name(subscription, group, env, names.container_app, base))
            # The vault secret's name is the same under both spellings of a connection's variable
            # (CONNECTION_MY-REDIS_* now, CONNECTION_MY_REDIS_* before): the alias keeps it one
            # resource, where a replacement would write the secret and then delete it.
            earlier = earlier_env_name(entry)
            kv_opts = opts if earlier is None else pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(aliases=[pulumi.Alias(name=f"{name}-secret-{earlier}")]))
            kv_secret = azure_native.keyvault.Secret(
                f"{name}-secret-{entry.name}", resource_group_name=vault_rg, vault_name=vault_name,
                secret_name=kv_name, properties={"value": entry.secret}, tags=tags, opts=kv_opts)
            resources.append(kv_secret)
            # Scoped by the secret's own ID, so the grant waits until the secret exists.
            read_grant(entry.name, kv_secret.id)
            # The versioned URI: the revision reads exactly the value this deployment wrote.
            wiring.secrets[entry.name] = {"name": secret_name, "identity": identity.id,
                                          "keyVaultUrl": kv_secret.properties.secret_uri_with_version}
        granted: set[Any] = set()
        for entry in plan.entries:
            ref = entry.secret_ref
            if ref is None:
                continue
            # A secret in the environment's vault (the checks required one), or a key of a
            # SecretStore there (platforms/aca/secret_store.py: an Output name, a pinned URI).
            # One grant per secret: ARM refuses a second assignment of the same role to the
            # same principal on the same scope (RoleAssignmentExists).
            scope_key = ref.name if isinstance(ref.name, str) else id(ref.name)
            if scope_key not in granted:
                granted.add(scope_key)
                read_grant(entry.name, pulumi.Output.concat(self.compute.key_vault_id, "/secrets/", ref.name))
            pinned = getattr(ref, "version", None)
            url = pinned if pinned is not None else pulumi.Output.concat(
                self._vault(), "secrets/", ref.name, "" if ref.key == "latest" else f"/{ref.key}")
            wiring.secrets[entry.name] = {"name": names.secrets[entry.name], "identity": identity.id, "keyVaultUrl": url}
        return resources, reads

    def _vault(self) -> Any:
        """The vault's URI (https://<name>.vault.azure.net/ in Azure's public cloud), looked
        up once, so sovereign clouds get their own DNS suffix."""
        if self._vault_uri is None:
            vault_rg, vault_name = az.parse_key_vault(self.compute.key_vault_id)  # type: ignore[misc,arg-type]
            vault = azure_native.keyvault.get_vault_output(
                resource_group_name=vault_rg, vault_name=vault_name,
                opts=pulumi.InvokeOutputOptions(parent=self.environment))
            self._vault_uri = vault.properties.vault_uri.apply(lambda u: u if u.endswith("/") else u + "/")
        return self._vault_uri

    # -- gateways -------------------------------------------------------------------------
    def validate_gateway(self, label: str, app: "Application", name: str, args: Any) -> None:
        from . import gateway

        gateway.validate(label, app.resource_name, name, args, self.compute)

    def deploy_gateway(self, gateway: Any, args: Any) -> Any:
        from . import gateway as module

        return module.deploy(self, gateway, args)
