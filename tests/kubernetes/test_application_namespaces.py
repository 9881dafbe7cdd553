"""`KubernetesCompute(application_namespaces=True)`: Radius's layout. Each application in its own
namespace `<environment namespace>-<application>` (radius-project/radius,
pkg/corerp/frontend/controller/applications/updatefilter.go), a container's objects named after
it (render.go names the Deployment and Service after the resource), so `http://web:3000` reaches
container `web` from its application's other containers."""

from __future__ import annotations

import pytest

import radius_components as rad
from radius_components.errors import RadiusValidationError
from tests.helpers.mocks import run_program

DEPLOYMENT = "kubernetes:apps/v1:Deployment"
SERVICE = "kubernetes:core/v1:Service"
NAMESPACE = "kubernetes:core/v1:Namespace"
POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
INGRESS = "kubernetes:networking.k8s.io/v1:Ingress"
SECRET = "kubernetes:core/v1:Secret"


def _compute(**kw):
    return rad.KubernetesCompute(namespace="dev", application_namespaces=True, **kw)


def _two_apps():
    # Pulumi tells components apart by type and name only, so one stack's two applications have
    # containers of different names; two stacks (one application each) may reuse them.
    env = rad.Environment("dev", compute=_compute())
    app = rad.Application("shop", environment=env)
    cache = rad.RedisCache("cache", application=app)
    web = rad.Container("web", application=app, container={"image": "img", "ports": {"http": {"container_port": 3000}}},
                        connections={"cache": {"source": cache}})
    rad.Container("api", application=app, container={"image": "img"},
                  connections={"web": {"source": "http://web:3000"}, "frontend": {"source": web}})
    rad.Gateway("public", application=app, routes=[{"path": "/", "destination": "http://web:3000"}])
    blog = rad.Application("blog", environment=env)
    rad.Container("home", application=blog, container={"image": "img", "ports": {"http": {"container_port": 80}}})


@pytest.fixture(scope="module")
def run():
    return run_program(_two_apps)


def _by_namespace(run, type_):
    return sorted((r.plain()["metadata"]["namespace"], r.plain()["metadata"]["name"]) for r in run.of_type(type_))


def test_each_application_has_its_namespace_and_objects_named_after_their_resource(run):
    assert sorted(r.plain()["metadata"]["name"] for r in run.of_type(NAMESPACE)) == ["dev", "dev-blog", "dev-shop"]
    deployments = _by_namespace(run, DEPLOYMENT)
    assert {d for d in deployments if d[0] != "dev"} == {("dev-shop", "web"), ("dev-shop", "api"), ("dev-blog", "home")}
    services = _by_namespace(run, SERVICE)
    assert ("dev-shop", "web") in services and ("dev-blog", "home") in services


def test_the_redis_recipe_stays_in_the_environment_namespace(run):
    # Its data (a volume) does not move namespaces: kept where it is on existing stacks.
    deployments = _by_namespace(run, DEPLOYMENT)
    assert ("dev", "shop-cache") in deployments


def test_a_connection_admits_the_container_across_namespaces(run):
    policies = {(r.plain()["metadata"]["namespace"], r.plain()["metadata"]["name"]): r.plain() for r in run.of_type(POLICY)}
    policy = policies[("dev", "shop-web.to-cache")]
    (peer,) = policy["spec"]["ingress"][0]["from"]
    assert peer["namespaceSelector"] == {"matchLabels": {"kubernetes.io/metadata.name": "dev-shop"}}
    assert peer["podSelector"]["matchLabels"]["radapp.io/resource"] == "web"
    assert policy["spec"]["podSelector"]["matchLabels"]["radapp.io/resource"] == "cache"


