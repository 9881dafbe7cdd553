"""Cloud Run rules a real `pulumi up` / `pulumi destroy` would trip on, one regression test each.

- the Memorystore CA reaches the container (env value + mounted file), or its TLS client fails;
- names are scoped by environment, so a dev and a prod stack in one project do not collide;
- CPU and memory limits are given together (the API fills in the missing one: perpetual diff);
- the created network and subnet are retained on delete (Direct VPC egress holds their addresses).
"""

from __future__ import annotations

import pytest

import radius_components as rad
from tests.helpers import mocks
from tests.helpers.cloudrun import (ACCOUNT, CA_CERT, NETWORK, PROJECT, PROJECT_NUMBER, REDIS, SECRET, SECRET_IAM,
                                    SECRET_VERSION, SERVICE, SUBNET, as_program, compute, demo)
from tests.helpers.mocks import run_program

WEB = {"web": {"container_port": 8080}}


def container_of(run, name):
    return run.one(SERVICE, f"{name}-service").plain()["template"]["containers"][0]


def env_of(run, name):
    return {e["name"]: e for e in container_of(run, name).get("envs", [])}


# -- 12: the Memorystore CA through the connection contract ------------------------------------


def test_the_memorystore_ca_is_a_plain_connection_value():
    # Memorystore's TLS certificate is signed by a per-instance CA the client must trust.
    run = run_program(as_program(demo))
    env = env_of(run, "demo")
    assert env["CONNECTION_REDIS_TLSCACERT"] == {"name": "CONNECTION_REDIS_TLSCACERT", "value": CA_CERT}
    assert run.one("radius:index:RedisCache", "db").outputs["tls_ca_cert"] == CA_CERT


def test_the_memorystore_ca_is_mounted_as_a_file_from_its_own_secret():
    run = run_program(as_program(demo))
    secret = run.one(SECRET, "demo-redis-ca").plain()
    assert secret["secretId"] == "dev-todo-demo-CONNECTION_REDIS_TLSCACERT_FILE-ea2b"
    assert run.one(SECRET_VERSION, "demo-redis-ca-version").plain()["secretData"] == CA_CERT
    grant = run.one(SECRET_IAM, "demo-redis-ca-accessor").plain()
    assert grant["secretId"] == secret["secretId"] and grant["role"] == "roles/secretmanager.secretAccessor"
    assert grant["member"] == f"serviceAccount:dev-todo-demo-ea2b@{PROJECT}.iam.gserviceaccount.com"
    template = run.one(SERVICE, "demo-service").plain()["template"]
    assert template["volumes"] == [{"name": "radius-ca-redis", "secret": {
        "secret": secret["secretId"], "items": [{"path": "ca.pem", "version": "1"}]}}]
    assert template["containers"][0]["volumeMounts"] == [{"name": "radius-ca-redis",
                                                          "mountPath": "/etc/radius/connections/redis"}]


def test_a_ca_rotation_lists_both_cas_in_one_bundle():
    # During a rotation Memorystore lists the old and the new CA; a client must trust both.
    second = "-----BEGIN CERTIFICATE-----\nMIIDnew\n-----END CERTIFICATE-----"
    original = mocks.MOCK_OUTPUTS[REDIS]
    mocks.MOCK_OUTPUTS[REDIS] = lambda a: {**original(a), "serverCaCerts": [{"cert": CA_CERT}, {"cert": second}]}
    try:
        run = run_program(as_program(demo))
    finally:
        mocks.MOCK_OUTPUTS[REDIS] = original
    assert env_of(run, "demo")["CONNECTION_REDIS_TLSCACERT"]["value"] == CA_CERT + second + "\n"


def test_no_ca_property_or_file_when_the_connection_injects_nothing_or_the_user_overrides_it():
    def program():
        parts = demo()
        rad.Container("quiet", application=parts["app"], container={"image": "img", "ports": WEB},
                      connections={"redis": {"source": parts["db"], "disable_default_env_vars": True}})
        rad.Container("own", application=parts["app"], container={
            "image": "img", "ports": WEB, "env": {"CONNECTION_REDIS_TLSCACERT": {"value": "my bundle"}}},
            connections={"redis": {"source": parts["db"]}})

    run = run_program(program)
    assert "CONNECTION_REDIS_TLSCACERT" not in env_of(run, "quiet")
    assert env_of(run, "own")["CONNECTION_REDIS_TLSCACERT"]["value"] == "my bundle"
    assert [r.name for r in run.of_type(SECRET) if r.name.endswith("-ca")] == ["demo-redis-ca"]
    assert "volumes" not in run.one(SERVICE, "quiet-service").plain()["template"]


def test_a_redis_with_a_publicly_trusted_or_no_certificate_has_no_ca_property():
    # A manual Redis (and the Azure Managed Redis / ElastiCache recipes, whose certificates
    # chain to public roots) add no TLSCACERT: the contract only carries a CA clients lack.
    def program():
        parts = demo()
        legacy = rad.RedisCache("legacy", application=parts["app"], resource_provisioning="manual",
                                host="redis.example.internal", port=6380, password="pw")
        rad.Container("other", application=parts["app"], container={"image": "img", "ports": WEB},
                      connections={"legacy": {"source": legacy}})

    run = run_program(program)
    assert not [n for n in env_of(run, "other") if n.endswith("TLSCACERT")]
    assert "volumes" not in run.one(SERVICE, "other-service").plain()["template"]


# -- 13: names are scoped by environment ---------------------------------------------------------


