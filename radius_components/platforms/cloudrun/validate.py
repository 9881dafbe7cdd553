"""What Cloud Run cannot express, found before anything registers.

Every limit checked here is Cloud Run's (or IAM's, Secret Manager's) documented rule; the
source is named next to it. Nothing here imports the GCP SDK, so the checks are plain
functions over the portable model.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, Optional

from pydantic import Field

from ...connections import EnvPlan
from ...errors import RadiusValidationError, raise_all
from ...resources.volume.mounts import persistent_volumes
from .volumes import mounts_storage
from ...model import CloudRunCompute, ContainerArgs, Probe, RadiusModel, parse
from ...model.base import is_output
from ...model.kubernetes_metadata import managed_key_errors
from .merge import snake_keys
from .names import ContainerNames, ca_entries, ca_mount_path, ca_volume_name, name_part
from .sizing import check_sizing, sizing

# ---------------------------------------------------------------------------------------
# Documented limits

# Resource Manager: project IDs are 6-30 lowercase letters, digits and hyphens, start with a
# letter and do not end with a hyphen.
_PROJECT_ID = re.compile(r"^[a-z][-a-z0-9]{4,28}[a-z0-9]\Z")
_REGION = re.compile(r"^[a-z]+(-[a-z]+)+[0-9]+\Z")
# Compute Engine network and subnetwork names are RFC 1035 labels of at most 63 characters.
_RFC1035 = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?\Z")
# A Shared VPC's network and subnet live in its host project, so they are given by resource
# path; Cloud Run's Direct VPC egress takes these paths ("--network=projects/HOST_PROJECT_ID/
# global/networks/VPC_NETWORK --subnet=projects/HOST_PROJECT_ID/regions/REGION/subnetworks/
# SUBNET", cloud.google.com/run/docs/configuring/shared-vpc-direct-vpc).
_NETWORK_PATH = re.compile(r"^projects/(?P<project>[a-z][-a-z0-9]{4,28}[a-z0-9])/global/networks/"
                           r"(?P<name>[a-z]([-a-z0-9]{0,61}[a-z0-9])?)\Z")
_SUBNET_PATH = re.compile(r"^projects/(?P<project>[a-z][-a-z0-9]{4,28}[a-z0-9])/regions/(?P<region>[a-z0-9-]+)/"
                          r"subnetworks/(?P<name>[a-z]([-a-z0-9]{0,61}[a-z0-9])?)\Z")

_SECRET_ID = re.compile(r"^[A-Za-z0-9_-]{1,255}\Z")
_SECRET_NAME = re.compile(r"^projects/[^/]+/secrets/[A-Za-z0-9_-]{1,255}\Z")
# A Cloud Run service reserves these names (container runtime contract); PORT is injected.
# The labels template.labels() puts on a service and its secrets: they win over a
# kubernetesMetadata label of the same key, so one is refused.
MANAGED_LABELS = ("managed-by", "radapp-application", "radapp-resource")
RESERVED_ENV = ("PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION")
# "You can set a maximum of 1000 environment variables for a Cloud Run service."
MAX_ENV_VARS = 1000
# Direct VPC egress reserves subnet addresses in blocks of 16 (/28); we ask for at least a
# /26 so a service can scale past one block and roll a revision.
MIN_SUBNET_PREFIX = 26

# Probes (google.cloud.run_v2 Probe): initial delay and period at most 240 s for a startup
# probe and 3600 s for liveness; timeout must not exceed the period. A startup probe gives
# up after failure_threshold * period_seconds, at most 240 s
# (cloud.google.com/run/docs/configuring/healthchecks). Liveness probes are HTTP or gRPC
# only; exec probes do not exist on Cloud Run.
STARTUP_MAX = 240
LIVENESS_MAX = 3600
PROBE_DEFAULT_PERIOD = 10
PROBE_DEFAULT_FAILURES = 3

# Labels (cloud.google.com/resource-manager/docs/labels-overview): keys start with a
# lowercase letter, keys and values at most 63 lowercase letters, digits, '_' and '-'.
_LABEL_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}\Z")
_LABEL_VALUE = re.compile(r"^[a-z0-9_-]{0,63}\Z")
# Cloud Run v2 rejects labels and annotations in these namespaces (pulumi-gcp
# cloudrunv2 ServiceTemplate docs).
RESERVED_METADATA_PREFIXES = ("run.googleapis.com", "cloud.googleapis.com", "serving.knative.dev",
                              "autoscaling.knative.dev")
# IAM role names: predefined `roles/...`, or custom project/organization roles.
_ROLE = re.compile(r"^(roles/[A-Za-z0-9_.]+|(projects|organizations)/[A-Za-z0-9_.:-]+/roles/[A-Za-z0-9_.]+)\Z")
# IAM principals that may invoke a service when the user says so.
_MEMBER = re.compile(r"^(allUsers|allAuthenticatedUsers|(user|serviceAccount|group|domain|principal|principalSet):.+)\Z")

# ---------------------------------------------------------------------------------------
# runtimes.cloudrun


class CloudRunRuntime(RadiusModel):
    """`runtimes.cloudrun`: punch-through to the Cloud Run v2 service.

    Template fields (pulumi-gcp `cloudrunv2.ServiceTemplate` spelling: snake_case, or the
    camelCase of the API) go directly in the block and are merged over the generated
    template; `containers`, `volumes`, `envs` and `volume_mounts` merge item by item on
    `name`, other lists are replaced, and a None value deletes a generated field.
    """

    model_config = {**RadiusModel.model_config, "extra": "allow"}

    # Service-level arguments of `cloudrunv2.Service` (ingress, invoker_iam_disabled,
    # launch_stage, custom_audiences, scaling, ...), merged over the generated ones.
    service: dict[str, Any] = Field(default_factory=dict)
    # Ports of the container that only sidecars use over localhost: not the ingress port,
    # not declared to Cloud Run (which routes requests to exactly one port).
    sidecar_ports: list[str] = Field(default_factory=list)
    # Principals that may invoke the service besides its connected callers, e.g.
    # "allUsers" for a public service or "group:ops@example.com".
    invokers: list[str] = Field(default_factory=list)

    @property
    def template(self) -> dict[str, Any]:
        return dict(self.model_extra or {})

# The second-generation execution environment's least memory (worker pools run only in it).
WORKER_POOL_MIN_MEMORY = 512 * 1024 * 1024


def runtime_of(label: str, args: ContainerArgs) -> CloudRunRuntime:
    return parse(CloudRunRuntime, dict(args.runtimes.cloudrun), label, "runtimes.cloudrun")


def template_fields(worker: bool = False) -> set[str]:
    """The RevisionTemplate fields pulumi-gcp accepts (snake_case), from its own types: a
    service's, or a worker pool's for a container without ports."""
    import inspect

    import pulumi_gcp as gcp

    cls = gcp.cloudrunv2.WorkerPoolTemplateArgs if worker else gcp.cloudrunv2.ServiceTemplateArgs
    params = inspect.signature(cls.__init__).parameters
    return {p for p in params if p not in ("self", "__self__")}


def service_fields(worker: bool = False) -> set[str]:
    import inspect

    import pulumi_gcp as gcp

    cls = gcp.cloudrunv2.WorkerPoolArgs if worker else gcp.cloudrunv2.ServiceArgs
    params = inspect.signature(cls.__init__).parameters
    # location/project/name/template are ours: the environment and names decide them.
    return {p for p in params if p not in ("self", "__self__", "location", "project", "name", "template")}


# ---------------------------------------------------------------------------------------
# Names


def check_environment_name(label: str, env: str) -> None:
    part = name_part(label, env)
    if not part[0].isalpha():
        raise RadiusValidationError(label, "name", env, "Cloud Run service, service account and Memorystore names "
                                    "start with the environment name, and they must start with a letter",
                                    "use an environment name that starts with a letter")


def check_application_name(label: str, app: str) -> None:
    name_part(label, app)


# ---------------------------------------------------------------------------------------
# Environment


def check_compute(label: str, c: CloudRunCompute) -> None:
    errors: list[RadiusValidationError] = []
    if not _PROJECT_ID.match(c.project):
        errors.append(RadiusValidationError(label, "compute.project", c.project, "not a GCP project ID",
                                            "give the project ID (6-30 lowercase letters, digits and '-', starting with a letter), not its name or number"))
    if not _REGION.match(c.region):
        errors.append(RadiusValidationError(label, "compute.region", c.region, "not a GCP region name",
                                            "give a region such as 'us-central1' or 'europe-west4' (not a zone)"))
    if (c.network is None) != (c.subnet is None):
        missing = "subnet" if c.subnet is None else "network"
        errors.append(RadiusValidationError(label, f"compute.{missing}", None,
                                            "Direct VPC egress needs both an existing network and its subnet",
                                            "give both compute.network and compute.subnet, or neither to have them created"))
    paths = {"network": _NETWORK_PATH, "subnet": _SUBNET_PATH}
    for field in ("network", "subnet"):
        value = getattr(c, field)
        if value is not None and not (_RFC1035.match(value) or paths[field].match(value)):
            errors.append(RadiusValidationError(
                label, f"compute.{field}", value, f"not a VPC {field} name or resource path",
                "give the name of an existing one in `project` (lowercase letters, digits and '-'), or for a Shared "
                "VPC its path: projects/<host>/global/networks/<name>, projects/<host>/regions/<region>/subnetworks/<name>"))
    if c.network is not None and c.subnet is not None:
        net, sub = _NETWORK_PATH.match(c.network), _SUBNET_PATH.match(c.subnet)
        valid = (net or _RFC1035.match(c.network)) and (sub or _RFC1035.match(c.subnet))
        if valid and bool(net) != bool(sub):
            errors.append(RadiusValidationError(label, "compute.subnet", c.subnet,
                                                "a Shared VPC network and its subnet are both given by path, or both by name",
                                                "give both as resource paths of the host project, or both as names"))
        elif net and sub and (net["project"] != sub["project"] or sub["region"] != c.region):
            errors.append(RadiusValidationError(label, "compute.subnet", c.subnet,
                                                f"not in the network's host project '{net['project']}' and region '{c.region}'",
                                                "give a subnet of that network, in the environment's region"))
    if c.network is None:
        try:
            net = ipaddress.ip_network(c.subnet_cidr)
            if net.version != 4 or net.prefixlen > MIN_SUBNET_PREFIX:
                raise ValueError
        except ValueError:
            errors.append(RadiusValidationError(label, "compute.subnet_cidr", c.subnet_cidr,
                                                f"not an IPv4 network of /{MIN_SUBNET_PREFIX} or larger",
                                                "give a private range such as '10.8.0.0/24' (Direct VPC egress takes addresses in /28 blocks)"))
    raise_all(errors)


# ---------------------------------------------------------------------------------------
# The container


def ingress_port(args: ContainerArgs, runtime: CloudRunRuntime) -> Optional[tuple[str, Any]]:
    ports = [(n, p) for n, p in args.container.ports.items() if n not in runtime.sidecar_ports]
    return ports[0] if ports else None


def check_probe(label: str, field: str, p: Probe, startup: bool) -> list[RadiusValidationError]:
    errors: list[RadiusValidationError] = []
    kind = "startup" if startup else "liveness"
    if p.kind == "exec":
        return [RadiusValidationError(label, f"{field}.kind", p.kind, "Cloud Run has no exec probes",
                                      "use an httpGet or tcp probe (grpc through runtimes.cloudrun)")]
    if p.kind == "tcp" and not startup:
        return [RadiusValidationError(label, f"{field}.kind", p.kind, "Cloud Run liveness probes are HTTP or gRPC only",
                                      "use an httpGet liveness probe, or make it a readiness probe (a TCP startup probe)")]
    limit = STARTUP_MAX if startup else LIVENESS_MAX
    for attr in ("initial_delay_seconds", "period_seconds"):
        value = getattr(p, attr)
        if value is not None and value > limit:
            errors.append(RadiusValidationError(label, f"{field}.{attr}", value, f"at most {limit} for a Cloud Run {kind} probe",
                                                f"use {limit} or less"))
    period = p.period_seconds or PROBE_DEFAULT_PERIOD
    if p.timeout_seconds is not None and p.timeout_seconds > period:
        errors.append(RadiusValidationError(label, f"{field}.timeout_seconds", p.timeout_seconds,
                                            f"longer than the probe period ({period}s)", "use a timeout no longer than period_seconds"))
    if startup:
        total = (p.failure_threshold or PROBE_DEFAULT_FAILURES) * period
        if total > STARTUP_MAX:
            errors.append(RadiusValidationError(label, f"{field}.failure_threshold", p.failure_threshold or PROBE_DEFAULT_FAILURES,
                                                f"failure_threshold x period_seconds = {total}s; a Cloud Run startup probe gives up after at most {STARTUP_MAX}s",
                                                "lower failure_threshold or period_seconds"))
    return errors


def check_container(label: str, args: ContainerArgs, plan: EnvPlan, names: ContainerNames) -> CloudRunRuntime:
    errors: list[RadiusValidationError] = []
    c = args.container
    runtime = runtime_of(label, args)
    template = snake_keys(runtime.template)

    if args.restart_policy != "Always":
        errors.append(RadiusValidationError(label, "restart_policy", args.restart_policy,
                                            "a Cloud Run service restarts its instances; it has no other policy",
                                            "use restart_policy='Always' on the cloudrun kind"))
    if c.image_pull_policy == "Never":
        errors.append(RadiusValidationError(label, "container.image_pull_policy", c.image_pull_policy,
                                            "Cloud Run always imports the image when it creates a revision",
                                            "remove image_pull_policy (Always and IfNotPresent are accepted and change nothing)"))

    # Ports: one ingress port; others only for sidecars over localhost.
    for i, name in enumerate(runtime.sidecar_ports):
        if name not in c.ports:
            errors.append(RadiusValidationError(label, f"runtimes.cloudrun.sidecar_ports[{i}]", name,
                                                "not a port the container declares", f"use one of {sorted(c.ports) or 'no ports'}"))
    for name, port in c.ports.items():
        if port.protocol == "UDP":
            errors.append(RadiusValidationError(label, f"container.ports.{name}.protocol", "UDP",
                                                "Cloud Run serves HTTP, HTTP/2 and gRPC over TCP only", "use TCP, or run this container on another kind"))
    ingress = [n for n in c.ports if n not in runtime.sidecar_ports]
    if len(ingress) > 1:
        errors.append(RadiusValidationError(label, f"container.ports.{ingress[1]}", ingress[1],
                                            f"Cloud Run routes requests to one port per service, and '{ingress[0]}' is already it",
                                            "remove it, or list ports only sidecars reach over localhost in runtimes.cloudrun.sidecar_ports"))
    worker = not ingress
    if worker and runtime.invokers:
        # A container without an ingress port is a worker pool (platform.py), which nobody invokes.
        errors.append(RadiusValidationError(label, "runtimes.cloudrun.invokers", runtime.invokers,
                                            "a container without ports runs as a Cloud Run worker pool, which takes no "
                                            "requests, so it has no invokers",
                                            "remove invokers, or declare the port it serves requests on"))
    if worker and sizing(args).cpu_value < 1:
        # Below 1 CPU needs request-based billing ("CPU is only allocated during request
        # processing", cloud.google.com/run/docs/configuring/services/cpu); a worker pool takes
        # no requests and its instances run (and are billed) all the time.
        errors.append(RadiusValidationError(label, sizing(args).cpu_field, sizing(args).cpu,
                                            "a container without ports runs as a Cloud Run worker pool, and below 1 CPU "
                                            "needs request-based billing, which a worker pool does not have",
                                            "give it 1 CPU or more"))
    if worker and sizing(args).memory_bytes < WORKER_POOL_MIN_MEMORY:
        # Worker pools run in the second-generation execution environment, which needs at least
        # 512 MiB (cloud.google.com/run/docs/configuring/services/memory-limits); Cloud Run
        # refuses the create otherwise.
        errors.append(RadiusValidationError(label, sizing(args).memory_field, sizing(args).memory,
                                            "a container without ports runs as a Cloud Run worker pool, which needs at "
                                            "least 512 MiB of memory", "give it 512Mi or more"))
    if not worker:
        port = c.ports[ingress[0]]
        if port.scheme in ("https", "tcp"):
            errors.append(RadiusValidationError(label, f"container.ports.{ingress[0]}.scheme", port.scheme,
                                                "Cloud Run terminates TLS itself and forwards HTTP/1, HTTP/2 (h2c) or gRPC to the container",
                                                "serve plain HTTP (scheme 'http') or gRPC (scheme 'grpc') on this port"))
        if port.port is not None and not is_output(port.port) and port.port != 443:
            errors.append(RadiusValidationError(label, f"container.ports.{ingress[0]}.port", port.port,
                                                "Cloud Run serves every service on HTTPS port 443", "remove port (container_port is what the container listens on)"))

    # Probes: readiness becomes the startup probe (traffic waits for it).
    if c.readiness_probe is not None:
        errors.extend(check_probe(label, "container.readiness_probe", c.readiness_probe, startup=True))
    if c.liveness_probe is not None:
        errors.extend(check_probe(label, "container.liveness_probe", c.liveness_probe, startup=False))

    # Volumes: Cloud Run has in-memory volumes; its whole filesystem is memory.
    for name, volume in c.volumes.items():
        if volume.kind == "ephemeral" and volume.managed_store != "memory":
            errors.append(RadiusValidationError(label, f"container.volumes.{name}.managed_store", volume.managed_store,
                                                "Cloud Run instances have no disk; files live in memory",
                                                "use managed_store 'memory' (it counts against the memory limit)"))
    errors += _storage_generation_errors(label, args)

    # A connection's TLS CA is mounted as a secret volume of its own: its name and path must be free.
    for conn_name, _ in ca_entries(plan):
        volume, path = ca_volume_name(conn_name), ca_mount_path(conn_name)
        for name, v in c.volumes.items():
            if names.volumes.get(name) == volume or v.mount_path.rstrip("/") == path:
                errors.append(RadiusValidationError(label, f"container.volumes.{name}", name,
                                                    f"connection '{conn_name}' mounts its TLS CA as volume '{volume}' at {path}",
                                                    "use another volume name and mount path"))

    # Environment.
    if len(plan.entries) > MAX_ENV_VARS:
        errors.append(RadiusValidationError(label, "container.env", len(plan.entries), f"more than {MAX_ENV_VARS} variables",
                                            "use fewer variables (Cloud Run's limit)"))
    for entry in plan.entries:
        if entry.name in RESERVED_ENV:
            errors.append(RadiusValidationError(label, f"container.env.{entry.name}", entry.name,
                                                "reserved by Cloud Run (it sets PORT to the ingress port itself)",
                                                "rename the variable"))
        # A key of a SecretStore this stack creates has an Output secret ID and version.
        if entry.secret_ref is not None and isinstance(entry.secret_ref.name, str):
            where = f"container.env.{entry.name}.value_from.secret_ref"
            ref = entry.secret_ref
            if not (_SECRET_ID.match(ref.name) or _SECRET_NAME.match(ref.name)):
                errors.append(RadiusValidationError(label, f"{where}.source", ref.name, "not a Secret Manager secret",
                                                    "give a secret ID in the environment's project, or 'projects/<project>/secrets/<id>'"))
            if not (ref.key == "latest" or ref.key.isdigit()):
                errors.append(RadiusValidationError(label, f"{where}.key", ref.key,
                                                    "Secret Manager secrets have versions, not keys",
                                                    "use 'latest' or a version number such as '3'"))

    # CPU and memory, with what the punch-through says about generation and concurrency.
    own = next((x for x in template.get("containers") or [] if isinstance(x, dict) and x.get("name") == names.container), {})
    cpu_idle = ((own.get("resources") or {}).get("cpu_idle")) if isinstance(own, dict) else None
    errors.extend(check_sizing(label, sizing(args), template.get("execution_environment"),
                               template.get("max_instance_request_concurrency"), cpu_idle))

    # Extensions.
    for i, ext in enumerate(args.extensions):
        if ext.kind == "daprSidecar":
            errors.append(RadiusValidationError(label, f"extensions[{i}].kind", ext.kind,
                                                "Cloud Run does not inject Dapr sidecars",
                                                "add the daprd container yourself in runtimes.cloudrun.containers, or remove the extension"))
        elif ext.kind == "manualScaling" and ext.replicas < 1 and not worker:
            errors.append(RadiusValidationError(label, f"extensions[{i}].replicas", ext.replicas,
                                                "Cloud Run cannot pin a service to zero instances",
                                                "use 1 or more, or remove the extension to scale on demand from zero"))
        elif ext.kind == "kubernetesMetadata":
            errors.extend(_check_metadata(label, i, ext.labels, ext.annotations))
        elif ext.kind == "autoScaling":
            errors.extend(_check_autoscaling(label, i, ext, worker, sizing(args).fractional))

    # IAM: roles only where there is a resource to scope them to.
    for conn in plan.connections:
        for i, role in enumerate(conn.roles):
            field = f"connections.{conn.name}.iam.roles[{i}]"
            if not _ROLE.match(role):
                errors.append(RadiusValidationError(label, field, role, "not a GCP IAM role name",
                                                    "use 'roles/<name>' or 'projects/<project>/roles/<name>'"))
            elif conn.target_type != "Applications.Core/containers":
                fix = "remove the role, or grant it yourself on the resource that needs it"
                if conn.target_type == "url":
                    why = "a URL has no GCP resource to grant a role on"
                elif conn.target_type == "Applications.Datastores/sqlDatabases":
                    why = ("Cloud SQL instances have no resource-level IAM policy, and a project-wide grant is not "
                           "least privilege")
                    fix = ("for the Cloud SQL connectors use recipe parameter connector=True (roles/cloudsql.client with "
                           "a condition on the instance), or remove the role")
                else:
                    why = ("Memorystore for Redis instances have no resource-level IAM policy, and a project-wide grant "
                           "is not least privilege")
                errors.append(RadiusValidationError(label, field, role, why, fix))
    for i, member in enumerate(runtime.invokers):
        if not _MEMBER.match(member):
            errors.append(RadiusValidationError(label, f"runtimes.cloudrun.invokers[{i}]", member, "not an IAM principal",
                                                "use 'allUsers', 'user:<email>', 'group:<email>', 'serviceAccount:<email>' or 'domain:<domain>'"))

    # Punch-through fields must exist (on a worker pool's template and arguments for a worker).
    known = template_fields(worker)
    for key, value in runtime.template.items():
        if _snake(key) not in known:
            errors.append(RadiusValidationError(label, f"runtimes.cloudrun.{key}", value,
                                                "not a field of a Cloud Run v2 service template",
                                                f"use one of {sorted(known)}, or 'service', 'sidecar_ports', 'invokers'"))
    service_known = service_fields(worker)
    for key in runtime.service:
        if _snake(key) not in service_known:
            errors.append(RadiusValidationError(label, f"runtimes.cloudrun.service.{key}", runtime.service[key],
                                                "not an argument of a Cloud Run v2 service that the platform lets you set",
                                                f"use one of {sorted(service_known)}"))
    errors.extend(managed_key_errors(label, args, MANAGED_LABELS, where="GCP label"))
    raise_all(errors)
    return runtime


# RevisionScaling.cpuUtilization: "Accepted values are between 0.1 and 0.90 (inclusive)"
# (cloud.google.com/run/docs/reference/rest/v2/RevisionScaling).
CPU_UTILIZATION_PERCENT = (10, 90)


def _check_autoscaling(label: str, index: int, auto: Any, worker: bool, fractional: bool) -> list[RadiusValidationError]:
    where = f"extensions[{index}]"
    if worker:
        # WorkerPoolScaling scales manually (manual_instance_count); worker pools have no
        # request or CPU autoscaler of their own (cloud.google.com/run/docs/deploy-worker-pools).
        return [RadiusValidationError(
            label, f"{where}.kind", "autoScaling",
            "a container without ports is a Cloud Run worker pool, which runs a fixed number of instances",
            "use manualScaling (replicas) for a worker, or give the container a port to become an autoscaled service")]
    errors = []
    low, high = CPU_UTILIZATION_PERCENT
    for i, metric in enumerate(auto.metrics):
        field = f"{where}.metrics[{i}]"
        if metric.kind == "memory":
            errors.append(auto.refuse_metric(
                label, where, i, "Cloud Run scales a service on CPU utilization and request concurrency, never on memory",
                "scale on cpu or requests on the cloudrun kind"))
        elif metric.kind == "custom":
            errors.append(auto.refuse_metric(label, where, i, "Cloud Run runs no KEDA scalers",
                                             "scale on cpu or requests on the cloudrun kind"))
        elif metric.kind == "cpu" and not low <= metric.value <= high:
            errors.append(RadiusValidationError(
                label, f"{field}.target.average_utilization", metric.value,
                f"Cloud Run's CPU utilization target is {low}% to {high}%", f"give {low} to {high}"))
        elif metric.kind == "requests" and fractional and metric.value != 1:
            errors.append(RadiusValidationError(
                label, f"{field}.target.concurrent_requests", metric.value,
                "below one CPU Cloud Run serves one request at a time per instance",
                "give concurrent_requests 1, or request at least one CPU"))
    return errors


def _check_metadata(label: str, index: int, labels: dict[str, str], annotations: dict[str, str]) -> list[RadiusValidationError]:
    errors = []
    for key, value in labels.items():
        if not _LABEL_KEY.match(key) or key.startswith(RESERVED_METADATA_PREFIXES):
            errors.append(RadiusValidationError(label, f"extensions[{index}].labels.{key}", key, "not a valid GCP label key",
                                                "start with a lowercase letter; use at most 63 lowercase letters, digits, '_' and '-'"))
        elif not _LABEL_VALUE.match(value):
            errors.append(RadiusValidationError(label, f"extensions[{index}].labels.{key}", value, "not a valid GCP label value",
                                                "use at most 63 lowercase letters, digits, '_' and '-'"))
    for key in annotations:
        if key.startswith(RESERVED_METADATA_PREFIXES):
            errors.append(RadiusValidationError(label, f"extensions[{index}].annotations.{key}", key,
                                                "Cloud Run v2 rejects annotations in its system namespaces",
                                                "use the matching runtimes.cloudrun field instead"))
    return errors


def _snake(key: str) -> str:
    from pydantic.alias_generators import to_snake

    return to_snake(key)


def runtime_block_errors(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    """The errors of `runtimes.cloudrun` whatever kind deploys (radius_components.runtime_blocks):
    its shape, and every template and service field checked against pulumi-gcp's own types (so
    the block is checked only where the GCP SDK is installed: ImportError otherwise)."""
    errors: list[RadiusValidationError] = []
    try:
        block = runtime_of(label, args)
    except RadiusValidationError as exc:
        return list(getattr(exc, "errors", [exc]))
    # A service's or a worker pool's (whichever the container becomes where it deploys).
    known = template_fields() | template_fields(worker=True)
    service_known = service_fields() | service_fields(worker=True)
    for key, value in block.template.items():
        if _snake(key) not in known:
            errors.append(RadiusValidationError(label, f"runtimes.cloudrun.{key}", value,
                                                "not a field of a Cloud Run v2 service template",
                                                f"use one of {sorted(known)}, or 'service', 'sidecar_ports', 'invokers'"))
    for key in block.service:
        if _snake(key) not in service_known:
            errors.append(RadiusValidationError(label, f"runtimes.cloudrun.service.{key}", block.service[key],
                                                "not an argument of a Cloud Run v2 service that the platform lets you set",
                                                f"use one of {sorted(service_known)}"))
    return errors


def _storage_generation_errors(label: str, args: ContainerArgs) -> list[RadiusValidationError]:
    """Cloud Storage volume mounts run only in the second generation, which needs 1 CPU or more
    and 512 MiB or more (the sizes that make the template fall back to the first generation)."""
    if not mounts_storage(args):
        return []
    size = sizing(args)
    if not size.fractional and size.memory_bytes >= 512 * 1024 * 1024:
        return []
    name, _ = next(iter(persistent_volumes(args)))
    return [RadiusValidationError(
        label, f"container.volumes.{name}", name,
        "a Cloud Storage volume mount needs Cloud Run's second generation execution environment, which needs at "
        "least 1 CPU and 512Mi of memory; this container's size runs in the first",
        "give the container resources.limits of at least cpu '1' and memory '512Mi'")]
