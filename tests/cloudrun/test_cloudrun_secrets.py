"""Cloud Run: no secret outside Secret Manager, secrets are Pulumi secrets, runs are identical."""

from __future__ import annotations

import json

import pytest

from tests.helpers.cloudrun import AUTH_STRING, SECRET_VERSION, SERVICE, USER_PASSWORD, as_program, demo, everything
from tests.helpers.mocks import SECRET_MARK, SECRET_SIG, run_program, secret_leaks, snapshot

# The only input that may hold a secret value: the Secret Manager version's payload.
ALLOWED = {SECRET_VERSION: ("secretData",)}


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_no_secret_outside_secret_manager(build):
    run = run_program(as_program(build))
    assert run.of_type(SECRET_VERSION)
    assert secret_leaks(run, [AUTH_STRING, USER_PASSWORD], ALLOWED) == []


def test_secret_payloads_are_pulumi_secrets():
    run = run_program(as_program(everything))
    versions = run.of_type(SECRET_VERSION)
    assert len(versions) == 5, "four secret values and the cache's CA file"
    for r in versions:
        data = r.inputs["secretData"]
        assert isinstance(data, dict) and data.get(SECRET_SIG) == SECRET_MARK, r.name


def test_services_carry_no_secret_so_previews_show_their_diffs():
    run = run_program(as_program(everything))
    for r in run.resources:
        if r.type != SECRET_VERSION and r.type.startswith("gcp:"):
            assert SECRET_SIG not in json.dumps(r.inputs), f"{r.type} {r.name} carries a secret"


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_two_runs_are_identical(build):
    assert snapshot(as_program(build)) == snapshot(as_program(build))


def test_generated_env_is_sorted():
    run = run_program(as_program(everything))
    envs = run.one(SERVICE, "backend-service").plain()["template"]["containers"][0]["envs"]
    assert [e["name"] for e in envs] == sorted(e["name"] for e in envs)


def test_changing_one_env_value_touches_only_that_service():
    import radius_components as rad
    from tests.helpers.cloudrun import PROJECT_NUMBER, compute

    def build(level):
        def program():
            env = rad.Environment("dev", compute=compute(project_number=PROJECT_NUMBER))
            app = rad.Application("todo", environment=env)
            rad.Container("api", application=app, container={"image": "img", "ports": {"h": {"container_port": 80}}})
            rad.Container("web", application=app, container={"image": "img", "ports": {"h": {"container_port": 80}},
                                                             "env": {"LEVEL": {"value": level}}})
        return {(r.type, r.name): json.dumps(r.inputs, sort_keys=True) for r in run_program(program).resources}

    before, after = build("info"), build("debug")
    changed = sorted(k for k in before if before[k] != after[k])
    assert changed == [(SERVICE, "web-service")]
