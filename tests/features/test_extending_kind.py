"""A compute kind from outside the package: declared in tests/features/toy_kind (no file of
radius_components is edited for it), registered with `register_kind()` or through the entry
point group, it takes part in everything derived from the declarations: the available kinds,
`python -m radius_components check`, the capability matrix, the provider schema's compute
union, its own mocks, and the graph of an application deployed on it."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the toy kind is a package of this folder, found by its name
    sys.path.insert(0, str(HERE))

import radius_components as rad  # noqa: E402
import radius_components.declarations as declarations  # noqa: E402
from radius_components.check import check_program, format_report  # noqa: E402
from radius_components.testing import run_program  # noqa: E402
from toy_kind.kind import KIND as TOY  # noqa: E402

PROVIDERS = HERE.parents[1] / "providers"


@pytest.fixture
def registry(monkeypatch):
    """A registry this test may change: whatever it registers is gone afterwards."""
    declarations.declared_kinds()
    monkeypatch.setattr(declarations, "_kinds", dict(declarations._kinds))
    monkeypatch.setattr(declarations, "_unloadable", dict(declarations._unloadable))
    return declarations


@pytest.fixture
def toy(registry):
    registry.register_kind(TOY)
    return TOY


def shop_on(compute):
    """An application of two containers, one connected to the other."""
    env = rad.Environment("shop-env", compute=compute)
    app = rad.Application("shop", environment=env)
    api = rad.Container("api", application=app,
                        container={"image": "ghcr.io/example/api:1.0", "ports": {"web": {"container_port": 8080}}})
    rad.Container("web", application=app,
                  container={"image": "ghcr.io/example/web:1.0", "ports": {"web": {"container_port": 3000}}},
                  connections={"api": {"source": api}},
                  extensions=[{"kind": "kubernetesMetadata", "labels": {"team": "shop"}}])
    return env, app


PROGRAM = textwrap.dedent('''
    import radius_components as rad

    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="shop"))
    app = rad.Application("shop", environment=env)
    api = rad.Container("api", application=app,
                        container={"image": "ghcr.io/example/api:1.0", "ports": {"web": {"container_port": 8080}}})
    rad.Container("web", application=app,
                  container={"image": "ghcr.io/example/web:1.0", "ports": {"web": {"container_port": 3000}}},
                  connections={"api": {"source": api}},
                  extensions=[{"kind": "kubernetesMetadata", "labels": {"team": "shop"}}])
''')


def test_the_toy_kind_is_available(toy):
    from radius_components.platforms import available_kinds, kind_names, load_platform
    from toy_kind.platform import ToyPlatform

    assert "toy" in available_kinds()
    assert kind_names()[-1] == "toy"  # after the built-in kinds (its declaration's default order)
    assert load_platform("toy") is ToyPlatform


def test_its_containers_deploy_as_its_own_resources_with_its_outputs(toy):
    created = {}
    run = run_program(lambda: created.update(zip(("env", "app"), shop_on({"kind": "toy", "cluster": "c1"}))))
    services = run.of_type("toy:index/service:Service")
    assert sorted(s.name for s in services) == ["api-service", "web-service"]
    web = next(s for s in services if s.name == "web-service")
    # The connection contract holds on a kind the package never heard of.
    assert web.inputs["env"]["CONNECTION_API_URL"] == "http://shop-api.toy.internal:8080"
    # Its mocks (the declaration's `mocks`) compute what its provider would: the service's URL,
    # which the Container registers as the output its kind declares.
    containers = {r.name: r for r in run.of_type("radius:index:Container")}
    assert containers["web"].outputs["service_url"] == "http://shop-web.toy.internal:3000"
    assert run.of_type("radius:index:Environment")[0].outputs["cluster"] == "c1"


def test_it_is_in_the_graph_of_an_app_deployed_on_it(toy):
    from radius_components.graph import build_graph

    created = {}
    run_program(lambda: created.update(zip(("env", "app"), shop_on({"kind": "toy", "cluster": "c1"}))))
    graph = build_graph(created["app"])
    assert graph["kind"] == "toy"
    web = next(n for n in graph["resources"] if n["name"] == "web")
    assert web["native"] == [{"type": "toy:index/service:Service", "name": "web-service"}]
    assert web["connections"]["outbound"] == [{"name": "api", "target": "api", "type": "Applications.Core/containers"}]


def test_check_runs_a_program_on_it(toy, tmp_path):
    program = tmp_path / "__main__.py"
    program.write_text(PROGRAM, encoding="utf-8")
    results = {r.kind: r for r in check_program(program, ["kubernetes", "toy"])}
    report = format_report(list(results.values()))
    assert results["toy"].ok, report
    assert "toy         OK (2 mapped differently or ignored)" in report.splitlines(), report
    # What it ignores or maps differently, from its declared capability cells.
    # (Notes name their component as messages do: "Container 'web'"; gateways, databases and
    # stores get notes too.)
    container_notes = [n for n in results["toy"].notes if n[0] == "Container 'web'"]
    assert container_notes == [("Container 'web'", "connections (RedisCache, Container, URL)", "mapped (as plain variables)"),
                               ("Container 'web'", "kubernetesMetadata.labels", "ignored")]


def test_check_reports_what_it_rejects(toy, tmp_path, capsys):
    from radius_components.check import main

    program = tmp_path / "__main__.py"
    program.write_text(PROGRAM.replace('"image": "ghcr.io/example/api:1.0",',
                                       '"image": "ghcr.io/example/api:1.0", "working_dir": "/srv",'), encoding="utf-8")
    assert main(["check", str(program), "--kinds", "toy"]) == 1
    out = capsys.readouterr().out
    assert "container.working_dir = '/srv': a toy service always starts in /" in out


def test_it_has_a_column_of_the_capability_matrix(toy):
    from radius_components.capabilities import KINDS, ROWS, UNDECLARED, render_matrix

    assert KINDS[-1] == "toy"
    lines = render_matrix().splitlines()
    assert lines[0].endswith("| cloudrun | knative | toy |")
    cells = {row.key: row.cells["toy"] for row in ROWS}
    assert cells["working_dir"] == "rejected" and cells["metadata_labels"] == "ignored"
    assert cells["volumes_disk"] == UNDECLARED  # a row it says nothing about
    assert next(r for r in ROWS if r.key == "working_dir").rejected_on >= {"toy"}


def test_the_capability_matrix_claims_what_it_does(toy):
    """Its declared rejections are what its platform does, like the built-in kinds'."""
    from radius_components.capabilities import ROWS

    for row in ROWS:
        if row.probe is None or row.key not in toy.capabilities:
            continue
        outcome = {}

        def program():
            env = rad.Environment("matrix-env", compute=toy.sample_compute())
            app = rad.Application("matrix", environment=env)
            peer = rad.Container("peer", application=app, container={
                "image": "ghcr.io/example/peer:1.0", "ports": {"web": {"container_port": 8080}}})
            try:
                rad.Container("probe", application=app, **row.probe(None, peer))
            except rad.RadiusValidationError as exc:
                outcome["error"] = exc

        if row.key == "connections":
            continue  # its probe connects to a RedisCache, which the toy kind has no recipe for
        run_program(program)
        assert ("error" in outcome) == ("toy" in row.rejected_on), (row.key, outcome.get("error"))


