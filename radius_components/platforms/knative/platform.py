"""The `knative` compute kind's Platform class (the kind is described in this package's docstring).

The environment (provider, namespace), the ServiceAccount, the connection Secret, the
RoleBindings and the secrets revision are the kubernetes kind's: `KnativePlatform` extends
`KubernetesPlatform` and replaces only what a container and a gateway become.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import pulumi

from ...connections import EnvPlan
from ...errors import collect, raise_all
from ...model import ContainerArgs
from ...routing import route_targets
from .. import Endpoint, Workload
from ..kubernetes import manifests as k8s_manifests
from ..kubernetes.manifests import ContainerNames
from ..kubernetes.objects import register as register_kubernetes
from ..kubernetes.platform import KubernetesPlatform
from . import gateway, manifests, objects, validate
from .model import KnativeCompute
from .names import cluster_local_hostname, container_names

if TYPE_CHECKING:  # pragma: no cover
    from ...application import Application
    from ...container import Container


class KnativePlatform(KubernetesPlatform):
    kind = "knative"
    compute_model = KnativeCompute
    compute: KnativeCompute  # type: ignore[assignment]

    # -- validation ---------------------------------------------------------------------
    def validate_container(self, label: str, app: "Application", name: str, args: ContainerArgs, plan: EnvPlan) -> None:
        self.names(app, name, args, label)
        errors = collect(lambda: validate.check_container(label, args, plan))
        errors += validate.persistent_volume_errors(label, args, self.compute)
        errors += validate.hpa_class_errors(label, args, self.compute)
        raise_all(errors)

    # -- containers ---------------------------------------------------------------------
    def names(self, app: "Application", name: str, args: ContainerArgs, label: str = "") -> ContainerNames:
        return container_names(label or f"Container '{name}'", app.resource_name, name,
                               self.app_namespace(app.resource_name), args, self.prefixed)

    def container_endpoint(self, app: "Application", name: str, args: ContainerArgs) -> Optional[Endpoint]:
        # Knative's rule: every Service answers on port 80 of its cluster-local address, whatever
        # port its container listens on (the queue-proxy forwards to it).
        if not args.container.ports:
            return None
        first = next(iter(args.container.ports.values()))
        return Endpoint(scheme=first.scheme or "http", hostname=cluster_local_hostname(self.names(app, name, args)),
                        port=validate.SERVICE_PORT)

    def deploy_container(self, container: "Container", args: ContainerArgs, plan: EnvPlan) -> Workload:
        args = self.cascaded(container.application.resource_name, args)
        names = self.names(container.application, container.resource_name, args)
        name = container.resource_name
        opts = self.app_options(container.application, container)
        mount_token = any(conn.roles for conn in plan.connections)
        targets = route_targets(container.application, name)

        resources: list[pulumi.Resource] = []
        revision = None
        secret = k8s_manifests.secret(args, plan, names)
        # As on the kubernetes kind: a changed secret value changes the revision template, so
        # Knative rolls a new revision (a pod reads its Secret into env only when it starts).
        rev = self.secrets_revision(container, plan, secret)
        if rev is not None:
            resources.append(rev)
            revision = rev.hex
        account = register_kubernetes(k8s_manifests.service_account(args, names, mount_token), f"{name}-identity", opts)
        resources.append(account)
        registered_secret = None
        if secret is not None:
            registered_secret = register_kubernetes(secret, f"{name}-secrets", opts)
            resources.append(registered_secret)
        # As on the kubernetes kind: after every Secret its pods read (its own, and the
        # SecretStores' it references), so a revision never starts before its values exist.
        depends: list[pulumi.Resource] = [account, *self._secrets_read(registered_secret, plan)]
        for suffix, binding in k8s_manifests.role_bindings(args, plan, names):
            resources.append(register_kubernetes(binding, f"{name}-{suffix}", opts))
        # Admitted by each recipe server it connects to (the recipes isolate their servers).
        for suffix, policy in k8s_manifests.connection_policies(plan, names):
            resources.append(register_kubernetes(policy, f"{name}-{suffix}", opts))

        manifest = manifests.awaited(manifests.service(args, plan, names, revision, mount_token, cluster_local=not any(t.binding == gateway.EXTERNAL for t in targets)),
                                     self.compute)
        # After its ServiceAccount and Secret: Knative's webhook and the first revision's pods need them.
        service_opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=depends))
        service = objects.register(manifest, f"{name}-service", service_opts)
        resources.append(service)

        return Workload(
            resources=resources,
            workload=service,
            workload_name=names.workload,
            identity=names.workload,
            outputs={"namespace": names.namespace, "service_account_name": names.workload,
                     "service_name": names.workload, "uri": service.status.apply(objects.status_url)},
        )

    # -- gateways -------------------------------------------------------------------------
    def validate_gateway(self, label: str, app: "Application", name: str, args: Any) -> None:
        gateway.validate(label, app.resource_name, name, args, self.prefixed)

    def deploy_gateway(self, gateway_component: Any, args: Any) -> Any:
        return gateway.deploy(self, gateway_component, args)
