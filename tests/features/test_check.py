"""`python -m radius_components check`: one program, every kind, under the shipped mocks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import radius_components as rad
from radius_components.check import check_program, format_report, main
from tests.helpers.mocks import run_program

ROOT = Path(__file__).resolve().parents[2]

PORTABLE = """
import pulumi
import radius_components as rad

env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
app = rad.Application("shop", environment=env)
db = rad.RedisCache("db", application=app)
api = rad.Container("api", application=app,
    container={"image": "ghcr.io/example/api:1.0", "ports": {"http": {"container_port": 8080}},
               "image_pull_policy": "IfNotPresent"},
    connections={"cache": {"source": db}},
    extensions=[{"kind": "kubernetesMetadata", "annotations": {"owner": "shop"}}])
pulumi.export("graph", app.graph_text)
"""

KUBERNETES_ONLY = PORTABLE.replace('"image_pull_policy": "IfNotPresent"', '"working_dir": "/app"')


def write(tmp_path: Path, source: str, name: str = "__main__.py") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def test_a_portable_program_is_ok_on_every_kind_with_what_each_ignores(tmp_path, capsys):
    assert main(["check", str(write(tmp_path, PORTABLE)), "--kinds", "all"]) == 0
    out = capsys.readouterr().out
    for kind in ("kubernetes", "aci", "aca", "ecs", "cloudrun"):
        assert any(line.startswith(kind) and " OK" in line for line in out.splitlines()), out
    # What the kinds ignore is said, per container and field.
    assert "note    Container 'api': image_pull_policy: Never rejected, else ignored" in out
    assert "note    Container 'api': kubernetesMetadata.annotations: ignored" in out


def test_errors_name_the_field_and_the_fix_per_kind(tmp_path, capsys):
    assert main(["check", str(write(tmp_path, KUBERNETES_ONLY)), "--kinds", "kubernetes,aci,ecs"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(line.startswith("kubernetes") and " OK" in line for line in lines), out
    assert any(line.startswith("aci") and "1 error" in line for line in lines), out
    assert any(line.startswith("ecs") and " OK" in line for line in lines), out
    assert "error   Container 'api': container.working_dir = '/app'" in out
    assert "fix: " in out


def test_a_project_directory_is_run_with_its_config(tmp_path):
    write(tmp_path, "name: checked\nruntime: python\n", "Pulumi.yaml")
    write(tmp_path, PORTABLE.replace('namespace="dev"', 'namespace=pulumi.Config().require("namespace")'))
    results = check_program(tmp_path, ["kubernetes", "ecs"], {"namespace": "team-a"})
    assert [r.ok for r in results] == [True, True], format_report(results)
    missing = check_program(tmp_path, ["kubernetes"], {})
    assert "namespace" in (missing[0].failure or ""), missing[0]


def test_a_compute_of_the_checked_kind_is_kept(tmp_path):
    # The workload profile exists only in the program's own AcaCompute: replacing it with
    # the sample would make runtimes.aca.workload_profile_name an error.
    source = """
    import radius_components as rad
    env = rad.Environment("dev", compute=rad.AcaCompute(resource_group="rg", location="westeurope",
        workload_profiles=[{"name": "big", "workload_profile_type": "D4", "minimum_count": 1, "maximum_count": 2}]))
    app = rad.Application("shop", environment=env)
    rad.Container("api", application=app, container={"image": "ghcr.io/example/api:1.0",
        "ports": {"http": {"container_port": 8080}}}, runtimes={"aca": {"workload_profile_name": "big"}})
    """
    results = check_program(write(tmp_path, source), ["aca", "kubernetes"])
    assert [r.ok for r in results] == [True, True], format_report(results)


def test_the_module_runs_as_a_command(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "radius_components", "check", str(write(tmp_path, PORTABLE)),
                           "--kinds", "kubernetes"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "kubernetes  OK" in done.stdout


def test_an_unknown_kind_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", str(write(tmp_path, PORTABLE)), "--kinds", "kubernetes,nomad"])
    assert info.value.code == 2


# -- runtimes blocks are checked on every kind ------------------------------------------------


@pytest.mark.parametrize("runtimes,field", [
    ({"ecs": {"servce": {"desired_count": 2}}}, "runtimes.ecs.servce"),
    ({"ecs": {"service": {"desired_cont": 2}}}, "runtimes.ecs.service.desired_cont"),
    ({"aci": {"skus": "Confidential"}}, "runtimes.aci.skus"),
    ({"aca": {"template": {"scael": {}}}}, "runtimes.aca.template.scael"),
    ({"cloudrun": {"service": {"ingres": "INGRESS_TRAFFIC_ALL"}}}, "runtimes.cloudrun.service.ingres"),
    ({"cloudrun": {"execution_environmnt": "EXECUTION_ENVIRONMENT_GEN2"}}, "runtimes.cloudrun.execution_environmnt"),
])
def test_a_typo_in_another_kinds_runtimes_block_is_an_error_at_once(runtimes, field):
    caught = {}

    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("shop", environment=env)
        try:
            rad.Container("api", application=app, container={"image": "ghcr.io/example/api:1.0"}, runtimes=runtimes)
        except rad.RadiusValidationError as exc:
            caught["error"] = exc

    run = run_program(program)
    error = caught["error"]
    assert {e.field for e in getattr(error, "errors", [error])} == {field}
    assert run.of_type("radius:index:Container") == []  # nothing registered


def test_valid_blocks_of_other_kinds_pass_on_kubernetes():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("shop", environment=env)
        rad.Container("api", application=app, container={"image": "ghcr.io/example/api:1.0"}, runtimes={
            "ecs": {"service": {"desired_count": 2}, "container": {"stopTimeout": 30}},
            "aci": {"sku": "Confidential"},
            "aca": {"template": {"scale": {"minReplicas": 1}}, "workload_profile_name": "big"},
            "cloudrun": {"execution_environment": "EXECUTION_ENVIRONMENT_GEN2", "service": {"launch_stage": "GA"}},
        })

    run = run_program(program)
    assert [r.name for r in run.of_type("radius:index:Container")] == ["api"]


# -- each kind with its own stack settings (issue 23, item 8) -----------------------------------

STACK_PROGRAM = """
import pulumi
import radius_components as rad

