"""Azure's provider-computed outputs, shared by the aci and aca tests, and the programs the aci
tests run. Importing this module installs those answers (azure-native types only).

The mocks echo inputs as state; these add what Azure computes (IDs, principal IDs, IPs,
host names, a PostgreSQL server's FQDN) and turn inputs whose output shape differs (identity
lists -> maps) into what the provider returns, so Outputs resolve as they would in a real
deployment.
"""

from __future__ import annotations

import contextlib
from typing import Any

from tests.helpers.mocks import MOCK_CALLS, MOCK_OUTPUTS

SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa"
PRIMARY_KEY = "AMR-PRIMARY-KEY-0123456789"
WORKSPACE_KEY = "LOG-ANALYTICS-SHARED-KEY-42"
GROUP_IP = "10.240.0.4"
PROFILE_REVISION = 7
LB_IP = "10.240.4.10"


def _arm_id(args, provider, kind, name_key):
    rg = args.inputs.get("resourceGroupName", "rg")
    return f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/providers/{provider}/{kind}/{args.inputs.get(name_key, args.name)}"


def _identity_map(args):
    ident = args.inputs.get("identity")
    if not ident:
        return {}
    ids = ident.get("userAssignedIdentities") or []
    return {"identity": {"type": ident.get("type"), "userAssignedIdentities": {i: {} for i in ids}}}


def install() -> None:
    MOCK_CALLS["azure-native:authorization:getClientConfig"] = lambda a: {
        "subscriptionId": SUBSCRIPTION, "tenantId": "tenant", "clientId": "client", "objectId": "object"}
    MOCK_CALLS["azure-native:redisenterprise:listDatabaseKeys"] = lambda a: {"primaryKey": PRIMARY_KEY,
                                                                            "secondaryKey": "SECONDARY"}
    MOCK_CALLS["azure-native:operationalinsights:getSharedKeys"] = lambda a: {"primarySharedKey": WORKSPACE_KEY}
    MOCK_OUTPUTS["azure-native:managedidentity:UserAssignedIdentity"] = lambda a: {
        "principalId": f"principal-{a.name}", "clientId": f"client-{a.name}", "tenantId": "tenant"}
    MOCK_OUTPUTS["azure-native:redisenterprise:RedisEnterprise"] = lambda a: {
        "hostName": f"{a.inputs['clusterName']}.{a.inputs['location']}.redis.azure.net", "name": a.inputs["clusterName"]}
    MOCK_OUTPUTS["azure-native:redisenterprise:Database"] = lambda a: {"name": a.inputs.get("databaseName")}
    MOCK_OUTPUTS["azure-native:containerinstance:ContainerGroup"] = lambda a: {
        **_identity_map(a),
        **({"ipAddress": {**a.inputs["ipAddress"], "ip": GROUP_IP}} if a.inputs.get("ipAddress") else {})}
    MOCK_OUTPUTS["azure-native:containerinstance:NGroup"] = _identity_map
    MOCK_OUTPUTS["azure-native:containerinstance:CGProfile"] = lambda a: {
        "id": _arm_id(a, "Microsoft.ContainerInstance", "containerGroupProfiles", "containerGroupProfileName"),
        "revision": PROFILE_REVISION}
    MOCK_OUTPUTS["azure-native:network:LoadBalancer"] = lambda a: {
        "frontendIPConfigurations": [{**fe, "privateIPAddress": LB_IP} for fe in a.inputs.get("frontendIPConfigurations", [])]}
    MOCK_OUTPUTS["azure-native:privatedns:PrivateZone"] = lambda a: {"name": a.inputs["privateZoneName"]}
    MOCK_OUTPUTS["azure-native:network:PrivateEndpoint"] = lambda a: {"name": a.inputs["privateEndpointName"]}
    MOCK_OUTPUTS["azure-native:resources:ResourceGroup"] = lambda a: {"name": a.inputs["resourceGroupName"]}
    MOCK_OUTPUTS["azure-native:network:LoadBalancer"] = lambda a: {
        "name": a.inputs.get("loadBalancerName"),
        "frontendIPConfigurations": [{**fe, "privateIPAddress": LB_IP} for fe in a.inputs.get("frontendIPConfigurations", [])]}
    MOCK_OUTPUTS["azure-native:operationalinsights:Workspace"] = lambda a: {
        "customerId": "workspace-customer-id", "name": a.inputs.get("workspaceName")}
    # An Application Gateway's identities as a map, a public IP its FQDN (rad.Gateway on aci).
    MOCK_OUTPUTS["azure-native:network:ApplicationGateway"] = _identity_map
    MOCK_OUTPUTS["azure-native:network:PublicIPAddress"] = lambda a: {"ipAddress": "20.50.60.70", **({"dnsSettings": {
        **a.inputs["dnsSettings"], "fqdn": f"{a.inputs['dnsSettings']['domainNameLabel']}.westeurope.cloudapp.azure.com"}}
        if a.inputs.get("dnsSettings") else {})}
    # A PostgreSQL flexible server's host name and ID (the SqlDatabase recipe on aci and aca).
    MOCK_OUTPUTS["azure-native:dbforpostgresql:Server"] = lambda a: {
        "fullyQualifiedDomainName": f"{a.inputs['serverName']}.postgres.database.azure.com", "name": a.inputs["serverName"],
        "id": f"/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/{a.inputs['serverName']}"}
    MOCK_OUTPUTS["azure-native:dbforpostgresql:Database"] = lambda a: {"name": a.inputs["databaseName"]}


