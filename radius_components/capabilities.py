"""What each compute kind does with each portable field: the README's capability matrix.

Each row says, per kind, whether the field is mapped (and how), ignored, or rejected. The
README table is rendered from these rows (`scripts/capability-matrix` rewrites it, and
`tests/test_capabilities.py` fails when it differs), and each row's `probe` — a container
that uses the field — is run on every kind under mocks by that test, which checks the
kinds in `rejected_on` raise a RadiusValidationError and the others deploy it: the table
cannot claim what the code does not do. The portability check
(`python -m radius_components check`) reports the ignored and differently-mapped cells of
the fields a program uses as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

KINDS = ("kubernetes", "aci", "aca", "ecs", "cloudrun")

# A probe builds Container keyword arguments from a RedisCache and a peer Container of the
# probing application (so connections and secret references have a real source).
Probe = Callable[[Any, Any], dict[str, Any]]

PROBE_IMAGE = "ghcr.io/example/probe:1.0"
BASE_PORTS = {"web": {"container_port": 8080}}  # Cloud Run runs only a container with a port


def _container(**fields: Any) -> Probe:
    return lambda db, peer: {"container": {"image": PROBE_IMAGE, "ports": BASE_PORTS, **fields}}


@dataclass(frozen=True)
class Capability:
    """One row of the matrix."""

    field: str  # as shown in the table (Markdown)
    cells: dict[str, str]  # kind -> what the kind does with the field
    used: Callable[[Any], bool]  # does a ContainerArgs use the field?
    probe: Optional[Probe] = None  # a container that uses it (None: the row depends on settings)
    rejected_on: frozenset[str] = field(default_factory=frozenset)  # kinds that refuse the probe


def _all(text: str) -> dict[str, str]:
    return {kind: text for kind in KINDS}


def _c(args: Any) -> Any:
    return args.container


def _metadata(args: Any, key: str) -> bool:
    ext = args.extension("kubernetesMetadata")
    return bool(ext is not None and getattr(ext, key))


def _string_secret_source(args: Any) -> bool:
    return any(v.value_from is not None and isinstance(v.value_from.secret_ref.source, str)
               for v in _c(args).env.values())


def _port_mapped(args: Any) -> bool:
    return any(p.port is not None and p.port != p.container_port for p in _c(args).ports.values())


def _sized(args: Any) -> bool:
    r = _c(args).resources
    return any(v is not None for v in (r.requests.cpu, r.requests.memory, r.limits.cpu, r.limits.memory))


def _volumes(store: str) -> Callable[[Any], bool]:
    return lambda args: any(v.managed_store == store for v in _c(args).volumes.values())


ROWS: tuple[Capability, ...] = (
    Capability("`image`", _all("mapped"), lambda a: True, _container()),
    Capability("`image_pull_policy`",
               {"kubernetes": "mapped", "aci": "`Never` rejected, else ignored (pulled at every start)",
                "aca": "`Never` rejected, else ignored", "ecs": "`Never` rejected, else ignored",
                "cloudrun": "`Never` rejected, else ignored"},
               lambda a: _c(a).image_pull_policy is not None, _container(image_pull_policy="IfNotPresent")),
    Capability("`command`, `args`",
               {**_all("mapped"), "aci": "mapped (one command list); `args` alone rejected",
                "ecs": "mapped (`entryPoint`, `command`)"},
               lambda a: bool(_c(a).command or _c(a).args), _container(command=["/app/server"], args=["--port", "8080"])),
    Capability("`working_dir`", {**_all("mapped"), "aci": "rejected", "aca": "rejected"},
               lambda a: _c(a).working_dir is not None, _container(working_dir="/app"), frozenset({"aci", "aca"})),
    Capability("`env` values; `secret_ref` to a resource",
               {"kubernetes": "mapped", "aci": "mapped (`secureValue`)", "aca": "mapped (app secrets)",
                "ecs": "mapped (Secrets Manager)", "cloudrun": "mapped (Secret Manager)"},
               lambda a: bool(_c(a).env),
               lambda db, peer: {"container": {"image": PROBE_IMAGE, "ports": BASE_PORTS, "env": {
                   "LOG_LEVEL": {"value": "info"},
                   "CACHE_PASSWORD": {"value_from": {"secret_ref": {"source": db, "key": "password"}}}}}}),
    Capability("`secret_ref` with a string `source`",
               {"kubernetes": "an existing Secret", "aci": "rejected",
                "aca": "a Key Vault secret (needs `key_vault_id`)", "ecs": "a Secrets Manager ARN",
                "cloudrun": "a Secret Manager secret (`key` = version)"},
               _string_secret_source),
    Capability("`ports`: one TCP port", {**_all("mapped"), "aca": "mapped (ingress)"},
               lambda a: len(_c(a).ports) == 1, _container()),
    Capability("`ports`: more than one",
               {**_all("mapped"), "aci": "mapped (5 at most)", "aca": "rejected",
                "cloudrun": "rejected (except `runtimes.cloudrun.sidecar_ports`)"},
               lambda a: len(_c(a).ports) > 1,
               _container(ports={**BASE_PORTS, "metrics": {"container_port": 9090}}), frozenset({"aca", "cloudrun"})),
    Capability("`ports.protocol: UDP`", {**_all("mapped"), "aca": "rejected", "cloudrun": "rejected"},
               lambda a: any(p.protocol == "UDP" for p in _c(a).ports.values()),
               _container(ports={**BASE_PORTS, "dns": {"container_port": 5353, "protocol": "UDP"}}),
               frozenset({"aca", "cloudrun"})),
    Capability("`ports.scheme`",
               {**_all("in the URL"), "aca": "`http`/`grpc`/`tcp` pick the transport; `https` rejected",
                "cloudrun": "`http`/`grpc` pick the protocol; `https`/`tcp` rejected"},
               lambda a: any(p.scheme is not None for p in _c(a).ports.values()),
               _container(ports={"web": {"container_port": 8080, "scheme": "http"}})),
    Capability("`ports.port` ≠ `container_port`",
               {"kubernetes": "mapped (Service port)", "aci": "with `manualScaling` (load balancer), else rejected",
                "aca": "HTTP: 80 or 443; TCP: any but 80/443", "ecs": "rejected", "cloudrun": "rejected (443 only)"},
               _port_mapped, _container(ports={"web": {"container_port": 8080, "port": 80}}),
               frozenset({"aci", "ecs", "cloudrun"})),
    Capability("`readiness_probe`",
               {"kubernetes": "mapped", "aci": "httpGet, exec; tcp rejected", "aca": "httpGet, tcp; exec rejected",
                "ecs": "the health check (httpGet, exec; tcp rejected); ignored with a warning when there is a "
                       "liveness probe",
                "cloudrun": "the startup probe (httpGet, tcp; exec rejected)"},
               lambda a: _c(a).readiness_probe is not None,
               _container(readiness_probe={"kind": "httpGet", "container_port": 8080, "path": "/ready"})),
    Capability("`liveness_probe`",
               {"kubernetes": "mapped", "aci": "httpGet, exec; tcp rejected", "aca": "httpGet, tcp; exec rejected",
                "ecs": "the health check (httpGet, exec; tcp rejected)", "cloudrun": "httpGet; tcp and exec rejected"},
               lambda a: _c(a).liveness_probe is not None,
               _container(liveness_probe={"kind": "httpGet", "container_port": 8080, "path": "/live"})),
    Capability("`resources`",
               {"kubernetes": "mapped", "aci": "mapped (4 CPU / 16 GB per group)",
                "aca": "mapped (pairs the profile offers)", "ecs": "mapped (pairs Fargate offers)",
                "cloudrun": "mapped (Cloud Run's CPU/memory table)"},
               _sized, _container(resources={"requests": {"cpu": "1", "memory": "2Gi"},
                                             "limits": {"cpu": "1", "memory": "2Gi"}})),
    Capability("`volumes`, `managed_store: disk`", {**_all("mapped"), "cloudrun": "rejected"}, _volumes("disk"),
               _container(volumes={"scratch": {"kind": "ephemeral", "managed_store": "disk", "mount_path": "/scratch"}}),
               frozenset({"cloudrun"})),
    Capability("`volumes`, `managed_store: memory`",
               {**_all("rejected"), "kubernetes": "mapped", "cloudrun": "mapped"}, _volumes("memory"),
               _container(volumes={"scratch": {"kind": "ephemeral", "managed_store": "memory",
                                               "mount_path": "/scratch"}}),
               frozenset({"aci", "aca", "ecs"})),
    Capability("`connections` (RedisCache, Container, URL)",
               {**_all("mapped"), "ecs": "mapped (+ security group rules)", "cloudrun": "mapped (+ `run.invoker`)"},
               lambda a: bool(a.connections),
               lambda db, peer: {"container": {"image": PROBE_IMAGE, "ports": BASE_PORTS},
                                 "connections": {"cache": {"source": db}, "peer": {"source": peer},
                                                 "fx": {"source": "https://fx.example.com:8443"}}}),
    Capability("`connections.*.iam.roles`",
               {"kubernetes": "Role/ClusterRole names", "aci": "Azure role names or IDs",
                "aca": "Azure role names or IDs", "ecs": "IAM actions or policy ARNs",
                "cloudrun": "GCP roles, on a Container target only"},
               lambda a: any(c.iam.roles for c in a.connections.values())),
    Capability("`manualScaling`", {**_all("mapped"), "aci": "mapped (NGroup + load balancer)"},
               lambda a: a.extension("manualScaling") is not None,
               lambda db, peer: {**_container()(db, peer), "extensions": [{"kind": "manualScaling", "replicas": 2}]}),
    Capability("`kubernetesMetadata.labels`",
               {"kubernetes": "mapped", "aci": "mapped (tags)", "aca": "mapped (tags)", "ecs": "mapped (tags)",
                "cloudrun": "mapped (labels)"},
               lambda a: _metadata(a, "labels"),
               lambda db, peer: {**_container()(db, peer),
                                 "extensions": [{"kind": "kubernetesMetadata", "labels": {"team": "shop"}}]}),
    Capability("`kubernetesMetadata.annotations`", {**_all("ignored"), "kubernetes": "mapped", "cloudrun": "mapped"},
               lambda a: _metadata(a, "annotations"),
               lambda db, peer: {**_container()(db, peer),
                                 "extensions": [{"kind": "kubernetesMetadata", "annotations": {"owner": "shop"}}]}),
    Capability("`daprSidecar`", {**_all("rejected"), "kubernetes": "mapped", "aca": "mapped"},
               lambda a: a.extension("daprSidecar") is not None,
               lambda db, peer: {**_container()(db, peer),
                                 "extensions": [{"kind": "daprSidecar", "app_id": "probe", "app_port": 8080}]},
               frozenset({"aci", "ecs", "cloudrun"})),
    Capability("`runtimes.<kind>`", _all("its own block applied; the others checked against their kind's schema, "
                                         "not applied"),
               lambda a: False),
    Capability("`restart_policy` other than `Always`", {**_all("rejected"), "aci": "mapped"},
               lambda a: a.restart_policy != "Always",
               lambda db, peer: {**_container()(db, peer), "restart_policy": "OnFailure"},
               frozenset({"kubernetes", "aca", "ecs", "cloudrun"})),
)


def render_matrix() -> str:
    """The README's capability matrix, as Markdown."""
    lines = ["| field | " + " | ".join(KINDS) + " |", "|---|" + "---|" * len(KINDS)]
    for row in ROWS:
        lines.append(f"| {row.field} | " + " | ".join(row.cells[k] for k in KINDS) + " |")
    return "\n".join(lines) + "\n"


def notes_for(args: Any, kind: str) -> list[tuple[str, str]]:
    """(field, what the kind does) for each field `args` uses that `kind` ignores or maps
    differently from Kubernetes; plain `mapped` and rejections (errors) are left out."""
    notes = []
    for row in ROWS:
        cell = row.cells.get(kind, "")
        if cell in ("mapped", "rejected") or cell == row.cells.get("kubernetes") or not row.used(args):
            continue
        notes.append((row.field.replace("`", ""), cell.replace("`", "")))
    return notes
