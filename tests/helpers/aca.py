"""Provider-computed outputs for the aca tests and the programs they run.

The mocks echo inputs as state; these add what Azure computes (IDs, principal IDs, the
environment's default domain, Key Vault secret URIs), so Outputs resolve as they would in
a real deployment. The Azure mocks the aci tests install (Redis keys, identities, ...)
apply here too.
"""

from __future__ import annotations

import pulumi

import radius_components as rad
from tests.helpers.aci import SUBSCRIPTION  # importing it installs the Azure mocks aca shares with aci
from tests.helpers.mocks import MOCK_CALLS, MOCK_OUTPUTS
from tests.helpers.programs import issue_demo

DEFAULT_DOMAIN = "wonderfulsky-1a2b3c4d.westeurope.azurecontainerapps.io"
VERIFICATION_ID = "5E2B8C0F9A1D4E7B6C3A0F2E8D1B4C7A9E6F3D0C2B5A8E1F4D7C0B3A6E9F2D5C"
EXISTING_DOMAIN = "existing-9z8y7x.northeurope.azurecontainerapps.io"
EXISTING_LOCATION = "northeurope"
VAULT_URI = "https://shopvault.vault.azure.net/"
SECRET_VERSION = "0123456789abcdef0123456789abcdef"
DEMO_IMAGE = "ghcr.io/radius-project/samples/demo:latest"
USER_PASSWORD = "user-supplied-password-42"
RG = f"/subscriptions/{SUBSCRIPTION}/resourceGroups"
ACR_ID = f"{RG}/rg-shared/providers/Microsoft.ContainerRegistry/registries/shopreg"
VAULT_ID = f"{RG}/rg-shared/providers/Microsoft.KeyVault/vaults/shopvault"
ENV_ID = f"{RG}/rg-platform/providers/Microsoft.App/managedEnvironments/shared-env"
SUBNET_ID = f"{RG}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aca"
PE_SUBNET_ID = f"{RG}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/private-endpoints"


def _app_outputs(args):
    return {"latestRevisionName": f"{args.inputs.get('containerAppName')}--rev1",
            "identity": {"type": "UserAssigned",
                         "userAssignedIdentities": {i: {} for i in args.inputs["identity"]["userAssignedIdentities"]}}}


def install() -> None:
    MOCK_OUTPUTS["azure-native:app:ManagedEnvironment"] = lambda a: {
        "defaultDomain": DEFAULT_DOMAIN, "staticIp": "10.0.0.4",
        "customDomainConfiguration": {"customDomainVerificationId": VERIFICATION_ID}}
    MOCK_OUTPUTS["azure-native:app:ContainerApp"] = _app_outputs
    # A Key Vault secret is read back with its `name` and URIs.
    MOCK_OUTPUTS["azure-native:keyvault:Secret"] = lambda a: {"properties": {
        "secretUri": f"{VAULT_URI}secrets/{a.inputs['secretName']}",
        "secretUriWithVersion": f"{VAULT_URI}secrets/{a.inputs['secretName']}/{SECRET_VERSION}"},
        "name": a.inputs["secretName"]}
    MOCK_CALLS["azure-native:app:getManagedEnvironment"] = lambda a: {"defaultDomain": EXISTING_DOMAIN,
                                                                     "name": a.args["environmentName"],
                                                                     "location": EXISTING_LOCATION}
    MOCK_CALLS["azure-native:keyvault:getVault"] = lambda a: {"properties": {"vaultUri": VAULT_URI}}


install()


def aca_compute(**extra):
    return rad.AcaCompute(resource_group="rg-prod", location="westeurope", **extra)


def demo(**compute_extra):
    """The foundation demo with only the Environment changed."""
    return issue_demo(aca_compute(**compute_extra))


def everything(**compute_extra):
    """Every feature the aca kind maps, in one application."""
    compute = dict(registries={"shopreg.azurecr.io": ACR_ID}, key_vault_id=VAULT_ID, subnet_id=SUBNET_ID,
                   private_endpoint_subnet_id=PE_SUBNET_ID, zone_redundant=True, log_retention_days=90,
                   workload_profiles=[{"name": "big", "workload_profile_type": "E8", "minimum_count": 1,
                                       "maximum_count": 3}])
    compute.update(compute_extra)
    env = rad.Environment("prod", compute=aca_compute(**compute), protect_stateful=False)
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
                    "LEGACY_PASSWORD": {"value_from": {"secret_ref": {"source": manual, "key": "password"}}},
                    "API_TOKEN": {"valueFrom": {"secretRef": {"source": "api-token", "key": "latest"}}}},
            "ports": {"api": {"containerPort": 8080, "scheme": "http"}},
            "readinessProbe": {"kind": "httpGet", "containerPort": 8080, "path": "/ready", "initialDelaySeconds": 2,
                               "periodSeconds": 5, "timeoutSeconds": 2, "failureThreshold": 4,
                               "headers": {"X-Probe": "1"}},
            "livenessProbe": {"kind": "tcp", "containerPort": 8080, "periodSeconds": 15},
            "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "2Gi"}},
            "volumes": {"scratch": {"kind": "ephemeral", "managedStore": "disk", "mountPath": "/scratch"}},
        },
        connections={"cache": {"source": db, "iam": {"roles": ["Reader", "b24988ac-6180-42a0-ab88-20f7382dd24c"]}},
                     "legacy": {"source": manual}},
        extensions=[{"kind": "manualScaling", "replicas": 3},
                    {"kind": "kubernetesMetadata", "labels": {"team": "payments"}},
                    {"kind": "daprSidecar", "appId": "backend", "appPort": 8080, "protocol": "http"}],
        runtimes={"aca": {"template": {"scale": {"rules": [{"name": "http", "http": {"metadata": {
                                                    "concurrentRequests": "50"}}}]},
                                       "termination_grace_period_seconds": 60},
                          "configuration": {"ingress": {"stickySessions": {"affinity": "sticky"}}},
                          "tags": {"cost-center": "42"}},
                  "kubernetes": {"pod": {"nodeSelector": {"pool": "general"}}}},
    )
    frontend = rad.Container(
        "frontend", application=app,
        container={"image": "ghcr.io/example/frontend:1.0", "ports": {"http": {"container_port": 3000}},
                   "livenessProbe": {"kind": "httpGet", "container_port": 3000, "path": "/live"},
                   "resources": {"limits": {"cpu": "2", "memory": "8Gi"}}},
        connections={"backend": {"source": backend, "iam": {"roles": ["Reader"]}},
                     "payments": {"source": "https://payments.example.com:8443"},
                     "quiet": {"source": db, "disable_default_env_vars": True}},
        runtimes={"aca": {"workload_profile_name": "big",
                          "configuration": {"ingress": {"external": True}},
                          "template": {"containers": [{"name": "shop-frontend", "env": [{"name": "EXTRA",
                                                                                         "value": "1"}]}]}}},
    )
    queue = rad.Container(
        "queue", application=app,
        container={"image": "docker.io/library/rabbitmq:4", "ports": {"amqp": {"container_port": 5672,
                                                                               "scheme": "tcp", "port": 5672}}},
    )
    worker = rad.Container(
        "worker", application=app,
        container={"image": "ghcr.io/example/worker:1.0", "command": ["python", "run.py"]},
        connections={"queue": {"source": queue}},
    )
    return {"env": env, "app": app, "db": db, "legacy": manual, "backend": backend, "frontend": frontend,
            "queue": queue, "worker": worker}


def as_program(build, *args, **kwargs):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program