def test_two_environments_in_one_project_get_distinct_physical_names():
    def program():
        for env_name in ("dev", "prod"):
            env = rad.Environment(env_name, compute=compute(project_number=PROJECT_NUMBER))
            app = rad.Application(f"todo-{env_name}", environment=env)
            # Resource names differ too: Pulumi URNs do not include the application (one stack).
            db = rad.RedisCache(f"db-{env_name}", application=app)
            rad.Container(f"demo-{env_name}", application=app,
                          container={"image": "img", "ports": WEB}, connections={"redis": {"source": db}})

    run = run_program(program)
    services = sorted(r.plain()["name"] for r in run.of_type(SERVICE))
    assert services == ["dev-todo-dev-demo-dev", "prod-todo-prod-demo-prod"]
    assert sorted(r.plain()["accountId"] for r in run.of_type(ACCOUNT)) == [f"{s}-ea2b" for s in services]
    assert sorted(r.plain()["name"] for r in run.of_type(REDIS)) == ["dev-todo-dev-db-dev", "prod-todo-prod-db-prod"]
    secret_ids = [r.plain()["secretId"] for r in run.of_type(SECRET)]
    assert len(secret_ids) == len(set(secret_ids))


def test_the_same_application_in_two_environments_does_not_collide():
    # The real case: one program, `pulumi up` per stack; each stack's names start with its environment.
    def names(env_name):
        def program():
            env = rad.Environment(env_name, compute=compute(project_number=PROJECT_NUMBER))
            app = rad.Application("todo", environment=env)
            db = rad.RedisCache("db", application=app)
            rad.Container("demo", application=app, container={"image": "img", "ports": WEB},
                          connections={"redis": {"source": db}})
        run = run_program(program)
        return ({r.plain()["name"] for r in run.of_type(SERVICE)} | {r.plain()["accountId"] for r in run.of_type(ACCOUNT)},
                {r.plain()["name"] for r in run.of_type(REDIS)}, {r.plain()["secretId"] for r in run.of_type(SECRET)})

    for dev, prod in zip(names("dev"), names("prod")):
        assert dev and prod and not dev & prod


@pytest.mark.parametrize("env_name", ["development-environment-for-the-payments-team", "e"])
def test_scoped_names_stay_within_each_limit(env_name):
    app_name, resource = "a-very-long-application-name-for-billing", "the-invoice-renderer"

    def program():
        env = rad.Environment(env_name, compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application(app_name, environment=env)
        db = rad.RedisCache(f"{resource}-cache", application=app)
        rad.Container(resource, application=app, container={"image": "img", "ports": WEB},
                      connections={"redis": {"source": db}})

    first, second = run_program(program), run_program(program)
    service = first.one(SERVICE).plain()["name"]
    account = first.one(ACCOUNT).plain()["accountId"]
    instance = first.one(REDIS).plain()["name"]
    assert len(service) <= 49 and 6 <= len(account) <= 30 and len(instance) <= 40
    assert all(n[0].isalpha() and n[-1].isalnum() for n in (service, account, instance))
    assert all(len(r.plain()["secretId"]) <= 255 for r in first.of_type(SECRET))
    # Deterministic: the same program gives the same names.
    assert (service, account, instance) == (second.one(SERVICE).plain()["name"], second.one(ACCOUNT).plain()["accountId"],
                                            second.one(REDIS).plain()["name"])


def test_memorystore_instance_id_parameter_keeps_an_existing_instance():
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app, recipe={"parameters": {"instance_id": "todo-db"}})

    assert run_program(program).one(REDIS).plain()["name"] == "todo-db"


# -- 15: CPU and memory limits go together ---------------------------------------------------------


@pytest.mark.parametrize("resources, limits", [
    ({"limits": {"memory": "1Gi"}}, {"cpu": "1", "memory": "1Gi"}),
    ({"requests": {"memory": "2Gi"}}, {"cpu": "1", "memory": "2Gi"}),
    ({"limits": {"cpu": "2"}}, {"cpu": "2", "memory": "512Mi"}),
    ({"limits": {"cpu": "1", "memory": "768Mi"}}, {"cpu": "1", "memory": "768Mi"}),
])
def test_one_limit_alone_is_completed_with_cloud_run_defaults(resources, limits):
    # The API fills in the limit left out (1 CPU / 512Mi) and the provider then diffs it away on
    # every `pulumi up` (hashicorp/terraform-provider-google#20399): always emit both.
    def program():
        env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={"image": "img", "ports": WEB, "resources": resources})

    assert container_of(run_program(program), "demo")["resources"] == {"limits": limits, "cpuIdle": True}


# -- 16: the created network survives a destroy that Direct VPC egress would block ---------------------


@pytest.fixture
def retained(monkeypatch):
    recorded: dict[str, bool] = {}
    original = mocks.RecordingMonitor.RegisterResource

    def register(self, request):
        recorded[request.name] = request.retainOnDelete
        return original(self, request)

    monkeypatch.setattr(mocks.RecordingMonitor, "RegisterResource", register)
    return recorded


def test_created_network_and_subnet_are_retained_on_delete_by_default(retained):
    run = run_program(as_program(demo))
    assert run.one(NETWORK, "dev-network") and run.one(SUBNET, "dev-subnet")
    assert retained["dev-network"] is True and retained["dev-subnet"] is True
    assert not retained["demo-service"] and not retained["db-memorystore"], "only the network is kept"


def test_retain_network_false_lets_destroy_delete_them(retained):
    run_program(as_program(lambda: demo(retain_network=False)))
    assert retained["dev-network"] is False and retained["dev-subnet"] is False
