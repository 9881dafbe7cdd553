"""SqlDatabase and SecretStore, independent of the kind: the connection contract's formats,
the model's rules, and what the kinds without a built-in recipe or store say."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import radius_components as rad
from radius_components.sql_database import sql_connection_string, sql_url
from tests.helpers.aca import aca_compute
from tests.helpers.aci import aci_compute
from tests.helpers.mocks import run_program


def as_program(build, *args: Any, **kwargs: Any):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


# -- formats --------------------------------------------------------------------------------

def test_libpq_keyword_value_quotes_what_libpq_needs_quoted():
    text = sql_connection_string("postgresql", "db", 5432, "app", "u", "it's a p\\w", True)
    assert text == r"host=db port=5432 dbname=app user=u password='it\'s a p\\w' sslmode=require"
    assert sql_connection_string("postgresql", "db", 5432, "app", "u", "", False) == \
        "host=db port=5432 dbname=app user=u sslmode=prefer"


def test_url_percent_encodes_every_part():
    assert sql_url("postgresql", "db", 5432, "my db", "u@x", "p:w/d", True) == \
        "postgresql://u%40x:p%3Aw%2Fd@db:5432/my%20db?sslmode=require"
    assert sql_url("mysql", "db", 3306, "app", "u", "p", False) == "mysql://u:p@db:3306/app"


def test_sql_server_form_follows_radius():
    assert sql_connection_string("sqlserver", "s", 1433, "d", "u", "p", True) == \
        "Data Source=tcp:s,1433;Initial Catalog=d;User Id=u;Password=p;Encrypt=True"


# -- the model ------------------------------------------------------------------------------

def k8s_app(**kwargs: Any) -> None:
    env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
    app = rad.Application("todo", environment=env)
    rad.SqlDatabase("sql", application=app, **kwargs)


@pytest.mark.parametrize("kwargs, field", [
    ({"resource_provisioning": "manual", "database": "d"}, "server"),
    ({"resource_provisioning": "manual", "server": "s"}, "database"),
    ({"server": "s"}, "server"),
    ({"resource_provisioning": "manual", "server": "s", "database": "d", "port": 70000}, "port"),
    ({"engine": "oracle"}, "engine"),
    ({"engine": "mysql"}, "engine"),
    ({"recipe": {"name": "fast"}}, "recipe.name"),
])
def test_bad_sql_input(kwargs, field):
    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(k8s_app, **kwargs))
    assert info.value.field == field and info.value.component == "SqlDatabase 'sql'"


def test_manual_mode_defaults_the_engine_port():
    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
        app = rad.Application("todo", environment=env)
        db = rad.SqlDatabase("sql", application=app, resource_provisioning="manual", engine="mysql", server="m",
                             database="d", username="u", password="p")
        assert db.connection_values()["PORT"].value == "3306"

    run_program(as_program(program))


def test_a_registered_recipe_runs_for_any_engine():
    def recipe(ctx):
        assert ctx.resource.engine == "mysql"
        return rad.RecipeResult(values={"server": "m", "port": 3306, "database": "d", "username": "u"},
                                secrets={"password": "p"})

    def program():
        env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"),
                              recipes={"SqlDatabase": {"default": recipe}})
        app = rad.Application("todo", environment=env)
        rad.SqlDatabase("sql", application=app, engine="mysql")

    run_program(as_program(program))


# -- Azure kinds: manual mode works, the built-in recipe and the store are not there yet ------

@pytest.mark.parametrize("compute", [aci_compute, aca_compute], ids=["aci", "aca"])
def test_azure_kinds_take_a_manual_database(compute):
    def program():
        env = rad.Environment("prod", compute=compute())
        app = rad.Application("todo", environment=env)
        db = rad.SqlDatabase("sql", application=app, resource_provisioning="manual", server="pg.example.com",
                             database="d", username="u", password="p", tls=True)
        rad.Container("web", application=app, container={"image": "nginx:1.27"}, connections={"sql": {"source": db}})

    run_program(as_program(program))


def test_aca_without_a_network_has_no_private_path_for_the_recipe():
    def recipe_db():
        rad.SqlDatabase("sql", application=rad.Application("todo", environment=rad.Environment("prod", compute=aca_compute())))

    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(recipe_db))
    assert "resource_provisioning='manual'" in info.value.fix