def test_it_is_in_the_provider_schema_compute_union(toy):
    sys.path.insert(0, str(PROVIDERS))
    try:
        from radius_provider.schema import build_schema
    finally:
        sys.path.remove(str(PROVIDERS))
    schema = build_schema()
    # One Environment input per kind (the typed SDKs get no union: providers/radius_provider/schema.py).
    toy_input = schema["resources"]["radius:index:Environment"]["inputProperties"]["toy"]
    assert toy_input["$ref"] == "#/types/radius:compute:ToyCompute"
    assert schema["types"]["radius:compute:ToyCompute"]["properties"]["cluster"]["type"] == "string"
    assert "toy" in schema["resources"]["radius:index:Environment"]["description"]
    json.dumps(schema)  # still a valid document


def test_the_compute_union_of_the_model_has_it(toy):
    import typing

    from radius_components import model
    from toy_kind.model import ToyCompute

    union = typing.get_args(model.Compute)[0]
    assert ToyCompute in typing.get_args(union)


def test_names_it_claims_are_named_in_collisions(toy):
    def program():
        env = rad.Environment("e", compute={"kind": "toy", "cluster": "c1"})
        app = rad.Application("a", environment=env)
        rad.Container("my_api", application=app, container={"image": "x"})
        rad.Container("my-api", application=app, container={"image": "x"})

    with pytest.raises(rad.RadiusValidationError, match="the one toy service 'a-my-api' of this toy environment"):
        run_program(program)


# -- the entry point group ---------------------------------------------------------------------


def _distribution(root: Path, entry_points: dict[str, str]) -> Path:
    """A distribution's metadata on `root` (as pip installs it) declaring `entry_points`."""
    info = root / "toy_kinds-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-kinds\nVersion: 1.0\n", encoding="utf-8")
    lines = [f"[{declarations.KIND_GROUP}]"] + [f"{name} = {value}" for name, value in entry_points.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def installed(registry, monkeypatch, tmp_path):
    """Install a distribution's entry points and read the group afresh."""

    def install(entry_points: dict[str, str]) -> None:
        monkeypatch.syspath_prepend(str(_distribution(tmp_path / "site", entry_points)))
        monkeypatch.setattr(registry, "_kinds", {})
        monkeypatch.setattr(registry, "_loaded", set())
        monkeypatch.setattr(registry, "_unloadable", {})

    return install


def test_an_entry_point_naming_a_declaration_registers_the_kind(installed):
    from radius_components.platforms import available_kinds, kind_names

    installed({"toy": "toy_kind.kind:KIND"})
    assert declarations.declared_kinds()["toy"] is TOY
    # The built-in kinds are still there, registered through the same group.
    assert kind_names() == ("kubernetes", "aci", "aca", "ecs", "cloudrun", "knative", "toy")
    assert "toy" in available_kinds()
    run = run_program(lambda: shop_on({"kind": "toy", "cluster": "c1"}))
    assert len(run.of_type("toy:index/service:Service")) == 2


def test_an_entry_point_naming_a_platform_class_still_works(installed):
    from radius_components.platforms import available_kinds, load_platform
    from toy_kind.platform import OldToyPlatform

    installed({"oldtoy": "toy_kind.platform:OldToyPlatform"})
    declared = declarations.declared_kinds()["oldtoy"]
    assert declared.platform == "toy_kind.platform:OldToyPlatform"
    assert "oldtoy" in available_kinds()
    assert load_platform("oldtoy") is OldToyPlatform
    run = run_program(lambda: shop_on({"kind": "oldtoy"}))
    assert len(run.of_type("toy:index/service:Service")) == 2


def test_an_entry_point_whose_sdk_is_missing_breaks_only_its_own_kind(installed):
    from radius_components.platforms import available_kinds

    installed({"broken": "toy_kind_missing_sdk.platform:BrokenPlatform"})
    assert "broken" in available_kinds()
    with pytest.raises(rad.PlatformNotAvailableError, match="needs the Python package 'toy_kind_missing_sdk'"):
        rad.Environment("x", compute={"kind": "broken"})
    run = run_program(lambda: shop_on(rad.KubernetesCompute(namespace="shop")))
    assert run.of_type("kubernetes:apps/v1:Deployment")
