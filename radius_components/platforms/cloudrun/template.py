"""The Cloud Run v2 service of one container, as plain data (no resources registered here).

Keys are pulumi-gcp's `cloudrunv2.Service` argument names (snake_case); leaves may be
Pulumi Outputs (the service account email, secret versions, network names). Building plain
data first keeps `runtimes.cloudrun` a dict merge, and lets the tests check exactly what we
emit against Cloud Run's own protobuf types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...connections import EnvEntry, EnvPlan
from . import volumes as cloudrun_volumes
from ...model import ContainerArgs, Probe
from .names import CA_FILE_NAME, ContainerNames, ca_mount_path, ca_volume_name
from .sizing import DEFAULT_CPU_LIMIT, DEFAULT_MEMORY_LIMIT, sizing
from .validate import CloudRunRuntime, ingress_port
from .merge import merge, snake_keys

MANAGED_BY = "radius-components"
INGRESS_INTERNAL = "INGRESS_TRAFFIC_INTERNAL_ONLY"
GEN1 = "EXECUTION_ENVIRONMENT_GEN1"
GEN2 = "EXECUTION_ENVIRONMENT_GEN2"
SECRET_ACCESSOR = "roles/secretmanager.secretAccessor"
RUN_INVOKER = "roles/run.invoker"
# ContainerPort.name selects the protocol Cloud Run speaks to the container: "http1" or
# "h2c" (HTTP/2 cleartext, which gRPC needs end to end).
PORT_PROTOCOL = {"grpc": "h2c"}


@dataclass
class Wiring:
    """What the template refers to that exists only as resources (Outputs allowed)."""

    project: Any
    region: str
    service_account: Any
    network: Any
    subnet: Any
    # Direct VPC egress: ALL_TRAFFIC when the container calls other (internal) services.
    egress: str
    # env name -> (secret ID, version) of the Secret Manager secret created for it.
    secrets: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # connection name -> (secret ID, version) of the secret holding its TLS CA, mounted as a file.
    ca_files: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def labels(names: ContainerNames, args: ContainerArgs) -> dict[str, str]:
    meta = args.extension("kubernetesMetadata")
    out = dict(meta.labels) if meta else {}
    out.update({"managed-by": MANAGED_BY, "radapp-application": names.app, "radapp-resource": names.resource})
    return {k: out[k] for k in sorted(out)}


def annotations(args: ContainerArgs) -> dict[str, str]:
    meta = args.extension("kubernetesMetadata")
    return {k: meta.annotations[k] for k in sorted(meta.annotations)} if meta else {}


def env_var(entry: EnvEntry, wiring: Wiring) -> dict[str, Any]:
    if entry.secret is not None:
        secret, version = wiring.secrets[entry.name]
        return {"name": entry.name, "value_source": {"secret_key_ref": {"secret": secret, "version": version}}}
    if entry.secret_ref is not None:
        return {"name": entry.name,
                "value_source": {"secret_key_ref": {"secret": entry.secret_ref.name, "version": entry.secret_ref.key}}}
    return {"name": entry.name, "value": entry.value}


def probe(p: Probe) -> dict[str, Any]:
    out: dict[str, Any]
    if p.kind == "httpGet":
        action: dict[str, Any] = {"path": p.path or "/", "port": p.container_port}
        if p.headers:
            action["http_headers"] = [{"name": k, "value": p.headers[k]} for k in sorted(p.headers)]
        out = {"http_get": action}
    else:  # tcp; exec was rejected by the checks
        out = {"tcp_socket": {"port": p.container_port}}
    for attr in ("initial_delay_seconds", "period_seconds", "timeout_seconds", "failure_threshold"):
        value = getattr(p, attr)
        if value is not None:
            out[attr] = value
    return out


def container(args: ContainerArgs, plan: EnvPlan, names: ContainerNames, runtime: CloudRunRuntime,
              wiring: Wiring) -> dict[str, Any]:
    c = args.container
    spec: dict[str, Any] = {"name": names.container, "image": c.image}
    if c.command is not None:
        spec["commands"] = list(c.command)
    if c.args is not None:
        spec["args"] = list(c.args)
    if c.working_dir:
        spec["working_dir"] = c.working_dir
    if plan.entries:
        spec["envs"] = [env_var(e, wiring) for e in plan.entries]
    ingress = ingress_port(args, runtime)
    if ingress is not None:
        port = ingress[1]
        spec["ports"] = {"name": PORT_PROTOCOL.get(port.scheme or "", "http1"), "container_port": port.container_port}
    # Cloud Run has startup and liveness probes; traffic waits for the startup probe, which
    # is what a readiness probe means for a new instance (Cloud Run's own readiness probes
    # are in Preview; set them with runtimes.cloudrun.containers[].readiness_probe).
    if c.readiness_probe is not None:
        spec["startup_probe"] = probe(c.readiness_probe)
    if c.liveness_probe is not None:
        spec["liveness_probe"] = probe(c.liveness_probe)
    size = sizing(args)
    if size.cpu is not None or size.memory is not None:
        # Both or neither: the API fills in the one left out with its default (1 CPU, 512Mi)
        # and the provider then sees a limit it was not given, a perpetual diff
        # (hashicorp/terraform-provider-google#20399). We spell out Cloud Run's default.
        limits = {"cpu": size.cpu or DEFAULT_CPU_LIMIT, "memory": size.memory or DEFAULT_MEMORY_LIMIT}
        # pulumi-gcp: once `resources` is set, cpu_idle must be given explicitly to keep the
        # default (CPU only during requests, request-based billing).
        spec["resources"] = {"limits": limits, "cpu_idle": True}
    mounts = [{"name": names.volumes[n], "mount_path": v.mount_path} for n, v in c.volumes.items()]
    mounts += [{"name": ca_volume_name(conn), "mount_path": ca_mount_path(conn)} for conn in sorted(wiring.ca_files)]
    if mounts:
        spec["volume_mounts"] = mounts
    return spec


def service_args(args: ContainerArgs, plan: EnvPlan, names: ContainerNames, runtime: CloudRunRuntime,
                 wiring: Wiring) -> dict[str, Any]:
    """The keyword arguments of `gcp.cloudrunv2.Service`, punch-through applied."""
    own_labels = labels(names, args)
    template: dict[str, Any] = {
        "labels": own_labels,
        "service_account": wiring.service_account,
        "containers": [container(args, plan, names, runtime, wiring)],
        "vpc_access": {
            "network_interfaces": [{"network": wiring.network, "subnetwork": wiring.subnet}],
            "egress": wiring.egress,
        },
    }
    notes = annotations(args)
    if notes:
        template["annotations"] = notes
    volumes = [cloudrun_volumes.template_volume(names.volumes[n], v) for n, v in args.container.volumes.items()]
    # A connection's TLS CA as a file (the secret version is pinned, so a rotated CA rolls a revision).
    volumes += [{"name": ca_volume_name(conn),
                 "secret": {"secret": wiring.ca_files[conn][0],
                            "items": [{"path": CA_FILE_NAME, "version": wiring.ca_files[conn][1]}]}}
                for conn in sorted(wiring.ca_files)]
    if volumes:
        template["volumes"] = volumes
    scaling = args.extension("manualScaling")
    if scaling is not None:
        template["scaling"] = {"min_instance_count": scaling.replicas, "max_instance_count": scaling.replicas}
    size = sizing(args)
    if size.fractional:
        # Below 1 CPU Cloud Run requires concurrency 1 and the first generation.
        template["max_instance_request_concurrency"] = 1
        template["execution_environment"] = GEN1
    elif size.memory_bytes < 512 * 1024 * 1024:
        template["execution_environment"] = GEN1  # the second generation needs 512 MiB
    elif cloudrun_volumes.mounts_storage(args):
        # Cloud Storage FUSE mounts need the second generation (platforms/cloudrun/volumes.py);
        # a size that needs the first is refused by validate.
        template["execution_environment"] = GEN2
    auto = args.extension("autoScaling")
    if auto is not None:
        template.update(autoscaling_template(auto))
    template = merge(template, snake_keys(runtime.template))

    service: dict[str, Any] = {
        "name": names.service,
        "location": wiring.region,
        "project": wiring.project,
        "ingress": INGRESS_INTERNAL,
        # pulumi-gcp defaults deletion_protection to true, which makes `pulumi destroy` fail;
        # a service holds no state, so it is not protected.
        "deletion_protection": False,
        "labels": own_labels,
        "template": template,
    }
    if notes:
        service["annotations"] = notes
    return merge(service, {k: v for k, v in snake_keys(runtime.service).items()})




def autoscaling_template(auto: Any) -> dict[str, Any]:
    """autoScaling on a service's revision template (validate.py refuses memory and custom):
    min/max instances; cpu as the CPU utilization target (RevisionScaling.cpuUtilization, a
    fraction); requests as the most requests an instance takes at once
    (max_instance_request_concurrency), at 60% of which Cloud Run scales out by default
    (cloud.google.com/run/docs/configuring/scaling-controls)."""
    scaling: dict[str, Any] = {"min_instance_count": auto.min_replicas, "max_instance_count": auto.max_replicas}
    out: dict[str, Any] = {"scaling": scaling}
    cpu = auto.metric("cpu")
    if cpu is not None:
        scaling["cpu_utilization"] = cpu.value / 100
    requests = auto.metric("requests")
    if requests is not None:
        out["max_instance_request_concurrency"] = requests.value
    return out


def worker_pool_args(args: ContainerArgs, plan: EnvPlan, names: ContainerNames, runtime: CloudRunRuntime,
                     wiring: Wiring) -> dict[str, Any]:
    """The keyword arguments of `gcp.cloudrunv2.WorkerPool` for a container without ports.

    A Cloud Run service must listen on its ingress port (container runtime contract), so a
    worker that serves nothing becomes a worker pool: always-on instances without requests,
    ingress or URL (cloud.google.com/run/docs/deploy-worker-pools). Scaling is manual: the
    `manualScaling` replicas, else one instance (WorkerPoolScaling `manual_instance_count`).
    """
    service = service_args(args, plan, names, runtime, wiring)
    # What a worker pool's template has (pulumi-gcp cloudrunv2.WorkerPoolTemplateArgs): no
    # request concurrency, execution environment or request scaling, since it takes no requests.
    from .validate import template_fields

    known = template_fields(worker=True)
    template = {k: v for k, v in service["template"].items() if k in known}
    template["containers"] = [_worker_container(c) for c in template["containers"]]
    scaling = args.extension("manualScaling")
    pool: dict[str, Any] = {
        "name": names.service, "location": wiring.region, "project": wiring.project,
        # pulumi-gcp defaults deletion_protection to true (a destroy then fails); a pool holds no state.
        "deletion_protection": False, "labels": service["labels"], "template": template,
        # Only the count: manual is the default mode, and the worker pools API may not define
        # `scalingMode` at all (hashicorp/terraform-provider-google#26525), so it is not sent.
        "scaling": {"manual_instance_count": scaling.replicas if scaling is not None else 1},
    }
    if "annotations" in service:
        pool["annotations"] = service["annotations"]
    return merge(pool, {k: v for k, v in snake_keys(runtime.service).items()})


def _worker_container(spec: Any) -> Any:
    """A worker pool container (WorkerPoolTemplateContainerArgs): no ports, and resources
    without cpu_idle (CPU is always allocated: there are no requests to throttle between)."""
    if not isinstance(spec, dict):
        return spec
    out = {k: v for k, v in spec.items() if k != "ports"}
    if isinstance(out.get("resources"), dict):
        out["resources"] = {k: v for k, v in out["resources"].items() if k in ("limits",)}
    return out
