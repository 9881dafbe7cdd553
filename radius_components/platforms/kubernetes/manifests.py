"""Kubernetes manifests for one container, as plain dicts (no resources registered here).

Building plain manifests first keeps the `runtimes.kubernetes` punch-through simple (it
merges dicts), keeps this file testable without Pulumi, and lets tests feed exactly what
we emit to kubernetes-validate. Values may be Pulumi Outputs at the leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ...connections import EnvEntry, EnvPlan
from ...model import ContainerArgs, Probe
from ...model.container import PersistentVolume
from ...resources.volume.mounts import persistent_volumes
from ...names import dns_label
from . import rbac

MANAGED_BY = "radius-components"
CONTAINER_RESOURCE_TYPE = "applications.core-containers"
# Changes whenever the container's secrets change, so the Deployment rolls its pods.
SECRETS_REVISION_ANNOTATION = "radapp.io/secrets-revision"
# pulumi-kubernetes: apply this object with force (server-side apply field conflicts are overridden).
PATCH_FORCE_ANNOTATION = "pulumi.com/patchForce"


@dataclass(frozen=True)
class ContainerNames:
    """Every Kubernetes name one container uses; derived once, deterministically."""

    app: str
    resource: str
    namespace: str
    workload: str  # Deployment, Service, ServiceAccount
    secret: str
    container: str
    ports: dict[str, str]  # portable port name -> Kubernetes port name
    volumes: dict[str, str]

    @property
    def hostname(self) -> str:
        return f"{self.workload}.{self.namespace}.svc.cluster.local"


def labels(app: str, resource: str, resource_type: str = CONTAINER_RESOURCE_TYPE) -> dict[str, str]:
    return {
        "app.kubernetes.io/managed-by": MANAGED_BY,
        "app.kubernetes.io/name": resource,
        "app.kubernetes.io/part-of": app,
        "radapp.io/application": app,
        "radapp.io/resource": resource,
        "radapp.io/resource-type": resource_type,
    }


def selector(app: str, resource: str) -> dict[str, str]:
    # Only labels that never change: a Deployment's selector is immutable.
    return {"radapp.io/application": app, "radapp.io/resource": resource}


@dataclass(frozen=True)
class RecipeObjects:
    """The name, labels and selector every object of one recipe-provisioned resource carries."""

    name: str  # `<app>-<resource>`: Deployment/StatefulSet, Service and Secret
    labels: dict[str, str]
    selector: dict[str, str]
    metadata: dict[str, Any]


def recipe_objects(app_name: str, resource_name: str, namespace: str, resource_type: str) -> RecipeObjects:
    app = dns_label(app_name) or app_name
    resource = dns_label(resource_name) or resource_name
    name = dns_label(app, resource) or resource
    obj_labels = labels(app, resource, resource_type)
    return RecipeObjects(name=name, labels=obj_labels, selector=selector(app, resource),
                         metadata={"name": name, "namespace": namespace, "labels": obj_labels})


def recipe_objects_named(objects: RecipeObjects, resource_name: str) -> RecipeObjects:
    """`objects` named after the resource alone (Radius's layout, where the namespace is the
    application's)."""
    name = dns_label(resource_name) or resource_name
    return RecipeObjects(name=name, labels=objects.labels, selector=objects.selector,
                         metadata={**objects.metadata, "name": name})


def hardened_pod_spec(container: dict[str, Any], fs_group: int, volumes: list[dict[str, Any]]) -> dict[str, Any]:
    """The pod of a recipe's server (Redis, PostgreSQL): no service account token, no service
    link variables, the runtime's default seccomp profile, volumes owned by the server's group."""
    return {
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}, "fsGroup": fs_group},
        "containers": [container],
        "volumes": volumes,
    }


# ---------------------------------------------------------------------------------------
# Network isolation of a recipe's server (Redis, PostgreSQL)
#
# Kubernetes NetworkPolicies are allow-lists that add up: a pod selected by a policy with
# `Ingress` in its policyTypes accepts only what the union of the ingress rules of every
# policy selecting it allows ("If any NetworkPolicy selects a Pod ... the Pod is isolated for
# ingress ... the allowed connections are the union of what the policies allow",
# kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation).
# A recipe isolates its server with a policy that allows nothing; each container that connects
# to it adds a policy admitting its own pods on the server's port (as the ECS kind adds an
# ingress rule per connecting task). Enforced by NetworkPolicy-aware network plugins.

