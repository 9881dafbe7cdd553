"""A container app's `configuration` and `template` for one container, as plain data.

Shapes are the API's camelCase (which pulumi-azure-native takes as dict keys), so
`runtimes.aca` merges over plain dicts and tests can validate what we emit against the
azure-mgmt-appcontainers models. Nothing here registers a resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import pulumi

from ...connections import EnvEntry, EnvPlan
from ...model import ContainerArgs, Probe
from ...names import dns_label
from ..merge import merge
from .names import AppNames
from .sizing import Sizing
from .validate import Runtime, ingress_port, transport

# Lists merged item by item on `name` when runtimes.aca patches them.
NAMED_LISTS = ("containers", "env", "initContainers", "rules", "secrets", "volumes")
# Without manualScaling: always one replica running (a worker without ingress would never
# start from zero), and ACA's default ceiling of 10 with its HTTP concurrency rule.
DEFAULT_SCALE = {"minReplicas": 1, "maxReplicas": 10}


@dataclass
class Wiring:
    """What the platform registered that the app refers to."""

    identity_id: Any
    # env var name -> container app secret entry ({"name", "value"} or {"name", "keyVaultUrl", "identity"})
    secrets: dict[str, dict[str, Any]] = field(default_factory=dict)
    registries: list[dict[str, Any]] = field(default_factory=list)
    # volume name -> the environment storage (Azure Files) its persistent volume mounts
    storages: dict[str, str] = field(default_factory=dict)


def env_var(entry: EnvEntry, wiring: Wiring) -> dict[str, Any]:
    # Secrets only by reference: the value lives in the app's secrets (or Key Vault).
    if entry.is_secret or entry.secret_ref is not None:
        return {"name": entry.name, "secretRef": wiring.secrets[entry.name]["name"]}
    return {"name": entry.name, "value": entry.value}


def probe(p: Probe, kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind}
    if p.kind == "httpGet":
        action: dict[str, Any] = {"path": p.path or "/", "port": p.container_port}
        if p.headers:
            action["httpHeaders"] = [{"name": k, "value": p.headers[k]} for k in sorted(p.headers)]
        out["httpGet"] = action
    else:  # tcp (exec is rejected by the checks)
        out["tcpSocket"] = {"port": p.container_port}
    # initialDelaySeconds 0 is Kubernetes' default, which leaving it out keeps (the API's
    # minimum is 1).
    if p.initial_delay_seconds:
        out["initialDelaySeconds"] = p.initial_delay_seconds
    for attr, key in (("period_seconds", "periodSeconds"), ("timeout_seconds", "timeoutSeconds"),
                      ("failure_threshold", "failureThreshold")):
        value = getattr(p, attr)
        if value is not None:
            out[key] = value
    return out


def container(args: ContainerArgs, plan: EnvPlan, names: AppNames, size: Sizing, wiring: Wiring) -> dict[str, Any]:
    c = args.container
    spec: dict[str, Any] = {"name": names.container_app, "image": c.image,
                            "resources": {"cpu": float(size.cpu), "memory": size.memory}}
    if c.command is not None:
        spec["command"] = list(c.command)
    if c.args is not None:
        spec["args"] = list(c.args)
    if plan.entries:
        spec["env"] = [env_var(e, wiring) for e in plan.entries]
    probes = [probe(p, kind) for p, kind in ((c.readiness_probe, "Readiness"), (c.liveness_probe, "Liveness")) if p]
    if probes:
        spec["probes"] = probes
    if c.volumes:
        spec["volumeMounts"] = [{"volumeName": names.volumes[n], "mountPath": v.mount_path}
                                for n, v in c.volumes.items()]
    return spec


def ingress(args: ContainerArgs) -> Optional[dict[str, Any]]:
    port = ingress_port(args)
    if port is None:
        return None
    mode = transport(port)
    out: dict[str, Any] = {
        # Internal: reachable only from the environment. Public only when runtimes.aca says so.
        "external": False,
        "targetPort": port.container_port,
        "transport": mode,
    }
    if mode == "tcp":
        out["exposedPort"] = port.exposed_port
    else:
        out["allowInsecure"] = False
    return out


def dapr(args: ContainerArgs) -> Optional[dict[str, Any]]:
    ext = args.extension("daprSidecar")
    if ext is None:
        return None
    out: dict[str, Any] = {"enabled": True, "appId": ext.app_id}
    if ext.app_port is not None:
        out["appPort"] = ext.app_port
    if ext.protocol is not None:
        out["appProtocol"] = ext.protocol
    return out


def configuration(args: ContainerArgs, wiring: Wiring, rt: Runtime) -> dict[str, Any]:
    config: dict[str, Any] = {"activeRevisionsMode": "Single"}
    ing = ingress(args)
    if ing is not None:
        config["ingress"] = ing
    if wiring.secrets:
        config["secrets"] = [wiring.secrets[k] for k in sorted(wiring.secrets)]
    if wiring.registries:
        config["registries"] = wiring.registries
    d = dapr(args)
    if d is not None:
        config["dapr"] = d
    merged = merge(config, rt.configuration, NAMED_LISTS)
    if rt.configuration.get("secrets"):
        # Secret values a patch adds are secrets too.
        merged["secrets"] = [{**s, "value": pulumi.Output.secret(s["value"])}
                             if isinstance(s, dict) and s.get("value") is not None else s
                             for s in merged["secrets"]]
    return merged


def scale_rule(args: ContainerArgs, metric: Any, index: int) -> dict[str, Any]:
    """One autoScaling metric as a Container Apps scale rule (Microsoft.App ScaleRule;
    learn.microsoft.com/azure/container-apps/scale-app): requests as the http rule
    (`concurrentRequests`; the tcp rule's `concurrentConnections` on tcp ingress), cpu and memory
    as KEDA's cpu / memory scalers (custom rules of that type, `type: Utilization`), custom as a
    custom rule of the scaler's type (secrets and identity for it: runtimes.aca, rules merge by name)."""
    if metric.kind == "requests":
        port = ingress_port(args)
        if port is not None and transport(port) == "tcp":
            return {"name": "tcp", "tcp": {"metadata": {"concurrentConnections": str(metric.value)}}}
        return {"name": "http", "http": {"metadata": {"concurrentRequests": str(metric.value)}}}
    if metric.kind in ("cpu", "memory"):
        return {"name": metric.kind, "custom": {"type": metric.kind,
                                                "metadata": {"type": "Utilization", "value": str(metric.value)}}}
    # Named after the scaler and its place among the custom metrics of that type (not among all
    # metrics): the auth a `runtimes.aca` patch gives a rule (rules merge by name) stays with its
    # scaler when other metrics are added or reordered (review R-AZ-1). A lowercase DNS label, as
    # Container Apps names rules.
    return {"name": dns_label(metric.type, str(index), max_length=63) or f"custom-{index}",
            "custom": {"type": metric.type, "metadata": {k: metric.metadata[k] for k in sorted(metric.metadata)}}}


def autoscale(args: ContainerArgs, auto: Any) -> dict[str, Any]:
    rules, per_type = [], {}  # type: ignore[var-annotated]
    for m in auto.metrics:
        index = 0
        if m.kind == "custom":
            index = per_type[m.type] = per_type.get(m.type, -1) + 1
        rules.append(scale_rule(args, m, index))
    return {"minReplicas": auto.min_replicas, "maxReplicas": auto.max_replicas, "rules": rules}


def template(args: ContainerArgs, plan: EnvPlan, names: AppNames, size: Sizing, wiring: Wiring,
             rt: Runtime) -> dict[str, Any]:
    c = args.container
    out: dict[str, Any] = {"containers": [container(args, plan, names, size, wiring)]}
    scaling = args.extension("manualScaling")
    auto = args.extension("autoScaling")
    if scaling is not None:
        out["scale"] = {"minReplicas": scaling.replicas, "maxReplicas": scaling.replicas}
    elif auto is not None:
        out["scale"] = autoscale(args, auto)
    else:
        out["scale"] = dict(DEFAULT_SCALE)
    if c.volumes:
        out["volumes"] = [{"name": names.volumes[n], "storageType": "AzureFile", "storageName": wiring.storages[n]}
                          if n in wiring.storages else {"name": names.volumes[n], "storageType": "EmptyDir"}
                          for n in c.volumes]
    return merge(out, rt.template, NAMED_LISTS)
