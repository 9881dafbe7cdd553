"""Bad input gets a clear RadiusValidationError and registers nothing.

Every message has four parts (docs/architecture.md, section 8): the component ("Container 'demo'"), the
field path ("container.ports.web.container_port"), the bad value (its repr) and a fix
("Fix: ..."). Each test runs a program under the recording mocks: it declares a good
Environment 'dev' and Application 'todo' first, then the bad component inside
`pytest.raises`, and checks that nothing of the bad component was registered.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

import radius_components as rad
from radius_components.errors import MISSING
from radius_components import PlatformNotAvailableError, RadiusValidationError
from radius_components.capabilities import KINDS
from tests.helpers.kinds import COMPUTE
from tests.helpers.mocks import run_program


def fail(build: Callable[[Any, Any], Any], error: type[Exception] = RadiusValidationError):
    """Run env 'dev' + app 'todo' + `build(env, app)`, which must raise `error`.

    Returns (the error, the recording of the run).
    """
    caught: dict[str, Any] = {}

    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        with pytest.raises(error) as info:
            build(env, app)
        caught["error"] = info.value

    recording = run_program(program)
    # The good components before the bad one did register: the recording works.
    recording.one("radius:index:Application", "todo")
    return caught["error"], recording


def assert_message(error: Exception, component: str, field: str, value: Any, *more: str) -> None:
    text = str(error)
    assert f"{component}: {field} = {value!r}: " in text, text
    assert "Fix: " in text, text
    for part in more:
        assert part in text, f"{part!r} not in {text!r}"


def assert_registered_nothing(recording, name: str, token: str = "radius:index:Container") -> None:
    leaked = [(r.type, r.name) for r in recording.resources if r.name.startswith(name)]
    assert leaked == [], f"{name} registered {leaked}"
    assert [r for r in recording.of_type(token) if r.name == name] == []


def container(app, name: str = "demo", spec: dict | None = None, **kwargs):
    return rad.Container(name, application=app, container=spec if spec is not None else {"image": "img"}, **kwargs)


# ---------------------------------------------------------------------------------------
# the container block


def test_missing_image():
    error, recording = fail(lambda env, app: container(app, spec={"ports": {"web": {"containerPort": 80}}}))
    assert_message(error, "Container 'demo'", "container.image", MISSING, "Field required", "Fix: set container.image")
    assert error.field == "container.image"
    assert_registered_nothing(recording, "demo")


@pytest.mark.parametrize("port, bound", [(0, "greater than or equal to 1"), (70000, "less than or equal to 65535")])
def test_port_outside_1_to_65535(port, bound):
    spec = {"image": "img", "ports": {"web": {"containerPort": port}}}
    error, recording = fail(lambda env, app: container(app, spec=spec))
    assert_message(error, "Container 'demo'", "container.ports.web.container_port", port, bound)
    assert_registered_nothing(recording, "demo")


def test_duplicated_container_port():
    spec = {"image": "img", "ports": {"web": {"container_port": 3000}, "admin": {"container_port": 3000}}}
    error, recording = fail(lambda env, app: container(app, spec=spec))
    assert_message(error, "Container 'demo'", "container.ports.admin.container_port", 3000,
                   "ports 'web' and 'admin' both declare TCP port 3000", "Fix: give each port a different container_port")
    assert_registered_nothing(recording, "demo")


@pytest.mark.parametrize("kind", KINDS)
def test_probe_on_a_port_the_container_does_not_declare_is_a_warning(kind):
    # Radius's renderer probes whatever port it is given (its probe cases in render_test.go,
    # e.g. Test_Render_ReadinessProbeHttpGet, probe 8080 on a container exposing 80), and every
    # kind can run such a probe: a kubelet (kubernetes, knative, aca, aci) probes the pod's IP
    # on any port, ECS runs the check inside the container, Cloud Run probes the instance.
    # So it deploys, with a warning naming the field, the port and the declared ones.
    spec = {"image": "img", "ports": {"web": {"container_port": 3000}},
            "readiness_probe": {"kind": "httpGet", "container_port": 8080, "path": "/healthz"}}

    def program():
        env = rad.Environment("dev", compute=COMPUTE[kind]())
        rad.Container("demo", application=rad.Application("todo", environment=env), container=spec)

    recording = run_program(program)
    warnings = [w for w in recording.warnings if "container.readiness_probe.container_port 8080" in w]
    assert len(warnings) == 1 and "[3000]" in warnings[0], recording.warnings


def test_unknown_field_typo_in_container():
    spec = {"image": "img", "imag": "other"}
    error, recording = fail(lambda env, app: container(app, spec=spec))
    assert_message(error, "Container 'demo'", "container.imag", "other", "Extra inputs are not permitted",
                   "check its spelling")
    assert_registered_nothing(recording, "demo")


def test_unknown_camel_case_field_typo_in_container():
    spec = {"image": "img", "readinessProbe": {"kind": "tcp", "containerPort": 80, "initialDelaySecond": 3},
            "ports": {"web": {"containerPort": 80}}}
    error, recording = fail(lambda env, app: container(app, spec=spec))
    assert_message(error, "Container 'demo'", "container.readiness_probe.initialDelaySecond", 3, "check its spelling")
    assert_registered_nothing(recording, "demo")


@pytest.mark.parametrize("name", ["1BAD", "BAD NAME", "A=B"])
def test_invalid_env_var_name(name):
    spec = {"image": "img", "env": {name: "x"}}
    error, recording = fail(lambda env, app: container(app, spec=spec))
    assert_message(error, "Container 'demo'", f"container.env.{name}", name,
                   "not a valid environment variable name", "start with a letter or '_'")
    assert_registered_nothing(recording, "demo")


def test_env_value_of_a_wrong_type_is_one_error_at_the_value():
    spec = {"image": "img", "env": {"A": {"value": [1]}}}
    error, _ = fail(lambda env, app: container(app, spec=spec))
    assert_message(error, "Container 'demo'", "container.env.A.value", [1])
    assert not hasattr(error, "errors"), str(error)


@pytest.mark.parametrize("cpu", ["lots", "1.5 cores", "-1"])
def test_invalid_cpu_quantity(cpu):
    spec = {"image": "img", "resources": {"requests": {"cpu": cpu}}}
    error, recording = fail(lambda env, app: container(app, spec=spec))
    assert_message(error, "Container 'demo'", "container.resources.requests.cpu", cpu,
                   "is not a resource quantity", "'500m'")
    assert_registered_nothing(recording, "demo")


def test_persistent_volume_without_a_source():
    spec = {"image": "img", "volumes": {"data": {"kind": "persistent", "mountPath": "/data"}}}
    error, recording = fail(lambda env, app: container(app, spec=spec))
    assert "Container 'demo': container.volumes.data.source = (not set)" in str(error)
    assert_registered_nothing(recording, "demo")


def test_unknown_volume_kind():
    spec = {"image": "img", "volumes": {"data": {"kind": "azure.com.keyvault", "mountPath": "/data"}}}
    error, recording = fail(lambda env, app: container(app, spec=spec))
    assert_message(error, "Container 'demo'", "container.volumes.data.kind", "azure.com.keyvault")
    assert_registered_nothing(recording, "demo")


# ---------------------------------------------------------------------------------------
# extensions


def test_unknown_extension_kind():
    error, recording = fail(lambda env, app: container(app, extensions=[{"kind": "verticalScaling", "maxReplicas": 3}]))
    assert_message(error, "Container 'demo'", "extensions[0].kind", "verticalScaling",
                   "Fix: use one of 'manualScaling', 'autoScaling', 'kubernetesMetadata', 'daprSidecar'")
    assert_registered_nothing(recording, "demo")


def test_duplicate_extension_kind():
    extensions = [{"kind": "manualScaling", "replicas": 1}, {"kind": "manualScaling", "replicas": 2}]
    error, recording = fail(lambda env, app: container(app, extensions=extensions))
    assert_message(error, "Container 'demo'", "extensions[1].kind", "manualScaling",
                   "this extension kind is given twice", "Fix: merge them into one entry")
    assert_registered_nothing(recording, "demo")


def test_field_path_of_an_extension_field_has_no_union_tag():
    error, _ = fail(lambda env, app: container(app, extensions=[{"kind": "manualScaling", "replicas": -1}]))
    assert error.field == "extensions[0].replicas"


# ---------------------------------------------------------------------------------------
# connections


def test_two_connections_producing_the_same_env_name():
    def build(env, app):
        a = rad.RedisCache("cache-a", application=app)
        b = rad.RedisCache("cache-b", application=app)
        # Radius keeps the case of nothing but letters: MY-REDIS and My-Redis are one name.
        container(app, connections={"my-redis": {"source": a}, "My-Redis": {"source": b}})

    error, recording = fail(build)
    assert_message(error, "Container 'demo'", "connections.my-redis", "my-redis", "CONNECTION_MY-REDIS_HOST",
                   "CONNECTION_MY-REDIS_PASSWORD", "which connection My-Redis produces too", "Fix: rename one of the connections")
    assert str(error).count("\n") == 0, "one error for the pair, listing every clashing variable"
    assert_registered_nothing(recording, "demo")


@pytest.mark.parametrize("source", [5, None, ["http://api:80"]], ids=["int", "none", "list"])
def test_connection_source_of_an_unsupported_type(source):
    error, recording = fail(lambda env, app: container(app, connections={"api": {"source": source}}))
    assert_message(error, "Container 'demo'", "connections.api.source", source,
                   "not something a container can connect to", "Fix: pass a RedisCache or Container component")
    assert_registered_nothing(recording, "demo")


@pytest.mark.parametrize("source", ["redis", "backend:8080", "ftp://files.example"])
def test_connection_source_string_that_is_not_a_url(source):
    error, recording = fail(lambda env, app: container(app, connections={"cache": {"source": source}}))
    assert_message(error, "Container 'demo'", "connections.cache.source", source,
                   "must be a URL", "Fix: give 'scheme://host:port'")
    assert_registered_nothing(recording, "demo")


def test_connection_source_that_is_an_environment():
    holder = {}

    def build(env, app):
        holder["env"] = env
        container(app, connections={"env": {"source": env}})

    error, recording = fail(build)
    assert_message(error, "Container 'demo'", "connections.env.source", holder["env"],
                   "not something a container can connect to")
    assert_registered_nothing(recording, "demo")


@pytest.mark.parametrize("kind", ["RedisCache", "Container"])
def test_connection_to_a_resource_of_another_environment(kind):
    def build(env, app):
        prod = rad.Environment("prod", compute=rad.KubernetesCompute(namespace="prod"))
        other = rad.Application("other", environment=prod)
        if kind == "RedisCache":
            source = rad.RedisCache("cache", application=other)
        else:
            source = rad.Container("backend", application=other,
                                   container={"image": "img", "ports": {"web": {"containerPort": 80}}})
        container(app, connections={"dep": {"source": source}})

    error, recording = fail(build)
    shown = ("Applications.Datastores/redisCaches 'cache'" if kind == "RedisCache"
             else "Applications.Core/containers 'backend'")
    assert_message(error, "Container 'demo'", "connections.dep.source", shown,
                   "it belongs to environment 'prod', this container to 'dev'", "Fix: connect only to resources")
    assert_registered_nothing(recording, "demo")


def test_connection_to_a_container_without_ports_names_the_connecting_container():
    def build(env, app):
        backend = rad.Container("backend", application=app, container={"image": "img"})
        container(app, connections={"api": {"source": backend}})

    error, _ = fail(build)
    assert "Container 'demo'" in str(error)
    assert "connections.api.source" in str(error)


def test_user_env_entry_wins_over_a_connection_variable_and_warns(run):
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        container(app, spec={"image": "img", "env": {"CONNECTION_API_HOSTNAME": "override.internal"}},
                  connections={"api": {"source": "http://api.example:8080"}})

    recording = run(program)
    env = recording.one("kubernetes:apps/v1:Deployment", "demo-deployment").plain()["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env == [
        {"name": "CONNECTION_API_HOSTNAME", "value": "override.internal"},
        {"name": "CONNECTION_API_PORT", "value": "8080"},
        {"name": "CONNECTION_API_SCHEME", "value": "http"},
    ]
    assert len(recording.warnings) == 1
    warning = recording.warnings[0]
    assert "Container 'demo'" in warning
    assert "CONNECTION_API_HOSTNAME" in warning
    assert "connection api" in warning
    assert "the env entry wins" in warning


# ---------------------------------------------------------------------------------------
# RedisCache


def test_manual_redis_cache_without_host_and_port():
    error, recording = fail(lambda env, app: rad.RedisCache("cache", application=app, resource_provisioning="manual"))
    text = str(error)
    assert text.startswith("RedisCache 'cache': ")
    assert "resource_provisioning='manual' needs host and port" in text
    assert "Fix: pass host=..., port=..., or use resource_provisioning='recipe'" in text
    assert_registered_nothing(recording, "cache", "radius:index:RedisCache")


def test_manual_redis_cache_without_port():
    error, recording = fail(lambda env, app: rad.RedisCache("cache", application=app, resource_provisioning="manual",
                                                            host="redis.example"))
    assert "needs port" in str(error)
    assert "Fix: pass port=..." in str(error)
    assert_registered_nothing(recording, "cache", "radius:index:RedisCache")


def test_manual_redis_cache_error_names_the_missing_field():
    error, _ = fail(lambda env, app: rad.RedisCache("cache", application=app, resource_provisioning="manual"))
    assert_message(error, "RedisCache 'cache'", "host", MISSING, "needs host and port", "Fix: pass host=..., port=...")


def test_unknown_recipe_name():
    error, recording = fail(lambda env, app: rad.RedisCache("cache", application=app, recipe={"name": "fancy"}))
    assert_message(error, "RedisCache 'cache'", "recipe.name", "fancy",
                   "environment 'dev' (kubernetes) has no RedisCache recipe by that name", "Fix: use one of ['default']")
    assert_registered_nothing(recording, "cache", "radius:index:RedisCache")


def test_unknown_recipe_parameter_registers_nothing():
    error, recording = fail(lambda env, app: rad.RedisCache("cache", application=app,
                                                            recipe={"parameters": {"imag": "redis:7"}}))
    assert_message(error, "RedisCache 'cache'", "recipe.parameters.imag", "redis:7")
    assert_registered_nothing(recording, "cache", "radius:index:RedisCache")


# ---------------------------------------------------------------------------------------
# names on kubernetes


def test_application_name_that_cannot_be_a_kubernetes_name():
    error, recording = fail(lambda env, app: rad.Application("1abc", environment=env))
    text = str(error)
    assert text.startswith("Application '1abc': name = '1abc': ")
    assert "would start with a digit" in text
    assert "Fix: use a name that starts with a letter" in text
    assert_registered_nothing(recording, "1abc", "radius:index:Application")


def test_application_name_error_shows_the_application_name_as_value():
    error, _ = fail(lambda env, app: rad.Application("1abc", environment=env))
    assert_message(error, "Application '1abc'", "name", "1abc")
    assert "1abc-x" not in str(error)


def test_container_name_starting_with_a_digit_is_valid_behind_the_app_prefix(run):
    # In the earlier layout Kubernetes names are <app>-<resource>, so "1abc" becomes the DNS-1035
    # label "todo-1abc".
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev", application_namespaces=False))
        container(rad.Application("todo", environment=env), name="1abc")

    recording = run(program)
    deployment = recording.one("kubernetes:apps/v1:Deployment", "1abc-deployment").plain()
    assert deployment["metadata"]["name"] == "todo-1abc"


def test_container_name_starting_with_a_digit_is_refused_in_radius_layout():
    # Radius's layout (the default) names the Service after the container, and a Service name is a
    # DNS-1035 label: it must start with a letter (kubernetes.io/docs/concepts/overview/
    # working-with-objects/names/#rfc-1035-label-names).
    error, recording = fail(lambda env, app: container(app, name="1abc"))
    assert error.component == "Container '1abc'" and error.field == "name"
    assert_registered_nothing(recording, "1abc")


def test_container_name_without_any_usable_character():
    error, recording = fail(lambda env, app: container(app, name="___"))
    assert error.component == "Container '___'"
    assert error.field == "name"
    assert_registered_nothing(recording, "___")


# ---------------------------------------------------------------------------------------
# kubernetes punch-through, policy and roles


def test_restart_policy_never_on_kubernetes():
    error, recording = fail(lambda env, app: container(app, restart_policy="Never"))
    assert_message(error, "Container 'demo'", "restart_policy", "Never",
                   "a Kubernetes Deployment only runs pods with restartPolicy Always", "Fix: use restart_policy='Always'")
    assert_registered_nothing(recording, "demo")


def test_runtimes_kubernetes_base_with_a_kind_it_cannot_deploy():
    # ConfigMaps and Secrets are deployed as given (tests/kubernetes/test_base_manifest_objects.py);
    # any other kind is refused.
    base = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n"
    error, recording = fail(lambda env, app: container(app, runtimes={"kubernetes": {"base": base}}))
    assert_message(error, "Container 'demo'", "runtimes.kubernetes.base[0].kind", "Job",
                   "shapes the objects a container expands into, and adds ConfigMaps and Secrets",
                   "Fix: use one of ['ConfigMap', 'Deployment', 'Secret', 'Service', 'ServiceAccount']")
    assert_registered_nothing(recording, "demo")


def test_runtimes_kubernetes_base_with_invalid_yaml():
    base = "kind: Deployment\nspec: [unclosed\n  template: {"
    error, recording = fail(lambda env, app: container(app, runtimes={"kubernetes": {"base": base}}))
    assert_message(error, "Container 'demo'", "runtimes.kubernetes.base", base,
                   "not valid YAML", "Fix: give one or more YAML documents")
    assert_registered_nothing(recording, "demo")


def test_iam_role_that_is_not_a_kubernetes_role_reference():
    connections = {"api": {"source": "http://api:8080", "iam": {"roles": ["view", "Foo/bar"]}}}
    error, recording = fail(lambda env, app: container(app, connections=connections))
    assert_message(error, "Container 'demo'", "connections.api.iam.roles[1]", "Foo/bar",
                   "not a Kubernetes role reference", "'ClusterRole/name'")
    assert_registered_nothing(recording, "demo")


# ---------------------------------------------------------------------------------------
# environments


@pytest.mark.parametrize("namespace", ["Bad_NS", "-dev", "x" * 64])
def test_invalid_kubernetes_namespace(namespace):
    error, recording = fail(lambda env, app: rad.Environment("bad", compute=rad.KubernetesCompute(namespace=namespace)))
    assert_message(error, "Environment 'bad'", "compute.namespace", namespace,
                   "not a valid Kubernetes namespace name", "Fix: use at most 63 lowercase letters")
    assert_registered_nothing(recording, "bad", "radius:index:Environment")


@pytest.mark.parametrize("compute", [
    # A kind nobody registered a platform for.
    {"kind": "nomad", "region": "global"},
], ids=["dict"])
def test_compute_kind_whose_platform_is_not_available(compute):
    error, recording = fail(lambda env, app: rad.Environment("azure", compute=compute), PlatformNotAvailableError)
    # Bad input like any other (issue 23): a RadiusValidationError naming compute.kind, and still
    # a PlatformNotAvailableError for code that catches that.
    assert isinstance(error, RadiusValidationError) and error.field == "compute.kind" and error.value == "nomad"
    text = str(error)
    assert "compute kind 'nomad'" in text
    assert "(available: " in text and "kubernetes" in text
    assert "Fix: " in text
    assert "register_platform()" in text
    assert_registered_nothing(recording, "azure", "radius:index:Environment")


def test_image_reference_no_registry_accepts():
    error, recording = fail(lambda env, app: container(app, spec={"image": "ghcr.io/Example/Web:1.0"}))
    assert_message(error, "Container 'demo'", "container.image", "ghcr.io/Example/Web:1.0",
                   "must be lower case", "Fix: use 'ghcr.io/example/web:1.0'")
    assert_registered_nothing(recording, "demo")


# ---------------------------------------------------------------------------------------
# component names


@pytest.mark.parametrize("name", ["", "   ", "web\n", " web", 42, None])
def test_check_component_name_refuses_what_no_kind_can_name(name):
    from radius_components.arguments import check_component_name

    with pytest.raises(RadiusValidationError) as info:
        check_component_name("Container", name)
    assert info.value.field == "name" and "Fix: " in str(info.value)


def test_check_component_name_takes_a_good_name():
    from radius_components.arguments import check_component_name

    check_component_name("Environment", "prod")


def test_an_empty_environment_name_is_a_radius_validation_error():
    error, _ = fail(lambda env, app: rad.Environment("", compute=rad.KubernetesCompute(namespace="dev")))
    assert error.field == "name"
