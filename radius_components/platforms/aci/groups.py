"""ACI container group properties for one container, as plain data (nothing registered).

Shapes are the Pulumi azure-native inputs (the API's camelCase, with `properties` flattened
as the provider does), so `runtimes.aci` merges over plain dicts and tests can turn what we
emit back into the REST body and validate it with azure-mgmt-containerinstance.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Optional

from ...connections import EnvEntry, EnvPlan
from ...model import ContainerArgs, Probe
from .sizing import DEFAULT_CPU, DEFAULT_MEMORY_GB, cpu_cores, memory_gb
from .validate import Runtime


# Container group properties ACI cannot update in place: "Changes to these properties
# require container group deletion prior to redeployment: OS type; CPU, memory, or GPU
# resources; Restart policy; Network profile" (Update containers in ACI,
# https://learn.microsoft.com/azure/container-instances/container-instances-update), and
# the availability zone ("you must delete the container group and create another",
# https://learn.microsoft.com/azure/reliability/reliability-containers). The provider
# updates them in place and ACI answers "you must delete it first"
# (pulumi/pulumi-azure-native#918, open), so a change to them replaces the group. Paths are
# the provider's input names; the engine replaces when one of these contains a changed path
# (a whole `resources` block added counts, hence not the leaves).
REPLACE_ON_CHANGES = ("containers[*].resources", "osType", "restartPolicy", "subnetIds", "zones")


@dataclass(frozen=True)
class GroupNames:
    app: str
    resource: str
    group: str  # container group / NGroup / profile name, and the DNS record
    container: str
    volumes: dict[str, str]
    zone: str

    @property
    def hostname(self) -> str:
        return f"{self.group}.{self.zone}"


def env_var(entry: EnvEntry) -> dict[str, Any]:
    # Secrets only as secureValue: ACI does not return it on reads and keeps it out of logs.
    if entry.secret is not None:
        return {"name": entry.name, "secureValue": entry.secret}
    return {"name": entry.name, "value": entry.value}


def is_empty(entry: EnvEntry) -> bool:
    """A plain value known to be empty now. ACI wants exactly one of value/secureValue on a
    variable and treats an empty value as none ("The environment variable 'X' ... is invalid.
    One and only one property of 'value' and 'secureValue' can be specified",
    virtual-kubelet/virtual-kubelet#296), so such a variable is left out, as on ECS. A value
    that is an Output is sent as it is (whether it is empty is known only at `up`)."""
    return entry.secret is None and entry.secret_ref is None and entry.value in (None, "")


def empty_user_values(plan: EnvPlan) -> list[str]:
    """Names of the user's own (container.env) variables left out for being empty; a
    connection's empty value (a Redis without a username) is left out silently."""
    return [e.name for e in plan.entries if is_empty(e) and e.origin == "env"]


def probe(p: Probe, https_ports: set[Any]) -> dict[str, Any]:
    out: dict[str, Any]
    if p.kind == "httpGet":
        action: dict[str, Any] = {"path": p.path or "/", "port": p.container_port,
                                  "scheme": "https" if p.container_port in https_ports else "http"}
        if p.headers:
            action["httpHeaders"] = [{"name": k, "value": p.headers[k]} for k in sorted(p.headers)]
        out = {"httpGet": action}
    else:  # exec (tcp is rejected by the checks)
        out = {"exec": {"command": list(p.command or [])}}
    for field, key in (("initial_delay_seconds", "initialDelaySeconds"), ("period_seconds", "periodSeconds"),
                       ("timeout_seconds", "timeoutSeconds"), ("failure_threshold", "failureThreshold")):
        value = getattr(p, field)
        if value is not None:
            out[key] = value
    return out


def resources(args: ContainerArgs, rt: Runtime) -> dict[str, Any]:
    """ACI requires requests; a request not given falls back to the limit, then the default."""
    req, lim = args.container.resources.requests, args.container.resources.limits
    cpu = req.cpu or lim.cpu
    memory = req.memory or lim.memory
    requests: dict[str, Any] = {
        "cpu": float(cpu_cores(cpu)) if cpu else float(DEFAULT_CPU),
        "memoryInGB": float(memory_gb(memory)) if memory else float(DEFAULT_MEMORY_GB),
    }
    out: dict[str, Any] = {"requests": requests}
    limits: dict[str, Any] = {}
    if lim.cpu:
        limits["cpu"] = float(cpu_cores(lim.cpu))
    if lim.memory:
        limits["memoryInGB"] = float(memory_gb(lim.memory))
    if limits:
        out["limits"] = limits
    return out


def container(args: ContainerArgs, plan: EnvPlan, names: GroupNames, rt: Runtime) -> dict[str, Any]:
    c = args.container
    spec: dict[str, Any] = {"name": names.container, "image": c.image, "resources": resources(args, rt)}
    if c.command is not None:
        # ACI has one exec-form command that replaces the entrypoint: command + args.
        spec["command"] = list(c.command) + list(c.args or [])
    variables = [env_var(e) for e in plan.entries if not is_empty(e)]
    if variables:
        spec["environmentVariables"] = variables
    if c.ports:
        spec["ports"] = [{"port": p.container_port, "protocol": p.protocol} for p in c.ports.values()]
    https_ports = {p.container_port for p in c.ports.values() if p.scheme == "https"}
    if c.readiness_probe:
        spec["readinessProbe"] = probe(c.readiness_probe, https_ports)
    if c.liveness_probe:
        spec["livenessProbe"] = probe(c.liveness_probe, https_ports)
    if c.volumes:
        spec["volumeMounts"] = [volume_mount(names.volumes[n], v) for n, v in c.volumes.items()]
    return spec


def volume_mount(name: str, volume: Any) -> dict[str, Any]:
    mount: dict[str, Any] = {"name": name, "mountPath": volume.mount_path}
    if volume.kind == "persistent" and volume.permission == "read":
        mount["readOnly"] = True
    return mount


def group_volume(name: str, volume: Any) -> dict[str, Any]:
    """An emptyDir, or the Volume's Azure Files share (recipes/azure/volume.py's outputs). The
    account key goes only here, a Pulumi secret: ACI mounts Azure Files with the key alone (no
    managed identity), and does not return it on reads."""
    if volume.kind != "persistent":
        return {"name": name, "emptyDir": {}}
    share = volume.source.recipe_outputs
    return {"name": name, "azureFile": {"shareName": share["share_name"],
                                        "storageAccountName": share["storage_account_name"],
                                        "storageAccountKey": share["storage_account_key"],
                                        "readOnly": volume.permission == "read"}}


def properties(args: ContainerArgs, plan: EnvPlan, names: GroupNames, rt: Runtime, *,
               subnet_id: Any, registry_credentials: list[dict[str, Any]],
               diagnostics: Optional[dict[str, Any]]) -> dict[str, Any]:
    """Container group properties (Pulumi input names, camelCase), before punch-through.

    `subnet_id` None: the group joins no virtual network (a Spot group, or a
    profile whose NGroup sets the subnet).
    """
    c = args.container
    props: dict[str, Any] = {
        "osType": "Linux",
        "restartPolicy": args.restart_policy,
        # Spelled out: ACI returns it, and leaving it unset would show as a diff.
        "sku": "Standard",
        "containers": [container(args, plan, names, rt)],
    }
    if c.ports and rt.in_vnet:
        props["ipAddress"] = {"type": "Private",
                              "ports": [{"port": p.container_port, "protocol": p.protocol} for p in c.ports.values()]}
    if subnet_id is not None:
        props["subnetIds"] = [{"id": subnet_id}]
    if c.volumes:
        props["volumes"] = [group_volume(names.volumes[n], v) for n, v in c.volumes.items()]
    if registry_credentials:
        props["imageRegistryCredentials"] = registry_credentials
    if diagnostics is not None:
        props["diagnostics"] = diagnostics
    return merge(props, rt.properties)


def merge(generated: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """`runtimes.aci` over the generated properties: mappings merge key by key, `containers`
    item by item on `name`, other lists and leaves are replaced by the patch."""
    result = copy.copy(generated)
    for key, value in patch.items():
        if key == "containers" and isinstance(value, list) and isinstance(result.get(key), list):
            merged = list(result[key])
            for item in value:
                index = next((i for i, c in enumerate(merged)
                              if isinstance(item, dict) and c.get("name") == item.get("name")), None)
                if index is None:
                    merged.append(item)
                else:
                    merged[index] = merge(merged[index], item)
            result[key] = merged
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result
