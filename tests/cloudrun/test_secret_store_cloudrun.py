"""SecretStore on the cloudrun kind: a Secret Manager secret per key, pinned versions, and a
secretAccessor grant on exactly the secrets a service references."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.cloudrun import PROJECT, SECRET, SECRET_IAM, SECRET_VERSION, SERVICE, compute
from tests.helpers.cloudrun_schema import as_api_service, parse_service
from tests.helpers.mocks import GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG, run_program, secret_leaks

API_KEY = "api-key-from-the-program-7f3e"
EXISTING = "projects/payments-shared/secrets/stripe"


def as_program(build, *args: Any, **kwargs: Any):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


def ref(store: Any, key: str) -> dict[str, Any]:
    return {"value_from": {"secret_ref": {"source": store, "key": key}}}


def store_app() -> dict[str, Any]:
    env = rad.Environment("prod", compute=compute())
    app = rad.Application("todo", environment=env)
    keys = rad.SecretStore("keys", application=app, data={
        "api-key": {"value": pulumi.Output.secret(API_KEY)}, "session": {"generate": {}}, "unused": {"generate": {}}})
    shared = rad.SecretStore("shared", application=app, resource=EXISTING, data={"stripe": {"value_from": {"version": "7"}}})
    web = rad.Container("web", application=app, container={
        "image": "nginx:1.27", "ports": {"web": {"container_port": 8080}},
        "env": {"API_KEY": ref(keys, "api-key"), "SESSION": ref(keys, "session"), "STRIPE": ref(shared, "stripe")}})
    worker = rad.Container("worker", application=app, container={
        "image": "nginx:1.27", "ports": {"web": {"container_port": 8080}}, "env": {"API_KEY": ref(keys, "api-key")}})
    return {"keys": keys, "web": web, "worker": worker}


@pytest.fixture(scope="module")
def store_run():
    return run_program(as_program(store_app))


def envs(run, name: str) -> dict[str, Any]:
    return {e["name"]: e for e in run.one(SERVICE, f"{name}-service").plain()["template"]["containers"][0]["envs"]}


def test_a_secret_and_a_version_per_key(store_run):
    ids = sorted(s.plain()["secretId"] for s in store_run.of_type(SECRET) if s.name.startswith("keys-"))
    assert ids == ["prod-todo-keys_api-key-ea2b", "prod-todo-keys_session-ea2b", "prod-todo-keys_unused-ea2b"]
    version = store_run.one(SECRET_VERSION, "keys-api-key-version")
    assert version.inputs["secretData"].get(SECRET_SIG) == SECRET_MARK and version.plain()["secretData"] == API_KEY


def test_services_pin_the_version(store_run):
    web = envs(store_run, "web")
    assert web["API_KEY"]["valueSource"]["secretKeyRef"] == {"secret": "prod-todo-keys_api-key-ea2b", "version": "1"}
    assert web["STRIPE"]["valueSource"]["secretKeyRef"] == {"secret": EXISTING, "version": "7"}


def test_each_service_account_reads_exactly_what_it_references(store_run):
    def granted(container: str) -> set[str]:
        return {g.plain()["secretId"] for g in store_run.of_type(SECRET_IAM) if g.name.startswith(f"{container}-")
                and g.plain()["member"].startswith(f"serviceAccount:prod-todo-{container}-ea2b@")}

    assert granted("web") == {"prod-todo-keys_api-key-ea2b", "prod-todo-keys_session-ea2b", EXISTING}
    assert granted("worker") == {"prod-todo-keys_api-key-ea2b"}
    for grant in store_run.of_type(SECRET_IAM):
        assert grant.plain()["role"] == "roles/secretmanager.secretAccessor"
    # The existing store's secret carries its own project; created ones are in the environment's.
    assert store_run.one(SECRET_IAM, "web-store-keys-api-key-accessor").plain()["project"] == PROJECT


def test_the_service_waits_for_its_grants(deps):
    # Cloud Run checks at deploy time that the service account can read each secret, so the
    # service must be created after the accessor grant.
    run = run_program(as_program(store_app))
    grant = run.one(SECRET_IAM, "worker-store-keys-api-key-accessor")
    assert grant.urn in deps["worker-service"]


def test_no_plaintext_secret_in_any_other_input(store_run):
    assert secret_leaks(store_run, [API_KEY, GENERATED_PASSWORD], {SECRET_VERSION: ("secretData",)}) == []


def test_services_are_valid_cloud_run_v2_services(store_run):
    for service in store_run.of_type(SERVICE):
        parse_service(as_api_service(service.plain()))


@pytest.mark.parametrize("kwargs, field", [
    ({"resource": "not a secret!", "data": {"a": {"value_from": {"version": "1"}}}}, "resource"),
    ({"resource": EXISTING, "data": {"a": {}}}, "data.a.value_from.version"),
    ({"resource": EXISTING, "data": {"a": {"value_from": {"version": "latest"}}}}, "data.a.value_from.version"),
    ({"resource": EXISTING, "data": {"a": {"value_from": {"name": "k", "version": "2"}}}}, "data.a.value_from.name"),
])
def test_bad_store_input_fails_before_anything_registers(kwargs, field):
    caught: list[rad.RadiusValidationError] = []

    def program():
        env = rad.Environment("prod", compute=compute())
        app = rad.Application("todo", environment=env)
        try:
            rad.SecretStore("keys", application=app, **kwargs)
        except rad.RadiusValidationError as exc:
            caught.append(exc)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert caught and caught[0].field == field, caught
    assert run.of_type("radius:index:SecretStore") == []