install()


# ---------------------------------------------------------------------------------------
# Programs the aci tests run: the demo of the issue, and one that uses every feature.

import pulumi  # noqa: E402

import radius_components as rad
from tests.helpers.programs import issue_demo  # noqa: E402

DEMO_IMAGE = "ghcr.io/radius-project/samples/demo:latest"
USER_PASSWORD = "user-supplied-password-42"
ACR_ID = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-shared/providers/Microsoft.ContainerRegistry/registries/shopreg"
CCE_POLICY = "cGFja2FnZSBwb2xpY3kK"  # base64 of "package policy\n"


def aci_compute(**extra):
    return rad.AciCompute(resource_group="rg-prod", location="westeurope", **extra)


def demo(**compute_extra):
    """The foundation demo with only the Environment changed."""
    return issue_demo(aci_compute(**compute_extra))


def everything():
    env = rad.Environment("prod", compute=aci_compute(log_analytics=True, registries={"shopreg.azurecr.io": ACR_ID}),
                          protect_stateful=False)
    app = rad.Application("shop", environment=env)
    db = rad.RedisCache("db", application=app, recipe={"parameters": {"sku": "Balanced_B1"}})
    manual = rad.RedisCache("legacy", application=app, resource_provisioning="manual",
                            host="redis.example.internal", port=6380, username="app", password=USER_PASSWORD)
    backend = rad.Container(
        "backend", application=app,
        container={
            "image": "shopreg.azurecr.io/shop/backend:1.2.3",
            "imagePullPolicy": "IfNotPresent",
            "command": ["/app/server"], "args": ["--port", "8080"],
            "env": {"LOG_LEVEL": {"value": "debug"}, "WORKERS": {"value": 4},
                    "LEGACY_PASSWORD": {"value_from": {"secret_ref": {"source": manual, "key": "password"}}}},
            "ports": {"api": {"containerPort": 8080, "scheme": "http", "port": 80},
                      "metrics": {"containerPort": 9090}, "dns": {"containerPort": 5353, "protocol": "UDP"}},
            "readinessProbe": {"kind": "httpGet", "containerPort": 8080, "path": "/ready", "initialDelaySeconds": 2,
                               "periodSeconds": 5, "timeoutSeconds": 2, "failureThreshold": 4,
                               "headers": {"X-Probe": "1"}},
            "livenessProbe": {"kind": "exec", "command": "cat /tmp/healthy"},
            "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
            "volumes": {"scratch": {"kind": "ephemeral", "managedStore": "disk", "mountPath": "/scratch"}},
        },
        connections={"cache": {"source": db, "iam": {"roles": ["Reader", "b24988ac-6180-42a0-ab88-20f7382dd24c"]}},
                     "legacy": {"source": manual}},
        extensions=[{"kind": "manualScaling", "replicas": 3},
                    {"kind": "kubernetesMetadata", "labels": {"team": "payments"}}],
        runtimes={"aci": {"sku": "Confidential", "confidential_compute_properties": {"cce_policy": CCE_POLICY},
                          "shutdown_grace_period": "PT30S"},
                  "kubernetes": {"pod": {"nodeSelector": {"pool": "general"}}}},
        restart_policy="Always",
    )
    frontend = rad.Container(
        "frontend", application=app,
        container={"image": "ghcr.io/example/frontend:1.0", "ports": {"http": {"container_port": 3000}},
                   "livenessProbe": {"kind": "httpGet", "container_port": 3000, "path": "/live"}},
        connections={"backend": {"source": backend, "iam": {"roles": ["Reader"]}},
                     "payments": {"source": "https://payments.example.com:8443"},
                     "quiet": {"source": db, "disable_default_env_vars": True}},
        runtimes={"aci": {"dnsConfig": {"nameServers": ["10.0.0.10"]}, "zones": ["1"],
                          "containers": [{"name": "frontend", "securityContext": {"privileged": False}}]}},
        restart_policy="OnFailure",
    )
    batch = rad.Container(
        "batch", application=app,
        container={"image": "ghcr.io/example/batch:1.0", "command": ["python", "run.py"]},
        runtimes={"aci": {"priority": "Spot"}},
        restart_policy="Never",
    )
    return {"env": env, "app": app, "db": db, "legacy": manual, "backend": backend, "frontend": frontend,
            "batch": batch}


