"""The kubernetes compute kind: what each feature registers, asserted on types, names, inputs.

Pinned to the earlier layout (`application_namespaces=False`: every application in the
environment's namespace, objects `<app>-<resource>`), which existing stacks keep with that
setting; Radius's layout, the default, is asserted in test_application_namespaces.py and the
conformance suite (tests/kubernetes/conformance/)."""

from __future__ import annotations

import pulumi
import pytest

import radius_components as rad
import kubernetes_validate

from tests.helpers.kubernetes import KUBERNETES_VERSION
from tests.helpers.mocks import GENERATED_HEX, GENERATED_PASSWORD, run_program
from tests.helpers.programs import DEMO_IMAGE, USER_PASSWORD, as_program, demo, everything

DEPLOYMENT = "kubernetes:apps/v1:Deployment"
SERVICE = "kubernetes:core/v1:Service"
SECRET = "kubernetes:core/v1:Secret"
SA = "kubernetes:core/v1:ServiceAccount"


def pod_spec(run, name):
    return run.one(DEPLOYMENT, f"{name}-deployment").plain()["spec"]["template"]["spec"]


def env_of(run, name):
    return {e["name"]: e for e in pod_spec(run, name)["containers"][0]["env"]}


def earlier_demo():
    return demo(application_namespaces=False)


def earlier_everything():
    return everything(application_namespaces=False)


@pytest.fixture(scope="module")
def demo_run():
    return run_program(as_program(earlier_demo))


@pytest.fixture(scope="module")
def full_run():
    return run_program(as_program(earlier_everything))


# -- the demo of the issue ----------------------------------------------------------------


def test_demo_registers_exactly_the_expected_resources(demo_run):
    got = sorted((r.type, r.name) for r in demo_run.resources)
    assert got == sorted([
        ("radius:index:Environment", "dev"),
        ("radius:index:Application", "todo"),
        ("radius:index:RedisCache", "db"),
        ("radius:index:Container", "demo"),
        ("radius:internal:Expanded", "demo"),  # what depends_on=[demo] waits for (radius_components.expansion)
        ("kubernetes:core/v1:Namespace", "dev-namespace"),
        ("random:index/randomPassword:RandomPassword", "db-password"),
        (SECRET, "db-password-secret"),
        (DEPLOYMENT, "db-deployment"),
        (SERVICE, "db-service"),
        ("random:index/randomId:RandomId", "db-password-revision"),
        ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "db-network-policy"),
        ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "demo-to-redis-network-policy"),
        (SA, "demo-identity"),
        ("random:index/randomId:RandomId", "demo-secrets-revision"),
        (SECRET, "demo-secrets"),
        (DEPLOYMENT, "demo-deployment"),
        (SERVICE, "demo-service"),
    ])


def test_children_are_parented_to_their_component(demo_run):
    parent_of = {r.name: r.parent.rsplit("::", 1)[-1] for r in demo_run.resources}
    for child in ("demo-identity", "demo-secrets", "demo-deployment", "demo-service", "demo-secrets-revision"):
        assert parent_of[child] == "demo"
        assert "radius:index:Container" in demo_run.named(child).parent
    for child in ("db-password", "db-password-secret", "db-deployment", "db-service"):
        assert parent_of[child] == "db"
    assert parent_of["dev-namespace"] == "dev"


def test_namespace_is_created_and_every_object_lives_in_it(demo_run):
    ns = demo_run.one("kubernetes:core/v1:Namespace").plain()
    assert ns["metadata"]["name"] == "dev"
    for r in demo_run.resources:
        if r.type.startswith("kubernetes:") and r.type != "kubernetes:core/v1:Namespace":
            assert r.plain()["metadata"]["namespace"] == "dev", r.name


def test_demo_container_gets_plain_values_and_secret_refs(demo_run):
    env = env_of(demo_run, "demo")
    assert list(env) == sorted(env), "the final environment is sorted by name"
    assert env["CONNECTION_REDIS_HOST"]["value"] == "todo-db.dev.svc.cluster.local"
    assert env["CONNECTION_REDIS_PORT"]["value"] == "6379"
    assert env["CONNECTION_REDIS_USERNAME"]["value"] == "default"
    assert env["CONNECTION_REDIS_TLS"]["value"] == "false"
    for name in ("CONNECTION_REDIS_PASSWORD", "CONNECTION_REDIS_URL", "CONNECTION_REDIS_CONNECTIONSTRING"):
        assert "value" not in env[name]
        assert env[name]["valueFrom"] == {"secretKeyRef": {"name": "todo-demo-secrets", "key": name}}


