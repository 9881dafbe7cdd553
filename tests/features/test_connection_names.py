"""Connection variable names as Radius spells them, on every kind whose platform accepts them.

Radius's container renderer: `fmt.Sprintf("%s_%s_%s", "CONNECTION", strings.ToUpper(connName),
strings.ToUpper(key))` (radius-project/radius pkg/corerp/renderers/container/render.go,
updateEnvAndSecretData; the URL-source branch the same with SCHEME/HOSTNAME/PORT): the name is
only upper-cased, so `test-connection` gives `CONNECTION_TEST-CONNECTION_HOST`.

The class: every env var name we emit, on every kind, for the demo, examples/fullstack and a
program with Radius-style connection names, satisfies that kind's platform rule
(radius_components/env_names.py and the kind's declaration cite each rule).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

import radius_components as rad
from radius_components.connections import connection_env_name
from radius_components.declarations import declared_kinds
from radius_components.env_names import PORTABLE, rule_for
from radius_components.platforms import kind_names
from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import run_program
from tests.helpers.programs import fullstack_program

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("conn, prop, expected", [
    ("test-connection", "host", "CONNECTION_TEST-CONNECTION_HOST"),
    ("my-redis", "connectionString", "CONNECTION_MY-REDIS_CONNECTIONSTRING"),
    ("cache.v2", "URL", "CONNECTION_CACHE.V2_URL"),
    ("containerb", "HOSTNAME", "CONNECTION_CONTAINERB_HOSTNAME"),
])
def test_radius_spelling_where_the_platform_accepts_it(conn, prop, expected):
    assert connection_env_name(conn, prop) == expected
    assert PORTABLE.accepts(expected)


def test_aci_spells_what_it_refuses_with_underscores():
    # ACI: "A valid environment variable name must start with alphabetic character or '_',
    # followed by a string of alphanumeric characters or '_'" (InvalidContainerEnvironmentVariable,
    # Azure/azure-cli#21047).
    aci = rule_for("aci")
    assert connection_env_name("test-connection", "host", aci) == "CONNECTION_TEST_CONNECTION_HOST"
    assert connection_env_name("cache.v2", "url", aci) == "CONNECTION_CACHE_V2_URL"
    assert not aci.accepts("CONNECTION_TEST-CONNECTION_HOST")


def test_kubernetes_accepts_radius_names():
    # Kubernetes before 1.30: validation.IsEnvVarName, `[-._a-zA-Z][-._a-zA-Z0-9]*`; the apiserver
    # scripts/cluster builds (K8S_VERSION=1.37.2) has RelaxedEnvironmentVariableValidation (GA in
    # 1.34): "any printable ASCII characters except '='".
    assert re.fullmatch(r"[-._a-zA-Z][-._a-zA-Z0-9]*", "CONNECTION_TEST-CONNECTION_HOST")
    assert "K8S_VERSION=1.37.2" in (ROOT / "scripts" / "cluster").read_text()
    for kind in ("kubernetes", "knative", "aca", "ecs", "cloudrun"):
        assert rule_for(kind) is PORTABLE, kind


# -- what each kind emits ------------------------------------------------------------------------

_ENV_LISTS = ("env", "envs", "environment", "environmentVariables", "environment_variables")


def _env_names(value: Any, in_task_definition: bool = False) -> Iterator[str]:
    """Every env var name in a resource's inputs: lists of {"name": ...} under an env key (Kubernetes
    `env`, Container Apps `env`, ACI `environmentVariables`, Cloud Run `envs`), and the `environment`
    and `secrets` of an ECS task definition's containerDefinitions (a JSON string)."""
    if isinstance(value, str) and value.startswith("[{") and '"essential"' in value:
        yield from _env_names(json.loads(value), in_task_definition=True)
    elif isinstance(value, dict):
        for key, item in value.items():
            lists = _ENV_LISTS + (("secrets",) if in_task_definition else ())
            if key in lists and isinstance(item, list):
                yield from (e["name"] for e in item if isinstance(e, dict) and isinstance(e.get("name"), str))
            else:
                yield from _env_names(item, in_task_definition)
    elif isinstance(value, list):
        for item in value:
            yield from _env_names(item, in_task_definition)


def _radius_names_program(kind: str):
    def program():
        env = rad.Environment("dev", compute=COMPUTE[kind]())
        app = rad.Application("shop", environment=env)
        api = rad.Container("api", application=app, container={"image": "api:1", "ports": {"http": {"container_port": 8080}}})
        cache = rad.RedisCache("cache", application=app)
        rad.Container("web", application=app, container={"image": "web:1", "env": {"PLAIN": {"value": "1"}},
                                                         "ports": {"http": {"container_port": 3000}}},
                      connections={"test-connection": {"source": "http://backend:3000"}, "my-api": {"source": api},
                                   "cache.v2": {"source": cache}})
    return program