def run_with_options(program):
    """`run_program`, also recording each registration's resource options the engine acts on:
    name -> {"replace_on_changes", "delete_before_replace", "dependencies" (URNs)}."""
    from tests.helpers.mocks import run_program

    monitor_class = run_program.__globals__["RecordingMonitor"]
    original = monitor_class.RegisterResource
    options: dict[str, dict] = {}

    def register(self, request):
        response = original(self, request)
        options[request.name] = {"replace_on_changes": list(request.replaceOnChanges),
                                 "delete_before_replace": request.deleteBeforeReplace,
                                 "dependencies": list(request.dependencies)}
        return response

    monitor_class.RegisterResource = register
    try:
        run = run_program(program)
    finally:
        monitor_class.RegisterResource = original
    return run, options


def as_program(build, *args, **kwargs):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


@contextlib.contextmanager
def created_with(first_range: str, **prefixes: str):
    """Runs as a stack whose created network was made with `first_range` (aci and aca) and, on
    aci, the subnets `address_plan` gives it with these `*_subnet_prefix` fields: the recorders'
    keepers are state (ignore_changes; platforms/azure/network_range.py), which the mocks answer
    here (aca's `-network-first-range`, aci's `-network-first-plan`)."""
    from types import SimpleNamespace

    from radius_components.platforms.aci import address_plan

    fields = ("subnet_prefix", "load_balancer_subnet_prefix", "private_endpoint_subnet_prefix", "gateway_subnet_prefix")
    compute = SimpleNamespace(address_space=first_range, **{f: prefixes.get(f) for f in fields})

    def state(args):
        if args.name.endswith("-network-first-range"):
            return {"keepers": {"address_space": first_range}}
        if args.name.endswith("-network-first-plan"):
            return {"keepers": {"address_space": first_range, **address_plan.plan("first plan", compute).subnets}}
        return {}

    kind = "random:index/randomId:RandomId"
    MOCK_OUTPUTS[kind] = state
    try:
        yield
    finally:
        MOCK_OUTPUTS.pop(kind)


WORKLOAD_TYPES = ("azure-native:containerinstance:ContainerGroup", "azure-native:containerinstance:CGProfile",
                  "azure-native:app:ContainerApp")


def workload_env(run: Any, prefix: str = "CONNECTION_") -> list[dict[str, Any]]:
    """Every environment variable entry (a mapping with a `name`) starting with `prefix` that a
    container group, NGroup profile or container app is given, in registration order."""
    found: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("name"), str) and value["name"].startswith(prefix):
                found.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    for r in run.resources:
        if r.type in WORKLOAD_TYPES:
            walk(r.plain())
    return found
