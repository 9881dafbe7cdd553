"""Bad input on the aca kind: a clear error naming component, field, value and fix, and
nothing of the failing component registered.

Every message reads "<Component 'name'>: <field.path> = <repr>: <problem>. Fix: <fix>"
(radius_components.errors). Several problems in one component come back together, as a
RadiusValidationErrors whose `.errors` lists each one.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

import pulumi
import pytest

import radius_components as rad
from radius_components.errors import RadiusValidationErrors
from radius_components.model.compute import AcaWorkloadProfile
from radius_components.platforms.azure.names import CONTAINER_APP_NAME, container_app_name
from tests.helpers.aca import (ACR_ID, DEMO_IMAGE, ENV_ID, PE_SUBNET_ID, SECRET_VERSION, SUBNET_ID, VAULT_ID,
                               aca_compute)  # importing it installs the mocks
from tests.helpers.mocks import run_program

CONTAINER_APP = "azure-native:app:ContainerApp"
DEMO = "Container 'demo'"
ENV = "Environment 'prod'"
UNSET = object()  # "do not compare the value"


# ---------------------------------------------------------------------------------------
# Helpers


def compute_of(**extra: Any) -> dict[str, Any]:
    """aca_compute()'s settings as the mapping a user writes, any of them overridable."""
    return {"kind": "aca", **aca_compute().model_dump(include={"resource_group", "location"}), **extra}


def registering(build: Callable[[], Any]):
    """Run `build` under mocks; return the RadiusValidationError it raised and the run."""
    caught: list[rad.RadiusValidationError] = []

    def program():
        try:
            build()
        except rad.RadiusValidationError as exc:
            caught.append(exc)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert caught, "expected a RadiusValidationError"
    return caught[0], run


def all_errors(exc: rad.RadiusValidationError) -> list[rad.RadiusValidationError]:
    return list(getattr(exc, "errors", [exc]))


def fields(exc: rad.RadiusValidationError) -> list[str]:
    return [e.field for e in all_errors(exc)]


def assert_error(exc: rad.RadiusValidationError, component: str, field: str, value: Any, problem: str,
                 fix: Optional[str] = None, only: bool = True) -> rad.RadiusValidationError:
    """The error (or one of the aggregated errors) for `field` reads as documented."""
    if only:
        assert fields(exc) == [field], str(exc)
    found = [e for e in all_errors(exc) if e.field == field]
    assert found, f"no error for {field}: {exc}"
    err = found[0]
    text = str(err)
    assert text.startswith(f"{component}: {field} = "), text
    if value is not UNSET:
        assert err.value == value, text
        assert f"{field} = {repr(value)[:100]}" in text, text
    assert problem in err.problem, text
    assert f": {err.problem}. Fix: " in text, text
    assert err.fix and err.fix.strip(), f"no fix in {text}"
    if fix is not None:
        assert fix in err.fix, text
    # The aggregated message shows every error, the first one's parts on the exception.
    assert text in str(exc)
    return err


def env_error(name: str = "prod", **compute: Any) -> rad.RadiusValidationError:
    """A bad Environment: the error, and nothing at all registered."""
    exc, run = registering(lambda: rad.Environment(name, compute=compute_of(**compute)))
    assert run.resources == [], [(r.type, r.name) for r in run.resources]
    return exc


def container_error(spec: Optional[dict[str, Any]] = None, compute: Optional[dict[str, Any]] = None,
                    targets: Optional[Callable[[Any], dict[str, Any]]] = None,
                    **kwargs: Any) -> rad.RadiusValidationError:
    """A bad Container 'demo': the error; what comes before it registered, nothing of demo.

    `targets(app)` makes other components first (connection targets); its result is passed
    as `connections`.
    """
    def build():
        env = rad.Environment("prod", compute=compute_of(**(compute or {})))
        app = rad.Application("todo", environment=env)
        if targets is not None:
            kwargs["connections"] = targets(app)
        rad.Container("demo", application=app, container={"image": DEMO_IMAGE, **(spec or {})}, **kwargs)

    exc, run = registering(build)
    run.one("radius:index:Environment", "prod")
    run.one("radius:index:Application", "todo")
    leaked = [(r.type, r.name) for r in run.resources
              if r.name.startswith("demo") or (r.type == "radius:index:Container" and r.name == "demo")]
    assert leaked == [], f"a bad container registered {leaked}"
    assert not [r for r in run.of_type(CONTAINER_APP) if r.plain().get("containerAppName", "").startswith("todo-demo")]
    return exc


def deploy(spec: Optional[dict[str, Any]] = None, compute: Optional[dict[str, Any]] = None,
           app_name: str = "todo", name: str = "demo", **kwargs: Any):
    """A good program: the container app it registered (inputs, secrets unwrapped)."""
    def program():
        env = rad.Environment("prod", compute=compute_of(**(compute or {})))
        app = rad.Application(app_name, environment=env)
        rad.Container(name, application=app, container={"image": DEMO_IMAGE, **(spec or {})}, **kwargs)

    run = run_program(program)
    return run.one(CONTAINER_APP, f"{name}-app").plain()


