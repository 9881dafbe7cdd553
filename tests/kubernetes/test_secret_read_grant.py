"""`runtimes.kubernetes.read_namespace_secrets`: Radius's secret access, opt-in (radius-project/
radius, pkg/corerp/renderers/container/rbac.go: a Role with get and list on secrets, bound to the
container's ServiceAccount, for every container there)."""

from __future__ import annotations

import radius_components as rad
from tests.helpers.mocks import run_program

ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role"
BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def _program(runtimes=None, application_namespaces=True):
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev",
                                                                   application_namespaces=application_namespaces))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={"image": "img"}, runtimes=runtimes)
    return program


def _run(runtimes=None):
    return run_program(_program(runtimes))


def test_off_by_default_nothing_granted_and_no_token():
    run = _run()
    assert not run.of_type(ROLE) and not run.of_type(BINDING)
    assert run.one(DEPLOYMENT).plain()["spec"]["template"]["spec"]["automountServiceAccountToken"] is False


def test_on_a_role_reading_the_namespaces_secrets_bound_to_the_service_account_before_the_deployment():
    run = _run({"kubernetes": {"read_namespace_secrets": True}})
    role = run.one(ROLE).plain()
    pod = run.one(DEPLOYMENT).plain()
    namespace, account = pod["metadata"]["namespace"], pod["spec"]["template"]["spec"]["serviceAccountName"]
    assert role["metadata"]["namespace"] == namespace
    assert role["rules"] == [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}]
    binding = run.one(BINDING).plain()
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                                  "name": role["metadata"]["name"]}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": account, "namespace": namespace}]
    deployment = run.one(DEPLOYMENT)
    assert deployment.plain()["spec"]["template"]["spec"]["automountServiceAccountToken"] is True
    assert {run.one(ROLE).urn, run.one(BINDING).urn} <= set(deployment.dependencies)


def test_refused_in_a_namespace_every_application_and_recipe_shares():
    """Review R-K8S-13: in the shared layout the Role would read the recipes' passwords and every
    other application's Secrets (`list` returns their data; RBAC cannot narrow `list` by name:
    kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources)."""
    import pytest

    from radius_components.testing import validation_error_in
    from tests.helpers.mocks import recorded

    with recorded() as registrations:
        with pytest.raises(Exception) as info:
            run_program(_program({"kubernetes": {"read_namespace_secrets": True}}, application_namespaces=False))
    error = validation_error_in(info.value)
    assert error is not None and error.field == "runtimes.kubernetes.read_namespace_secrets"
    assert "application_namespaces=True" in error.fix
    assert [r for r in registrations if r.type.startswith("kubernetes:")] == []


def test_no_role_of_any_example_lists_secrets_of_a_shared_namespace():
    """The class: a Role granting `list` (or an unnamed `get`) on Secrets is only ever in an
    application's own namespace, never in the environment's namespace the recipes' Secrets are in."""
    from tests.kubernetes.examples import PROGRAMS, run_of

    for example in PROGRAMS:
        run = run_of(example)
        application_namespaces = {
            r.plain()["metadata"]["name"]
            for r in run.of_type("kubernetes:core/v1:Namespace") + run.of_type("kubernetes:core/v1:NamespacePatch")
            if "radapp.io/application" in r.plain()["metadata"].get("labels", {})}
        for role in run.of_type(ROLE):
            manifest = role.plain()
            for rule in manifest["rules"]:
                wide = "secrets" in rule["resources"] and (
                    "list" in rule["verbs"] or not rule.get("resourceNames"))
                assert not wide or manifest["metadata"]["namespace"] in application_namespaces, \
                    (example, manifest["metadata"]["name"])
