"""Each built-in kind declares itself once (platforms/<kind>/kind.py) and what is written down
elsewhere for editors and type checkers agrees with the declarations: the entry points, the
outputs annotated on the component classes, the `runtimes` fields, the platform classes. A
kind's package imports nothing when one of its leaf modules is imported."""

from __future__ import annotations

import subprocess
import sys
import typing
from importlib.metadata import entry_points

import pytest

import radius_components as rad
from radius_components.container import COMMON_OUTPUTS
from radius_components.declarations import KIND_GROUP, declared_kinds, load_reference
from radius_components.platforms import load_platform, ordered_kinds
from radius_components.testing import RadiusMocks, run_program

BUILTIN = ("kubernetes", "aci", "aca", "ecs", "cloudrun", "knative")
# The outputs every kind gives a component (not declared by a kind).
COMMON = {"Environment": {"kind"}, "Application": {"environment_name"}, "Container": set(COMMON_OUTPUTS),
          "Gateway": {"url", "hostname"}}
CLASSES = {"Environment": rad.Environment, "Application": rad.Application, "Container": rad.Container}


def test_the_builtin_kinds_register_through_the_entry_point_group():
    """Like a third-party kind: `<kind> = "radius_components.platforms.<kind>.kind:KIND"`."""
    ours = {e.name: e.value for e in entry_points(group=KIND_GROUP) if e.value.startswith("radius_components.")}
    assert ours == {kind: f"radius_components.platforms.{kind}.kind:KIND" for kind in BUILTIN}
    assert tuple(ordered_kinds()) == BUILTIN


@pytest.mark.parametrize("kind", BUILTIN)
def test_the_declaration_names_its_own_platform_model_and_recipes(kind):
    declared = declared_kinds()[kind]
    platform = load_platform(kind)
    assert platform.kind == kind and platform.compute_model is declared.compute_model
    assert declared.compute_model.model_fields["kind"].default == kind
    assert declared.sample_compute().kind == kind
    assert declared.compute_model.__module__ == f"radius_components.platforms.{kind}.model"
    for resource_type, reference in declared.recipes.items():
        assert platform.default_recipe(platform.__new__(platform), resource_type) is load_reference(reference)
    for reference in (declared.runtime_checks, declared.secret_store, declared.mocks):
        if reference is not None:
            assert load_reference(reference) is not None


@pytest.mark.parametrize("component", sorted(CLASSES))
def test_the_outputs_annotated_on_a_class_are_the_ones_the_kinds_declare(component):
    # The class's annotations and its radius_components bases' (Container's are on a base).
    annotations = {name: hint for klass in CLASSES[component].__mro__ if klass.__module__.startswith("radius_components")
                   for name, hint in klass.__dict__.get("__annotations__", {}).items()}
    annotated = {name for name, hint in annotations.items() if str(hint).startswith("pulumi.Output[")}
    annotated -= COMMON[component]
    declared = {o.name for kind in declared_kinds().values() for o in kind.outputs if o.component == component}
    assert annotated == declared


def test_the_runtimes_fields_are_the_declared_kinds_blocks():
    from radius_components.model import Runtimes

    fields = Runtimes.model_fields
    assert set(fields) == set(declared_kinds())
    for name, kind in declared_kinds().items():
        hint = fields[name].annotation
        if kind.runtime_model is not None:
            assert kind.runtime_model in typing.get_args(hint), name
        else:
            assert typing.get_origin(hint) is dict, name


def test_the_gateway_runtimes_keys_are_the_kinds_with_gateways():
    from radius_components.model import GatewayArgs

    key = typing.get_args(GatewayArgs.model_fields["runtimes"].annotation)[0]
    assert set(typing.get_args(key)) == {name for name, kind in declared_kinds().items() if kind.gateway}