def _programs(kind: str) -> dict[str, Any]:
    programs = {"radius-names": _radius_names_program(kind)}
    if (ROOT / "examples" / "fullstack" / f"Pulumi.{kind}.yaml").exists():
        programs["fullstack"] = fullstack_program(kind)
    return programs


@pytest.mark.parametrize("kind", kind_names())
def test_every_env_name_emitted_satisfies_the_kinds_rule(kind):
    rule = rule_for(kind)
    for label, program in _programs(kind).items():
        run = run_program(program)
        names = {n for r in run.resources for n in _env_names(r.inputs)}
        assert names, f"{kind} {label}: no env var found (the walk no longer sees this kind's shape)"
        bad = sorted(n for n in names if not rule.accepts(n))
        assert bad == [], f"{kind} {label}: names the platform refuses ({rule.source}): {bad}"
        if label == "radius-names":
            expected = {connection_env_name(c, p, rule) for c, p in
                        (("test-connection", "HOSTNAME"), ("my-api", "URL"), ("cache.v2", "HOST"))}
            assert expected <= names, f"{kind}: {sorted(expected - names)} missing from {sorted(names)}"


def test_radius_names_on_every_kind_but_aci():
    for kind in kind_names():
        spelled = connection_env_name("test-connection", "HOST", rule_for(kind))
        assert spelled == ("CONNECTION_TEST_CONNECTION_HOST" if kind == "aci" else "CONNECTION_TEST-CONNECTION_HOST")


def test_aci_warns_where_it_changes_radius_name(caplog):
    import logging

    with caplog.at_level(logging.WARNING):
        run_program(_radius_names_program("aci"))
    text = caplog.text
    assert "connection 'test-connection' sets CONNECTION_TEST_CONNECTION_* here, not Radius's CONNECTION_TEST-CONNECTION_*" in text
    assert "connection 'cache.v2'" in text
    assert "connection 'my-api'" in text


def test_no_warning_where_radius_names_are_kept(caplog):
    import logging

    with caplog.at_level(logging.WARNING):
        run_program(_radius_names_program("kubernetes"))
    assert "Radius's CONNECTION_" not in caplog.text


def test_a_user_env_name_aci_refuses_is_an_error():
    from radius_components.errors import RadiusValidationError

    caught: dict[str, Any] = {}

    def program():
        env = rad.Environment("dev", compute=COMPUTE["aci"]())
        app = rad.Application("shop", environment=env)
        with pytest.raises(RadiusValidationError) as info:
            rad.Container("web", application=app, container={"image": "web:1", "env": {"spring.profile": {"value": "x"}}})
        caught["error"] = info.value

    run_program(program)
    text = str(caught["error"])
    assert "container.env.spring.profile" in text and "InvalidContainerEnvironmentVariable" in text
    assert "letters, digits and '_'" in text


def test_connections_that_differ_only_in_dash_and_underscore():
    """Distinct names where Radius's spelling is kept; one clash (an error before anything
    registers) on aci, where both become CONNECTION_MY_REDIS_*."""
    from radius_components.errors import RadiusValidationError

    outcomes: dict[str, Any] = {}
    for kind in ("kubernetes", "aci"):
        def program(kind=kind):
            env = rad.Environment("dev", compute=COMPUTE[kind]())
            app = rad.Application("shop", environment=env)
            try:
                rad.Container("web", application=app, container={"image": "web:1"},
                              connections={"my-redis": {"source": "http://a:1"}, "my_redis": {"source": "http://b:2"}})
                outcomes[kind] = None
            except RadiusValidationError as exc:
                outcomes[kind] = exc

        run_program(program)
    assert outcomes["kubernetes"] is None
    text = str(outcomes["aci"])
    assert "connections.my_redis" in text and "CONNECTION_MY_REDIS_HOSTNAME" in text and "on this kind" in text


def test_every_declared_rule_names_its_source():
    for kind, declared in declared_kinds().items():
        rule = declared.env_names or PORTABLE
        assert rule.source and rule.allowed, kind
        assert rule.accepts("CONNECTION_REDIS_HOST"), kind


