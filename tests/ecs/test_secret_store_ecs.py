"""SecretStore on the ecs kind: a Secrets Manager secret per key; each task execution role
may read exactly the secrets of the keys its container references."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.ecs import (ACCOUNT, REGION, SECRET, SECRET_VERSION, TD, VERSION_ID, as_program, definition,
                               ecs_compute, policy)
from tests.helpers.ecs_schema import ECS, register_task_definition_request, validate
from tests.helpers.mocks import GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG, run_program, secret_leaks

import botocore.session

SECRETS_MANAGER = botocore.session.get_session().get_service_model("secretsmanager")
API_KEY = "api-key-from-the-program-7f3e"
EXISTING = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shared/payments-Zx81Qa"


def store_app(**env_kwargs: Any) -> dict[str, Any]:
    env = rad.Environment("prod", compute=ecs_compute(), **env_kwargs)
    app = rad.Application("todo", environment=env)
    keys = rad.SecretStore("keys", application=app, data={
        "api-key": {"value": pulumi.Output.secret(API_KEY)},
        "session": {"generate": {"length": 48}},
        "unused": {"generate": {}},
    })
    shared = rad.SecretStore("shared", application=app, resource=EXISTING, data={
        "stripe": {"value_from": {"name": "stripe_key"}},
        "pinned": {"value_from": {"name": "webhook", "version": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}},
    })
    ref = lambda store, key: {"value_from": {"secret_ref": {"source": store, "key": key}}}  # noqa: E731
    web = rad.Container("web", application=app, container={
        "image": "nginx:1.27",
        "env": {"API_KEY": ref(keys, "api-key"), "SESSION": ref(keys, "session"), "STRIPE": ref(shared, "stripe"),
                "WEBHOOK": ref(shared, "pinned")}})
    worker = rad.Container("worker", application=app, container={"image": "nginx:1.27",
                                                                 "env": {"API_KEY": ref(keys, "api-key")}})
    return {"env": env, "keys": keys, "shared": shared, "web": web, "worker": worker}


@pytest.fixture(scope="module")
def store_run():
    return run_program(as_program(store_app))


def test_a_created_store_is_a_secret_per_key(store_run):
    names = sorted(s.plain()["name"] for s in store_run.of_type(SECRET) if s.name.startswith("keys-"))
    assert names == ["radius/prod/todo/keys/api-key", "radius/prod/todo/keys/session", "radius/prod/todo/keys/unused"]
    version = store_run.one(SECRET_VERSION, "keys-api-key-version")
    assert version.inputs["secretString"].get(SECRET_SIG) == SECRET_MARK
    assert version.plain()["secretString"] == API_KEY
    assert store_run.one(SECRET_VERSION, "keys-session-version").plain()["secretString"] == GENERATED_PASSWORD
    # A generated value is kept: protected with the environment's protect_stateful.
    assert store_run.one("random:index/randomPassword:RandomPassword", "keys-session").protect


def test_the_container_reads_keys_through_value_from(store_run):
    secrets = {s["name"]: s["valueFrom"] for s in definition(store_run, "web")["secrets"]}
    arn = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:radius/prod/todo/keys/api-key-AbCdEf"
    # The whole SecretString of the key's secret, pinned to its version ID.
    assert secrets["API_KEY"] == f"{arn}:::{VERSION_ID}"
    assert secrets["STRIPE"] == f"{EXISTING}:stripe_key::"
    assert secrets["WEBHOOK"] == f"{EXISTING}:webhook::aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    assert "environment" not in definition(store_run, "web") or all(
        e["name"] not in secrets for e in definition(store_run, "web")["environment"])


def test_each_execution_role_reads_exactly_the_secrets_it_references(store_run):
    prefix = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:radius/prod/todo/keys/"
    web = next(s for s in policy(store_run, "web-execution-policy")["Statement"] if s["Sid"] == "ReadSecrets")
    assert web["Action"] == ["secretsmanager:GetSecretValue"]
    assert web["Resource"] == sorted([f"{prefix}api-key-AbCdEf", f"{prefix}session-AbCdEf", EXISTING])
    worker = next(s for s in policy(store_run, "worker-execution-policy")["Statement"] if s["Sid"] == "ReadSecrets")
    assert worker["Resource"] == [f"{prefix}api-key-AbCdEf"]  # not session, not unused, not the shared store
    assert not any(f"{prefix}unused" in r for s in policy(store_run, "web-execution-policy")["Statement"]
                   for r in s["Resource"])


def test_no_plaintext_secret_in_any_other_input(store_run):
    leaks = secret_leaks(store_run, [API_KEY, GENERATED_PASSWORD], {SECRET_VERSION: ("secretString",)})
    assert leaks == []


def test_requests_are_valid_for_the_aws_apis(store_run):
    for secret in store_run.of_type(SECRET):
        s = secret.plain()
        validate(SECRETS_MANAGER, "CreateSecret", {"Name": s["name"], "Description": s.get("description", "")})
    for td in store_run.of_type(TD):
        validate(ECS, "RegisterTaskDefinition", register_task_definition_request(td.plain()))


@pytest.mark.parametrize("kwargs, field", [
    ({"resource": "shared/payments", "data": {"a": {}}}, "resource"),
    ({"resource": EXISTING, "data": {"a": {"value_from": {"version": "v1"}}}}, "data.a.value_from.version"),
    ({"resource": EXISTING, "data": {"a": {"value": "x"}}}, "data.a"),
    ({"data": {"a": {"value_from": {"name": "x"}}}}, "data.a.value_from"),
    ({"data": {"a": {}}}, "data.a"),
    ({"data": {"a.b": {"value": "x"}}}, "data.a.b"),
    ({"data": {}}, "data"),
    ({"data": {"a": {"value": "x", "generate": {}}}}, "data.a.generate"),
    ({"data": {"a": {"generate": {"length": 4}}}}, "data.a.generate.length"),
    ({"data": {"a": {"value": "not base64!", "encoding": "base64"}}}, "data.a.value"),
])
def test_bad_store_input_fails_before_anything_registers(kwargs, field):
    caught: list[rad.RadiusValidationError] = []

    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        try:
            rad.SecretStore("keys", application=app, **kwargs)
        except rad.RadiusValidationError as exc:
            caught.append(exc)
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert caught, kwargs
    assert caught[0].field == field and caught[0].component == "SecretStore 'keys'"
    assert run.of_type("radius:index:SecretStore") == [] and [s for s in run.of_type(SECRET)] == []


def test_a_key_the_store_does_not_have_names_the_container_and_the_keys():
    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        keys = rad.SecretStore("keys", application=app, data={"api-key": {"generate": {}}})
        rad.Container("web", application=app, container={
            "image": "nginx:1.27", "env": {"X": {"value_from": {"secret_ref": {"source": keys, "key": "apikey"}}}}})

    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(program))
    assert info.value.component == "Container 'web'"
    assert info.value.field == "container.env.X.value_from.secret_ref.key"
    assert "api-key" in info.value.fix


def test_a_store_is_not_a_connection_target():
    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        keys = rad.SecretStore("keys", application=app, data={"api-key": {"generate": {}}})
        rad.Container("web", application=app, container={"image": "nginx:1.27"}, connections={"k": {"source": keys}})

    with pytest.raises(rad.RadiusValidationError, match="not a connection target"):
        run_program(as_program(program))
