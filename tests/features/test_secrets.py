"""No secret value in any input outside a Kubernetes Secret; Secrets and outputs are Pulumi secrets."""

from __future__ import annotations

import json

import pytest

from tests.helpers.mocks import GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG, run_program, secret_leaks
from tests.helpers.programs import USER_PASSWORD, as_program, demo, everything

SECRET = "kubernetes:core/v1:Secret"
ALLOWED = {
    # Where a secret may live: the Secret objects, and the inputs random uses to decide
    # when to roll pods (keepers: encrypted in state as Pulumi secrets, never on the cluster).
    SECRET: ("stringData", "data"),
    "random:index/randomId:RandomId": ("keepers",),
}


def test_no_secret_outside_secrets_in_the_demo():
    run = run_program(as_program(demo))
    assert secret_leaks(run, [GENERATED_PASSWORD], ALLOWED) == []


def test_no_secret_outside_secrets_with_user_supplied_passwords():
    run = run_program(as_program(everything))
    assert secret_leaks(run, [USER_PASSWORD], ALLOWED) == []


def test_secret_objects_and_keepers_are_pulumi_secrets():
    run = run_program(as_program(everything))
    for r in run.resources:
        for key in ALLOWED.get(r.type, ()):
            if key in r.inputs:
                assert _all_secret(r.inputs[key]), f"{r.name}.{key} holds a value that is not a Pulumi secret"


def _all_secret(value):
    """True when the value is a secret, or a mapping whose every value is one."""
    if isinstance(value, dict) and value.get(SECRET_SIG) == SECRET_MARK:
        return True
    return isinstance(value, dict) and bool(value) and all(_all_secret(v) for v in value.values())


def test_workloads_are_not_secret_so_previews_show_their_diffs():
    # If any leaf of the Deployment spec were a secret, Pulumi would hide the whole spec
    # in `pulumi preview`; secrets reach pods only through secretKeyRef.
    run = run_program(as_program(everything))
    for r in run.resources:
        if r.type.startswith("kubernetes:") and r.type != SECRET:
            assert SECRET_SIG not in json.dumps(r.inputs), f"{r.type} {r.name} carries a secret"


@pytest.mark.parametrize("kind", ["kubernetes", "ecs", "cloudrun", "aci", "aca"])
def test_a_secret_output_as_a_plain_env_value_is_refused(kind):
    # Found through the YAML provider: `env.X.value: ${db.url}` put the Redis URL, password
    # included, into the Deployment as plain text. A secret must take value_from.secret_ref.
    import pulumi

    import radius_components as rad
    from tests.helpers.programs import DEMO_IMAGE
    from tests.helpers.kinds import COMPUTE

    def program():
        env = rad.Environment("dev", compute=COMPUTE[kind]())
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app,
                      container={"image": DEMO_IMAGE, "ports": {"web": {"container_port": 3000}},
                                 "env": {"TOKEN": {"value": pulumi.Output.secret("s3cret-token")}}})
        return pulumi.Output.from_input(None)

    # Raised when the secret-ness resolves, inside the registration (Pulumi wraps it).
    with pytest.raises(Exception) as err:
        run_program(program)
    message = str(err.value)
    assert "Container 'demo': container.env.TOKEN.value" in message and "value_from.secret_ref" in message
    assert "s3cret-token" not in message


def test_a_plain_output_env_value_stays_a_plain_value():
    import pulumi

    import radius_components as rad
    from tests.helpers.programs import DEMO_IMAGE

    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app,
                      container={"image": DEMO_IMAGE, "env": {"MODE": {"value": pulumi.Output.from_input(3)}}})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    pod = run.one("kubernetes:apps/v1:Deployment").plain()["spec"]["template"]["spec"]
    assert pod["containers"][0]["env"] == [{"name": "MODE", "value": "3"}]
