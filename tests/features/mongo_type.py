"""A toy portable resource type, `MongoDatabase`, written the way a third-party package would
write one: nothing in radius_components is edited. It is a declaration (its Radius type, its
component, its arguments, its connection fields, that it holds data, a recipe for the kubernetes
kind), an arguments model, a component, and the recipe. tests/features/test_extending_type.py
registers it (in code, and through the entry point group) and follows it everywhere.
"""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote

import pulumi
import pulumi_kubernetes as k8s
from pydantic import Field

from radius_components.declarations import ConnectionField, ResourceTypeDeclaration
from radius_components.model import OutputOr
from radius_components.recipes import RecipeContext, result_class
from radius_components.resources.recipe_resource import RecipeResource, RecipeResourceArgs

MONGO_PORT = 27017


class MongoDatabaseArgs(RecipeResourceArgs):
    """The arguments of `MongoDatabase`; host, port and database are for manual provisioning."""

    host: Optional[OutputOr[str]] = None
    """(manual) The host name."""
    port: Optional[OutputOr[int]] = Field(default=None, ge=1, le=65535)
    """(manual) The port."""
    database: Optional[OutputOr[str]] = None
    """(manual) The database name."""
    username: Optional[OutputOr[str]] = None
    """(manual) The user."""
    password: Optional[OutputOr[str]] = None
    """(manual) The password, a secret."""


def mongo_url(values: Any, args: Any) -> str:
    auth = f"{quote(values['username'], safe='')}:{quote(values['password'], safe='')}@" if values["password"] else ""
    return f"mongodb://{auth}{values['host']}:{values['port']}/{values['database']}"


TYPE = ResourceTypeDeclaration(
    name="MongoDatabase",
    radius_type="Applications.Datastores/mongoDatabases",
    component="mongo_type:MongoDatabase",
    args_model=MongoDatabaseArgs,
    description="A MongoDB database (the test suite's toy resource type).",
    fields=(
        ConnectionField("host", "The host name."),
        ConnectionField("port", "The port.", type="integer"),
        ConnectionField("database", "The database name."),
        ConnectionField("username", "The user.", required=False, default=""),
        ConnectionField("password", "The password.", secret=True, required=False),
        ConnectionField("url", "`mongodb://user:password@host:port/database`.", secret=True, computed=True,
                        compute=mongo_url, inputs=("host", "port", "database", "username", "password")),
    ),
    holds_data=True,
    recipes={"kubernetes": "mongo_type:mongo_recipe"},
)

# The typed result its recipes return, generated from the fields.
MongoDatabaseResult = result_class(TYPE)


class MongoDatabase(RecipeResource):
    """A MongoDB database, provisioned by the environment's recipe (or given: manual)."""

    declaration = TYPE

    host: pulumi.Output[str]
    port: pulumi.Output[int]
    database: pulumi.Output[str]
    username: pulumi.Output[str]
    password: pulumi.Output[str]
    url: pulumi.Output[str]


def mongo_recipe(ctx: RecipeContext) -> Any:
    """The kubernetes recipe: a MongoDB StatefulSet and its Service, in the environment's namespace."""
    namespace = ctx.platform.namespace
    name = f"{ctx.application.resource_name}-{ctx.resource_name}"
    labels = {"app.kubernetes.io/name": name}
    service = k8s.core.v1.Service(
        ctx.name("service"), metadata={"name": name, "namespace": namespace},
        spec={"selector": labels, "ports": [{"name": "mongo", "port": MONGO_PORT}]},
        opts=ctx.platform.child_options(ctx.resource))
    server = k8s.apps.v1.StatefulSet(
        ctx.name("statefulset"), metadata={"name": name, "namespace": namespace},
        spec={"serviceName": name, "replicas": 1, "selector": {"matchLabels": labels},
              "template": {"metadata": {"labels": labels},
                           "spec": {"containers": [{"name": "mongo", "image": ctx.parameters.get("image", "mongo:8"),
                                                    "ports": [{"containerPort": MONGO_PORT}]}]}}},
        opts=ctx.platform.child_options(ctx.resource, protect=ctx.protect))
    return MongoDatabaseResult(host=f"{name}.{namespace}.svc.cluster.local", port=MONGO_PORT, database="app",
                               username="app", password="toy-password", resources=[service, server])


mongo_recipe.parameters = ("image",)  # type: ignore[attr-defined]
