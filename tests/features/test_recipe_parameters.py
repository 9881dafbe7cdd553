"""Every built-in recipe checks its parameter values before the RedisCache registers."""

import pulumi
import pytest

import radius_components as rad
from tests.helpers.mocks import run_program

CASES = [
    ({"kind": "kubernetes", "namespace": "dev"}, {"imag": "redis:7"}, "recipe.parameters.imag"),
    ({"kind": "ecs", "vpc_id": "vpc-1", "subnet_ids": ["subnet-1"], "region": "eu-west-1"},
     {"engine": "memcached"}, "recipe.parameters.engine"),
    ({"kind": "cloudrun", "project": "proj-1", "region": "europe-west1", "project_number": "123"},
     {"memory_size_gb": 0}, "recipe.parameters.memory_size_gb"),
    ({"kind": "aci", "resource_group": "rg", "location": "westeurope"},
     {"eviction_policy": "Sometimes"}, "recipe.parameters.eviction_policy"),
]


@pytest.mark.parametrize("compute, parameters, field", CASES, ids=[c[0]["kind"] for c in CASES])
def test_bad_recipe_parameter_registers_nothing(compute, parameters, field):
    caught = {}

    def program():
        env = rad.Environment("dev", compute=compute, protect_stateful=False)
        app = rad.Application("todo", environment=env)
        with pytest.raises(rad.RadiusValidationError) as info:
            rad.RedisCache("cache", application=app, recipe={"parameters": parameters})
        caught["error"] = info.value
        return pulumi.Output.from_input(None)

    run = run_program(program)
    assert f"RedisCache 'cache': {field} = " in str(caught["error"])
    assert "Fix: " in str(caught["error"])
    assert not [r for r in run.resources if r.name == "cache" or r.name.startswith("cache-")]
