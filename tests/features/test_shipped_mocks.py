"""The shipped mocks alone (`radius_components.testing.RadiusMocks`, no answers added by a test)
answer every resource type and provider call the library makes (issue 23, item 6).

A mock that lacks an answer does not fail loudly: the Output of a computed property the
provider would return (an ALB's DNS name, a Key Vault secret's URI) resolves to None, and the
program then fails in an `apply` with a TypeError, or formats "None" into an input. So:

- every example is run on every kind under RadiusMocks alone, with the kind's stack settings
  where the example has them (`Pulumi.<kind>.yaml`, as `check --stack-config` does): it either
  runs or is refused with RadiusValidationErrors only (a kind-specific example's recipe
  parameters are refused elsewhere), never with another exception; on the kinds it is written
  for it runs and every export resolves; and no registered input holds the text `None`;
- each of the components whose kinds read computed values (a Gateway, a created and an existing
  SecretStore read by a container, a SqlDatabase, a RedisCache) runs on every kind the same way;
- every answer this suite's own helpers add (tests/helpers) is one the shipped mocks have too,
  so the suite cannot pass on answers users do not get.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any, Callable, Optional

import pulumi
import pytest

import radius_components as rad
from radius_components.check import program_function, sample_override, stack_config
from radius_components.environment import compute_override
from radius_components.errors import RadiusValidationError
from radius_components.platforms import kind_names
from radius_components.testing import PROVIDER_CALLS, PROVIDER_OUTPUTS, RadiusMocks, Run, resolve, run_program
from radius_components.testing import validation_error_in

ROOT = Path(__file__).resolve().parents[2]
KINDS = tuple(kind_names())
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "__main__.py").exists())

# What each example's README asks the user to set (values of the right shape).
EXAMPLE_CONFIG: dict[str, dict[str, str]] = {
    "cloudrun": {"gcpProject": "shop-prod-4711"},
    "ecs": {"vpcId": "vpc-0abc123", "subnetIds": json.dumps(["subnet-0aaa", "subnet-0bbb"])},
    "kubernetes": {"cachePassword": "a-cache-password"},
    "fullstack": {"apiKey": "an-api-key"},
    "shop": {"apiKey": "a-payment-key"},
}


def stack_file(example: str, kind: str) -> Optional[Path]:
    """The example's stack settings for `kind`: its own Pulumi.<kind>.yaml, or, for the root
    project's program (examples/demo), the root's."""
    own = ROOT / "examples" / example / f"Pulumi.{kind}.yaml"
    if own.exists():
        return own
    if example == "demo" and (ROOT / f"Pulumi.{kind}.yaml").exists():
        return ROOT / f"Pulumi.{kind}.yaml"
    return None


def written_for(example: str) -> set[str]:
    """The kinds an example is written for: the kind it is named after, or every kind it has
    stack settings for (the kubernetes stack is the default one)."""
    if example in KINDS:
        return {example}
    return {"kubernetes"} | {k for k in KINDS if stack_file(example, k) is not None}


# The RadiusValidationError an exception is or wraps (a check that waits on an Output raises
# inside Pulumi's registration, which wraps it).
radius_errors = validation_error_in


# Where "None" is a real value: a headless Service (`clusterIP: None`), no session affinity.
_NONE_IS_A_VALUE = {"clusterIP", "sessionAffinity"}
# Program text shipped as an input (the Azure database login step's Python source), where None
# is Python's, not an unanswered value.
_CODE = {"scriptContent", "script_content"}


def none_texts(run: Run) -> list[tuple[str, str, str]]:
    """(type, name, value) of registered inputs that hold "None": a computed value the mocks
    did not answer, formatted into a string."""
    found: list[tuple[str, str, str]] = []

    def walk(r: Any, value: Any, key: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if str(k) not in _CODE:
                    walk(r, v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(r, v, key)
        elif isinstance(value, str) and "None" in value and not (key in _NONE_IS_A_VALUE and value == "None"):
            found.append((r.type, r.name, value[:120]))

    for r in run.resources:
        walk(r, r.plain(), "")
    return found


def run_alone(program: Callable[[], Any], kind: str, project: Optional[str] = None) -> Run:
    """`program` with every Environment on `kind` (the check's swap), under RadiusMocks alone."""
    with compute_override(sample_override(kind)):
        return run_program(program, mocks=RadiusMocks(), project=project)




@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_runs_on_every_kind_under_the_shipped_mocks_alone(example: str, kind: str, monkeypatch) -> None:
    stack = stack_file(example, kind)
    config = {**(stack_config(stack) if stack else {}), **EXAMPLE_CONFIG.get(example, {})}
    # examples/demo is the root project's program (Pulumi.yaml `main`): run it as that project,
    # so the root stacks' config (`radius-demo:...`) is its config.
    path = ROOT if example == "demo" else ROOT / "examples" / example
    program, project = program_function(path, config)
    exported: dict[str, Any] = {}
    monkeypatch.setattr(pulumi, "export", lambda name, value: exported.__setitem__(name, value))
    try:
        run = run_alone(program, kind, project)
    except Exception as exc:  # noqa: BLE001 - the type is the point
        error = radius_errors(exc)
        assert error is not None, f"{example} on {kind}: {type(exc).__name__}: {exc}"
        assert kind not in written_for(example), f"{example} is written for {kind}, and is refused: {error}"
        return
    assert run.resources, f"{example} on {kind} registered nothing"
    assert none_texts(run) == [], f"{example} on {kind}: unanswered computed values in {none_texts(run)}"
    if kind in written_for(example):
        for name, value in exported.items():
            resolved = resolve(value) if isinstance(value, pulumi.Output) else value
            assert resolved is not None and "None" not in json.dumps(resolved, default=str), \
                f"{example} on {kind}: export {name} = {resolved!r}"


# -- the components whose kinds read computed values -------------------------------------------

VAULT = ("/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-shared/providers/"
         "Microsoft.KeyVault/vaults/shopvault")
NET = ("/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-net/providers/Microsoft.Network/"
       "virtualNetworks/vnet")
COMPUTE: dict[str, dict[str, Any]] = {
    "kubernetes": {"kind": "kubernetes", "namespace": "shop"},
    "aci": {"kind": "aci", "resource_group": "rg-shop", "location": "westeurope"},
    # A virtual network (the SqlDatabase recipe refuses a public server) and a Key Vault (stores).
    # A network of its own (address_space): a public gateway and private data in one environment.
    "aca": {"kind": "aca", "resource_group": "rg-shop", "location": "westeurope", "key_vault_id": VAULT,
            "address_space": "10.40.0.0/16"},
    "ecs": {"kind": "ecs", "region": "eu-west-1", "vpc_id": "vpc-0abc123", "subnet_ids": ["subnet-0aaa", "subnet-0bbb"]},
    "cloudrun": {"kind": "cloudrun", "project": "shop-prod-4711", "region": "europe-west4"},
    "knative": {"kind": "knative", "namespace": "shop"},
}
# An existing store of each kind that has one (aci refuses `resource=`), and how its key is named.
EXISTING_STORE: dict[str, tuple[str, dict[str, Any]]] = {
    "kubernetes": ("shop-credentials", {"name": "token"}),
    "knative": ("shop-credentials", {"name": "token"}),
    "aca": (VAULT, {"name": "token"}),
    "ecs": ("arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/credentials-AbCdEf", {"name": "token"}),
    "cloudrun": ("projects/shop-prod-4711/secrets/shop-credentials", {"version": "3"}),
}
GATEWAY_RUNTIMES = {"ecs": {"subnet_ids": ["subnet-0ccc", "subnet-0ddd"]}}


def shop(kind: str) -> Callable[[], Any]:
    def program() -> Any:
        env = rad.Environment("dev", compute=COMPUTE[kind], protect_stateful=False)
        app = rad.Application("shop", environment=env)
        gateway = rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://web:8080"}],
                              runtimes=GATEWAY_RUNTIMES if kind == "ecs" else None)
        cache = rad.RedisCache("cache", application=app)
        orders = rad.SqlDatabase("orders", application=app)
        created = rad.SecretStore("app-secrets", application=app, data={
            "api-key": {"value": pulumi.Output.secret("an-api-key")}, "session-key": {"generate": {"length": 32}}})
        env_vars: dict[str, Any] = {
            "API_KEY": {"value_from": {"secret_ref": {"source": created, "key": "api-key"}}},
            "SESSION_KEY": {"value_from": {"secret_ref": {"source": created, "key": "session-key"}}}}
        if kind in EXISTING_STORE:
            resource, value_from = EXISTING_STORE[kind]
            existing = rad.SecretStore("credentials", application=app, resource=resource,
                                       data={"token": {"value_from": value_from}})
            env_vars["TOKEN"] = {"value_from": {"secret_ref": {"source": existing, "key": "token"}}}
        web = rad.Container("web", application=app, container={
            "image": "ghcr.io/example/web:1.0", "ports": {"http": {"container_port": 8080}}, "env": env_vars},
            connections={"cache": {"source": cache}, "orders": {"source": orders}})
        return pulumi.Output.all(gateway.url, web.internal_url, cache.host, orders.server)
    return program


@pytest.mark.parametrize("kind", KINDS)
def test_a_gateway_stores_a_database_and_a_cache_run_under_the_shipped_mocks_alone(kind: str) -> None:
    run = run_program(shop(kind), mocks=RadiusMocks())
    values = resolve(run.result)
    assert all(isinstance(v, str) and v and "None" not in v for v in values), values
    assert none_texts(run) == [], none_texts(run)


def test_every_answer_the_suite_adds_is_shipped() -> None:
    # The suite's helpers (tests/helpers) add answers with their own values for their tests;
    # the shipped mocks must answer each of those types and calls too.
    import tests.helpers as helpers
    from tests.helpers.mocks import MOCK_CALLS, MOCK_OUTPUTS

    for module in pkgutil.iter_modules(helpers.__path__):
        importlib.import_module(f"tests.helpers.{module.name}")
    assert sorted(set(MOCK_OUTPUTS) - set(PROVIDER_OUTPUTS)) == []
    assert sorted(set(MOCK_CALLS) - set(PROVIDER_CALLS)) == []
