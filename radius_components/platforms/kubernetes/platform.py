"""The `kubernetes` compute kind's Platform class (the kind is described in this package's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from ...connections import EnvPlan
from ...names import short_hash
from ..secret_stores import store_refs
from ...model import ContainerArgs
from .. import Endpoint, Platform, Workload
from .model import KubernetesCompute
from . import manifests, rbac, secret_store, validate
from .merge import strategic_merge
from .names import container_names
from .objects import register

if TYPE_CHECKING:  # pragma: no cover
    from ...application import Application
    from ...container import Container

# Pulumi logical-name suffix per kind; never change one without an alias (URNs change).
_SUFFIX = {"Deployment": "deployment", "Service": "service", "ServiceAccount": "identity", "Secret": "secrets"}


class KubernetesPlatform(Platform):
    kind = "kubernetes"
    compute_model = KubernetesCompute
    compute: KubernetesCompute

    def __init__(self, environment: Any, compute: KubernetesCompute):
        super().__init__(environment, compute)
        self.namespace: str = compute.namespace
        self.provider: Optional[k8s.Provider] = None
        self.namespace_resource: Optional[k8s.core.v1.Namespace] = None

    def environment_scope(self) -> tuple[tuple[str, str], ...]:
        """Objects here are named after the application, in the environment's namespace: two
        environments on one cluster (the same kubeconfig and context, or both the ambient one)
        and namespace would deploy onto each other (and both create the Namespace)."""
        c = self.compute
        if c.render_yaml_to_directory:
            return (("render_yaml_to_directory", c.render_yaml_to_directory),)
        # The kubeconfig may be the file's content, credentials included: only a hash of it is shown.
        kubeconfig = f"kubeconfig {short_hash(c.kubeconfig, 8)}" if c.kubeconfig else "ambient kubeconfig"
        cluster = f"{kubeconfig}, context {c.context or 'current'}"
        return (("namespace", f"{self.namespace} (cluster: {cluster})"),)

    # -- validation ---------------------------------------------------------------------
    def validate_environment(self, label: str) -> None:
        validate.check_namespace(label, self.namespace, self.compute.create_namespace)

    def validate_application(self, label: str, app_name: str) -> None:
        validate.check_application_name(label, app_name)

    def validate_container(self, label: str, app: "Application", name: str, args: ContainerArgs, plan: EnvPlan) -> None:
        container_names(label, app.resource_name, name, self.namespace, args)
        validate.check_container(label, args, plan)

    # -- environment --------------------------------------------------------------------
    def provision_environment(self, parent: pulumi.ComponentResource) -> Mapping[str, Any]:
        env_name = self.environment.resource_name
        c = self.compute
        if c.kubeconfig or c.context or c.render_yaml_to_directory:
            self.provider = k8s.Provider(
                f"{env_name}-provider",
                kubeconfig=c.kubeconfig,
                context=c.context,
                render_yaml_to_directory=c.render_yaml_to_directory,
                opts=pulumi.ResourceOptions(parent=parent),
            )
        if validate.creates_namespace(self.namespace, c.create_namespace):
            # Registered only when the stack is to own it: pulumi-kubernetes creates (it does not
            # adopt) unless the provider sets upsertExistingObjects, and a resource the stack owns is
            # deleted on `destroy`. An existing namespace is used without being registered.
            self.namespace_resource = k8s.core.v1.Namespace(
                f"{env_name}-namespace",
                metadata={"name": self.namespace, "labels": {"app.kubernetes.io/managed-by": manifests.MANAGED_BY,
                                                             "radapp.io/environment": env_name}},
                opts=pulumi.ResourceOptions(parent=parent, provider=self.provider),
            )
        return {"namespace": self.namespace}

    def child_options(self, parent: pulumi.Resource, **kwargs: Any) -> pulumi.ResourceOptions:
        # Objects in the namespace wait for it; all go through the environment's provider.
        depends = [self.namespace_resource] if self.namespace_resource is not None else []
        return pulumi.ResourceOptions(parent=parent, provider=self.provider, depends_on=depends, **kwargs)

    def application_outputs(self, app: "Application") -> Mapping[str, Any]:
        return {"namespace": self.namespace}

    # -- containers ---------------------------------------------------------------------
    def names(self, app: "Application", name: str, args: ContainerArgs) -> manifests.ContainerNames:
        return container_names(f"Container '{name}'", app.resource_name, name, self.namespace, args)

    def container_endpoint(self, app: "Application", name: str, args: ContainerArgs) -> Optional[Endpoint]:
        if not args.container.ports:
            return None
        names = self.names(app, name, args)
        first = next(iter(args.container.ports.values()))
        return Endpoint(scheme=first.scheme or "http", hostname=names.hostname, port=first.exposed_port)

    def deploy_container(self, container: "Container", args: ContainerArgs, plan: EnvPlan) -> Workload:
        names = self.names(container.application, container.resource_name, args)
        name = container.resource_name
        opts = self.child_options(container)
        mount_token = any(conn.roles for conn in plan.connections)

        objects: dict[str, dict[str, Any]] = {
            "ServiceAccount": manifests.service_account(args, names, mount_token),
        }
        revision = None
        secret = manifests.secret(args, plan, names)
        resources: list[pulumi.Resource] = []
        rev = self.secrets_revision(container, plan, secret)
        if rev is not None:
            resources.append(rev)
            revision = rev.hex
        if secret is not None:
            objects["Secret"] = secret
        objects["Deployment"] = manifests.deployment(args, plan, names, revision, mount_token)
        svc = manifests.service(args, names)
        if svc is not None:
            objects["Service"] = svc

        objects = self._punch_through(args, objects)
        # A loop, not a comprehension: Pulumi walks the Python stack of every resource it
        # registers, and before Python 3.12 a comprehension is one more frame for each.
        registered: dict[str, pulumi.CustomResource] = {}
        for kind, obj in objects.items():
            kind_opts = opts
            if kind == "Deployment":
                kind_opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(
                    depends_on=self._secrets_read(registered.get("Secret"), plan)))
                if manifests.attaches_once(args):
                    # Recreate (manifests.attaches_once) on a Deployment created without a strategy:
                    # the API server defaulted `rollingUpdate`, which no field manager owns, so an
                    # apply of `type: Recreate` cannot remove it and is refused ("may not be
                    # specified when strategy type is 'Recreate'"). Replacing the Deployment
                    # (deleted first: its name is fixed) is what a Recreate would do anyway.
                    kind_opts = pulumi.ResourceOptions.merge(kind_opts, pulumi.ResourceOptions(
                        replace_on_changes=["spec.strategy"], delete_before_replace=True))
            registered[kind] = register(obj, f"{name}-{_SUFFIX[kind]}", kind_opts)
        resources.extend(registered.values())
        for suffix, binding in manifests.role_bindings(args, plan, names):
            resources.append(register(binding, f"{name}-{suffix}", opts))
        self._warn_secret_reading_roles(container, plan)
        # Admitted by each recipe server it connects to (isolated by the recipe's own policy).
        for suffix, policy in manifests.connection_policies(plan, names):
            resources.append(register(policy, f"{name}-{suffix}", opts))

        deployment = registered["Deployment"]
        return Workload(
            resources=resources,
            workload=deployment,
            workload_name=names.workload,
            identity=names.workload,
            outputs={"namespace": self.namespace, "service_account_name": names.workload,
                     "service_name": names.workload if svc is not None else None},
        )

    def _warn_secret_reading_roles(self, container: "Container", plan: EnvPlan) -> None:
        for conn in plan.connections:
            for i, role in enumerate(conn.roles):
                grant, _ = rbac.parse(role)
                warning = rbac.secrets_warning(grant, self.namespace) if grant is not None else None
                if warning:
                    pulumi.log.warn(f"Container '{container.resource_name}': connections.{conn.name}.iam.roles[{i}] "
                                    f"({role}): {warning}", resource=container)

    @staticmethod
    def secrets_revision(container: Any, plan: EnvPlan, secret: Optional[dict[str, Any]]) -> Optional[random.RandomId]:
        """A random id replaced whenever a secret value the pods read changes (their own Secret's,
        and SecretStore keys: platforms/kubernetes/secret_store.py); its (non-secret) hex in a pod
        annotation rolls the pods without putting a hash of the secret in state. None when they
        read no secret."""
        store_values = secret_store.referenced_values(plan)
        if secret is None and not store_values:
            return None
        return random.RandomId(
            f"{container.resource_name}-secrets-revision", byte_length=8,
            keepers={**{e.name: e.secret for e in plan.secrets}, **store_values},
            opts=pulumi.ResourceOptions(parent=container),
        )

    @staticmethod
    def _secrets_read(own_secret: Optional[pulumi.Resource], plan: EnvPlan) -> list[pulumi.Resource]:
        """The Secrets the pods read through `secretKeyRef`, which the Deployment must wait for.

        pulumi-kubernetes replaces a named Secret whose data changes (delete, then create), and
        the new revision id rolls the Deployment in the same `up`: without this dependency both
        run at once, and new pods start before the delete (old value, no further roll) or in the
        gap (`CreateContainerConfigError`: the kubelet reads a Secret into env only at pod start,
        kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables).
        """
        out: list[pulumi.Resource] = [own_secret] if own_secret is not None else []
        for ref in store_refs(plan.entries):
            # A created store's Secret (platforms/kubernetes/secret_store.py); an existing
            # store's Secret is not the stack's, so there is nothing to wait for.
            for resource in getattr(ref.store, "native_resources", None) or ():
                if resource not in out:
                    out.append(resource)
        return out

    def _punch_through(self, args: ContainerArgs, objects: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        runtime = args.runtimes.kubernetes
        if runtime is None:
            return objects
        if runtime.base:
            # Generated fields win over the base; the base fills in everything else.
            for doc in validate.parse_base(runtime.base):
                kind = doc["kind"]
                objects[kind] = strategic_merge(doc, objects[kind])
        if runtime.pod:
            deployment = objects["Deployment"]
            pod = deployment["spec"]["template"]["spec"]
            deployment["spec"]["template"]["spec"] = strategic_merge(pod, runtime.pod)
        return objects

    # -- gateways -------------------------------------------------------------------------
    def validate_gateway(self, label: str, app: "Application", name: str, args: Any) -> None:
        from . import gateway

        gateway.validate(label, app.resource_name, name, self.namespace, args)

    def deploy_gateway(self, gateway: Any, args: Any) -> Any:
        from . import gateway as module

        return module.deploy(self, gateway, args)

