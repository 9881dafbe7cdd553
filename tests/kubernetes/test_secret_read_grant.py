"""`runtimes.kubernetes.read_namespace_secrets`: Radius's secret access, opt-in (radius-project/
radius, pkg/corerp/renderers/container/rbac.go: a Role with get and list on secrets, bound to the
container's ServiceAccount, for every container there)."""

from __future__ import annotations

import radius_components as rad
from tests.helpers.mocks import run_program

ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role"
BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def _run(runtimes=None):
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={"image": "img"}, runtimes=runtimes)
    return run_program(program)


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