def test_connection_secret_holds_the_computed_secret_values(demo_run):
    secret = demo_run.one(SECRET, "demo-secrets")
    data = secret.plain()["stringData"]
    host = "todo-db.dev.svc.cluster.local"
    assert data == {
        "CONNECTION_REDIS_PASSWORD": GENERATED_PASSWORD,
        "CONNECTION_REDIS_URL": f"redis://default:{GENERATED_PASSWORD}@{host}:6379/0",
        "CONNECTION_REDIS_CONNECTIONSTRING": f"{host}:6379,abortConnect=False,user=default,password={GENERATED_PASSWORD}",
    }
    assert secret.plain()["metadata"]["name"] == "todo-demo-secrets"
    assert secret.plain()["type"] == "Opaque"


def test_pods_roll_when_secrets_change(demo_run):
    template = demo_run.one(DEPLOYMENT, "demo-deployment").plain()["spec"]["template"]
    assert template["metadata"]["annotations"]["radapp.io/secrets-revision"] == GENERATED_HEX
    revision = demo_run.one("random:index/randomId:RandomId", "demo-secrets-revision").plain()
    assert set(revision["keepers"]) == {"CONNECTION_REDIS_PASSWORD", "CONNECTION_REDIS_URL", "CONNECTION_REDIS_CONNECTIONSTRING"}


def test_labels_and_selector(demo_run):
    dep = demo_run.one(DEPLOYMENT, "demo-deployment").plain()
    expected = {
        "app.kubernetes.io/name": "demo", "app.kubernetes.io/part-of": "todo",
        "app.kubernetes.io/managed-by": "radius-components", "radapp.io/application": "todo",
        "radapp.io/resource": "demo", "radapp.io/resource-type": "applications.core-containers",
    }
    assert dep["metadata"]["labels"] == expected
    assert dep["spec"]["template"]["metadata"]["labels"] == expected
    assert dep["spec"]["selector"]["matchLabels"] == {"radapp.io/application": "todo", "radapp.io/resource": "demo"}
    svc = demo_run.one(SERVICE, "demo-service").plain()
    assert svc["spec"]["selector"] == dep["spec"]["selector"]["matchLabels"]


def test_service_account_per_container_without_token_by_default(demo_run):
    sa = demo_run.one(SA, "demo-identity").plain()
    assert sa["metadata"]["name"] == "todo-demo"
    assert sa["automountServiceAccountToken"] is False
    pod = pod_spec(demo_run, "demo")
    assert pod["serviceAccountName"] == "todo-demo"
    assert pod["automountServiceAccountToken"] is False


def test_cluster_ip_service_for_ports(demo_run):
    svc = demo_run.one(SERVICE, "demo-service").plain()
    assert svc["metadata"]["name"] == "todo-demo"
    assert svc["spec"]["type"] == "ClusterIP"
    assert svc["spec"]["ports"] == [{"name": "web", "port": 3000, "targetPort": 3000, "protocol": "TCP"}]
    container = pod_spec(demo_run, "demo")["containers"][0]
    assert container["image"] == DEMO_IMAGE
    assert container["ports"] == [{"name": "web", "containerPort": 3000, "protocol": "TCP"}]


def test_container_outputs_are_registered(demo_run):
    outputs = demo_run.one("radius:index:Container", "demo").outputs
    assert outputs["workload_name"] == "todo-demo"
    assert outputs["identity"] == "todo-demo"
    assert outputs["internal_url"] == "http://todo-demo.dev.svc.cluster.local:3000"
    assert outputs["internal_hostname"] == "todo-demo.dev.svc.cluster.local"
    assert outputs["namespace"] == "dev"
    env_outputs = demo_run.one("radius:index:Environment").outputs
    assert env_outputs == {"namespace": "dev", "kind": "kubernetes"}


# -- Redis recipe -------------------------------------------------------------------------


