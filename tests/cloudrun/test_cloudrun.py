"""The cloudrun compute kind: what each feature registers, asserted on types, names, inputs."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pulumi
import pytest
import yaml

import radius_components as rad
from radius_components.platforms import Endpoint
from tests.helpers import mocks
from tests.helpers.cloudrun import (ACCOUNT, API, AUTH_STRING, CA_CERT, DEMO_IMAGE, LOOKUPS, NETWORK, PROJECT,
                                    PROJECT_NUMBER, PROVIDER, REDIS, REDIS_HOST, REGION, SECRET, SECRET_IAM,
                                    SECRET_VERSION, SERVICE, SERVICE_IAM, SUBNET, as_program, compute, demo, everything)
from tests.helpers.mocks import run_program

ROOT = Path(__file__).resolve().parents[2]
WEB = {"web": {"container_port": 8080}}
DEMO_HOST = f"dev-todo-demo-{PROJECT_NUMBER}.{REGION}.run.app"


def https_url(host: str) -> str:
    # The URL form (with or without ":443") is Endpoint's to decide, not this file's.
    return Endpoint(scheme="https", hostname=host, port=443).url


@pytest.fixture(scope="module")
def demo_run():
    return run_program(as_program(demo))


@pytest.fixture(scope="module")
def full_run():
    return run_program(as_program(everything))


def template_of(run, name):
    return run.one(SERVICE, f"{name}-service").plain()["template"]


def container_of(run, name):
    return template_of(run, name)["containers"][0]


def env_of(run, name):
    return {e["name"]: e for e in container_of(run, name).get("envs", [])}


# -- the demo of the issue ------------------------------------------------------------------


def test_demo_registers_exactly_the_expected_resources(demo_run):
    got = sorted((r.type, r.name) for r in demo_run.resources)
    secrets = ("CONNECTION_REDIS_CONNECTIONSTRING", "CONNECTION_REDIS_PASSWORD", "CONNECTION_REDIS_URL")
    assert got == sorted([
        ("radius:index:Environment", "dev"), ("radius:index:Application", "todo"),
        ("radius:index:RedisCache", "db"), ("radius:index:Container", "demo"), ("radius:internal:Expanded", "demo"),
        (PROVIDER, "dev-gcp"), (NETWORK, "dev-network"), (SUBNET, "dev-subnet"),
        (REDIS, "db-memorystore"),
        (ACCOUNT, "demo-identity"), (SERVICE, "demo-service"),
        *[(SECRET, f"demo-secret-{s}") for s in secrets],
        *[(SECRET_VERSION, f"demo-secret-{s}-version") for s in secrets],
        *[(SECRET_IAM, f"demo-secret-{s}-accessor") for s in secrets],
        # Memorystore's CA, mounted as a file (Cloud Run mounts files only from Secret Manager).
        (SECRET, "demo-redis-ca"), (SECRET_VERSION, "demo-redis-ca-version"), (SECRET_IAM, "demo-redis-ca-accessor"),
    ])


def test_every_gcp_resource_goes_through_the_environment_provider(demo_run):
    provider = demo_run.one(PROVIDER)
    assert provider.plain() == {"project": PROJECT, "region": REGION}
    for r in demo_run.resources:
        if r.type.startswith("gcp:"):
            assert r.provider.startswith(provider.urn), r.name


def test_children_are_parented_to_their_component(demo_run):
    parent_of = {r.name: r.parent.rsplit("::", 1)[-1] for r in demo_run.resources}
    for r in demo_run.resources:
        if r.name.startswith("demo-"):
            assert parent_of[r.name] == "demo", r.name
    assert parent_of["db-memorystore"] == "db"
    for name in ("dev-gcp", "dev-network", "dev-subnet"):
        assert parent_of[name] == "dev"


def test_demo_service_is_a_cloudrunv2_service_with_internal_ingress(demo_run):
    service = demo_run.one(SERVICE, "demo-service").plain()
    assert service["name"] == "dev-todo-demo"
    assert service["location"] == REGION and service["project"] == PROJECT
    assert service["ingress"] == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    assert service["deletionProtection"] is False
    assert not demo_run.of_type("gcp:cloudrun/service:Service"), "never the v1 cloudrun API"
    c = container_of(demo_run, "demo")
    assert c["image"] == DEMO_IMAGE and c["name"] == "demo"
    assert c["ports"] == {"containerPort": 3000, "name": "http1"}
    assert c["startupProbe"] == {"httpGet": {"path": "/healthz", "port": 3000}}, "readiness becomes the startup probe"


def test_demo_uses_direct_vpc_egress_on_the_created_network(demo_run):
    vpc = template_of(demo_run, "demo")["vpcAccess"]
    assert vpc == {"networkInterfaces": [{"network": "dev-network-ea2b", "subnetwork": "dev-subnet"}],
                   "egress": "PRIVATE_RANGES_ONLY"}
    network = demo_run.one(NETWORK).plain()
    assert network == {"name": "dev-network-ea2b", "project": PROJECT, "autoCreateSubnetworks": False}
    subnet = demo_run.one(SUBNET).plain()
    assert subnet["ipCidrRange"] == "10.8.0.0/24" and subnet["region"] == REGION
    assert subnet["privateIpGoogleAccess"] is True
    assert subnet["network"] == "dev-network_id"


def test_demo_container_gets_values_and_secret_manager_refs(demo_run):
    env = env_of(demo_run, "demo")
    assert list(env) == sorted(env)
    assert env["CONNECTION_REDIS_HOST"]["value"] == REDIS_HOST
    assert env["CONNECTION_REDIS_PORT"]["value"] == "6378"
    assert env["CONNECTION_REDIS_TLS"]["value"] == "true"
    assert env["CONNECTION_REDIS_USERNAME"]["value"] == ""
    for name in ("CONNECTION_REDIS_PASSWORD", "CONNECTION_REDIS_URL", "CONNECTION_REDIS_CONNECTIONSTRING"):
        assert "value" not in env[name]
        assert env[name]["valueSource"] == {"secretKeyRef": {"secret": f"dev-todo-demo-{name}-ea2b", "version": "1"}}


def test_one_secret_version_and_accessor_grant_per_secret_value(demo_run):
    url = f"rediss://:{AUTH_STRING}@{REDIS_HOST}:6378/0"
    expected = {"CONNECTION_REDIS_PASSWORD": AUTH_STRING, "CONNECTION_REDIS_URL": url,
                "CONNECTION_REDIS_CONNECTIONSTRING": f"{REDIS_HOST}:6378,abortConnect=False,ssl=True,password={AUTH_STRING}"}
    for name, value in expected.items():
        secret = demo_run.one(SECRET, f"demo-secret-{name}").plain()
        assert secret["secretId"] == f"dev-todo-demo-{name}-ea2b"  # the region tag (review R-GCP-3)
        assert secret["replication"] == {"auto": {}}
        version = demo_run.one(SECRET_VERSION, f"demo-secret-{name}-version")
        assert version.plain() == {"secret": f"demo-secret-{name}_id", "secretData": value}
        grant = demo_run.one(SECRET_IAM, f"demo-secret-{name}-accessor").plain()
        assert grant == {"project": PROJECT, "secretId": f"dev-todo-demo-{name}-ea2b", "role": "roles/secretmanager.secretAccessor",
                         "member": f"serviceAccount:dev-todo-demo-ea2b@{PROJECT}.iam.gserviceaccount.com"}


def test_the_service_waits_for_its_secret_grants(deps):
    # Cloud Run refuses a revision whose service account cannot read its secrets.
    run = run_program(as_program(demo))
    grants = {r.urn for r in run.of_type(SECRET_IAM)}
    assert len(grants) == 4, "three secret values and the CA file"
    assert grants <= set(deps["demo-service"])


def test_dedicated_service_account_per_container(demo_run):
    account = demo_run.one(ACCOUNT, "demo-identity").plain()
    assert account["accountId"] == "dev-todo-demo-ea2b" and account["project"] == PROJECT
    assert template_of(demo_run, "demo")["serviceAccount"] == f"dev-todo-demo-ea2b@{PROJECT}.iam.gserviceaccount.com"


def test_container_outputs(demo_run):
    outputs = demo_run.one("radius:index:Container", "demo").outputs
    assert outputs["workload_name"] == "dev-todo-demo"
    assert outputs["identity"] == f"dev-todo-demo-ea2b@{PROJECT}.iam.gserviceaccount.com"
    assert outputs["internal_hostname"] == DEMO_HOST
    assert outputs["internal_url"] == f"https://{DEMO_HOST}"
    assert outputs["internal_port"] == 443
    assert outputs["uri"] == "https://dev-todo-demo-x7y2kq3hza-ez.a.run.app"
    assert demo_run.one("radius:index:Application").outputs == {"environment_name": "dev", "project": PROJECT,
                                                                "region": REGION}
    env_outputs = demo_run.one("radius:index:Environment").outputs
    assert env_outputs["project_number"] == PROJECT_NUMBER and env_outputs["kind"] == "cloudrun"
    assert env_outputs["network"] == "dev-network-ea2b" and env_outputs["subnet"] == "dev-subnet"


def test_project_number_is_looked_up_once_through_the_provider():
    LOOKUPS.clear()
    run_program(as_program(demo))
    assert LOOKUPS == [{"projectId": PROJECT}]
    LOOKUPS.clear()
    run_program(as_program(lambda: demo(project_number="987654321098")))
    assert LOOKUPS == [], "a given project_number needs no lookup"


# -- Memorystore recipe ---------------------------------------------------------------------


def test_memorystore_has_auth_and_tls_in_the_environment_network(demo_run):
    redis = demo_run.one(REDIS, "db-memorystore")
    inputs = redis.plain()
    assert inputs["name"] == "dev-todo-db"
    assert inputs["authEnabled"] is True
    assert inputs["transitEncryptionMode"] == "SERVER_AUTHENTICATION"
    assert inputs["authorizedNetwork"] == "dev-network_id"
    assert inputs["region"] == REGION and inputs["project"] == PROJECT
    assert inputs["tier"] == "BASIC" and inputs["memorySizeGb"] == 1 and inputs["redisVersion"] == "REDIS_7_2"
    assert inputs["deletionProtection"] is True and redis.protect is True


def test_memorystore_outputs_and_recipe_outputs():
    def program():
        parts = demo()
        return pulumi.Output.all(parts["db"].recipe_outputs["server_ca_certs"], parts["db"].password)

    run = run_program(program)
    outputs = run.one("radius:index:RedisCache").outputs
    assert outputs["host"] == REDIS_HOST and outputs["port"] == 6378 and outputs["tls"] is True
    assert outputs["password"]["value"] == AUTH_STRING
    assert outputs["password"][mocks.SECRET_SIG] == mocks.SECRET_MARK


def test_recipe_outputs_carry_the_ca():
    seen = {}

    def program():
        parts = demo()
        parts["db"].recipe_outputs["server_ca_certs"].apply(lambda v: seen.setdefault("ca", v))
        parts["db"].recipe_outputs["instance_name"].apply(lambda v: seen.setdefault("name", v))

    run_program(program)
    assert seen == {"ca": [CA_CERT], "name": "dev-todo-db"}


def test_memorystore_on_an_existing_network_and_without_protection(full_run):
    redis = full_run.one(REDIS, "cache-memorystore")
    assert redis.plain()["authorizedNetwork"] == f"projects/{PROJECT}/global/networks/shared-vpc"
    assert redis.plain()["tier"] == "STANDARD_HA" and redis.plain()["memorySizeGb"] == 5
    assert redis.protect is False and redis.plain()["deletionProtection"] is False
    assert not full_run.of_type(NETWORK) and not full_run.of_type(SUBNET)


# -- the whole container surface --------------------------------------------------------------


def test_container_fields_map_to_the_template(full_run):
    c = container_of(full_run, "backend")
    assert c["image"] == "europe-west4-docker.pkg.dev/shop-prod-4711/apps/backend:1.2.3"
    assert c["commands"] == ["/app/server"] and c["args"] == ["--port", "8080"] and c["workingDir"] == "/app"
    assert c["ports"] == {"containerPort": 8080, "name": "http1"}, "the sidecar port is not declared"
    assert c["resources"]["limits"] == {"cpu": "2", "memory": "1Gi"}, "limits win over requests"
    assert c["resources"]["cpuIdle"] is True
    assert c["volumeMounts"] == [{"name": "scratch", "mountPath": "/scratch"},
                                 {"name": "radius-ca-cache", "mountPath": "/etc/radius/connections/cache"}]
    assert template_of(full_run, "backend")["volumes"] == [
        {"name": "scratch", "emptyDir": {"medium": "MEMORY"}},
        {"name": "radius-ca-cache", "secret": {"secret": "prod-shop-backend-CONNECTION_CACHE_TLSCACERT_FILE-ea2b",
                                               "items": [{"path": "ca.pem", "version": "1"}]}}]


def test_probes(full_run):
    c = container_of(full_run, "backend")
    assert c["startupProbe"] == {"httpGet": {"path": "/ready", "port": 8080,
                                             "httpHeaders": [{"name": "X-Probe", "value": "startup"}]},
                                 "initialDelaySeconds": 2, "periodSeconds": 5, "timeoutSeconds": 2, "failureThreshold": 4}
    assert c["livenessProbe"] == {"httpGet": {"path": "/live", "port": 8080}, "periodSeconds": 15}


def test_tcp_readiness_becomes_a_tcp_startup_probe():
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("todo", environment=env)
        rad.Container("api", application=app, container={
            "image": "img", "ports": {"grpc": {"container_port": 50051, "scheme": "grpc"}},
            "readiness_probe": {"kind": "tcp", "container_port": 50051}})

    run = run_program(program)
    c = container_of(run, "api")
    assert c["startupProbe"] == {"tcpSocket": {"port": 50051}}
    assert c["ports"] == {"containerPort": 50051, "name": "h2c"}, "gRPC needs HTTP/2 end to end"


def test_user_env_values_and_existing_secret_refs(full_run):
    env = env_of(full_run, "backend")
    assert env["LOG_LEVEL"]["value"] == "debug" and env["WORKERS"]["value"] == "4" and env["FEATURE_X"]["value"] == "true"
    assert env["API_TOKEN"]["valueSource"] == {"secretKeyRef": {"secret": "existing-api-token", "version": "latest"}}
    grant = full_run.one(SECRET_IAM, "backend-secret-ref-existing-api-token-accessor").plain()
    assert grant["secretId"] == "existing-api-token" and grant["role"] == "roles/secretmanager.secretAccessor"
    assert env["LEGACY_PASSWORD"]["valueSource"]["secretKeyRef"]["secret"] == "prod-shop-backend-LEGACY_PASSWORD-ea2b"
    assert not [n for n in env if n.startswith("CONNECTION_LEGACY_")], "disable_default_env_vars"


def test_manual_scaling_sets_min_and_max_instances(full_run):
    assert template_of(full_run, "backend")["scaling"] == {"minInstanceCount": 3, "maxInstanceCount": 3}
    assert "scaling" not in template_of(full_run, "frontend")


def test_fractional_cpu_gets_what_cloud_run_requires(full_run):
    t = template_of(full_run, "frontend")
    assert t["containers"][0]["resources"] == {"limits": {"cpu": "0.5", "memory": "512Mi"}, "cpuIdle": True}
    assert t["maxInstanceRequestConcurrency"] == 1
    assert t["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN1"


def test_kubernetes_metadata_maps_to_labels_and_annotations(full_run):
    service = full_run.one(SERVICE, "backend-service").plain()
    assert service["labels"] == {"managed-by": "radius-components", "radapp-application": "shop",
                                 "radapp-resource": "backend", "team": "payments"}
    assert service["annotations"] == {"owner": "payments@example.com"}
    assert service["template"]["labels"] == service["labels"]


# -- connections and IAM ----------------------------------------------------------------------


def test_container_to_container_connection(full_run):
    env = env_of(full_run, "frontend")
    host = f"prod-shop-backend-{PROJECT_NUMBER}.{REGION}.run.app"
    assert env["CONNECTION_BACKEND_HOSTNAME"]["value"] == host
    assert env["CONNECTION_BACKEND_PORT"]["value"] == "443"
    assert env["CONNECTION_BACKEND_SCHEME"]["value"] == "https"
    assert env["CONNECTION_BACKEND_URL"]["value"] == f"https://{host}"
    assert env["CONNECTION_PAYMENTS_HOSTNAME"]["value"] == "payments.example.com"
    # Internal ingress only admits requests that leave the caller through the VPC.
    assert template_of(full_run, "frontend")["vpcAccess"]["egress"] == "ALL_TRAFFIC"


def test_connection_grants_run_invoker_on_exactly_the_target_service(full_run):
    invoker = full_run.one(SERVICE_IAM, "frontend-backend-invoker").plain()
    assert invoker == {"project": PROJECT, "location": REGION, "name": "prod-shop-backend", "role": "roles/run.invoker",
                       "member": f"serviceAccount:prod-shop-frontend-ea2b@{PROJECT}.iam.gserviceaccount.com"}
    extra = full_run.one(SERVICE_IAM, "frontend-backend-roles-run-viewer").plain()
    assert extra["name"] == "prod-shop-backend" and extra["role"] == "roles/run.viewer"
    assert extra["member"] == invoker["member"]


def test_nothing_else_may_invoke_unless_the_user_says_so(full_run, demo_run):
    # backend: only frontend's account; frontend: allUsers because runtimes.cloudrun says so.
    by_target = {}
    for r in full_run.of_type(SERVICE_IAM):
        if r.plain()["role"] == "roles/run.invoker":
            by_target.setdefault(r.plain()["name"], []).append(r.plain()["member"])
    assert by_target == {"prod-shop-backend": [f"serviceAccount:prod-shop-frontend-ea2b@{PROJECT}.iam.gserviceaccount.com"],
                         "prod-shop-frontend": ["allUsers"]}
    assert not demo_run.of_type(SERVICE_IAM)
    for r in demo_run.of_type(SERVICE):
        assert "invokerIamDisabled" not in r.plain()


def test_no_grant_on_a_project_or_a_wildcard(full_run, demo_run):
    for run in (full_run, demo_run):
        for r in run.resources:
            assert not r.type.startswith(("gcp:projects/iAM", "gcp:organizations/iAM", "gcp:folder/iAM")), r.type
            inputs = r.plain()
            if r.type in (SERVICE_IAM, SECRET_IAM):
                assert (inputs.get("name") or inputs.get("secretId")) not in (None, "", "*")
                assert "*" not in json.dumps(inputs)


# -- environment settings -----------------------------------------------------------------


def test_enable_apis_registers_the_services_and_children_wait_for_them(deps):
    run = run_program(as_program(everything))
    apis = sorted(r.plain()["service"] for r in run.of_type(API))
    assert apis == ["compute.googleapis.com", "iam.googleapis.com", "redis.googleapis.com", "run.googleapis.com",
                    "secretmanager.googleapis.com"]
    for r in run.of_type(API):
        assert r.plain()["disableOnDestroy"] is False
    api_urns = {r.urn for r in run.of_type(API)}
    for name in ("backend-service", "backend-identity", "cache-memorystore"):
        assert api_urns <= set(deps[name]), name
    assert not run_program(as_program(demo)).of_type(API), "off by default"


def test_lookup_api_is_enabled_when_the_number_is_looked_up():
    run = run_program(as_program(lambda: demo(enable_apis=True)))
    assert "cloudresourcemanager.googleapis.com" in [r.plain()["service"] for r in run.of_type(API)]


# -- punch-through --------------------------------------------------------------------------


def test_runtime_template_fields_are_merged_over_the_generated_ones(full_run):
    t = template_of(full_run, "backend")
    assert t["executionEnvironment"] == "EXECUTION_ENVIRONMENT_GEN2"
    assert t["sessionAffinity"] is True and t["maxInstanceRequestConcurrency"] == 40 and t["timeout"] == "120s"
    main, sidecar = t["containers"]
    assert main["name"] == "backend" and main["resources"]["startupCpuBoost"] is True
    assert main["resources"]["limits"] == {"cpu": "2", "memory": "1Gi"}, "merged by name, not replaced"
    assert sidecar == {"name": "otel", "image": "otel/opentelemetry-collector:0.103.0", "dependsOns": []}
    assert full_run.one(SERVICE, "backend-service").plain()["launchStage"] == "GA"
    assert full_run.one(SERVICE, "frontend-service").plain()["ingress"] == "INGRESS_TRAFFIC_ALL"


def test_gpu_through_punch_through():
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("ml", environment=env)
        rad.Container("infer", application=app, container={
            "image": "img", "ports": {"http": {"container_port": 8080}},
            "resources": {"limits": {"cpu": "4", "memory": "16Gi"}}},
            runtimes={"cloudrun": {"nodeSelector": {"accelerator": "nvidia-l4"}, "gpuZonalRedundancyDisabled": True,
                                   "containers": [{"name": "infer", "resources": {"limits": {"nvidia.com/gpu": "1"}}}]}})

    t = template_of(run_program(program), "infer")
    assert t["nodeSelector"] == {"accelerator": "nvidia-l4"} and t["gpuZonalRedundancyDisabled"] is True
    assert t["containers"][0]["resources"]["limits"] == {"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "1"}


def test_runtimes_of_other_kinds_are_ignored(full_run):
    assert "general" not in json.dumps([r.inputs for r in full_run.resources])


def test_a_none_in_the_punch_through_removes_a_generated_field():
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("todo", environment=env)
        rad.Container("web", application=app, container={"image": "img", "ports": {"http": {"container_port": 80}}},
                      runtimes={"cloudrun": {"vpc_access": None}})

    assert "vpcAccess" not in template_of(run_program(program), "web")


# -- names ----------------------------------------------------------------------------------


def test_long_names_are_shortened_deterministically_and_stay_valid():
    app_name, container_name = "a-very-long-application-name-for-billing", "the-invoice-renderer-worker-service"

    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application(app_name, environment=env)
        rad.Container(container_name, application=app, container={"image": "img", "ports": WEB, "env": {"TOKEN": {
            "value_from": {"secret_ref": {"source": "tok", "key": "latest"}}}}})

    first, second = run_program(program), run_program(program)
    name = first.one(SERVICE).plain()["name"]
    assert len(name) <= 49 and name == second.one(SERVICE).plain()["name"]
    assert name.startswith("dev-a-very-long-application-name") and name[-8:].isalnum()
    account = first.one(ACCOUNT).plain()["accountId"]
    assert 6 <= len(account) <= 30 and account == second.one(ACCOUNT).plain()["accountId"]


def test_mixed_case_names_become_valid_lowercase_names():
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("Shop", environment=env)
        rad.Container("Web_Frontend", application=app, container={"image": "img", "ports": WEB})

    run = run_program(program)
    assert run.one(SERVICE).plain()["name"] == "dev-shop-web-frontend"
    assert run.one(ACCOUNT).plain()["accountId"] == "dev-shop-web-frontend-ea2b"
    assert container_of(run, "Web_Frontend")["name"] == "web-frontend"


# -- the demo program and its stack ---------------------------------------------------------


def test_the_demo_program_deploys_to_cloud_run_with_only_the_stack_config():
    stack = yaml.safe_load((ROOT / "Pulumi.cloudrun.yaml").read_text())["config"]
    config = {}
    for key, value in stack.items():
        name = key.split(":", 1)[1]
        config[f"project:{name}"] = json.dumps(value) if isinstance(value, (dict, list)) else str(value)

    def program():
        pulumi.runtime.set_all_config(config)
        try:
            runpy.run_path(str(ROOT / "examples" / "demo" / "__main__.py"), run_name="__main__")
        finally:
            pulumi.runtime.set_all_config({})

    run = run_program(program)
    service = run.one(SERVICE, "demo-service").plain()
    # The demo's gateway is one `/` route: the service's own URL, public, invocable by allUsers.
    assert service["ingress"] == "INGRESS_TRAFFIC_ALL"
    assert run.one("gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "demo-gateway-invoker").plain()["member"] == "allUsers"
    envs = {e["name"]: e for e in service["template"]["containers"][0]["envs"]}
    assert set(envs) >= {"CONNECTION_REDIS_URL", "CONNECTION_REDIS_TLSCACERT", "LOG_LEVEL"}
    # The demo's Node.js client trusts Memorystore's CA through the file the connection mounts.
    mounts = {m["mountPath"]: m["name"] for m in service["template"]["containers"][0]["volumeMounts"]}
    assert envs["NODE_EXTRA_CA_CERTS"]["value"] == f"{next(iter(mounts))}/ca.pem"
    assert mounts == {"/etc/radius/connections/redis": "radius-ca-redis"}
    assert run.one(REDIS, "db-memorystore").protect is False
    assert not [r for r in run.resources if r.type.startswith("kubernetes:")]


def test_the_cloudrun_example_program_runs():
    config = {"project:gcpProject": PROJECT, "project:gcpRegion": REGION, "project:protectStateful": "false"}

    def program():
        pulumi.runtime.set_all_config(config)
        try:
            runpy.run_path(str(ROOT / "examples" / "cloudrun" / "__main__.py"), run_name="__main__")
        finally:
            pulumi.runtime.set_all_config({})

    run = run_program(program)
    web, api = run.one(SERVICE, "web-service").plain(), run.one(SERVICE, "api-service").plain()
    assert web["ingress"] == "INGRESS_TRAFFIC_ALL" and api["ingress"] == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    assert run.one(SERVICE_IAM, "web-invoker-0").plain()["member"] == "allUsers"
    assert run.one(SERVICE_IAM, "web-api-invoker").plain()["name"] == "gcp-shop-api"
    env = {e["name"]: e for e in api["template"]["containers"][0]["envs"]}
    assert env["CONNECTION_CACHE_TLSCACERT"]["value"] == CA_CERT, "the CA comes with the connection"
    assert {"name": "radius-ca-cache", "mountPath": "/etc/radius/connections/cache"} in \
        api["template"]["containers"][0]["volumeMounts"]
    assert api["template"]["scaling"] == {"minInstanceCount": 2, "maxInstanceCount": 2}