config = pulumi.Config()
kind = config.get("kind") or "kubernetes"
compute = {"kind": kind, **(config.get_object("compute") or {})} if kind != "kubernetes" else {"kind": "kubernetes"}
env = rad.Environment("dev", compute=compute)
app = rad.Application("shop", environment=env)
orders = rad.SqlDatabase("orders", application=app)
store = rad.SecretStore("app-secrets", application=app, data={"api-key": {"value": config.require_secret("apiKey")}})
rad.Container("api", application=app, container={
    "image": "ghcr.io/example/api:1.0", "ports": {"http": {"container_port": 8080}},
    "env": {"API_KEY": {"value_from": {"secret_ref": {"source": store, "key": "api-key"}}}}},
    connections={"orders": {"source": orders}})
"""

ACA_STACK = """
config:
  checked:kind: aca
  checked:apiKey:
    secure: AAABAKnotdecryptablehere
  checked:compute:
    resource_group: rg-shop
    location: westeurope
    subnet_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aca
    private_endpoint_subnet_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe
    key_vault_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/shopvault
"""


def test_a_program_with_a_database_and_a_store_is_ok_on_aca_only_with_its_stack_settings(tmp_path, capsys):
    # The sample aca compute has no virtual network (the SqlDatabase recipe refuses a public
    # server) and no Key Vault (a SecretStore on aca lives in one): with the sample alone such a
    # program can never be OK on aca. With the aca stack's settings it is.
    write(tmp_path, "name: checked\nruntime: python\n", "Pulumi.yaml")
    write(tmp_path, STACK_PROGRAM)
    stack = write(tmp_path, ACA_STACK, "Pulumi.aca.yaml")
    assert main(["check", str(tmp_path), "--kinds", "aca", "--config", "apiKey=k"]) == 1
    capsys.readouterr()
    status = main(["check", str(tmp_path), "--kinds", "aca", "--stack-config", f"aca={stack}"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "aca  OK" in out and f"settings of {stack}" in out
    # Notes for the components that are not containers: what each became on this kind.
    notes = {line.split(": expands into: ")[0].strip(): line.split(": expands into: ")[1]
             for line in out.splitlines() if ": expands into: " in line}
    assert "azure-native dbforpostgresql.Server" in notes["note    SqlDatabase 'orders'"], out
    assert "azure-native keyvault.Secret" in notes["note    SecretStore 'app-secrets'"], out


def test_stack_config_reads_pulumi_config_shapes(tmp_path):
    from radius_components.check import SECURE_PLACEHOLDER, stack_config

    path = write(tmp_path, ACA_STACK + "  checked:replicas: 3\n  checked:public: true\n", "Pulumi.aca.yaml")
    config = stack_config(path)
    assert config["checked:kind"] == "aca"
    assert config["checked:apiKey"] == SECURE_PLACEHOLDER  # `secure:` cannot be decrypted here
    assert config["checked:compute"].startswith('{"resource_group": "rg-shop"')  # objects as JSON, as Pulumi gives them
    assert (config["checked:replicas"], config["checked:public"]) == ("3", "true")


@pytest.mark.parametrize("argument", ["aca", "nomad=Pulumi.aca.yaml", "aca=missing.yaml"])
def test_a_bad_stack_config_is_a_usage_error(tmp_path, argument):
    with pytest.raises(SystemExit) as info:
        main(["check", str(write(tmp_path, PORTABLE)), "--stack-config", argument])
    assert info.value.code == 2


def test_a_gateway_cache_and_store_get_notes_on_every_kind(tmp_path, capsys):
    source = PORTABLE.replace("api = rad.Container", (
        "gw = rad.Gateway('public', application=app, routes=[{'path': '/', 'destination': 'http://api:8080'}],\n"
        "                 runtimes={'ecs': {'subnet_ids': ['subnet-0ccc', 'subnet-0ddd']}})\n"
        "api = rad.Container"))
    main(["check", str(write(tmp_path, source)), "--kinds", "all"])
    out = capsys.readouterr().out
    for kind, native in (("kubernetes", "kubernetes networking.k8s.io.Ingress"),
                         ("ecs", "aws lb.LoadBalancer"), ("aci", "azure-native network.ApplicationGateway")):
        section = out.split(f"\n{kind}:\n", 1)[1].split("\n\n", 1)[0]
        assert f"note    Gateway 'public': expands into: " in section and native in section, section
        assert "note    RedisCache 'db': expands into: " in section, section


def test_requests_and_limits_that_differ_get_the_portable_rule(tmp_path, capsys):
    source = PORTABLE.replace('"image_pull_policy": "IfNotPresent"',
                              '"resources": {"requests": {"cpu": "250m"}, "limits": {"cpu": "1"}}')
    main(["check", str(write(tmp_path, source)), "--kinds", "kubernetes,ecs"])
    out = capsys.readouterr().out
    assert "note    Container 'api': container.resources (cpu): requests and limits differ" in out
    assert "Portable rule: give requests and limits the same values" in out


def test_a_refusal_fits_the_container_it_names():
    # An exec probe on a worker without ports, on aca: there is no port to move the probe to.
    from radius_components.check import run_on_kind

    def program(ports):
        def run():
            env = rad.Environment("dev", compute={"kind": "aca", "resource_group": "rg", "location": "westeurope"})
            app = rad.Application("shop", environment=env)
            rad.Container("worker", application=app, container={
                "image": "ghcr.io/example/worker:1.0", "ports": ports,
                "liveness_probe": {"kind": "exec", "command": ["cat", "/tmp/healthy"]}})
        return run

    worker = run_on_kind(program({}), "aca").errors[0]
    assert "declares no port" in worker.fix and "container's port" not in worker.fix, worker
    web = run_on_kind(program({"http": {"container_port": 8080}}), "aca").errors[0]
    assert "8080 ('http')" in web.fix, web