BIG = {"name": "big", "workload_profile_type": "E8", "minimum_count": 1, "maximum_count": 3}
SMALL = {"name": "small", "workload_profile_type": "D4", "minimum_count": 0, "maximum_count": 2}
WEB = {"web": {"container_port": 3000}}


# ---------------------------------------------------------------------------------------
# Environment


ENVIRONMENT_CASES = [
    ("bad-resource-group", {"resource_group": "rg."}, "compute.resource_group", "rg.",
     "not a valid resource group name or ID", "resourceGroups"),
    ("bad-resource-group-id", {"resource_group": "/subscriptions/s/resourceGroups/rg prod!"},
     "compute.resource_group", "/subscriptions/s/resourceGroups/rg prod!", "not a valid resource group name or ID",
     None),
    ("bad-location", {"location": "West Europe"}, "compute.location", "West Europe", "not an Azure region name",
     "'westeurope'"),
    ("environment-id-not-arm", {"environment_id": "shared-env"}, "compute.environment_id", "shared-env",
     "not a Container Apps managed environment ARM ID", "Microsoft.App/managedEnvironments"),
    ("environment-id-wrong-provider", {"environment_id": SUBNET_ID}, "compute.environment_id", SUBNET_ID,
     "not a Container Apps managed environment ARM ID", None),
    ("environment-id-with-subnet", {"environment_id": ENV_ID, "subnet_id": SUBNET_ID}, "compute.subnet_id", SUBNET_ID,
     "compute.environment_id names an existing one", "remove compute.subnet_id, or remove compute.environment_id"),
    ("environment-id-with-profiles", {"environment_id": ENV_ID, "workload_profiles": [BIG]},
     "compute.workload_profiles", [AcaWorkloadProfile(**BIG)], "compute.environment_id names an existing one",
     "remove compute.workload_profiles"),
    ("subnet-not-arm", {"subnet_id": "subnet-1"}, "compute.subnet_id", "subnet-1", "not a subnet ARM ID",
     "virtualNetworks/<vnet>/subnets/<name>"),
    ("subnet-is-a-vnet", {"subnet_id": SUBNET_ID.rsplit("/subnets/", 1)[0]}, "compute.subnet_id",
     SUBNET_ID.rsplit("/subnets/", 1)[0], "not a subnet ARM ID", None),
    ("pe-subnet-not-arm", {"subnet_id": SUBNET_ID, "private_endpoint_subnet_id": "pe"},
     "compute.private_endpoint_subnet_id", "pe", "not a subnet ARM ID", "virtualNetworks/<vnet>/subnets/<name>"),
    ("pe-subnet-without-network", {"private_endpoint_subnet_id": PE_SUBNET_ID}, "compute.private_endpoint_subnet_id",
     PE_SUBNET_ID, "runs on no virtual network, so its apps could not reach a private endpoint", "set compute.subnet_id"),
    ("pe-subnet-is-the-delegated-one", {"subnet_id": SUBNET_ID, "private_endpoint_subnet_id": SUBNET_ID},
     "compute.private_endpoint_subnet_id", SUBNET_ID, "delegated to Microsoft.App/environments", "another subnet"),
    ("zone-redundant-without-subnet", {"zone_redundant": True}, "compute.zone_redundant", True,
     "needs a virtual network", "set compute.subnet_id"),
    ("duplicate-profile-names", {"workload_profiles": [BIG, {**SMALL, "name": "big"}]},
     "compute.workload_profiles[1].name", "big", "used twice", "its own name"),
    ("profile-named-consumption", {"workload_profiles": [{**SMALL, "name": "Consumption"}]},
     "compute.workload_profiles[0].name", "Consumption", "the Consumption profile is always there", "its own name"),
    ("profile-of-type-consumption", {"workload_profiles": [{"name": "cheap", "workload_profile_type": "Consumption"}]},
     "compute.workload_profiles[0].workload_profile_type", "Consumption", "always has its Consumption profile",
     "only Dedicated profiles"),
    ("dedicated-without-counts", {"workload_profiles": [{"name": "big", "workload_profile_type": "E8"}]},
     "compute.workload_profiles[0]", "big", "needs minimum_count and maximum_count", "set both"),
    ("dedicated-without-maximum", {"workload_profiles": [{"name": "big", "workload_profile_type": "E8",
                                                          "minimum_count": 1}]},
     "compute.workload_profiles[0]", "big", "needs minimum_count and maximum_count", "set both"),
    ("minimum-above-maximum", {"workload_profiles": [{**BIG, "minimum_count": 5, "maximum_count": 2}]},
     "compute.workload_profiles[0].minimum_count", 5, "more than maximum_count (2)", "no larger than maximum_count"),
    ("bad-key-vault", {"key_vault_id": "shopvault"}, "compute.key_vault_id", "shopvault", "not a Key Vault ARM ID",
     "Microsoft.KeyVault/vaults"),
    ("key-vault-is-a-registry", {"key_vault_id": ACR_ID}, "compute.key_vault_id", ACR_ID, "not a Key Vault ARM ID",
     None),
    ("registry-server-not-a-host", {"registries": {"shopreg": ACR_ID}}, "compute.registries.shopreg", "shopreg",
     "not a registry login server", "myreg.azurecr.io"),
    ("registry-server-with-path", {"registries": {"shopreg.azurecr.io/team": ACR_ID}},
     "compute.registries.shopreg.azurecr.io/team", "shopreg.azurecr.io/team", "not a registry login server", None),
    ("registry-id-not-arm", {"registries": {"shopreg.azurecr.io": "shopreg"}}, "compute.registries.shopreg.azurecr.io",
     "shopreg", "not a container registry ARM ID", "Microsoft.ContainerRegistry/registries"),
]