def _shop(compute):
    env = rad.Environment("shop-env", compute=compute, protect_stateful=False)
    app = rad.Application("shop", environment=env)
    cache = rad.RedisCache("cache", application=app)
    gateway_runtimes = {"ecs": {"subnet_ids": ["subnet-0a0a0a0a0a0a0a0a1", "subnet-0b0b0b0b0b0b0b0b1"]}}
    rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://api:8080"}],
                runtimes=gateway_runtimes)
    rad.Gateway("partners", application=app, routes=[{"path": "/", "destination": "http://api:8080"}],
                runtimes={**gateway_runtimes, "kubernetes": {"api": "GatewayAPI", "gateway_class_name": "eg"}})
    api = rad.Container("api", application=app,
                        container={"image": "ghcr.io/example/api:1.0", "ports": {"web": {"container_port": 8080}}},
                        connections={"cache": {"source": cache}})
    rad.Container("worker", application=app,
                  container={"image": "ghcr.io/example/worker:1.0", "ports": {"web": {"container_port": 8080}}},
                  connections={"api": {"source": api}}, extensions=[{"kind": "manualScaling", "replicas": 2}])


# What the shipped mocks leave to a test (the values only a gateway's load balancer has).
GATEWAY_OUTPUTS = {
    "aws:lb/loadBalancer:LoadBalancer": lambda a: {"arn": f"arn:aws:elasticloadbalancing:us-east-2:123456789012:"
                                                          f"loadbalancer/app/{a.inputs['name']}/50dc6c495c0c9188",
                                                   "dnsName": f"{a.inputs['name']}.elb.amazonaws.com",
                                                   "zoneId": "Z32O12XQLNTSW2"},
    "azure-native:network:PublicIPAddress": lambda a: {"ipAddress": "20.50.60.70"},
    "gcp:compute/globalAddress:GlobalAddress": lambda a: {"address": "34.120.0.10"},
}
GATEWAY_CALLS = {"aws:ec2/getVpc:getVpc": lambda a: {"id": a.args["id"], "cidrBlock": "10.0.0.0/16"}}


@pytest.mark.parametrize("kind", BUILTIN)
def test_a_kind_registers_only_the_outputs_it_declares(kind):
    declared = declared_kinds()[kind]
    run = run_program(lambda: _shop(declared.sample_compute()),
                      mocks=RadiusMocks(outputs=GATEWAY_OUTPUTS, calls=GATEWAY_CALLS))
    registered = set()
    for r in run.resources:
        component = r.type.rsplit(":", 1)[-1]
        if r.type.startswith("radius:index:") and component in COMMON and r.outputs:
            allowed = COMMON[component] | {o.name for o in declared.outputs if o.component == component}
            assert set(r.outputs) <= allowed, (component, sorted(set(r.outputs) - allowed))
            registered |= {(component, name) for name in r.outputs}
    # The program reaches most of what the kind declares (the rest needs other settings).
    assert len(registered & {(o.component, o.name) for o in declared.outputs}) >= len(declared.outputs) * 2 // 3


@pytest.mark.parametrize("kind", BUILTIN)
def test_importing_a_leaf_module_of_a_kind_runs_no_platform(kind):
    """The Platform class is in platform.py, not in the package's __init__: a recipe that
    imports `names` (or the registry that imports `kind`) loads neither it nor its SDK."""
    code = (f"import sys, radius_components.platforms.{kind}.names, radius_components.platforms.{kind}.kind\n"
            f"print(sorted(m for m in sys.modules if m.endswith('.platform') or m.startswith("
            f"('pulumi_aws', 'pulumi_azure_native', 'pulumi_gcp', 'pulumi_kubernetes'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


@pytest.mark.parametrize("kind", BUILTIN)
def test_a_kind_declares_a_cell_for_every_row_and_only_for_rows(kind):
    from radius_components.capabilities import ROWS

    declared = declared_kinds()[kind]
    rows = {row.key for row in ROWS if row.every_kind is None}
    assert set(declared.capabilities) == rows
    assert declared.rejects <= {row.key for row in ROWS if row.probe is not None}


def test_a_checkout_that_is_not_installed_finds_the_builtin_kinds_in_their_folders(monkeypatch):
    """Without the distribution's metadata there are no entry points (the provider plugin may
    run the checkout beside it): the kinds' own folders are read instead."""
    import importlib.metadata

    import radius_components.declarations as declarations

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kwargs: [])
    monkeypatch.setattr(declarations, "_kinds", {})
    monkeypatch.setattr(declarations, "_loaded", set())
    monkeypatch.setattr(declarations, "_unloadable", {})
    assert tuple(ordered_kinds()) == BUILTIN
    assert load_platform("ecs").kind == "ecs"
