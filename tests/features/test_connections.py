"""The connection contract's pure parts: names, formatting, URLs, Redis values."""

import pytest

from radius_components.connections import connection_env_name, format_value, property_key, url_source_values
from radius_components.redis_cache import redis_connection_string, redis_url


@pytest.mark.parametrize("conn, prop, expected", [
    ("redis", "host", "CONNECTION_REDIS_HOST"),
    # Radius only upper-cases the connection's name (render.go: strings.ToUpper(connName)).
    ("my-redis", "connectionString", "CONNECTION_MY-REDIS_CONNECTIONSTRING"),
    ("cache.v2", "URL", "CONNECTION_CACHE.V2_URL"),
])
def test_env_names_follow_radius(conn, prop, expected):
    assert connection_env_name(conn, prop) == expected


def test_property_keys_ignore_case_and_separators():
    assert property_key("connectionString") == property_key("connection_string") == "CONNECTIONSTRING"


@pytest.mark.parametrize("value, text", [(True, "true"), (False, "false"), (6379, "6379"), (2.0, "2"), (0.5, "0.5"),
                                         (["a", "b", 3], "a,b,3"), (None, ""), ("x", "x")])
def test_values_are_strings(value, text):
    assert format_value(value) == text


def test_url_sources():
    values = url_source_values("http://backend:8080")
    assert {k: v.value for k, v in values.items()} == {"SCHEME": "http", "HOSTNAME": "backend", "PORT": 8080}
    assert url_source_values("https://api.example.com")["PORT"].value == 443
    assert url_source_values("backend") is None
    assert url_source_values("ftp://host") is None, "no default port for ftp: the URL must say it"
    assert url_source_values("http://host:8080/path") is None


def test_redis_values_follow_radius():
    assert redis_url("h", 6379, "", "pw", False) == "redis://:pw@h:6379/0"
    assert redis_url("h", 6380, "u", "pw", True) == "rediss://u:pw@h:6380/0"
    assert redis_url("h", 6379, "", None, False) == "redis://h:6379/0"
    assert redis_url("h", 6379, "u", None, False) == "redis://u@h:6379/0"
    assert redis_connection_string("h", 6380, "u", "pw", True) == "h:6380,abortConnect=False,ssl=True,user=u,password=pw"
    assert redis_connection_string("h", 6379, "", None, False) == "h:6379,abortConnect=False"


def test_tls_ca_cert_follows_the_property_naming():
    # A recipe value `tls_ca_cert` (Radius would spell it tlsCaCert) becomes TLSCACERT.
    assert property_key("tls_ca_cert") == property_key("tlsCaCert") == "TLSCACERT"
    assert connection_env_name("redis", "TLSCACERT") == "CONNECTION_REDIS_TLSCACERT"


@pytest.mark.parametrize("kind", ["kubernetes", "aci", "aca", "ecs", "cloudrun"])
def test_only_a_redis_with_a_private_ca_offers_tlscacert(kind):
    # Memorystore (cloudrun) signs with a per-instance CA; Azure Managed Redis (aci, aca) and
    # ElastiCache (ecs) use publicly trusted certificates, the Kubernetes Redis no TLS at all.
    from tests.helpers import aca, aci, cloudrun
    from tests.helpers.ecs import demo as ecs_demo
    from tests.helpers.mocks import run_program

    builders = {"kubernetes": lambda: _kubernetes_demo(), "aci": aci.demo, "aca": aca.demo,
                "ecs": ecs_demo, "cloudrun": cloudrun.demo}
    seen = {}

    def program():
        seen["keys"] = set(builders[kind]()["db"].connection_values())

    run_program(program)
    assert ("TLSCACERT" in seen["keys"]) == (kind == "cloudrun")


def _kubernetes_demo():
    import radius_components as rad

    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
    app = rad.Application("todo", environment=env)
    return {"db": rad.RedisCache("db", application=app)}