def test_redis_recipe_requires_auth_without_password_in_the_deployment(demo_run):
    dep = demo_run.one(DEPLOYMENT, "db-deployment").plain()
    container = dep["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][:2] == ["--requirepass", "$(REDIS_PASSWORD)"]
    assert container["env"] == [{"name": "REDIS_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "todo-db", "key": "password"}}}]
    assert GENERATED_PASSWORD not in str(dep)
    secret = demo_run.one(SECRET, "db-password-secret").plain()
    assert secret["stringData"] == {"password": GENERATED_PASSWORD}
    password = demo_run.one("random:index/randomPassword:RandomPassword").plain()
    assert password["length"] == 32 and password["special"] is False
    svc = demo_run.one(SERVICE, "db-service").plain()
    assert svc["metadata"]["name"] == "todo-db"
    assert svc["spec"]["ports"][0]["port"] == 6379


def test_redis_recipe_protects_stateful_resources_by_default(demo_run):
    assert demo_run.one(DEPLOYMENT, "db-deployment").protect is True
    assert demo_run.one("random:index/randomPassword:RandomPassword").protect is True
    assert demo_run.one(DEPLOYMENT, "demo-deployment").protect is False


def test_environment_can_opt_out_of_protection():
    run = run_program(as_program(lambda: demo(application_namespaces=False, protect_stateful=False)))
    assert run.one(DEPLOYMENT, "db-deployment").protect is False
    assert run.one("random:index/randomPassword:RandomPassword").protect is False


def test_redis_outputs_keep_secrets_secret(demo_run):
    outputs = demo_run.one("radius:index:RedisCache").outputs
    assert outputs["host"] == "todo-db.dev.svc.cluster.local"
    assert outputs["port"] == 6379
    for key in ("password", "url", "connection_string"):
        assert outputs[key]["4dabf18193072939515e22adb298388d"] == "1b47061264138c4ac30d75fd1eb44270", key


def test_environment_registered_recipe_replaces_the_default():
    calls = []

    def my_redis(ctx: rad.RecipeContext) -> rad.RecipeResult:
        calls.append((ctx.resource_type, ctx.resource_name, dict(ctx.parameters)))
        return rad.RecipeResult(values={"host": "my-redis.internal", "port": 6380}, secrets={"password": "recipe-pw"})

    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(application_namespaces=False, namespace="dev"),
                              recipes={"RedisCache": {"default": my_redis, "fast": my_redis}})
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app)
        rad.RedisCache("db2", application=app, recipe={"name": "fast", "parameters": {"size": "S"}})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert calls == [("RedisCache", "db", {}), ("RedisCache", "db2", {"size": "S"})]
    assert not run.of_type(DEPLOYMENT), "the built-in recipe must not run"
    outputs = run.one("radius:index:RedisCache", "db").outputs
    assert outputs["tls"] is True, "TLS follows Radius: on when the port is 6380"


def test_manual_redis_uses_the_given_values():
    run = run_program(as_program(earlier_everything))
    env = env_of(run, "backend")
    assert env["CONNECTION_CACHE_HOST"]["value"] == "redis.example.internal"
    assert env["CONNECTION_CACHE_PORT"]["value"] == "6380"
    assert env["CONNECTION_CACHE_TLS"]["value"] == "true"
    assert env["CONNECTION_CACHE_USERNAME"]["value"] == "app"
    data = run.one(SECRET, "backend-secrets").plain()["stringData"]
    assert data["CONNECTION_CACHE_URL"] == f"rediss://app:{USER_PASSWORD}@redis.example.internal:6380/0"
    assert data["CONNECTION_CACHE_CONNECTIONSTRING"] == (
        f"redis.example.internal:6380,abortConnect=False,ssl=True,user=app,password={USER_PASSWORD}")
    assert not [r for r in run.resources if r.name.startswith("cache-")], "manual mode provisions nothing"


# -- the whole container surface ------------------------------------------------------------


def test_container_fields_map_to_the_pod(full_run):
    c = pod_spec(full_run, "backend")["containers"][0]
    assert c["image"] == "ghcr.io/example/backend:1.2.3"
    assert c["imagePullPolicy"] == "IfNotPresent"
    assert c["command"] == ["/app/server"]
    assert c["args"] == ["--port", "8080"]
    assert c["workingDir"] == "/app"
    assert c["ports"] == [
        {"name": "api", "containerPort": 8080, "protocol": "TCP"},
        {"name": "metrics", "containerPort": 9090, "protocol": "TCP"},
        {"name": "dns", "containerPort": 5353, "protocol": "UDP"},
    ]
    assert c["resources"] == {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}}