@pytest.mark.parametrize("compute, field, value, problem, fix", [c[1:] for c in ENVIRONMENT_CASES],
                         ids=[c[0] for c in ENVIRONMENT_CASES])
def test_bad_environment_settings_register_nothing(compute, field, value, problem, fix):
    assert_error(env_error(**compute), ENV, field, value, problem, fix)


def test_environment_id_with_zone_redundant_is_a_conflict():
    exc = env_error(environment_id=ENV_ID, zone_redundant=True)
    assert_error(exc, ENV, "compute.zone_redundant", True, "compute.environment_id names an existing one",
                 "remove compute.zone_redundant", only=False)


def test_environment_id_with_zone_redundant_reports_only_the_conflict():
    exc = env_error(environment_id=ENV_ID, zone_redundant=True)
    assert fields(exc) == ["compute.zone_redundant"], str(exc)
    assert "set compute.subnet_id" not in str(exc)


def test_a_profile_named_and_typed_consumption_reports_both():
    exc = env_error(workload_profiles=[{"name": "Consumption", "workload_profile_type": "Consumption"}])
    assert fields(exc) == ["compute.workload_profiles[0].name", "compute.workload_profiles[0].workload_profile_type"]
    assert_error(exc, ENV, "compute.workload_profiles[0].name", "Consumption", "always there", only=False)


def test_every_environment_problem_is_reported_at_once():
    exc = env_error(resource_group="rg.", location="West Europe", subnet_id="subnet-1", key_vault_id="kv",
                    workload_profiles=[{**BIG, "minimum_count": 4}])
    assert isinstance(exc, RadiusValidationErrors)
    assert fields(exc) == ["compute.resource_group", "compute.location", "compute.subnet_id",
                           "compute.workload_profiles[0].minimum_count", "compute.key_vault_id"]
    assert str(exc).count(f"{ENV}: ") == 5 and str(exc).count("Fix: ") == 5
    assert (exc.field, exc.value) == ("compute.resource_group", "rg.")


def test_a_recipe_redis_in_an_internal_environment_needs_a_private_endpoint_subnet():
    # The environment's own subnet is delegated to Microsoft.App/environments, so the cache's
    # private endpoint needs another; it is named before the cache registers anything.
    def build():
        env = rad.Environment("prod", compute=compute_of(subnet_id=SUBNET_ID))
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app)
    exc, run = registering(build)
    assert_error(exc, "RedisCache 'db'", "compute.private_endpoint_subnet_id", UNSET,
                 "needs a subnet that is not delegated", "set compute.private_endpoint_subnet_id")
    assert not [r for r in run.resources if r.type.startswith("azure-native:redisenterprise")]


def test_a_private_cache_without_a_network_is_refused():
    def build():
        env = rad.Environment("prod", compute=compute_of())
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app, recipe={"parameters": {"public_network_access": "Disabled"}})
    exc, run = registering(build)
    assert_error(exc, "RedisCache 'db'", "recipe.parameters.public_network_access", "Disabled",
                 "no virtual network", "compute.private_endpoint_subnet_id")
    assert not [r for r in run.resources if r.type.startswith("azure-native:redisenterprise")]


def test_environment_name_without_letters_or_digits():
    assert_error(env_error(name="___"), "Environment '___'", "name", "___", "has no letter or digit", "lowercase")


def test_application_name_without_letters_or_digits():
    def build():
        env = rad.Environment("prod", compute=compute_of())
        rad.Application("___", environment=env)

    exc, run = registering(build)
    assert_error(exc, "Application '___'", "name", "___", "has no letter or digit", "lowercase")
    assert not run.of_type("radius:index:Application")


def test_container_name_without_letters_or_digits():
    def build():
        env = rad.Environment("prod", compute=compute_of())
        app = rad.Application("todo", environment=env)
        rad.Container("__", application=app, container={"image": DEMO_IMAGE})

    exc, run = registering(build)
    assert_error(exc, "Container '__'", "name", "__", "no letter or digit", "lowercase")
    assert not run.of_type("radius:index:Container") and not run.of_type(CONTAINER_APP)