ADMIT_SELECTOR = "admit_selector"  # recipe output: the server pods' selector
ADMIT_PORTS = "admit_ports"  # recipe output: the TCP ports connecting pods may reach
ADMIT_NAMESPACE = "admit_namespace"  # recipe output: the server pods' namespace


def isolation_policy(objects: "RecipeObjects") -> dict[str, Any]:
    """The policy that isolates a recipe's server pods for ingress and allows nothing itself."""
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": objects.metadata,
            "spec": {"podSelector": {"matchLabels": objects.selector}, "policyTypes": ["Ingress"]}}


def admit_outputs(objects: "RecipeObjects", *ports: int) -> dict[str, Any]:
    """What a recipe hands to connecting containers (recipe_outputs) so they can be admitted."""
    return {ADMIT_SELECTOR: dict(objects.selector), ADMIT_PORTS: list(ports),
            ADMIT_NAMESPACE: objects.metadata["namespace"]}


def connection_policies(plan: EnvPlan, names: "ContainerNames") -> list[tuple[str, dict[str, Any]]]:
    """(logical-name suffix, NetworkPolicy) per connection to an isolated recipe server: it
    admits exactly this container's pods, on the server's ports."""
    out = []
    for conn in plan.connections:
        outputs = getattr(conn.source, "recipe_outputs", None) or {}
        if ADMIT_SELECTOR not in outputs:
            continue
        suffix = dns_label(conn.name, "network-policy") or "network-policy"
        # The policy selects the server's pods, so it lives in the server's namespace: a recipe's
        # server stays in the environment's namespace when the application has its own (its
        # volume does not move namespaces), and the container's pods are then admitted by their
        # namespace as well as their labels (a bare podSelector in `from` means "pods of the
        # policy's own namespace", kubernetes.io/docs/concepts/services-networking/network-policies/
        # #behavior-of-to-and-from-selectors).
        server_namespace = outputs.get(ADMIT_NAMESPACE, names.namespace)
        # Named after the container as its environment-wide name `<app>-<container>` there, so two
        # applications' containers of one name do not collide.
        owner = names.workload if server_namespace == names.namespace else (
            dns_label(names.app, names.resource) or names.workload)
        # A dot (NetworkPolicy names are DNS subdomains): never a `<app>-<resource>` name of
        # another component, which are labels.
        name = f"{owner}.{dns_label('to', conn.name, max_length=253 - len(owner) - 1)}"
        peer: dict[str, Any] = {"podSelector": {"matchLabels": selector(names.app, names.resource)}}
        if server_namespace != names.namespace:
            peer["namespaceSelector"] = {"matchLabels": {"kubernetes.io/metadata.name": names.namespace}}
        metadata = _metadata(names, name, {}, {})
        metadata["namespace"] = server_namespace
        out.append((f"to-{suffix}", {
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": metadata,
            "spec": {"podSelector": {"matchLabels": dict(outputs[ADMIT_SELECTOR])}, "policyTypes": ["Ingress"],
                     "ingress": [{"from": [peer],
                                  "ports": [{"protocol": "TCP", "port": port} for port in outputs[ADMIT_PORTS]]}]},
        }))
    return out


def _metadata(names: ContainerNames, name: str, extra_labels: dict[str, str], annotations: dict[str, str]) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "name": name,
        "namespace": names.namespace,
        "labels": _sorted({**extra_labels, **labels(names.app, names.resource)}),
    }
    if annotations:
        meta["annotations"] = _sorted(annotations)
    return meta


def _sorted(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: mapping[k] for k in sorted(mapping)}


# ---------------------------------------------------------------------------------------
# Pieces of the pod


def env_var(entry: EnvEntry, secret_name: str) -> dict[str, Any]:
    if entry.secret is not None:
        return {"name": entry.name, "valueFrom": {"secretKeyRef": {"name": secret_name, "key": entry.name}}}
    if entry.secret_ref is not None:
        return {"name": entry.name, "valueFrom": {"secretKeyRef": {"name": entry.secret_ref.name, "key": entry.secret_ref.key}}}
    return {"name": entry.name, "value": entry.value}