def test_a_container_connection_points_at_the_short_service_name_in_its_namespace(run):
    api = next(r for r in run.of_type(DEPLOYMENT) if r.plain()["metadata"]["namespace"] == "dev-shop"
               and r.plain()["metadata"]["name"] == "api").plain()
    env = {e["name"]: e.get("value") for e in api["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["CONNECTION_FRONTEND_HOSTNAME"] == "web.dev-shop.svc.cluster.local"
    assert env["CONNECTION_WEB_HOSTNAME"] == "web"


def test_the_gateway_lives_in_the_application_namespace_and_routes_to_the_short_name(run):
    ingresses = {r.plain()["metadata"]["namespace"]: r.plain() for r in run.of_type(INGRESS)}
    shop = ingresses["dev-shop"]
    assert shop["metadata"]["name"] == "public"
    backend = shop["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "web"


def test_objects_wait_for_their_application_namespace(run):
    namespace = next(r for r in run.of_type(NAMESPACE) if r.plain()["metadata"]["name"] == "dev-shop")
    web = next(r for r in run.of_type(DEPLOYMENT) if r.plain()["metadata"]["namespace"] == "dev-shop"
               and r.plain()["metadata"]["name"] == "web")
    assert namespace.urn in web.dependencies


def test_a_secret_store_is_in_the_namespace_of_the_containers_that_read_it():
    def program():
        env = rad.Environment("dev", compute=_compute())
        app = rad.Application("shop", environment=env)
        store = rad.SecretStore("creds", application=app, data={"token": {"value": "t0k3n"}})
        rad.Container("web", application=app, container={"image": "img", "env": {
            "TOKEN": {"value_from": {"secret_ref": {"source": store, "key": "token"}}}}})

    run = run_program(program)
    store_secret = next(r for r in run.of_type(SECRET) if "creds" in r.name).plain()
    assert store_secret["metadata"]["namespace"] == "dev-shop"


def test_an_application_namespace_longer_than_63_characters_is_refused():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="n" * 40, application_namespaces=True))
        with pytest.raises(RadiusValidationError) as info:
            rad.Application("a" * 30, environment=env)
        assert "at most 63" in str(info.value) and "shorter application name" in str(info.value)

    run_program(program)


def test_an_application_namespace_that_is_another_environments_namespace_is_refused():
    def program():
        a = rad.Environment("a", compute=_compute())
        b = rad.Environment("b", compute=rad.KubernetesCompute(namespace="dev-shop"))
        rad.Application("shop", environment=a)
        rad.Application("other", environment=b)

    with pytest.raises(Exception) as info:
        run_program(program)
    assert "Application 'shop'" in str(info.value) and "dev-shop" in str(info.value)


def test_radius_layout_is_the_default():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("shop", environment=env)
        rad.Container("web", application=app, container={"image": "img", "ports": {"http": {"container_port": 3000}}})

    run = run_program(program)
    assert _by_namespace(run, DEPLOYMENT) == [("dev-shop", "web")]
    assert sorted(r.plain()["metadata"]["name"] for r in run.of_type(NAMESPACE)) == ["dev", "dev-shop"]


def test_the_earlier_layout_with_application_namespaces_false():
    # What an existing stack keeps with application_namespaces=False (README, "Upgrading").
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev", application_namespaces=False))
        app = rad.Application("shop", environment=env)
        rad.Container("web", application=app, container={"image": "img", "ports": {"http": {"container_port": 3000}}})

    run = run_program(program)
    assert _by_namespace(run, DEPLOYMENT) == [("dev", "shop-web")]
    assert [r.plain()["metadata"]["name"] for r in run.of_type(NAMESPACE)] == ["dev"]


def test_the_kubernetes_namespace_extension_names_the_application_namespace():
    # Radius's own end-to-end applications set it (corerp-resources-container-manifest.bicep).
    def program():
        env = rad.Environment("dev", compute=_compute())
        app = rad.Application("shop", environment=env,
                              extensions=[{"kind": "kubernetesNamespace", "namespace": "corerp-shop"}])
        rad.Container("web", application=app, container={"image": "img"})

    run = run_program(program)
    assert _by_namespace(run, DEPLOYMENT) == [("corerp-shop", "web")]
    # Adopted, not owned: platforms/kubernetes/namespaces.py (review R-K8S-15).
    assert "corerp-shop" in [r.plain()["metadata"]["name"] for r in run.of_type("kubernetes:core/v1:NamespacePatch")]


def test_the_kubernetes_namespace_extension_needs_application_namespaces():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev", application_namespaces=False))
        with pytest.raises(RadiusValidationError) as info:
            rad.Application("shop", environment=env, extensions=[{"kind": "kubernetesNamespace", "namespace": "x"}])
        assert "application_namespaces=True" in str(info.value)

    run_program(program)