# ---------------------------------------------------------------------------------------
# Container: what Container Apps cannot run


def probe(kind: str = "httpGet", **extra: Any) -> dict[str, Any]:
    if kind == "exec":
        return {"kind": "exec", "command": ["true"], **extra}
    return {"kind": kind, "container_port": 3000, **extra}


CONTAINER_CASES = [
    ("restart-on-failure", {}, {"restart_policy": "OnFailure"}, "restart_policy", "OnFailure",
     "restarts them whenever they exit", "restart_policy='Always'"),
    ("restart-never", {}, {"restart_policy": "Never"}, "restart_policy", "Never",
     "restarts them whenever they exit", "restart_policy='Always'"),
    ("pull-never", {"image_pull_policy": "Never"}, {}, "container.image_pull_policy", "Never",
     "pulls the image for every new replica", "'IfNotPresent'"),
    ("working-dir", {"working_dir": "/app"}, {}, "container.working_dir", "/app", "no working directory setting",
     "WORKDIR"),
    ("two-ports", {"ports": {"web": {"container_port": 80}, "admin": {"container_port": 81}}}, {}, "container.ports",
     ["web", "admin"], "one ingress port", "additionalPortMappings"),
    ("udp-port", {"ports": {"dns": {"container_port": 53, "protocol": "UDP"}}}, {}, "container.ports.dns.protocol",
     "UDP", "HTTP and TCP only", "protocol TCP"),
    ("https-scheme", {"ports": {"web": {"container_port": 8443, "scheme": "https"}}}, {}, "container.ports.web.scheme",
     "https", "terminates TLS", "scheme 'http'"),
    ("tcp-container-port-80", {"ports": {"db": {"container_port": 80, "scheme": "tcp"}}}, {}, "container.ports.db.port",
     80, "cannot expose port 80 or 443", "another number"),
    ("tcp-exposed-443", {"ports": {"db": {"container_port": 5432, "scheme": "tcp", "port": 443}}}, {},
     "container.ports.db.port", 443, "cannot expose port 80 or 443", "another number"),
    ("http-port-8080", {"ports": {"web": {"container_port": 3000, "port": 8080}}}, {}, "container.ports.web.port", 8080,
     "always listens on 443", "scheme 'tcp'"),
    ("grpc-port-9090", {"ports": {"rpc": {"container_port": 50051, "scheme": "grpc", "port": 9090}}}, {},
     "container.ports.rpc.port", 9090, "always listens on 443", "remove port"),
    ("readiness-exec", {"readiness_probe": probe("exec")}, {}, "container.readiness_probe.kind", "exec",
     "httpGet or tcp only", "httpGet or tcp probe"),
    ("liveness-exec", {"liveness_probe": probe("exec")}, {}, "container.liveness_probe.kind", "exec",
     "httpGet or tcp only", "httpGet or tcp probe"),
    ("memory-volume", {"volumes": {"m": {"kind": "ephemeral", "managed_store": "memory", "mount_path": "/m"}}}, {},
     "container.volumes.m.managed_store", "memory", "no memory-backed volume", "managed_store='disk'"),
    ("replicas-0", {}, {"extensions": [{"kind": "manualScaling", "replicas": 0}]}, "extensions.manualScaling.replicas",
     0, "between 1 and 1000 replicas", "minReplicas': 0"),
    ("replicas-1001", {}, {"extensions": [{"kind": "manualScaling", "replicas": 1001}]},
     "extensions.manualScaling.replicas", 1001, "between 1 and 1000 replicas", "give 1 to 1000 replicas"),
    *[(f"dapr-protocol-{p}", {}, {"extensions": [{"kind": "daprSidecar", "app_id": "demo", "protocol": p}]},
       "extensions.daprSidecar.protocol", p, "http or grpc", "['http', 'grpc']") for p in ("https", "grpcs", "h2c")],
    ("dapr-config", {}, {"extensions": [{"kind": "daprSidecar", "app_id": "demo", "config": "tracing"}]},
     "extensions.daprSidecar.config", "tracing", "no per-app Dapr configuration", "configuration.dapr"),
    ("unknown-runtime-key", {}, {"runtimes": {"aca": {"sku": "Premium"}}}, "runtimes.aca.sku", "Premium",
     "not something runtimes.aca can set", "'workloadProfileName'"),
    ("unknown-runtime-key-snake", {}, {"runtimes": {"aca": {"min_replicas": 0}}}, "runtimes.aca.minReplicas", 0,
     "not something runtimes.aca can set", "'template'"),
    ("unknown-template-field", {}, {"runtimes": {"aca": {"template": {"minReplicas": 0}}}},
     "runtimes.aca.template.minReplicas", 0, "not a field of a container app's template", "'scale'"),
    ("unknown-configuration-field", {}, {"runtimes": {"aca": {"configuration": {"ingres": {"external": True}}}}},
     "runtimes.aca.configuration.ingres", {"external": True}, "not a field of a container app's configuration",
     "'ingress'"),
    ("template-not-a-mapping", {}, {"runtimes": {"aca": {"template": ["scale"]}}}, "runtimes.aca.template", ["scale"],
     "must be a mapping", "as a dict"),
    ("undeclared-workload-profile", {}, {"runtimes": {"aca": {"workload_profile_name": "gpu"}}},
     "runtimes.aca.workload_profile_name", "gpu", "no workload profile of that name", "compute.workload_profiles"),
    ("non-string-tags", {}, {"runtimes": {"aca": {"tags": {"cost-center": 42}}}}, "runtimes.aca.tags",
     {"cost-center": 42}, "mapping of strings", "{'name': 'value', ...}"),
    ("tags-not-a-mapping", {}, {"runtimes": {"aca": {"tags": ["team"]}}}, "runtimes.aca.tags", ["team"],
     "mapping of strings", None),
    ("label-with-slash", {}, {"extensions": [{"kind": "kubernetesMetadata", "labels": {"app.kubernetes.io/name": "x"}}]},
     "extensions.kubernetesMetadata.labels.app.kubernetes.io/name", "app.kubernetes.io/name",
     "becomes an Azure tag on the aca kind", "without those characters"),
    ("iam-roles-on-url", {}, {"connections": {"pay": {"source": "https://pay.example.com", "iam": {"roles": ["Reader"]}}}},
     "connections.pay.iam.roles", ["Reader"], "no Azure resource to scope a role assignment to", "Azure resources"),
    ("secret-ref-without-key-vault", {"env": {"TOKEN": {"value_from": {"secret_ref": {"source": "api-token",
                                                                                        "key": "latest"}}}}}, {},
     "container.env.TOKEN.value_from.secret_ref.source", "api-token", "the environment has no Key Vault",
     "compute.key_vault_id"),
]


