"""Bad input on the aci kind: a clear error naming component, field, value and fix, and
nothing registered."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.aci import DEMO_IMAGE, aci_compute  # noqa: F401  (installs the mocks)
from tests.helpers.mocks import run_program


def registering(build):
    """Run `build` under mocks; return the error and what registered before it."""
    registered: list = []

    def program():
        try:
            build()
        except rad.RadiusValidationError as exc:
            registered.append(exc)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert registered, "expected a RadiusValidationError"
    return registered[0], run


def container_error(container: dict[str, Any] | None = None, **kwargs):
    def build():
        env = rad.Environment("prod", compute=aci_compute())
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container=container or {"image": DEMO_IMAGE}, **kwargs)
    exc, run = registering(build)
    assert not [r for r in run.resources if r.type.startswith("azure-native:") and "demo" in r.name], \
        "a bad container registers nothing"
    assert "radius:index:Container" not in [r.type for r in run.resources]
    return exc


def fields(exc):
    return [e.field for e in getattr(exc, "errors", [exc])]


CASES = [
    ({"image": DEMO_IMAGE, "resources": {"requests": {"cpu": "4500m"}}}, {},
     "container.resources.requests.cpu", "more than an ACI container group may have"),
    ({"image": DEMO_IMAGE, "resources": {"limits": {"memory": "17Gi"}}}, {},
     "container.resources.limits.memory", "more than an ACI container group may have"),
    ({"image": DEMO_IMAGE, "ports": {f"p{i}": {"container_port": 8000 + i} for i in range(6)}}, {},
     "container.ports", "at most 5 ports"),
    ({"image": DEMO_IMAGE, "ports": {"dns": {"container_port": 53, "protocol": "UDP", "scheme": "http"}}}, {},
     "container.ports.dns.scheme", "runs over TCP"),
    ({"image": DEMO_IMAGE, "ports": {"web": {"container_port": 8080, "port": 80}}}, {},
     "container.ports.web.port", "cannot map one port to another"),
    ({"image": DEMO_IMAGE, "ports": {"web": {"container_port": 80}},
      "liveness_probe": {"kind": "tcp", "container_port": 80}}, {}, "liveness_probe.kind", "httpGet or exec only"),
    ({"image": DEMO_IMAGE, "args": ["--port", "80"]}, {}, "container.args", "single command list"),
    ({"image": DEMO_IMAGE, "working_dir": "/app"}, {}, "container.working_dir", "no working directory"),
    ({"image": DEMO_IMAGE, "image_pull_policy": "Never"}, {}, "container.image_pull_policy", "pulls the image"),
    ({"image": DEMO_IMAGE, "volumes": {"m": {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/m"}}}, {},
     "container.volumes.m.managed_store", "disk-backed"),
    ({"image": DEMO_IMAGE, "env": {"TOKEN": {"value_from": {"secret_ref": {"source": "k8s-secret", "key": "t"}}}}}, {},
     "container.env.TOKEN.value_from.secret_ref.source", "no secret store"),
    (None, {"runtimes": {"aci": {"sku": "Confidential", "priority": "Spot"}}},
     "runtimes.aci.sku", "Standard SKU only"),
    (None, {"runtimes": {"aci": {"priority": "Spot", "zones": ["1"]}}}, "runtimes.aci.zones", "availability zones"),
    # ACI GPU resources were retired on 2025-07-14 (container-instances-gpu: "This product is
    # retired as of July 14, 2025"): any GPU request is rejected, shorthand or punch-through.
    (None, {"runtimes": {"aci": {"gpu": {"count": 1, "sku": "V100"}}}}, "runtimes.aci.gpu", "retired on 2025-07-14"),
    (None, {"runtimes": {"aci": {"containers": [{"name": "demo", "resources": {"requests": {
        "cpu": 1, "memoryInGB": 1.5, "gpu": {"count": 1, "sku": "V100"}}}}]}}},
     "runtimes.aci.containers[0].resources.requests.gpu", "retired on 2025-07-14"),
    # "To select an availability zone, you must use the Standard SKU. Zonal container groups
    # aren't available with the Confidential SKU" (reliability-containers).
    (None, {"runtimes": {"aci": {"sku": "Confidential", "zones": ["1"]}}}, "runtimes.aci.zones",
     "only Standard SKU container groups to availability zones, not Confidential"),
    (None, {"runtimes": {"aci": {"sku": "Confidential", "zones": ["2"]}},
            "extensions": [{"kind": "manualScaling", "replicas": 2}]}, "runtimes.aci.zones",
     "only Standard SKU container groups to availability zones, not Confidential"),
    ({"image": DEMO_IMAGE, "ports": {"web": {"container_port": 80}}}, {"runtimes": {"aci": {"priority": "Spot"}}},
     "container.ports", "SpotPriorityContainerGroupNotSupportedForInboundConnectivity"),
    (None, {"runtimes": {"aci": {"sku": "Confidential", "confidential_compute_properties": {"cce_policy": "not base64!"}}}},
     "runtimes.aci.confidential_compute_properties.cce_policy", "confcom"),
    (None, {"runtimes": {"aci": {"confidentialComputeProperties": {"ccePolicy": "cGFja2FnZQ=="}}}},
     "runtimes.aci.confidential_compute_properties", "only a Confidential container group"),
    (None, {"runtimes": {"aci": {"sku": "Premium"}}}, "runtimes.aci.sku", "not an ACI container group SKU"),
    (None, {"runtimes": {"aci": {"osProfile": {}}}}, "runtimes.aci.osProfile", "not a property of a container group"),
    (None, {"runtimes": {"aci": {"dns_config": {"name_servers": ["10.0.0.10"]}}},
            "extensions": [{"kind": "manualScaling", "replicas": 2}]},
     "runtimes.aci.dnsConfig", "container group profile"),
    (None, {"extensions": [{"kind": "daprSidecar", "app_id": "demo"}]}, "extensions.daprSidecar", "no Dapr"),
    (None, {"extensions": [{"kind": "kubernetesMetadata", "labels": {"app.kubernetes.io/name": "x"}}]},
     "extensions.kubernetesMetadata.labels.app.kubernetes.io/name", "tag names cannot contain"),
    (None, {"connections": {"pay": {"source": "https://pay.example.com", "iam": {"roles": ["Reader"]}}}},
     "connections.pay.iam.roles", "no Azure resource"),
]


@pytest.mark.parametrize("container,kwargs,field,problem", CASES, ids=[f"{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_rejected_before_anything_registers(container, kwargs, field, problem):
    exc = container_error(container, **kwargs)
    assert field in fields(exc), str(exc)
    assert problem in str(exc)
    assert "Container 'demo'" in str(exc) and "Fix:" in str(exc)


def test_all_problems_are_reported_together():
    exc = container_error({"image": DEMO_IMAGE, "working_dir": "/app", "resources": {"requests": {"cpu": "8"}}})
    assert {"container.working_dir", "container.resources.requests.cpu"} <= set(fields(exc))


def test_unknown_role_and_manual_redis_role():
    def build():
        env = rad.Environment("prod", compute=aci_compute())
        app = rad.Application("todo", environment=env)
        db = rad.RedisCache("db", application=app)
        legacy = rad.RedisCache("legacy", application=app, resource_provisioning="manual", host="h", port=6380)
        rad.Container("demo", application=app, container={"image": DEMO_IMAGE},
                      connections={"cache": {"source": db, "iam": {"roles": ["Cache Wizard"]}},
                                   "legacy": {"source": legacy, "iam": {"roles": ["Reader"]}}})
    exc, run = registering(build)
    assert set(fields(exc)) == {"connections.cache.iam.roles[0]", "connections.legacy.iam.roles"}
    assert not [r for r in run.resources if r.name.startswith("demo")]


def test_replicas_with_ports_need_a_load_balancer_subnet_with_an_existing_subnet():
    sub = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aci"

    def build():
        env = rad.Environment("prod", compute=aci_compute(subnet_id=sub))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={"image": DEMO_IMAGE, "ports": {"web": {"container_port": 80}}},
                      extensions=[{"kind": "manualScaling", "replicas": 2}])
    exc, _ = registering(build)
    assert exc.field == "extensions.manualScaling" and "load_balancer_subnet_id" in str(exc)


def test_a_recipe_redis_in_an_existing_subnet_needs_a_private_endpoint_subnet():
    # The cache has no public endpoint; ACI-delegated subnets "can contain only container
    # groups", so its private endpoint needs a subnet of its own.
    sub = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aci"

    def build():
        env = rad.Environment("prod", compute=aci_compute(subnet_id=sub))
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app)
    exc, run = registering(build)
    assert exc.field == "compute.private_endpoint_subnet_id" and "RedisCache 'db'" in str(exc)
    assert "set compute.private_endpoint_subnet_id" in exc.fix
    assert not [r for r in run.resources if r.type.startswith("azure-native:redisenterprise")]


def test_public_network_access_is_checked():
    def build():
        env = rad.Environment("prod", compute=aci_compute())
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app, recipe={"parameters": {"public_network_access": "Open"}})
    exc, _ = registering(build)
    assert exc.field == "recipe.parameters.public_network_access"


@pytest.mark.parametrize("compute,field", [
    ({"resource_group": "rg.", "location": "westeurope"}, "compute.resource_group"),
    ({"resource_group": "rg", "location": "West Europe"}, "compute.location"),
    ({"resource_group": "rg", "location": "westeurope", "subnet_id": "subnet-1"}, "compute.subnet_id"),
    ({"resource_group": "rg", "location": "westeurope", "subnet_id": "/subscriptions/s/resourceGroups/n/providers/"
      "Microsoft.Network/virtualNetworks/v/subnets/a", "private_endpoint_subnet_id": "pe-1"},
     "compute.private_endpoint_subnet_id"),
    ({"resource_group": "rg", "location": "westeurope", "private_endpoint_subnet_id": "/subscriptions/s/resourceGroups/"
      "n/providers/Microsoft.Network/virtualNetworks/v/subnets/pe"}, "compute.private_endpoint_subnet_id"),
    ({"resource_group": "rg", "location": "westeurope", "dns_zone": "Not A Zone"}, "compute.dns_zone"),
    ({"resource_group": "rg", "location": "westeurope", "registries": {"myreg.azurecr.io": "myreg"}},
     "compute.registries.myreg.azurecr.io"),
])
def test_environment_settings_are_checked(compute, field):
    def build():
        rad.Environment("prod", compute={"kind": "aci", **compute})
    exc, run = registering(build)
    assert exc.field == field and "Environment 'prod'" in str(exc)
    assert run.resources == []


def test_names_that_cannot_become_aci_names():
    def build():
        env = rad.Environment("prod", compute=aci_compute())
        rad.Application("___", environment=env)
    exc, _ = registering(build)
    assert exc.field == "name" and "Application '___'" in str(exc)


def test_long_names_are_shortened_deterministically():
    from radius_components.platforms.azure.names import ACI_NAME, aci_name
    long = "a" * 80
    name = aci_name("shop", long)
    assert len(name) == 63 and ACI_NAME.match(name) and name == aci_name("shop", long)
    assert aci_name("shop", long) != aci_name("shop", long + "b")
    assert aci_name("My_App", "Web--Server") == "my-app-web-server"
