"""examples/fullstack under mocks with each of its stacks: one program, SQL + Redis + a secret
store on all five kinds, with no plaintext secret outside the platform's store."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pulumi
import pytest
import yaml

from tests.helpers import aca, aci, cloudrun, ecs  # noqa: F401  (their provider answers: RDS, Cloud SQL, PostgreSQL, Key Vault)
from tests.helpers.mocks import GENERATED_PASSWORD, run_program, secret_leaks

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "fullstack"
API_KEY = "fullstack-api-key-6d2e"

# Where secret values belong on each kind (resource type -> inputs).
ALLOWED = {
    "kubernetes": {"kubernetes:core/v1:Secret": ("stringData",), "random:index/randomId:RandomId": ("keepers",)},
    "ecs": {"aws:secretsmanager/secretVersion:SecretVersion": ("secretString",), "aws:rds/instance:Instance": ("password",),
            "aws:elasticache/replicationGroup:ReplicationGroup": ("authToken",),
            "aws:lambda/invocation:Invocation": ("input",)},  # the database login step (recipes/aws/db_login.py)
    "cloudrun": {"gcp:secretmanager/secretVersion:SecretVersion": ("secretData",), "gcp:sql/user:User": ("password",)},
    "aci": {"azure-native:containerinstance:ContainerGroup": ("containers",),
            "azure-native:dbforpostgresql:Server": ("administratorLoginPassword",),
            # The database login step's secureValue variables (recipes/azure/db_login.py).
            "azure-native:resources:AzureCliScript": ("environmentVariables",)},
    "aca": {"azure-native:keyvault:Secret": ("properties",), "random:index/randomId:RandomId": ("keepers",),
            "azure-native:dbforpostgresql:Server": ("administratorLoginPassword",),
            "azure-native:resources:AzureCliScript": ("environmentVariables",)},
}


def stack_program(kind: str):
    stack = yaml.safe_load((EXAMPLE / f"Pulumi.{kind}.yaml").read_text())["config"]
    config = {f"project:{k.split(':', 1)[1]}": json.dumps(v) if isinstance(v, (dict, list)) else str(v)
              for k, v in stack.items()}
    config["project:apiKey"] = API_KEY
    config.pop("project:renderDir", None)

    def program():
        pulumi.runtime.set_all_config(config)
        try:
            runpy.run_path(str(EXAMPLE / "__main__.py"), run_name="__main__")
        finally:
            pulumi.runtime.set_all_config({})
    return program


@pytest.mark.parametrize("kind", ["kubernetes", "ecs", "cloudrun", "aci", "aca"])
def test_the_fullstack_example_deploys_with_only_its_stack_config(kind):
    run = run_program(stack_program(kind))
    types = {r.type for r in run.resources}
    assert {"radius:index:SqlDatabase", "radius:index:RedisCache", "radius:index:SecretStore"} <= types
    assert secret_leaks(run, [API_KEY, GENERATED_PASSWORD], ALLOWED[kind]) == []
    expected = {"kubernetes": "kubernetes:apps/v1:StatefulSet", "ecs": "aws:rds/instance:Instance",
                "cloudrun": "gcp:sql/databaseInstance:DatabaseInstance",
                "aci": "azure-native:dbforpostgresql:Server", "aca": "azure-native:dbforpostgresql:Server"}[kind]
    assert expected in types


@pytest.mark.parametrize("kind", ["kubernetes", "ecs", "cloudrun", "aci", "aca"])
def test_the_fullstack_example_is_deterministic(kind):
    from tests.helpers.mocks import snapshot

    assert snapshot(stack_program(kind)) == snapshot(stack_program(kind))