@pytest.mark.parametrize("spec, kwargs, field, value, problem, fix", [c[1:] for c in CONTAINER_CASES],
                         ids=[c[0] for c in CONTAINER_CASES])
def test_what_container_apps_cannot_run_registers_nothing(spec, kwargs, field, value, problem, fix):
    assert_error(container_error(spec, **kwargs), DEMO, field, value, problem, fix)


def test_a_runtime_tag_name_azure_forbids():
    exc = container_error(runtimes={"aca": {"tags": {"team/owner": "payments"}}})
    assert_error(exc, DEMO, "runtimes.aca.tags.team/owner", "team/owner", "tag names cannot contain",
                 "without those characters")


def test_a_tag_value_too_long_for_an_azure_tag():
    # A kubernetesMetadata label is at most 63 characters on every kind (Kubernetes' own rule,
    # radius_components.model.kubernetes_metadata); runtimes.aca.tags take Azure's 256.
    exc = container_error(runtimes={"aca": {"tags": {"team": "x" * 300}}})
    assert_error(exc, DEMO, "runtimes.aca.tags.team", UNSET, "256")


PROBE_MAXIMA = [("initial_delay_seconds", 61, 60), ("period_seconds", 241, 240), ("timeout_seconds", 241, 240),
                ("failure_threshold", 11, 10)]


@pytest.mark.parametrize("which", ["readiness_probe", "liveness_probe"])
@pytest.mark.parametrize("attr, value, maximum", PROBE_MAXIMA, ids=[p[0] for p in PROBE_MAXIMA])
def test_probe_settings_beyond_the_maxima(which, attr, value, maximum):
    exc = container_error({"ports": WEB, which: probe(**{attr: value})})
    assert_error(exc, DEMO, f"container.{which}.{attr}", value, f"at most {maximum} for a probe's {attr}",
                 f"give at most {maximum}")


def test_probe_settings_exactly_at_the_maxima_pass():
    limits = {attr: maximum for attr, _, maximum in PROBE_MAXIMA}
    app = deploy({"ports": WEB, "readiness_probe": probe(**limits), "liveness_probe": probe("tcp", **limits)})
    probes = app["template"]["containers"][0]["probes"]
    assert [p["type"] for p in probes] == ["Readiness", "Liveness"]
    for p in probes:
        assert (p["initialDelaySeconds"], p["periodSeconds"], p["timeoutSeconds"], p["failureThreshold"]) == \
            (60, 240, 240, 10)


# ---------------------------------------------------------------------------------------
# CPU and memory


