"""The unit test docs/testing.md shows users, run as written: it uses only
radius_components.testing (no conftest), so it is what a user's own test file looks like."""

# --- README example: begin ---
import pytest

import radius_components as rad
from radius_components.testing import GENERATED_PASSWORD, resolve, run_program


def shop(compute):
    env = rad.Environment("dev", compute=compute)
    app = rad.Application("shop", environment=env)
    cache = rad.RedisCache("cache", application=app)
    api = rad.Container("api", application=app,
                        container={"image": "ghcr.io/example/api:1.0", "ports": {"http": {"container_port": 8080}}},
                        connections={"cache": {"source": cache}})
    return api


@pytest.mark.parametrize("compute", [
    rad.KubernetesCompute(namespace="dev"),
    rad.EcsCompute(region="eu-west-1", vpc_id="vpc-0abc", subnet_ids=["subnet-0a", "subnet-0b"]),
    rad.AcaCompute(resource_group="rg-shop", location="westeurope"),
    rad.AciCompute(resource_group="rg-shop", location="westeurope"),
    rad.CloudRunCompute(project="shop-prod", region="europe-west4"),
], ids=lambda c: c.kind)
def test_api_reaches_the_cache_and_gets_no_plaintext_secret(compute):
    run = run_program(lambda: shop(compute).internal_url)

    # The URL others use resolves on every kind (the mocks fill in what the cloud computes).
    assert resolve(run.result).startswith(("http://", "https://"))
    # What the Container expanded into, found through the component.
    native = run.resources_of("api")
    assert native, "the container registered its native resources"
    # The generated Redis password is registered only as a Pulumi secret.
    assert run.plaintext(GENERATED_PASSWORD) == []


def test_ecs_task_role_is_the_containers_identity():
    compute = rad.EcsCompute(region="eu-west-1", vpc_id="vpc-0abc", subnet_ids=["subnet-0a"])
    run = run_program(lambda: shop(compute).identity)
    roles = {r.name: r for r in run.resources_of("api", "aws:iam/role:Role")}
    assert set(roles) == {"api-task-role", "api-execution-role"}
    assert resolve(run.result).startswith("arn:aws:iam::")
# --- README example: end ---


def test_the_readme_shows_this_test():
    from pathlib import Path

    here = Path(__file__).read_text(encoding="utf-8")
    body = here.split("# --- README example: begin ---\n", 1)[1].split("# --- README example: end ---", 1)[0]
    readme = (Path(__file__).resolve().parents[2] / "docs" / "testing.md").read_text(encoding="utf-8")
    assert body in readme, "docs/testing.md's unit-test example differs from tests/features/test_testing_example.py"


def test_the_mocks_answer_every_type_the_platforms_register():
    """Every resource type a kind registers for the shop program has its computed outputs
    in the shipped table, unless the provider computes nothing we read (listed here)."""
    from radius_components.testing import PROVIDER_OUTPUTS

    for compute in (rad.EcsCompute(region="eu-west-1", vpc_id="vpc-0abc", subnet_ids=["subnet-0a"]),
                    rad.AcaCompute(resource_group="rg-shop", location="westeurope"),
                    rad.AciCompute(resource_group="rg-shop", location="westeurope"),
                    rad.CloudRunCompute(project="shop-prod", region="europe-west4")):
        run = run_program(lambda: shop(compute))
        types = {r.type for r in run.resources if r.custom and not r.type.startswith("pulumi:providers:")}
        assert types & set(PROVIDER_OUTPUTS), compute.kind
