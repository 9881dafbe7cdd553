"""What each compute kind does with each portable field: the README's capability matrix.

The rows are the portable fields, kept here: how a row is shown, how to tell whether a
container uses the field, and a `probe` container that uses it. The cells come from the
kinds: each kind declares, per row key, whether it maps the field (and how), ignores it or
rejects it (`KindDeclaration.capabilities`), and which rows' probes it refuses
(`KindDeclaration.rejects`). The README table is rendered from the rows and the declared
kinds (`scripts/capability-matrix` rewrites it, and `tests/features/test_capabilities.py` fails when
it differs), and each row's probe is run on every kind under mocks by that test, which
checks the kinds in `rejected_on` raise a RadiusValidationError and the others deploy it: the
table cannot claim what the code does not do. The portability check
(`python -m radius_components check`) reports the ignored and differently-mapped cells of
the fields a program uses as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from .declarations import KindDeclaration

# A probe builds Container keyword arguments from a RedisCache and a peer Container of the
# probing application (so connections and secret references have a real source).
Probe = Callable[[Any, Any], dict[str, Any]]

PROBE_IMAGE = "ghcr.io/example/probe:1.0"
BASE_PORTS = {"web": {"container_port": 8080}}  # Cloud Run runs only a container with a port


def _container(**fields: Any) -> Probe:
    return lambda db, peer: {"container": {"image": PROBE_IMAGE, "ports": BASE_PORTS, **fields}}


# What a row shows for a kind that declares nothing for it.
UNDECLARED = "not declared"


def _kinds() -> dict[str, KindDeclaration]:
    from .platforms import ordered_kinds

    return dict(ordered_kinds())


def __getattr__(name: str) -> Any:
    # KINDS: the declared kinds in table order, read when asked (a kind registered later is in).
    if name == "KINDS":
        return tuple(_kinds())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Capability:
    """One row of the matrix; its cells are what the declared kinds say for its `key`."""

    key: str  # what a kind's declaration names the row by (`KindDeclaration.capabilities`)
    field: str  # as shown in the table (Markdown)
    used: Callable[[Any], bool]  # does a ContainerArgs use the field?
    probe: Optional[Probe] = None  # a container that uses it (None: the row depends on settings)
    # The same on every kind because the library, not the kind, does it: no kind declares it.
    every_kind: Optional[str] = None

    def cell(self, kind: KindDeclaration) -> str:
        if self.every_kind is not None:
            return self.every_kind
        return kind.capabilities.get(self.key, UNDECLARED)

    @property
    def cells(self) -> dict[str, str]:
        """kind -> what the kind does with the field, for every declared kind."""
        return {name: self.cell(kind) for name, kind in _kinds().items()}

    @property
    def rejected_on(self) -> frozenset[str]:
        """The kinds that refuse the probe container."""
        return frozenset(name for name, kind in _kinds().items() if self.key in kind.rejects)


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


def _persistent_volume(db: Any, peer: Any) -> dict[str, Any]:
    # A Volume of the probing application, by its default recipe (a kind without one refuses it).
    from .volume import Volume

    volume = Volume("probe-data", application=db.application, access_mode="ReadWriteMany")
    return _container(volumes={"data": {"kind": "persistent", "source": volume, "mount_path": "/data",
                                        "permission": "write"}})(db, peer)


def _sized(args: Any) -> bool:
    r = _c(args).resources
    return any(v is not None for v in (r.requests.cpu, r.requests.memory, r.limits.cpu, r.limits.memory))


def _volumes(store: str) -> Callable[[Any], bool]:
    return lambda args: any(getattr(v, "managed_store", None) == store for v in _c(args).volumes.values())


SIZED = {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"cpu": "1", "memory": "2Gi"}}


def _autoscaling(metric: dict[str, Any], min_replicas: int = 1) -> dict[str, Any]:
    return {"kind": "autoScaling", "min_replicas": min_replicas, "max_replicas": 4, "metrics": [metric]}


def _autoscaling_on(args: Any, *kinds: str) -> bool:
    ext = args.extension("autoScaling")
    return ext is not None and any(m.kind in kinds for m in ext.metrics)


ROWS: tuple[Capability, ...] = (
    Capability("image", "`image`", lambda a: True, _container()),
    Capability("image_pull_policy", "`image_pull_policy`",
               lambda a: _c(a).image_pull_policy is not None, _container(image_pull_policy="IfNotPresent")),
    Capability("command_args", "`command`, `args`",
               lambda a: bool(_c(a).command or _c(a).args), _container(command=["/app/server"], args=["--port", "8080"])),
    Capability("working_dir", "`working_dir`", lambda a: _c(a).working_dir is not None, _container(working_dir="/app")),
    Capability("env", "`env` values; `secret_ref` to a resource",
               lambda a: bool(_c(a).env),
               lambda db, peer: {"container": {"image": PROBE_IMAGE, "ports": BASE_PORTS, "env": {
                   "LOG_LEVEL": {"value": "info"},
                   "CACHE_PASSWORD": {"value_from": {"secret_ref": {"source": db, "key": "password"}}}}}}),
    Capability("secret_ref_string", "`secret_ref` with a string `source`", _string_secret_source),
    Capability("ports_one", "`ports`: one TCP port", lambda a: len(_c(a).ports) == 1, _container()),
    Capability("ports_many", "`ports`: more than one", lambda a: len(_c(a).ports) > 1,
               _container(ports={**BASE_PORTS, "metrics": {"container_port": 9090}})),
    Capability("ports_udp", "`ports.protocol: UDP`",
               lambda a: any(p.protocol == "UDP" for p in _c(a).ports.values()),
               _container(ports={**BASE_PORTS, "dns": {"container_port": 5353, "protocol": "UDP"}})),
    Capability("ports_none", "no `ports` (a worker)", lambda a: not _c(a).ports,
               lambda db, peer: {"container": {"image": PROBE_IMAGE, "resources": {"limits": {"cpu": "1", "memory": "2Gi"}}}}),
    Capability("ports_scheme", "`ports.scheme`",
               lambda a: any(p.scheme is not None for p in _c(a).ports.values()),
               _container(ports={"web": {"container_port": 8080, "scheme": "http"}})),
    Capability("ports_port", "`ports.port` ≠ `container_port`",
               _port_mapped, _container(ports={"web": {"container_port": 8080, "port": 80}})),
    Capability("readiness_probe", "`readiness_probe`",
               lambda a: _c(a).readiness_probe is not None,
               _container(readiness_probe={"kind": "httpGet", "container_port": 8080, "path": "/ready"})),
    Capability("liveness_probe", "`liveness_probe`",
               lambda a: _c(a).liveness_probe is not None,
               _container(liveness_probe={"kind": "httpGet", "container_port": 8080, "path": "/live"})),
    Capability("resources", "`resources`",
               _sized, _container(resources={"requests": {"cpu": "1", "memory": "2Gi"},
                                             "limits": {"cpu": "1", "memory": "2Gi"}})),
    Capability("volumes_disk", "`volumes`, `managed_store: disk`", _volumes("disk"),
               _container(volumes={"scratch": {"kind": "ephemeral", "managed_store": "disk", "mount_path": "/scratch"}})),
    Capability("volumes_memory", "`volumes`, `managed_store: memory`", _volumes("memory"),
               _container(volumes={"scratch": {"kind": "ephemeral", "managed_store": "memory",
                                               "mount_path": "/scratch"}})),
    Capability("volumes_persistent", "`volumes`, `kind: persistent` (a `Volume`)",
               lambda a: any(v.kind == "persistent" for v in _c(a).volumes.values()), _persistent_volume),
    Capability("connections", "`connections` (RedisCache, Container, URL)",
               lambda a: bool(a.connections),
               lambda db, peer: {"container": {"image": PROBE_IMAGE, "ports": BASE_PORTS},
                                 "connections": {"cache": {"source": db}, "peer": {"source": peer},
                                                 "fx": {"source": "https://fx.example.com:8443"}}}),
    Capability("iam_roles", "`connections.*.iam.roles`", lambda a: any(c.iam.roles for c in a.connections.values())),
    Capability("manual_scaling", "`manualScaling`",
               lambda a: a.extension("manualScaling") is not None,
               lambda db, peer: {**_container()(db, peer), "extensions": [{"kind": "manualScaling", "replicas": 2}]}),
    Capability("auto_scaling", "`autoScaling`: cpu, memory",
               lambda a: _autoscaling_on(a, "cpu", "memory"),
               lambda db, peer: {**_container(resources=SIZED)(db, peer), "extensions": [_autoscaling(
                   {"kind": "cpu", "target": {"average_utilization": 70}})]}),
    Capability("auto_scaling_requests", "`autoScaling`: requests",
               lambda a: _autoscaling_on(a, "requests"),
               lambda db, peer: {**_container(resources=SIZED)(db, peer), "extensions": [_autoscaling(
                   {"kind": "requests", "target": {"concurrent_requests": 50}})]}),
    Capability("auto_scaling_keda", "`autoScaling`: custom (a KEDA scaler), `min_replicas: 0`",
               lambda a: _autoscaling_on(a, "custom") or (a.extension("autoScaling") is not None
                                                         and a.extension("autoScaling").min_replicas == 0),
               lambda db, peer: {**_container(resources=SIZED)(db, peer), "extensions": [_autoscaling(
                   {"kind": "custom", "type": "prometheus", "metadata": {
                       "serverAddress": "http://prometheus.monitoring:9090", "query": "sum(rate(http_requests_total[1m]))",
                       "threshold": "100"}}, min_replicas=0)]}),
    Capability("metadata_labels", "`kubernetesMetadata.labels`",
               lambda a: _metadata(a, "labels"),
               lambda db, peer: {**_container()(db, peer),
                                 "extensions": [{"kind": "kubernetesMetadata", "labels": {"team": "shop"}}]}),
    Capability("metadata_annotations", "`kubernetesMetadata.annotations`",
               lambda a: _metadata(a, "annotations"),
               lambda db, peer: {**_container()(db, peer),
                                 "extensions": [{"kind": "kubernetesMetadata", "annotations": {"owner": "shop"}}]}),
    Capability("dapr_sidecar", "`daprSidecar`",
               lambda a: a.extension("daprSidecar") is not None,
               lambda db, peer: {**_container()(db, peer),
                                 "extensions": [{"kind": "daprSidecar", "app_id": "probe", "app_port": 8080}]}),
    # Every kind's runtime block is checked by radius_components.runtime_blocks, whatever kind deploys.
    Capability("runtimes", "`runtimes.<kind>`", lambda a: False,
               every_kind="its own block applied; the others checked against their kind's schema, not applied"),
    Capability("restart_policy", "`restart_policy` other than `Always`",
               lambda a: a.restart_policy != "Always",
               lambda db, peer: {**_container()(db, peer), "restart_policy": "OnFailure"}),
)


def render_matrix() -> str:
    """The README's capability matrix, as Markdown: a column per declared kind, in table order."""
    kinds = _kinds()
    lines = ["| field | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
    for row in ROWS:
        lines.append(f"| {row.field} | " + " | ".join(row.cell(kind) for kind in kinds.values()) + " |")
    return "\n".join(lines) + "\n"


def notes_for(args: Any, kind: str) -> list[tuple[str, str]]:
    """(field, what the kind does) for each field `args` uses that `kind` ignores or maps
    differently from the reference kind (the first in table order: Kubernetes, whose
    semantics are Radius's own); plain `mapped` and rejections (errors) are left out."""
    kinds = _kinds()
    declared = kinds.get(kind)
    reference = next(iter(kinds.values()), None)
    notes = []
    for row in ROWS:
        cell = row.cell(declared) if declared is not None else ""
        if cell in ("mapped", "rejected") or (reference is not None and cell == row.cell(reference)) \
                or not row.used(args):
            continue
        notes.append((row.field.replace("`", ""), cell.replace("`", "")))
    return notes