def test_aca_vault_secret_keeps_its_resource_across_the_rename(monkeypatch):
    """On aca the Key Vault secret's name is the same under both spellings of the variable; an
    alias to its earlier logical name makes the rename an update (a replacement would write the
    secret under the new resource, then delete it with the old one)."""
    import pulumi_azure_native

    from tests.helpers.aca import VAULT_ID

    seen: dict[str, Any] = {}
    original = pulumi_azure_native.keyvault.Secret

    class Recording(original):  # type: ignore[misc, valid-type]
        def __init__(self, resource_name, *args, opts=None, **kwargs):
            seen[resource_name] = [a.name for a in (opts.aliases or [])] if opts is not None else []
            super().__init__(resource_name, *args, opts=opts, **kwargs)

    monkeypatch.setattr(pulumi_azure_native.keyvault, "Secret", Recording)

    def program():
        env = rad.Environment("dev", compute=COMPUTE["aca"](key_vault_id=VAULT_ID))
        app = rad.Application("shop", environment=env)
        cache = rad.RedisCache("cache", application=app, resource_provisioning="manual", host="h", port=6380,
                               password="pw-123")
        rad.Container("web", application=app, container={"image": "web:1"},
                      connections={"my-cache": {"source": cache}, "redis": {"source": cache}})

    run_program(program)
    assert seen["web-secret-CONNECTION_MY-CACHE_PASSWORD"] == ["web-secret-CONNECTION_MY_CACHE_PASSWORD"]
    assert seen["web-secret-CONNECTION_REDIS_PASSWORD"] == [], "no alias where the spelling did not change"


# The stores' own name rules, for the secrets that carry connection values (their names or keys
# embed the variable's name):
_STORE_NAMES = {
    # Kubernetes Secret keys: "a valid config key must consist of alphanumeric characters, '-',
    # '_' or '.'" (validation.IsConfigMapKey).
    "kubernetes:core/v1:Secret": (lambda i: list((i.get("stringData") or {})) + list((i.get("data") or {})),
                                  r"[-._a-zA-Z0-9]+"),
    # Container app secret names: lowercase alphanumerics and '-' (what names.py derives, a DNS label).
    "azure-native:app:ContainerApp": (lambda i: [s["name"] for s in (i.get("configuration") or {}).get("secrets", [])
                                                 if isinstance(s.get("name"), str)],
                                      r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
    # Key Vault secret names: 1-127 letters, digits and '-'.
    "azure-native:keyvault:Secret": (lambda i: [i["secretName"]] if isinstance(i.get("secretName"), str) else [],
                                     r"[0-9A-Za-z-]{1,127}"),
    # Secret Manager secret IDs: "[a-zA-Z_0-9-]{1,255}".
    "gcp:secretmanager/secret:Secret": (lambda i: [i["secretId"]] if isinstance(i.get("secretId"), str) else [],
                                        r"[a-zA-Z_0-9-]{1,255}"),
    # Secrets Manager names: "/_+=.@-" and alphanumerics, at most 512.
    "aws:secretsmanager/secret:Secret": (lambda i: [i["name"]] if isinstance(i.get("name"), str) else [],
                                         r"[A-Za-z0-9/_+=.@-]{1,512}"),
}


@pytest.mark.parametrize("kind", kind_names())
def test_secrets_named_after_connection_variables_keep_each_stores_rule(kind):
    from tests.helpers.aca import VAULT_ID

    compute = (lambda: COMPUTE["aca"](key_vault_id=VAULT_ID)) if kind == "aca" else COMPUTE[kind]

    def program():
        env = rad.Environment("dev", compute=compute())
        app = rad.Application("shop", environment=env)
        cache = rad.RedisCache("cache", application=app, resource_provisioning="manual", host="h", port=6380,
                               password="pw-123")
        rad.Container("web", application=app, container={"image": "web:1", "ports": {"http": {"container_port": 3000}}},
                      connections={"my-cache": {"source": cache}, "cache.v2": {"source": cache}})

    run = run_program(program)
    checked = 0
    for r in run.resources:
        if r.type not in _STORE_NAMES:
            continue
        names_of, pattern = _STORE_NAMES[r.type]
        for name in names_of(r.plain()):
            checked += 1
            assert re.fullmatch(pattern, name), f"{kind}: {r.type} {r.name}: {name!r} breaks {pattern}"
    # aci carries connection secrets as secureValue variables of the group: no store to name.
    assert checked or kind == "aci", f"{kind}: no secret store name seen"


def test_knative_itself_accepts_radius_connection_names():
    """Knative Serving's own validation (v0.42.2 validateEnvVar: a name only must not be empty or
    reserved) on the Service carrying CONNECTION_TEST-CONNECTION_*, run by tools/knative-validate."""
    from tests.knative.helpers import knative_manifests
    from tests.knative.test_knative_validate import BINARY, knative_validate

    if not BINARY.exists():
        pytest.skip(f"Knative's validator is not built ({BINARY}): scripts/knative-validate builds it")
    documents = knative_manifests(run_program(_radius_names_program("knative")))
    web = [d for d in documents if d["kind"] == "Service" and d["metadata"]["name"].endswith("web")]
    assert web
    env = {e["name"] for e in web[0]["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert "CONNECTION_TEST-CONNECTION_HOSTNAME" in env
    results = knative_validate(documents)
    assert {(r["kind"], r["name"]): r["errors"] for r in results if r["errors"]} == {}
