"""The `kubernetes` compute kind's Platform class (the kind is described in this package's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from ...connections import EnvPlan
from ...errors import RadiusValidationError, raise_all
from ...model.kubernetes_metadata import managed_key_errors
from ...names import short_hash
from ..secret_stores import store_refs
from ...model import ContainerArgs
from ...model.extensions import KubernetesMetadata
from .. import Endpoint, Platform, Workload
from .model import KubernetesCompute
from . import autoscaling, manifests, namespaces, rbac, secret_store, validate
from .merge import strategic_merge
from .names import container_names, name_part
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
        # Application namespaces (compute.application_namespaces), by application name.
        self._app_namespaces: dict[str, pulumi.CustomResource] = {}
        # Each application's extensions (Application(extensions=...)), by name.
        self._app_extensions: dict[str, Any] = {}

    def declare_application(self, app_name: str, extensions: Any) -> None:
        """Called by Application before validate_application: its kubernetesNamespace and
        kubernetesMetadata extensions."""
        self._app_extensions[app_name] = extensions

    def _app_extension(self, app_name: str, kind: str) -> Any:
        extensions = self._app_extensions.get(app_name)
        return extensions.extension(kind) if extensions is not None else None

    def cascaded(self, app_name: str, args: ContainerArgs) -> ContainerArgs:
        """`args` with the environment's and the application's kubernetesMetadata merged under the
        container's own (Radius's precedence: environment < application < container,
        pkg/corerp/renderers/kubernetesmetadata); the reserved labels stay the library's
        (manifests.labels are written over user labels)."""
        environment = getattr(self.environment, "extensions", None)
        outer = [environment.extension("kubernetesMetadata") if environment is not None else None,
                 self._app_extension(app_name, "kubernetesMetadata")]
        if all(layer is None for layer in outer):
            return args
        layers = [layer for layer in (*outer, args.extension("kubernetesMetadata")) if layer is not None]
        labels: dict[str, str] = {}
        annotations: dict[str, str] = {}
        for layer in layers:
            labels.update(layer.labels)
            annotations.update(layer.annotations)
        merged = KubernetesMetadata(kind="kubernetesMetadata", labels=labels, annotations=annotations)
        others = [e for e in args.extensions if e.kind != "kubernetesMetadata"]
        return args.model_copy(update={"extensions": [*others, merged]})

    @property
    def prefixed(self) -> bool:
        """Whether object names carry the application's name (all applications share the
        environment's namespace) rather than being the resource's own (Radius's layout)."""
        return not getattr(self.compute, "application_namespaces", False)

    def app_namespace(self, app_name: str) -> str:
        """The namespace of an application's containers and gateways: the environment's, or with
        application namespaces `<environment namespace>-<application>`, as Radius computes it
        (radius-project/radius, pkg/corerp/frontend/controller/applications/updatefilter.go)."""
        if self.prefixed:
            return self.namespace
        given = self._app_extension(app_name, "kubernetesNamespace")
        if given is not None:
            return given.namespace
        return f"{self.namespace}-{name_part('Application ' + repr(app_name), app_name)}"

    def search_domains(self, app: "Application") -> tuple[str, ...]:
        """A pod's DNS search list under the default dnsPolicy (ClusterFirst) that the kubelet
        writes into its resolv.conf: `<namespace>.svc.cluster.local svc.cluster.local cluster.local`
        (kubernetes.io/docs/concepts/services-networking/dns-pod-service, "Namespaces of Services").
        With application namespaces, container `web`'s Service `web` is in the connecting pod's
        namespace, so `http://web:<port>` resolves; in the earlier layout the Service is
        `<application>-web`, and the short name does not (short_names warns)."""
        return (f"{self.app_namespace(app.resource_name)}.svc.cluster.local", "svc.cluster.local", "cluster.local")

    def app_options(self, app: "Application", parent: pulumi.Resource, **kwargs: Any) -> pulumi.ResourceOptions:
        """child_options, waiting for the application's namespace when it has its own."""
        opts = self.child_options(parent, **kwargs)
        namespace = None if self.prefixed else self._namespace_of(app)
        if namespace is None:
            return opts
        return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[namespace]))

    def _namespace_of(self, app: "Application") -> Optional[pulumi.CustomResource]:
        """The application's Namespace, registered once; None for one every cluster has (a
        kubernetesNamespace extension naming `default`), which is only used. A namespace the
        kubernetesNamespace extension names is adopted, not owned (namespaces.adopted_namespace)."""
        name = app.resource_name
        if not validate.creates_namespace(self.app_namespace(name), None):
            return None
        given = self._app_extension(name, "kubernetesNamespace")
        if name not in self._app_namespaces and given is not None:
            self._app_namespaces[name] = namespaces.adopted_namespace(
                f"{name}-namespace", given.namespace,
                {"radapp.io/environment": self.environment.resource_name,
                 "radapp.io/application": name_part("Application " + repr(name), name)},
                self.child_options(app))
        if name not in self._app_namespaces:
            self._app_namespaces[name] = k8s.core.v1.Namespace(
                f"{name}-namespace",
                metadata={"name": self.app_namespace(name),
                          "labels": {"app.kubernetes.io/managed-by": manifests.MANAGED_BY,
                                     "radapp.io/environment": self.environment.resource_name,
                                     "radapp.io/application": name_part("Application " + repr(name), name)}},
                opts=self.child_options(app))
        return self._app_namespaces[name]

    def environment_scope(self) -> tuple[tuple[str, str], ...]:
        """Objects here are named after the application, in the environment's namespace: two
        environments on one cluster (the same kubeconfig and context, or both the ambient one)
        and namespace would deploy onto each other (and both create the Namespace)."""
        c = self.compute
        if c.render_yaml_to_directory:
            return (("render_yaml_to_directory", c.render_yaml_to_directory),)
        return (("namespace", f"{self.namespace} (cluster: {self._cluster()})"),)

    def application_scope(self, app_name: str) -> tuple[tuple[str, str], ...]:
        """An application's own namespace, in environment_scope's form (rules.application_namespaces_apart)."""
        if self.prefixed or self.compute.render_yaml_to_directory:
            return ()
        return (("namespace", f"{self.app_namespace(app_name)} (cluster: {self._cluster()})"),)

    def _cluster(self) -> str:
        c = self.compute
        # The kubeconfig may be the file's content, credentials included: only a hash of it is shown.
        kubeconfig = f"kubeconfig {short_hash(c.kubeconfig, 8)}" if c.kubeconfig else "ambient kubeconfig"
        return f"{kubeconfig}, context {c.context or 'current'}"

    # -- validation ---------------------------------------------------------------------
    def validate_environment(self, label: str) -> None:
        validate.check_namespace(label, self.namespace, self.compute.create_namespace)
        # Its kubernetesMetadata cascades into every container: the keys the kind sets are refused here.
        raise_all(managed_key_errors(label, getattr(self.environment, "extensions", None),
                                     validate.MANAGED_LABELS, validate.MANAGED_ANNOTATIONS))

    def validate_application(self, label: str, app_name: str) -> None:
        validate.check_application_name(label, app_name)
        raise_all(managed_key_errors(label, self._app_extensions.get(app_name),
                                     validate.MANAGED_LABELS, validate.MANAGED_ANNOTATIONS))
        given = self._app_extension(app_name, "kubernetesNamespace")
        if self.prefixed and given is not None:
            raise RadiusValidationError(label, "extensions.kubernetesNamespace", given.namespace,
                                        "every application of this environment deploys into its namespace "
                                        f"'{self.namespace}'",
                                        f"set {type(self.compute).__name__}(application_namespaces=True) to give "
                                        "applications namespaces of their own")
        if not self.prefixed:
            validate.check_application_namespace(label, app_name, self.app_namespace(app_name), self.namespace)

    def validate_container(self, label: str, app: "Application", name: str, args: ContainerArgs, plan: EnvPlan) -> None:
        names = self.names(app, name, args, label)
        validate.check_container(label, args, plan, names.secret)
        raise_all(autoscaling.check(label, args, self.compute.keda) + rbac.namespace_secrets_errors(label, args, self.prefixed))

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
        return {"namespace": self.app_namespace(app.resource_name)}

    # -- containers ---------------------------------------------------------------------
    def names(self, app: "Application", name: str, args: ContainerArgs, label: str = "") -> manifests.ContainerNames:
        return container_names(label or f"Container '{name}'", app.resource_name, name,
                               self.app_namespace(app.resource_name), args, self.prefixed)

    def container_endpoint(self, app: "Application", name: str, args: ContainerArgs) -> Optional[Endpoint]:
        if not args.container.ports:
            return None
        names = self.names(app, name, args)
        first = next(iter(args.container.ports.values()))
        return Endpoint(scheme=first.scheme or "http", hostname=names.hostname, port=first.exposed_port)

    def deploy_container(self, container: "Container", args: ContainerArgs, plan: EnvPlan) -> Workload:
        args = self.cascaded(container.application.resource_name, args)
        names = self.names(container.application, container.resource_name, args)
        name = container.resource_name
        opts = self.app_options(container.application, container)
        runtime = args.runtimes.kubernetes
        read_secrets = runtime is not None and runtime.read_namespace_secrets
        mount_token = read_secrets or any(conn.roles for conn in plan.connections)

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

        objects, extra = self._punch_through(container, args, names, objects)
        # The base manifest's own ConfigMaps and Secrets, deployed as given before the workload.
        base_objects = [register(obj, f"{name}-base-{obj['kind'].lower()}-{obj['metadata']['name']}", opts)
                        for obj in extra]
        if read_secrets:
            # Before the workload, as Radius orders them: its pods may read Secrets at start.
            for suffix, obj in manifests.secret_read_grant(names):
                base_objects.append(register(obj, f"{name}-{suffix}", opts))
        resources.extend(base_objects)
        # A loop, not a comprehension: Pulumi walks the Python stack of every resource it
        # registers, and before Python 3.12 a comprehension is one more frame for each.
        registered: dict[str, pulumi.CustomResource] = {}
        for kind, obj in objects.items():
            kind_opts = opts
            if kind == "Deployment":
                kind_opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(
                    depends_on=[*self._secrets_read(registered.get("Secret"), plan), *base_objects],
                    # An autoscaler owns the replica count: the Deployment leaves `replicas` out
                    # (manifests.deployment), so server-side apply never claims it, and drift
                    # of it is ignored too, for a provider with client-side apply
                    # (enableServerSideApply: false), which would diff the live count.
                    ignore_changes=["spec.replicas"] if args.extension("autoScaling") else None))
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
        scaler = autoscaling.autoscaler(args, manifests.object_metadata(args, names, names.workload), names.workload,
                                        names.container)
        if scaler is not None:
            # After the Deployment: KEDA's webhook reads its pod template (the cpu/memory requests).
            resources.append(register(scaler, f"{name}-autoscaler", pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(depends_on=[registered["Deployment"]]))))
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
            outputs={"namespace": names.namespace, "service_account_name": names.workload,
                     "service_name": names.workload if svc is not None else None},
        )

    def _warn_secret_reading_roles(self, container: "Container", plan: EnvPlan) -> None:
        for conn in plan.connections:
            for i, role in enumerate(conn.roles):
                grant, _ = rbac.parse(role)
                namespace = self.app_namespace(container.application.resource_name)
                warning = rbac.secrets_warning(grant, namespace) if grant is not None else None
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

    def _punch_through(self, container: Any, args: ContainerArgs, names: manifests.ContainerNames,
                       objects: dict[str, dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
        """The objects with `runtimes.kubernetes` merged in, and the base manifest's own
        ConfigMaps and Secrets (in the container's namespace)."""
        runtime = args.runtimes.kubernetes
        if runtime is None:
            return objects, []
        extra: list[dict[str, Any]] = []
        if runtime.base:
            merged, given = validate.split_base(runtime.base, names.secret)
            # Generated fields win over the base; the base fills in everything else.
            for doc in merged:
                kind = doc["kind"]
                if kind not in objects:
                    # A Service document of a container without ports: it has no Service, and
                    # Radius skips the document too (render.go makes a Service only for ports).
                    pulumi.log.warn(f"Container '{container.resource_name}': runtimes.kubernetes.base has a {kind} "
                                    f"document, but the container has no {kind} (it declares no ports): ignored",
                                    resource=container)
                    continue
                objects[kind] = strategic_merge(doc, objects[kind])
            for doc in given:
                extra.append({**doc, "metadata": {**doc["metadata"], "namespace": names.namespace}})
        if runtime.pod:
            deployment = objects["Deployment"]
            pod = deployment["spec"]["template"]["spec"]
            deployment["spec"]["template"]["spec"] = strategic_merge(pod, runtime.pod)
        return objects, extra

    # -- gateways -------------------------------------------------------------------------
    def validate_gateway(self, label: str, app: "Application", name: str, args: Any) -> None:
        from . import gateway

        gateway.validate(label, app.resource_name, name, self.app_namespace(app.resource_name), args, self.prefixed)

    def deploy_gateway(self, gateway: Any, args: Any) -> Any:
        from . import gateway as module

        return module.deploy(self, gateway, args)