SIZING_CASES = [
    ("cpu-0.3", {"limits": {"cpu": "0.3"}}, "container.resources.limits.cpu", "0.3",
     "0.3 vCPU with 0.6Gi memory is not an allocation the Consumption workload profile offers",
     "cpu '0.25' with memory '0.5Gi'"),
    ("cpu-300m-requested", {"requests": {"cpu": "300m"}}, "container.resources.requests.cpu", "300m",
     "0.3 vCPU with 0.6Gi memory", "cpu '0.25' with memory '0.5Gi'"),
    ("cpu-1-memory-1Gi", {"limits": {"cpu": "1", "memory": "1Gi"}}, "container.resources.limits.memory", "1Gi",
     "1 vCPU with 1Gi memory is not an allocation", "cpu '1' with memory '2Gi'"),
    ("cpu-5-memory-10Gi", {"limits": {"cpu": "5", "memory": "10Gi"}}, "container.resources.limits.cpu", "5",
     "5 vCPU with 10Gi memory is not an allocation", "cpu '4' with memory '8Gi'"),
    ("cpu-0.1", {"limits": {"cpu": "100m", "memory": "0.2Gi"}}, "container.resources.limits.cpu", "100m",
     "0.1 vCPU with 0.2Gi memory", "cpu '0.25' with memory '0.5Gi'"),
    ("memory-only-0.75Gi", {"limits": {"memory": "0.75Gi"}}, "container.resources.limits.memory", "0.75Gi",
     "0.375 vCPU with 0.75Gi memory", "cpu '0.5' with memory '1Gi'"),
    ("limits-win-over-requests", {"requests": {"cpu": "0.5", "memory": "1Gi"}, "limits": {"cpu": "0.5", "memory": "3Gi"}},
     "container.resources.limits.memory", "3Gi", "0.5 vCPU with 3Gi memory", "cpu '0.5' with memory '1Gi'"),
    ("cpu-zero", {"limits": {"cpu": "0"}}, "container.resources.limits.cpu", "0", "must be more than zero",
     "positive quantity"),
]


@pytest.mark.parametrize("resources, field, value, problem, fix", [c[1:] for c in SIZING_CASES],
                         ids=[c[0] for c in SIZING_CASES])
def test_cpu_and_memory_the_consumption_profile_rejects(resources, field, value, problem, fix):
    err = assert_error(container_error({"resources": resources}), DEMO, field, value, problem, fix)
    assert "Dedicated workload profile" in err.fix or "positive" in err.fix


@pytest.mark.parametrize("resources, cpu, memory", [
    ({"limits": {"cpu": "0.25", "memory": "0.5Gi"}}, 0.25, "0.5Gi"),
    ({"limits": {"cpu": "250m", "memory": "512Mi"}}, 0.25, "0.5Gi"),
    ({"limits": {"cpu": "4", "memory": "8Gi"}}, 4, "8Gi"),
    ({"requests": {"cpu": "1.25", "memory": "2.5Gi"}}, 1.25, "2.5Gi"),
    ({"limits": {"cpu": "2"}}, 2, "4Gi"),
    ({"limits": {"memory": "3Gi"}}, 1.5, "3Gi"),
    ({}, 0.5, "1Gi"),
], ids=["0.25-0.5Gi", "250m-512Mi", "4-8Gi", "requests-1.25-2.5Gi", "cpu-only-2", "memory-only-3Gi", "nothing"])
def test_cpu_and_memory_pairs_the_consumption_profile_offers(resources, cpu, memory):
    app = deploy({"resources": resources})
    assert app["template"]["containers"][0]["resources"] == {"cpu": cpu, "memory": memory}
    assert app["workloadProfileName"] == "Consumption"


@pytest.mark.parametrize("resources, field, value, problem, fix", [
    ({"limits": {"cpu": "2", "memory": "80Gi"}}, "container.resources.limits.memory", "80Gi",
     "more than a E8 workload profile node has (64Gi)", "give at most 64Gi"),
    ({"limits": {"cpu": "16", "memory": "32Gi"}}, "container.resources.limits.cpu", "16",
     "more than a E8 workload profile node has (8 vCPU)", "give at most 8 vCPU"),
], ids=["memory-80Gi", "cpu-16"])
def test_a_dedicated_profile_overflow(resources, field, value, problem, fix):
    exc = container_error({"resources": resources}, compute={"workload_profiles": [BIG]},
                          runtimes={"aca": {"workload_profile_name": "big"}})
    assert_error(exc, DEMO, field, value, problem, fix)


def test_a_dedicated_profile_memory_only_overflow_names_the_memory_limit():
    exc = container_error({"resources": {"limits": {"memory": "80Gi"}}}, compute={"workload_profiles": [BIG]},
                          runtimes={"aca": {"workload_profile_name": "big"}})
    assert_error(exc, DEMO, "container.resources.limits.memory", "80Gi",
                 "more than a E8 workload profile node has (64Gi)", "give at most 64Gi")


def test_a_dedicated_profile_takes_any_allocation_within_its_node():
    app = deploy({"resources": {"limits": {"cpu": "0.3", "memory": "48Gi"}}}, compute={"workload_profiles": [BIG]},
                 runtimes={"aca": {"workload_profile_name": "big"}})
    assert app["template"]["containers"][0]["resources"] == {"cpu": 0.3, "memory": "48Gi"}
    assert app["workloadProfileName"] == "big"


# ---------------------------------------------------------------------------------------
# Connections and secrets


