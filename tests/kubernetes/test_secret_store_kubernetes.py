"""SecretStore on the kubernetes kind: one Secret per created store, secretKeyRef per key."""

from __future__ import annotations

from typing import Any

import kubernetes_validate
import pulumi
import pytest

import radius_components as rad
from tests.helpers.kubernetes import KUBERNETES_VERSION
from tests.helpers.mocks import GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG, run_program, secret_leaks

K8S_SECRET = "kubernetes:core/v1:Secret"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
API_KEY = "api-key-from-the-program-7f3e"
ALLOWED = {K8S_SECRET: ("stringData",), "random:index/randomId:RandomId": ("keepers",)}


def as_program(build, *args: Any, **kwargs: Any):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


def ref(store: Any, key: str) -> dict[str, Any]:
    return {"value_from": {"secret_ref": {"source": store, "key": key}}}


def store_app() -> None:
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
    app = rad.Application("todo", environment=env)
    keys = rad.SecretStore("keys", application=app, data={
        "api-key": {"value": pulumi.Output.secret(API_KEY)},
        "session": {"generate": {"length": 40}},
        "banner": {"value": "aGVsbG8gd29ybGQ=", "encoding": "base64"},
    })
    tls = rad.SecretStore("tls", application=app, resource="ingress-tls",
                          data={"cert": {"value_from": {"name": "tls.crt"}}, "key": {}})
    rad.Container("web", application=app, container={
        "image": "nginx:1.27",
        "env": {"API_KEY": ref(keys, "api-key"), "BANNER": ref(keys, "banner"), "TLS_CERT": ref(tls, "cert"),
                "TLS_KEY": ref(tls, "key")}})


@pytest.fixture(scope="module")
def store_run():
    return run_program(as_program(store_app))


def test_a_created_store_is_one_secret(store_run):
    secret = store_run.one(K8S_SECRET, "keys-secret")
    body = secret.plain()
    # In the application's namespace (the default layout), where the pods that read it run.
    assert body["metadata"]["name"] == "todo-keys-store" and body["metadata"]["namespace"] == "dev-todo"
    assert body["metadata"]["labels"]["radapp.io/resource-type"] == "applications.core-secretstores"
    assert body["stringData"] == {"api-key": API_KEY, "banner": "hello world", "session": GENERATED_PASSWORD}
    assert secret.inputs["stringData"].get(SECRET_SIG) == SECRET_MARK or all(
        v.get(SECRET_SIG) == SECRET_MARK for v in secret.inputs["stringData"].values())


def test_containers_reference_the_store_keys(store_run):
    env = {e["name"]: e for e in store_run.one(DEPLOYMENT).plain()["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["API_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "todo-keys-store", "key": "api-key"}
    assert env["TLS_CERT"]["valueFrom"]["secretKeyRef"] == {"name": "ingress-tls", "key": "tls.crt"}
    assert env["TLS_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "ingress-tls", "key": "key"}
    # The value is not copied into the container's own Secret.
    assert [s.name for s in store_run.of_type(K8S_SECRET)] == ["keys-secret"]


def test_no_plaintext_and_valid_objects(store_run):
    assert secret_leaks(store_run, [API_KEY, GENERATED_PASSWORD, "hello world"], ALLOWED) == []
    for obj in [r for r in store_run.resources if r.type.startswith("kubernetes:") and r.custom]:
        kubernetes_validate.validate(obj.plain(), KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("kwargs, field", [
    ({"resource": "Ingress_TLS", "data": {"a": {}}}, "resource"),
    ({"resource": "ingress-tls", "data": {"a": {"value_from": {"name": "a/b"}}}}, "data.a.value_from.name"),
    ({"resource": "ingress-tls", "data": {"a": {"value_from": {"version": "2"}}}}, "data.a.value_from.version"),
    ({"type": "certificate", "data": {"a": {"value": "x"}}}, "type"),
])
def test_bad_store_input(kwargs, field):
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        rad.SecretStore("keys", application=app, **kwargs)

    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(program))
    assert info.value.field == field and info.value.component == "SecretStore 'keys'"


def test_a_store_of_another_environment_is_refused():
    def program():
        dev = rad.Application("a", environment=rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev")))
        prod = rad.Application("b", environment=rad.Environment("prod", compute=rad.KubernetesCompute(namespace="prod")))
        keys = rad.SecretStore("keys", application=prod, data={"k": {"generate": {}}})
        rad.Container("web", application=dev, container={"image": "nginx:1.27", "env": {"K": ref(keys, "k")}})

    with pytest.raises(rad.RadiusValidationError, match="belongs to environment 'prod'"):
        run_program(as_program(program))


def test_a_changed_store_value_rolls_the_reading_pods(store_run):
    revision = store_run.one("random:index/randomId:RandomId", "web-secrets-revision")
    keepers = revision.plain()["keepers"]
    assert keepers["API_KEY"] == API_KEY and keepers["BANNER"] == "hello world"
    assert "TLS_CERT" not in keepers  # an existing Secret's value is not known to the program
    # Keepers are kept as Pulumi secrets (encrypted in state).
    assert all(v.get(SECRET_SIG) == SECRET_MARK for v in revision.inputs["keepers"].values())
    pod = store_run.one(DEPLOYMENT).plain()["spec"]["template"]
    assert pod["metadata"]["annotations"]["radapp.io/secrets-revision"] == "a1b2c3d4e5f60718"