# The timings Radius writes for a probe field the user leaves out (radius-project/radius,
# pkg/corerp/renderers/container/render.go, DefaultInitialDelaySeconds and the three after it).
# Not Kubernetes' own defaults: its 1 s timeoutSeconds would fail a health endpoint that takes
# 1-5 s, which under Radius passes.
PROBE_DEFAULTS = {"initialDelaySeconds": 0, "periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 3}


def probe(p: Probe, https_ports: set[Any], defaults: bool = True) -> dict[str, Any]:
    """The Kubernetes probe; `defaults`: Radius's timings for the fields the user left out."""
    out: dict[str, Any]
    if p.kind == "httpGet":
        action: dict[str, Any] = {"path": p.path or "/", "port": p.container_port}
        if p.container_port in https_ports:
            action["scheme"] = "HTTPS"
        if p.headers:
            action["httpHeaders"] = [{"name": k, "value": p.headers[k]} for k in sorted(p.headers)]
        out = {"httpGet": action}
    elif p.kind == "tcp":
        out = {"tcpSocket": {"port": p.container_port}}
    else:
        out = {"exec": {"command": list(p.command or [])}}
    for field, key in (("initial_delay_seconds", "initialDelaySeconds"), ("period_seconds", "periodSeconds"),
                       ("timeout_seconds", "timeoutSeconds"), ("failure_threshold", "failureThreshold")):
        value = getattr(p, field)
        if value is None and defaults:
            value = PROBE_DEFAULTS[key]
        # initialDelaySeconds 0 is written as nothing: it is Kubernetes' own default, and the field
        # is `omitempty` (k8s.io/api core/v1 Probe), so the API server (and Radius's renderer,
        # whose Go object has the same tag) never returns a 0; one in our inputs is dropped from
        # the provider's state and reappears as an added field in every later diff of the
        # Deployment (seen on the real engine: tests/engine/test_diff.py).
        if value is not None and not (key == "initialDelaySeconds" and value == 0):
            out[key] = value
    return out


def resources(args: ContainerArgs) -> Optional[dict[str, Any]]:
    out: dict[str, Any] = {}
    for section in ("requests", "limits"):
        q = getattr(args.container.resources, section)
        values = {k: v for k, v in (("cpu", q.cpu), ("memory", q.memory)) if v is not None}
        if values:
            out[section] = values
    return out or None


def container_spec(args: ContainerArgs, plan: EnvPlan, names: ContainerNames) -> dict[str, Any]:
    c = args.container
    spec: dict[str, Any] = {"name": names.container, "image": c.image}
    if c.image_pull_policy:
        spec["imagePullPolicy"] = c.image_pull_policy
    if c.command is not None:
        spec["command"] = list(c.command)
    if c.args is not None:
        spec["args"] = list(c.args)
    if c.working_dir:
        spec["workingDir"] = c.working_dir
    if plan.entries:
        spec["env"] = [env_var(e, names.secret) for e in plan.entries]
    if c.ports:
        spec["ports"] = [
            {"name": names.ports[n], "containerPort": p.container_port, "protocol": p.protocol}
            for n, p in c.ports.items()
        ]
    https_ports = {p.container_port for p in c.ports.values() if p.scheme == "https"}
    if c.readiness_probe:
        spec["readinessProbe"] = probe(c.readiness_probe, https_ports)
    if c.liveness_probe:
        spec["livenessProbe"] = probe(c.liveness_probe, https_ports)
    res = resources(args)
    if res:
        spec["resources"] = res
    if c.volumes:
        spec["volumeMounts"] = [volume_mount(names.volumes[n], v) for n, v in c.volumes.items()]
    return spec


def volume_mount(name: str, volume: Any) -> dict[str, Any]:
    mount: dict[str, Any] = {"name": name, "mountPath": volume.mount_path}
    if isinstance(volume, PersistentVolume) and volume.permission == "read":
        mount["readOnly"] = True
    return mount


def pod_volume(name: str, volume: Any) -> dict[str, Any]:
    """The pod's volume: an emptyDir (medium Memory for `memory`, sizeLimit when given), or the
    Volume's PersistentVolumeClaim (read-only for `permission: read`)."""
    if isinstance(volume, PersistentVolume):
        claim: dict[str, Any] = {"claimName": volume.source.resource}
        if volume.permission == "read":
            claim["readOnly"] = True
        return {"name": name, "persistentVolumeClaim": claim}
    empty: dict[str, Any] = {"medium": "Memory"} if volume.managed_store == "memory" else {}
    if volume.size_limit is not None:
        empty["sizeLimit"] = volume.size_limit
    return {"name": name, "emptyDir": empty}


def attaches_once(args: ContainerArgs) -> bool:
    """Whether the container mounts a ReadWriteOnce Volume: its claim attaches to one node, so a
    rolling update's new pod (on another node) would wait for the old one forever; the
    Deployment replaces its pods instead (strategy Recreate)."""
    return any(v.source.args.access_mode == "ReadWriteOnce" for _, v in persistent_volumes(args))


def pod_annotations(args: ContainerArgs, secrets_revision: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    meta = args.extension("kubernetesMetadata")
    if meta:
        out.update(meta.annotations)
    dapr = args.extension("daprSidecar")
    if dapr:
        # The Dapr sidecar injector reads these pod annotations.
        out["dapr.io/enabled"] = "true"
        out["dapr.io/app-id"] = dapr.app_id
        if dapr.app_port is not None:
            out["dapr.io/app-port"] = str(dapr.app_port)
        if dapr.protocol:
            out["dapr.io/app-protocol"] = dapr.protocol
        if dapr.config:
            out["dapr.io/config"] = dapr.config
    if secrets_revision is not None:
        out[SECRETS_REVISION_ANNOTATION] = secrets_revision
    return out


# ---------------------------------------------------------------------------------------
# The objects


def _user_metadata(args: ContainerArgs) -> tuple[dict[str, str], dict[str, str]]:
    meta = args.extension("kubernetesMetadata")
    return (dict(meta.labels), dict(meta.annotations)) if meta else ({}, {})


def deployment(args: ContainerArgs, plan: EnvPlan, names: ContainerNames, secrets_revision: Any,
               mount_service_account_token: bool) -> dict[str, Any]:
    user_labels, user_annotations = _user_metadata(args)
    pod: dict[str, Any] = {
        "serviceAccountName": names.workload,
        "automountServiceAccountToken": mount_service_account_token,
        # Off, as Radius does: Kubernetes would otherwise inject <SERVICE>_HOST/_PORT/... variables
        # for every Service of the namespace, which leak the neighbours into the container and can
        # clash with the CONNECTION_* contract.
        "enableServiceLinks": False,
        "restartPolicy": args.restart_policy,
        "containers": [container_spec(args, plan, names)],
    }
    if args.container.volumes:
        pod["volumes"] = [pod_volume(names.volumes[n], v) for n, v in args.container.volumes.items()]
    template_meta: dict[str, Any] = {"labels": _sorted({**user_labels, **labels(names.app, names.resource)})}
    annotations = pod_annotations(args, secrets_revision)
    if annotations:
        template_meta["annotations"] = _sorted(annotations)
    spec: dict[str, Any] = {
        "selector": {"matchLabels": selector(names.app, names.resource)},
        "template": {"metadata": template_meta, "spec": pod},
    }
    scaling = args.extension("manualScaling")
    if scaling is not None:
        spec["replicas"] = scaling.replicas
        # After autoScaling, `spec.replicas` belongs to kube-controller-manager (the HPA writes it
        # through the `scale` subresource) or keda-operator, and a server-side apply of the count
        # without force is refused as a field conflict, in preview and up alike. The provider
        # applies with force only when asked by this annotation (pulumi-kubernetes
        # provider/pkg/await/await.go patchForce; pulumi/pulumi-kubernetes#2491): the count the
        # program declares wins, as manualScaling means.
        user_annotations = {**user_annotations, PATCH_FORCE_ANNOTATION: "true"}
    # With autoScaling, no `replicas`: the HPA (or KEDA's) sets it (platforms/kubernetes/autoscaling.py).
    if attaches_once(args):
        spec["strategy"] = {"type": "Recreate"}
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": _metadata(names, names.workload, user_labels, user_annotations), "spec": spec}


def object_metadata(args: ContainerArgs, names: ContainerNames, name: str) -> dict[str, Any]:
    """The metadata of one more object of the container (the user's labels and annotations too)."""
    user_labels, user_annotations = _user_metadata(args)
    return _metadata(names, name, user_labels, user_annotations)


def service(args: ContainerArgs, names: ContainerNames) -> Optional[dict[str, Any]]:
    if not args.container.ports:
        return None
    user_labels, user_annotations = _user_metadata(args)
    ports = []
    for n, p in args.container.ports.items():
        port: dict[str, Any] = {"name": names.ports[n], "port": p.exposed_port, "targetPort": p.container_port,
                                "protocol": p.protocol}
        if p.scheme in ("http", "https"):
            port["appProtocol"] = p.scheme
        ports.append(port)
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": _metadata(names, names.workload, user_labels, user_annotations),
            "spec": {"type": "ClusterIP", "selector": selector(names.app, names.resource), "ports": ports}}


def service_account(args: ContainerArgs, names: ContainerNames, mount_token: bool) -> dict[str, Any]:
    user_labels, user_annotations = _user_metadata(args)
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": _metadata(names, names.workload, user_labels, user_annotations),
            "automountServiceAccountToken": mount_token}