def test_unknown_role_name():
    def targets(app):
        api = rad.Container("api", application=app, container={"image": DEMO_IMAGE, "ports": WEB})
        return {"api": {"source": api, "iam": {"roles": ["Reader", "Container Wizard"]}}}

    exc = container_error(targets=targets)
    assert_error(exc, DEMO, "connections.api.iam.roles[1]", "Container Wizard",
                 "not a known Azure built-in role name, GUID or role definition ID", "'Reader'")


@pytest.mark.parametrize("source, key, field, value, problem, fix", [
    ("api_token", "latest", "container.env.TOKEN.value_from.secret_ref.source", "api_token",
     "not a Key Vault secret name", "letters, digits and '-'"),
    ("a" * 128, "latest", "container.env.TOKEN.value_from.secret_ref.source", "a" * 128,
     "not a Key Vault secret name", "1-127"),
    ("api-token", "password", "container.env.TOKEN.value_from.secret_ref.key", "password",
     "the key is the Key Vault secret's version", "'latest'"),
    ("api-token", SECRET_VERSION[:-1], "container.env.TOKEN.value_from.secret_ref.key", SECRET_VERSION[:-1],
     "the key is the Key Vault secret's version", "32-character version ID"),
], ids=["underscore-name", "name-too-long", "key-not-a-version", "version-too-short"])
def test_key_vault_secret_references(source, key, field, value, problem, fix):
    exc = container_error({"env": {"TOKEN": {"value_from": {"secret_ref": {"source": source, "key": key}}}}},
                          compute={"key_vault_id": VAULT_ID})
    assert_error(exc, DEMO, field, value, problem, fix)


@pytest.mark.parametrize("key", ["latest", SECRET_VERSION])
def test_key_vault_secret_references_that_resolve(key):
    app = deploy({"env": {"TOKEN": {"value_from": {"secret_ref": {"source": "api-token", "key": key}}}}},
                 compute={"key_vault_id": VAULT_ID})
    [secret] = app["configuration"]["secrets"]
    suffix = "" if key == "latest" else f"/{key}"
    assert secret["keyVaultUrl"] == f"https://shopvault.vault.azure.net/secrets/api-token{suffix}"


# ---------------------------------------------------------------------------------------
# Several problems at once


def test_every_problem_in_one_container_is_reported_at_once():
    exc = container_error(
        {"working_dir": "/app", "image_pull_policy": "Never", "resources": {"limits": {"cpu": "0.3"}},
         "ports": WEB, "liveness_probe": probe("exec", period_seconds=300)},
        restart_policy="OnFailure",
        runtimes={"aca": {"sku": "Premium"}},
        extensions=[{"kind": "kubernetesMetadata", "labels": {"a/b": "c"}},
                    {"kind": "daprSidecar", "app_id": "demo", "protocol": "h2c"}],
        connections={"pay": {"source": "https://pay.example.com", "iam": {"roles": ["Reader"]}}})
    assert isinstance(exc, RadiusValidationErrors)
    expected = ["runtimes.aca.sku", "restart_policy", "container.image_pull_policy", "container.working_dir",
                "container.liveness_probe.kind", "container.liveness_probe.period_seconds",
                "extensions.daprSidecar.protocol", "container.resources.limits.cpu",
                "extensions.kubernetesMetadata.labels.a/b", "connections.pay.iam.roles"]
    assert fields(exc) == expected
    lines = str(exc).splitlines()
    assert len(lines) == len(expected)
    assert all(line.startswith(f"{DEMO}: ") and ". Fix: " in line for line in lines), lines
    # The exception itself carries the first problem's parts.
    assert (exc.component, exc.field, exc.value) == (DEMO, "runtimes.aca.sku", "Premium")
    assert all(isinstance(e, rad.RadiusValidationError) and not isinstance(e, RadiusValidationErrors)
               for e in exc.errors)


def test_a_single_problem_is_a_plain_error():
    exc = container_error({"working_dir": "/app"})
    assert type(exc) is rad.RadiusValidationError
    assert all_errors(exc) == [exc]


# ---------------------------------------------------------------------------------------
# Boundaries that pass


@pytest.mark.parametrize("replicas", [1, 1000])
def test_replicas_at_the_bounds_pass(replicas):
    app = deploy(extensions=[{"kind": "manualScaling", "replicas": replicas}])
    assert app["template"]["scale"] == {"minReplicas": replicas, "maxReplicas": replicas}


@pytest.mark.parametrize("protocol", ["http", "grpc"])
def test_dapr_protocols_container_apps_accepts(protocol):
    app = deploy(extensions=[{"kind": "daprSidecar", "app_id": "demo", "protocol": protocol}])
    assert app["configuration"]["dapr"]["appProtocol"] == protocol


@pytest.mark.parametrize("ports, transport", [
    ({"web": {"container_port": 8080, "port": 443}}, "http"),
    ({"db": {"container_port": 5432, "scheme": "tcp", "port": 5432}}, "tcp"),
    ({"rpc": {"container_port": 50051, "scheme": "grpc"}}, "http2"),
], ids=["http-on-443", "tcp-on-5432", "grpc"])
def test_ports_container_apps_accepts(ports, transport):
    app = deploy({"ports": ports})
    assert app["configuration"]["ingress"]["transport"] == transport