def test_probes_map_to_kubernetes_probes(full_run):
    c = pod_spec(full_run, "backend")["containers"][0]
    assert c["readinessProbe"] == {"httpGet": {"path": "/ready", "port": 8080}, "initialDelaySeconds": 2,
                                   "periodSeconds": 5, "timeoutSeconds": 2, "failureThreshold": 4}
    # A field the user leaves out gets Radius's value (render.go: initial delay 0, period 10,
    # failure threshold 3, timeout 5), not Kubernetes' (timeout 1).
    assert c["livenessProbe"] == {"tcpSocket": {"port": 8080}, "periodSeconds": 15, "timeoutSeconds": 5, "failureThreshold": 3}
    front = pod_spec(full_run, "frontend")["containers"][0]
    assert front["livenessProbe"] == {"exec": {"command": ["cat", "/tmp/healthy"]}, "periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 3}


def test_volumes_become_empty_dirs(full_run):
    pod = pod_spec(full_run, "backend")
    assert pod["volumes"] == [{"name": "scratch", "emptyDir": {"medium": "Memory"}}, {"name": "tmp", "emptyDir": {}}]
    assert pod["containers"][0]["volumeMounts"] == [{"name": "scratch", "mountPath": "/scratch"},
                                                    {"name": "tmp", "mountPath": "/tmp"}]


def test_user_env_values_are_formatted_and_secret_refs_kept(full_run):
    env = env_of(full_run, "backend")
    assert env["LOG_LEVEL"]["value"] == "debug"
    assert env["WORKERS"]["value"] == "4"
    assert env["FEATURE_X"]["value"] == "true"
    assert env["API_TOKEN"]["valueFrom"] == {"secretKeyRef": {"name": "existing-api-secret", "key": "token"}}
    assert env["CACHE_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "shop-backend-secrets", "key": "CACHE_PASSWORD"}}
    data = full_run.one(SECRET, "backend-secrets").plain()["stringData"]
    assert data["CACHE_PASSWORD"] == USER_PASSWORD


def test_manual_scaling_sets_replicas(full_run):
    assert full_run.one(DEPLOYMENT, "backend-deployment").plain()["spec"]["replicas"] == 3
    assert "replicas" not in full_run.one(DEPLOYMENT, "frontend-deployment").plain()["spec"]


def test_dapr_sidecar_annotations(full_run):
    annotations = full_run.one(DEPLOYMENT, "backend-deployment").plain()["spec"]["template"]["metadata"]["annotations"]
    assert annotations["dapr.io/enabled"] == "true"
    assert annotations["dapr.io/app-id"] == "backend"
    assert annotations["dapr.io/app-port"] == "8080"
    assert annotations["dapr.io/app-protocol"] == "http"
    assert annotations["dapr.io/config"] == "tracing"


def test_kubernetes_metadata_reaches_every_object_of_the_container(full_run):
    for r in full_run.resources:
        if r.type.startswith("kubernetes:") and r.parent.endswith("::backend") and r.type != "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding":
            meta = r.plain()["metadata"]
            assert meta["labels"]["team"] == "payments", r.name
            assert meta["annotations"]["owner"] == "payments@example.com", r.name
    template = full_run.one(DEPLOYMENT, "backend-deployment").plain()["spec"]["template"]["metadata"]
    assert template["labels"]["team"] == "payments"
    assert template["annotations"]["owner"] == "payments@example.com"


def test_base_manifest_is_merged_under_the_generated_objects(full_run):
    dep = full_run.one(DEPLOYMENT, "backend-deployment").plain()
    assert dep["metadata"]["name"] == "shop-backend", "generated name wins over the base"
    assert dep["metadata"]["annotations"]["from-base"] == "yes"
    pod = dep["spec"]["template"]["spec"]
    assert pod["nodeSelector"] == {"pool": "general"}
    container = pod["containers"][0]
    assert len(pod["containers"]) == 1
    assert container["image"] == "ghcr.io/example/backend:1.2.3"
    assert container["terminationMessagePolicy"] == "FallbackToLogsOnError"


def test_pod_patch_is_a_strategic_merge(full_run):
    pod = pod_spec(full_run, "backend")
    assert pod["tolerations"] == [{"key": "dedicated", "operator": "Equal", "value": "shop", "effect": "NoSchedule"}]
    container = pod["containers"][0]
    assert container["securityContext"] == {"runAsNonRoot": True}
    assert container["image"] == "ghcr.io/example/backend:1.2.3", "merged by name, not replaced"


def test_iam_roles_become_namespaced_role_bindings(full_run):
    bindings = full_run.k8s("RoleBinding")
    assert sorted(b.name for b in bindings) == ["backend-cache-clusterrole-view", "backend-cache-role-config-reader"]
    refs = sorted((b.plain()["roleRef"]["kind"], b.plain()["roleRef"]["name"]) for b in bindings)
    assert refs == [("ClusterRole", "view"), ("Role", "config-reader")]
    for b in bindings:
        assert b.plain()["subjects"] == [{"kind": "ServiceAccount", "name": "shop-backend", "namespace": "prod"}]
        assert b.plain()["metadata"]["namespace"] == "prod"
    assert not [r for r in full_run.resources if "ClusterRoleBinding" in r.type]
    assert pod_spec(full_run, "backend")["automountServiceAccountToken"] is True
    assert full_run.one(SA, "backend-identity").plain()["automountServiceAccountToken"] is True


def test_runtimes_of_other_kinds_are_ignored(full_run):
    assert "Confidential" not in str([r.inputs for r in full_run.resources])


def test_container_to_container_and_url_connections(full_run):
    env = env_of(full_run, "frontend")
    assert env["CONNECTION_BACKEND_HOSTNAME"]["value"] == "shop-backend.prod.svc.cluster.local"
    assert env["CONNECTION_BACKEND_PORT"]["value"] == "8080"
    assert env["CONNECTION_BACKEND_SCHEME"]["value"] == "http"
    assert env["CONNECTION_BACKEND_URL"]["value"] == "http://shop-backend.prod.svc.cluster.local:8080"
    assert env["CONNECTION_PAYMENTS_SCHEME"]["value"] == "https"
    assert env["CONNECTION_PAYMENTS_HOSTNAME"]["value"] == "payments.example.com"
    assert env["CONNECTION_PAYMENTS_PORT"]["value"] == "8443"


def test_disable_default_env_vars_injects_nothing(full_run):
    env = env_of(full_run, "frontend")
    assert not [n for n in env if n.startswith("CONNECTION_QUIET_")]
    assert not full_run.of_type(SECRET) or "frontend-secrets" not in [r.name for r in full_run.of_type(SECRET)]


def test_service_ports_use_the_exposed_port(full_run):
    ports = full_run.one(SERVICE, "backend-service").plain()["spec"]["ports"]
    assert {"name": "metrics", "port": 80, "targetPort": 9090, "protocol": "TCP"} in ports
    assert {"name": "api", "port": 8080, "targetPort": 8080, "protocol": "TCP", "appProtocol": "http"} in ports


# -- environment settings -----------------------------------------------------------------


def test_existing_namespace_is_used_not_created():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(application_namespaces=False, namespace="team-a", create_namespace=False))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={"image": DEMO_IMAGE})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert not run.of_type("kubernetes:core/v1:Namespace")
    assert run.one(DEPLOYMENT).plain()["metadata"]["namespace"] == "team-a"
    assert not run.of_type(SERVICE), "no ports, no Service"
    assert not run.of_type(SECRET), "no secrets, no Secret"