def secret(args: ContainerArgs, plan: EnvPlan, names: ContainerNames) -> Optional[dict[str, Any]]:
    if not plan.secrets:
        return None
    user_labels, user_annotations = _user_metadata(args)
    return {"apiVersion": "v1", "kind": "Secret",
            "metadata": _metadata(names, names.secret, user_labels, user_annotations),
            "type": "Opaque",
            "stringData": {e.name: e.secret for e in plan.secrets}}


def role_bindings(args: ContainerArgs, plan: EnvPlan, names: ContainerNames) -> list[tuple[str, dict[str, Any]]]:
    """(logical-name suffix, object) per `iam.roles` entry (platforms/kubernetes/rbac.py): a
    RoleBinding, always namespaced, never a ClusterRoleBinding, so a grant never reaches beyond
    the application's namespace; for a grant on one object, also the Role it binds."""
    out: list[tuple[str, dict[str, Any]]] = []
    for conn in plan.connections:
        for role in conn.roles:
            grant, _ = rbac.parse(role)
            if isinstance(grant, rbac.ObjectRule):
                suffix = dns_label(conn.name, "role", *grant.verbs, grant.resource, grant.group, grant.name) or conn.name
                name = dns_label(names.workload, suffix, max_length=63) or names.workload
                out.append((f"{suffix}-role", {
                    "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                    "metadata": _metadata(names, name, {}, {}), "rules": [grant.rule()]}))
                kind, role_name = "Role", name
            elif isinstance(grant, rbac.RoleRef):
                kind, role_name = grant.kind, grant.name
                suffix = dns_label(conn.name, kind.lower(), role_name) or conn.name
                name = dns_label(names.workload, suffix, max_length=63) or names.workload
            else:  # refused by validate.check_container before anything registers
                continue
            out.append((suffix, {
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": _metadata(names, name, {}, {}),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": role_name},
                "subjects": [{"kind": "ServiceAccount", "name": names.workload, "namespace": names.namespace}],
            }))
    return out


def secret_read_grant(names: ContainerNames) -> list[tuple[str, dict[str, Any]]]:
    """`runtimes.kubernetes.read_namespace_secrets`: Radius's Role (get and list on the Secrets of
    the namespace) and its RoleBinding to the container's ServiceAccount (radius-project/radius,
    pkg/corerp/renderers/container/rbac.go), as (logical-name suffix, object)."""
    name = dns_label(names.workload, "read-secrets", max_length=63) or names.workload
    role = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": _metadata(names, name, {}, {}),
            "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}]}
    binding = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
               "metadata": _metadata(names, name, {}, {}),
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name},
               "subjects": [{"kind": "ServiceAccount", "name": names.workload, "namespace": names.namespace}]}
    return [("read-secrets-role", role), ("read-secrets", binding)]