def test_an_app_name_starting_with_a_digit_gets_a_letter_in_front():
    app = deploy(app_name="2048", name="web")
    assert app["containerAppName"] == "a2048-web"
    assert CONTAINER_APP_NAME.match(app["containerAppName"])


def test_a_long_name_is_shortened_with_a_hash_deterministically():
    app_name, name = "customer-relationship-management", "notification-dispatcher-worker"
    first = deploy(app_name=app_name, name=name)["containerAppName"]
    second = deploy(app_name=app_name, name=name)["containerAppName"]
    assert first == second == container_app_name(app_name, name)
    assert len(first) == 32 and CONTAINER_APP_NAME.match(first), first
    assert re.fullmatch(r"customer-relationship-m-[0-9a-f]{8}", first), first
    # Two long names that share the kept prefix stay distinct.
    other = container_app_name(app_name, name + "s")
    assert other != first and other[:23] == first[:23]


# ---------------------------------------------------------------------------------------
# What a real deployment refuses (found in review against the Container Apps docs)


def test_multiple_revision_mode_with_secrets_is_rejected():
    def redis(app):
        cache = rad.RedisCache("cache", application=app, resource_provisioning="manual", host="redis.internal",
                               port=6380, username="app", password="s3cret")
        return {"cache": {"source": cache}}

    exc = container_error(targets=redis, runtimes={"aca": {"configuration": {"activeRevisionsMode": "Multiple"}}})
    assert_error(exc, DEMO, "runtimes.aca.configuration.active_revisions_mode", "Multiple",
                 "refuses to remove a secret that an active revision still uses", "leave the revision mode Single")


def test_multiple_revision_mode_without_secrets_is_allowed():
    app = deploy(runtimes={"aca": {"configuration": {"activeRevisionsMode": "Multiple"}}})
    assert app["configuration"]["activeRevisionsMode"] == "Multiple"


def test_external_tcp_ingress_needs_a_custom_virtual_network():
    spec = {"ports": {"amqp": {"container_port": 5672, "scheme": "tcp"}}}
    external = {"aca": {"configuration": {"ingress": {"external": True}}}}
    exc = container_error(spec, runtimes=external)
    assert_error(exc, DEMO, "runtimes.aca.configuration.ingress.external", True, "custom virtual network",
                 "set compute.subnet_id")
    app = deploy(spec, compute={"subnet_id": SUBNET_ID}, runtimes=external)
    assert app["configuration"]["ingress"]["external"] is True


@pytest.mark.parametrize("resources, field, value, rounded", [
    ({"limits": {"cpu": "333m", "memory": "16Gi"}}, "container.resources.limits.cpu", "333m", "0.33"),
    ({"limits": {"cpu": "1", "memory": "1000Mi"}}, "container.resources.limits.memory", "1000Mi", "0.98Gi"),
], ids=["cpu", "memory"])
def test_dedicated_allocations_take_at_most_two_decimals(resources, field, value, rounded):
    exc = container_error({"resources": resources}, compute={"workload_profiles": [BIG]},
                          runtimes={"aca": {"workload_profile_name": "big"}})
    assert_error(exc, DEMO, field, value, "at most two decimals", f"round it, e.g. to {rounded}")


def test_existing_environment_without_a_profile_name_stays_within_two_vcpu():
    exc = container_error({"resources": {"limits": {"cpu": "4", "memory": "8Gi"}}},
                          compute={"environment_id": ENV_ID})
    assert_error(exc, DEMO, "container.resources.limits.cpu", "4", "stays within 2 vCPU", "cpu '2' with memory '4Gi'")
    app = deploy({"resources": {"limits": {"cpu": "2", "memory": "4Gi"}}}, compute={"environment_id": ENV_ID})
    assert "workloadProfileName" not in app
    # Naming the Consumption profile says the environment has workload profiles: up to 4 vCPU.
    app = deploy({"resources": {"limits": {"cpu": "4", "memory": "8Gi"}}}, compute={"environment_id": ENV_ID},
                 runtimes={"aca": {"workload_profile_name": "Consumption"}})
    assert app["workloadProfileName"] == "Consumption" and app["template"]["containers"][0]["resources"]["cpu"] == 4


def test_a_derived_side_on_a_dedicated_profile_is_rounded_up_to_two_decimals():
    # 0.99Gi alone: half as many vCPU is 0.495, which the API would refuse; 0.5 is sent.
    app = deploy({"resources": {"limits": {"memory": "0.99Gi"}}}, compute={"workload_profiles": [BIG]},
                 runtimes={"aca": {"workload_profile_name": "big"}})
    assert app["template"]["containers"][0]["resources"] == {"cpu": 0.5, "memory": "0.99Gi"}