@pytest.mark.parametrize("namespace", ["default", "kube-system", "kube-public", "kube-node-lease"])
def test_builtin_namespaces_are_used_never_created_or_owned(namespace):
    # Regression: KubernetesCompute() registered a Namespace `default`. pulumi-kubernetes creates
    # (it adopts only with upsertExistingObjects), so every real cluster answered AlreadyExists;
    # and a stack owning `default` would delete it on destroy (tests/engine proves it on a cluster).
    def program():
        compute = rad.KubernetesCompute(application_namespaces=False) if namespace == "default" else rad.KubernetesCompute(application_namespaces=False, namespace=namespace)
        env = rad.Environment("dev", compute=compute)
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={"image": DEMO_IMAGE})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert not run.of_type("kubernetes:core/v1:Namespace")
    assert run.one(DEPLOYMENT).plain()["metadata"]["namespace"] == namespace


def test_creating_a_builtin_namespace_is_an_error_before_anything_registers():
    def program():
        rad.Environment("dev", compute=rad.KubernetesCompute(application_namespaces=False, create_namespace=True))
        return pulumi.Output.from_input(None)

    with pytest.raises(rad.RadiusValidationError) as err:
        run_program(program)
    message = str(err.value)
    assert "compute.create_namespace" in message and "'default' always exists" in message
    assert "leave create_namespace unset" in message


