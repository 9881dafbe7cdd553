"""Two components that would become one thing are refused before either half registers.

Two rules, both from what the deploy does (radius_components/claims.py):
- Pulumi's URN is the type chain and the name, not the application: two Containers called
  'web' in one stack are one URN, and `pulumi up` stops at "Duplicate resource URN".
- Every kind names a resource's objects from `<app>-<resource>`, lower-cased with each run
  of other characters than letters and digits turned into '-'. The tests below check that
  rule against the platforms' own name functions, so the key cannot drift from them.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

import radius_components as rad
from radius_components import RadiusValidationError
from radius_components.claims import native_key
from radius_components.names import dns_label
from radius_components.platforms.azure import names as azure_names
from radius_components.platforms.cloudrun import names as cloudrun_names
from radius_components.platforms.kubernetes import names as kubernetes_names
from tests.helpers.mocks import run_program

IMAGE = "ghcr.io/example/web:1.0"
WEB = {"image": IMAGE, "ports": {"web": {"container_port": 8080}}}


def run_refused(build: Callable[[Any], Any], compute: Any = None):
    """Run env 'dev' + `build(env)`, whose last component must be refused; returns the error
    and the recording."""
    caught: dict[str, Any] = {}

    def program():
        env = rad.Environment("dev", compute=compute or rad.KubernetesCompute(namespace="dev"))
        with pytest.raises(RadiusValidationError) as info:
            build(env)
        caught["error"] = info.value

    recording = run_program(program)
    return caught["error"], recording


def names_of(recording, token: str) -> list[str]:
    return sorted(r.name for r in recording.of_type(token))


# -- the Pulumi URN ---------------------------------------------------------------------------


def test_two_containers_of_one_name_in_one_application():
    def build(env):
        app = rad.Application("todo", environment=env)
        rad.Container("web", application=app, container=WEB)
        rad.Container("web", application=app, container=WEB)

    error, recording = run_refused(build)
    assert error.component == "Container 'web'" and error.field == "name" and error.value == "web"
    assert "Container 'web' of application 'todo' already has this name" in error.problem
    assert "Duplicate resource URN" in error.problem
    assert "give each Container its own name" in error.fix
    # The first one deployed; nothing of the second registered.
    assert names_of(recording, "radius:index:Container") == ["web"]
    assert names_of(recording, "kubernetes:apps/v1:Deployment") == ["web-deployment"]


def test_one_container_name_in_two_applications_of_one_environment():
    # The URN has no application in it: 'web' of 'shop' and 'web' of 'admin' are one URN.
    def build(env):
        rad.Container("web", application=rad.Application("shop", environment=env), container=WEB)
        rad.Container("web", application=rad.Application("admin", environment=env), container=WEB)

    error, recording = run_refused(build)
    assert "Container 'web' of application 'shop' already has this name" in error.problem
    assert "'admin-web'" in error.fix
    assert names_of(recording, "radius:index:Container") == ["web"]


def test_two_redis_caches_of_one_name():
    def build(env):
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app)
        rad.RedisCache("db", application=app)

    error, recording = run_refused(build)
    assert error.component == "RedisCache 'db'" and "RedisCache 'db' of application 'todo'" in error.problem
    assert names_of(recording, "radius:index:RedisCache") == ["db"]


def test_two_applications_of_one_name():
    def build(env):
        rad.Application("todo", environment=env)
        rad.Application("todo", environment=env)

    error, recording = run_refused(build)
    assert error.component == "Application 'todo'" and "Application 'todo' already has this name" in error.problem
    assert names_of(recording, "radius:index:Application") == ["todo"]


def test_two_environments_of_one_name_in_one_stack():
    caught: dict[str, Any] = {}

    def program():
        rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        with pytest.raises(RadiusValidationError) as info:
            rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev2"))
        caught["error"] = info.value

    recording = run_program(program)
    assert "Environment 'dev' already has this name" in caught["error"].problem
    assert names_of(recording, "radius:index:Environment") == ["dev"]


def test_a_component_refused_for_bad_input_takes_no_name():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        with pytest.raises(RadiusValidationError):
            rad.Container("web", application=app, container={"image": "Not A Reference"})
        rad.Container("web", application=app, container=WEB)

    assert names_of(run_program(program), "radius:index:Container") == ["web"]


def test_each_program_run_starts_with_no_names_taken():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        rad.Container("web", application=rad.Application("todo", environment=env), container=WEB)

    for _ in range(2):
        assert names_of(run_program(program), "radius:index:Container") == ["web"]


# -- platform names -----------------------------------------------------------------------------


def test_names_that_differ_only_in_punctuation_are_one_platform_name():
    def build(env):
        app = rad.Application("todo", environment=env)
        rad.Container("my-api", application=app, container=WEB)
        rad.Container("my_api", application=app, container=WEB)

    error, recording = run_refused(build)
    assert error.component == "Container 'my_api'" and error.value == "my_api"
    assert "the same platform name as Container 'my-api' of application 'todo'" in error.problem
    assert "'todo-my-api' for both" in error.problem
    assert "Kubernetes Deployment and Service 'todo-my-api'" in error.problem
    assert "rename Container 'my_api' of application 'todo' or Container 'my-api' of application 'todo'" in error.fix
    assert names_of(recording, "radius:index:Container") == ["my-api"]


def test_names_that_differ_only_in_case_are_one_platform_name():
    def build(env):
        app = rad.Application("todo", environment=env)
        rad.Container("api", application=app, container=WEB)
        rad.Container("API", application=app, container=WEB)

    error, _ = run_refused(build)
    assert "'todo-api' for both" in error.problem


def test_application_and_resource_names_that_join_to_one_name():
    # Kubernetes objects are '<app>-<resource>' in one namespace: a + b-c and a-b + c are both 'a-b-c'.
    def build(env):
        rad.Container("b-c", application=rad.Application("a", environment=env), container=WEB)
        rad.Container("c", application=rad.Application("a-b", environment=env), container=WEB)

    error, recording = run_refused(build)
    assert error.component == "Container 'c'"
    assert "Container 'b-c' of application 'a'" in error.problem and "'a-b-c' for both" in error.problem
    assert names_of(recording, "kubernetes:apps/v1:Deployment") == ["b-c-deployment"]


def test_a_container_and_a_redis_cache_of_one_name_on_kubernetes():
    # Both would be the Deployment and Service 'todo-db' in the namespace.
    def build(env):
        app = rad.Application("todo", environment=env)
        rad.RedisCache("db", application=app)
        rad.Container("db", application=app, container=WEB)

    error, recording = run_refused(build)
    assert error.component == "Container 'db'"
    assert "RedisCache 'db' of application 'todo'" in error.problem
    assert "on Kubernetes both would be the Deployment and Service 'todo-db'" in error.problem
    assert names_of(recording, "radius:index:Container") == []


def test_a_container_and_a_redis_cache_of_one_name_are_refused_on_every_kind():
    # On ECS the two are an ECS service and an ElastiCache group, which do not collide; the
    # definition is refused anyway so that it deploys on every kind, Kubernetes included.
    from tests.helpers import ecs

    def build(env):
        app = rad.Application("todo", environment=env)
        rad.Container("db", application=app, container=WEB)
        rad.RedisCache("db", application=app)

    error, _ = run_refused(build, compute=ecs.ecs_compute())
    assert error.component == "RedisCache 'db'" and "names stay distinct on every kind" in error.problem


def test_the_same_name_in_two_environments_is_two_platform_names():
    # Platform names live in an environment (namespace, resource group, cluster, project):
    # only the URN is stack-wide, so distinct Pulumi names deploy side by side.
    def program():
        for env_name in ("blue", "green"):
            env = rad.Environment(env_name, compute=rad.KubernetesCompute(namespace=env_name))
            app = rad.Application(f"{env_name}-todo", environment=env)
            rad.Container(f"{env_name}-web", application=app, container=WEB)

    assert names_of(run_program(program), "radius:index:Container") == ["blue-web", "green-web"]


def test_distinct_names_all_deploy():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        a = rad.Application("a", environment=env)
        ab = rad.Application("a-b", environment=env)
        rad.Container("b-c", application=a, container=WEB)
        rad.Container("d", application=ab, container=WEB)
        rad.RedisCache("cache", application=a)
        rad.RedisCache("cache2", application=ab)

    recording = run_program(program)
    assert names_of(recording, "radius:index:Container") == ["b-c", "d"]
    assert names_of(recording, "radius:index:RedisCache") == ["cache", "cache2"]


# The key against the platforms' own name functions: equal keys are equal names, distinct
# keys are distinct names, on every kind.
PAIRS = [
    (("todo", "my-api"), ("todo", "my_api")),
    (("todo", "api"), ("todo", "API")),
    (("a", "b-c"), ("a-b", "c")),
    (("shop", "web.v2"), ("shop", "web-v2")),
    (("shop", "web"), ("shop", "web2")),
    (("shop", "web"), ("shop2", "web")),
    (("a" * 30, "x" * 40), ("a" * 30, "x" * 39 + "y")),  # long names keep distinct hashes
    (("a" * 30, "X_" * 20), ("a" * 30, "x-" * 20)),
]


def _platform_names(app: str, resource: str) -> dict[str, str]:
    return {
        "kubernetes": kubernetes_names.workload_name("t", "name", app, resource),
        "aci": azure_names.aci_name(app, resource),
        "aca": azure_names.container_app_name(app, resource),
        "ecs (Cloud Map)": dns_label(app, resource, max_length=63),
        "cloudrun": cloudrun_names.service_name("t", "dev", app, resource),  # one environment
    }


@pytest.mark.parametrize("first, second", PAIRS, ids=lambda p: "-".join(p))
def test_the_key_matches_every_platforms_names(first, second):
    same_key = native_key(*first) == native_key(*second)
    a, b = _platform_names(*first), _platform_names(*second)
    for kind in a:
        if same_key:
            # Short names are equal on every kind; shortened ones may differ in their hash
            # (some kinds hash the name as given), which the key refuses anyway: stricter, never looser.
            if len(native_key(*first)) <= 32:
                assert a[kind] == b[kind], kind
        else:
            assert a[kind] != b[kind], kind


def test_a_leading_digit_is_one_container_app_name_with_its_a_prefix():
    # Container Apps put an 'a' before a leading digit: '1shop-web' and 'a1shop-web' are one app.
    assert azure_names.container_app_name("1shop", "web") == azure_names.container_app_name("a1shop", "web")
    assert native_key("1shop", "web") == native_key("a1shop", "web")