def test_pods_get_no_service_link_variables(demo_run):
    # Kubernetes injects <SERVICE>_HOST/_PORT variables for every Service of the namespace unless
    # enableServiceLinks is false: they leak neighbours and can clash with CONNECTION_* names.
    for deployment in demo_run.of_type(DEPLOYMENT):
        assert deployment.plain()["spec"]["template"]["spec"]["enableServiceLinks"] is False, deployment.name


def test_render_mode_and_cluster_access_use_an_explicit_provider():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(application_namespaces=False, namespace="dev", render_yaml_to_directory="out",
                                                                    context="kind-dev"))
        app = rad.Application("todo", environment=env)
        rad.Container("demo", application=app, container={"image": DEMO_IMAGE})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    provider = run.one("pulumi:providers:kubernetes")
    assert provider.plain()["renderYamlToDirectory"] == "out"
    assert provider.plain()["context"] == "kind-dev"
    for r in run.resources:
        if r.type.startswith("kubernetes:"):
            assert r.provider.startswith(provider.urn), r.name


def _roles_program(*roles: str):
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(application_namespaces=False, namespace="dev"))
        app = rad.Application("shop", environment=env)
        rad.Container("web", application=app, container={"image": "nginx"},
                      connections={"kube": {"source": "https://kubernetes.default.svc:443", "iam": {"roles": list(roles)}}})
    return program


@pytest.mark.parametrize("role", ["ClusterRole/edit", "ClusterRole/admin", "ClusterRole/cluster-admin"])
def test_a_role_that_reads_every_secret_of_the_namespace_is_warned_about(role):
    """The built-in `edit`/`admin` ClusterRoles (and cluster-admin) read Secrets ("edit ... allows
    accessing Secrets", kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles):
    bound in the namespace they hand the container every password there."""
    run = run_program(_roles_program(role))
    assert [w for w in run.warnings if role in w and "reads every Secret of namespace 'dev'" in w]
    assert not run_program(_roles_program("ClusterRole/view")).warnings


def test_a_grant_on_one_object_is_a_generated_role_limited_by_resource_names():
    """`<verbs>:<resource>[.<group>]/<name>` generates a Role whose one rule names the object
    (resourceNames), bound to the container's ServiceAccount in the namespace only."""
    run = run_program(_roles_program("get,watch:configmaps/settings", "get:deployments.apps/shop-api"))
    roles = {r.plain()["metadata"]["name"]: r.plain() for r in run.k8s("Role")}
    rules = sorted((r["rules"][0]["apiGroups"], r["rules"][0]["resources"], r["rules"][0]["resourceNames"],
                    r["rules"][0]["verbs"]) for r in roles.values())
    assert rules == [([""], ["configmaps"], ["settings"], ["get", "watch"]),
                     (["apps"], ["deployments"], ["shop-api"], ["get"])]
    bindings = [b.plain() for b in run.k8s("RoleBinding")]
    assert sorted(b["roleRef"]["name"] for b in bindings) == sorted(roles)
    for obj in [*roles.values(), *bindings]:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        assert obj["metadata"]["namespace"] == "dev"


@pytest.mark.parametrize("role", ["create:configmaps/settings", "get:configmaps", "get:Config_Maps/x", "Group/x"])
def test_grants_that_cannot_be_limited_to_one_object_are_errors(role):
    """`create` and `deletecollection` cannot be restricted by resourceNames (RBAC docs, "Referring
    to resources"); a grant needs an object name."""
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(_roles_program(role))
    assert exc.value.field == "connections.kube.iam.roles[0]"


def test_redis_restarts_when_its_password_changes(demo_run):
    """redis-server reads --requirepass only at start: a new password (a replaced RandomPassword)
    must roll its pod, through a revision id keyed on the password (no hash of it in state)."""
    template = demo_run.one(DEPLOYMENT, "db-deployment").plain()["spec"]["template"]
    assert template["metadata"]["annotations"] == {"radapp.io/secrets-revision": GENERATED_HEX}
    revision = demo_run.one("random:index/randomId:RandomId", "db-password-revision")
    assert set(revision.plain()["keepers"]) == {"password"}
