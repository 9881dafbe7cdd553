"""SecretStore on the Azure kinds: Key Vault secrets read through Key Vault references (aca),
secure values (aci)."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import radius_components as rad
from tests.helpers.aca import VAULT_ID, aca_compute
from tests.helpers.aci import SUBSCRIPTION, aci_compute
from radius_components.names import short_hash

SCOPE = short_hash(f"{SUBSCRIPTION}/rg-prod")  # Key Vault names end in it (review item 4)
from tests.helpers.mocks import GENERATED_PASSWORD, SECRET_MARK, SECRET_SIG, run_program, secret_leaks

KV_SECRET = "azure-native:keyvault:Secret"
ROLE = "azure-native:authorization:RoleAssignment"
APP = "azure-native:app:ContainerApp"
GROUP = "azure-native:containerinstance:ContainerGroup"
API_KEY = "api-key-from-the-program-7f3e"
VERSION = "0123456789abcdef0123456789abcdef"


def as_program(build, *args: Any, **kwargs: Any):
    def program():
        build(*args, **kwargs)
        return pulumi.Output.from_input(None)
    return program


def ref(store: Any, key: str) -> dict[str, Any]:
    return {"value_from": {"secret_ref": {"source": store, "key": key}}}


def store_app(compute: Any, existing: bool = False) -> None:
    env = rad.Environment("prod", compute=compute)
    app = rad.Application("shop", environment=env)
    keys = rad.SecretStore("keys", application=app, data={
        "api-key": {"value": pulumi.Output.secret(API_KEY)}, "session": {"generate": {}}})
    env_vars = {"API_KEY": ref(keys, "api-key")}
    if existing:
        shared = rad.SecretStore("shared", application=app, resource=VAULT_ID,
                                 data={"stripe": {"value_from": {"name": "stripe-key", "version": VERSION}}})
        env_vars["STRIPE"] = ref(shared, "stripe")
    rad.Container("api", application=app, container={"image": "nginx:1.27", "ports": {"web": {"container_port": 80}},
                                                      "env": env_vars})
    rad.Container("worker", application=app, container={"image": "nginx:1.27", "env": {"SESSION": ref(keys, "session")}})


@pytest.fixture(scope="module")
def aca_run():
    return run_program(as_program(store_app, aca_compute(key_vault_id=VAULT_ID), True))


def test_aca_store_is_a_key_vault_secret_per_key(aca_run):
    names = sorted(s.plain()["secretName"] for s in aca_run.of_type(KV_SECRET) if s.name.startswith("keys-"))
    assert names == [f"prod-shop-keys-store-api-key-{SCOPE}", f"prod-shop-keys-store-session-{SCOPE}"]
    secret = aca_run.one(KV_SECRET, "keys-api-key")
    assert secret.plain()["vaultName"] == "shopvault" and secret.plain()["resourceGroupName"] == "rg-shared"
    assert secret.inputs["properties"]["value"].get(SECRET_SIG) == SECRET_MARK


def test_aca_reads_through_key_vault_references_with_exactly_its_grants(aca_run):
    api = aca_run.one(APP, "api-app").plain() if any(r.name == "api-app" for r in aca_run.of_type(APP)) \
        else next(r.plain() for r in aca_run.of_type(APP) if "api" in r.name)
    secrets = {s["name"]: s for s in api["configuration"]["secrets"]}
    urls = sorted(s["keyVaultUrl"] for s in secrets.values())
    assert any(u.endswith(f"/secrets/stripe-key/{VERSION}") for u in urls), urls
    assert all("value" not in s for s in secrets.values())
    scopes = sorted(r.plain()["scope"] for r in aca_run.of_type(ROLE) if r.name.startswith("api-secret-"))
    assert scopes == sorted([f"{VAULT_ID}/secrets/prod-shop-keys-store-api-key-{SCOPE}", f"{VAULT_ID}/secrets/stripe-key"])
    worker_scopes = [r.plain()["scope"] for r in aca_run.of_type(ROLE) if r.name.startswith("worker-secret-")]
    assert worker_scopes == [f"{VAULT_ID}/secrets/prod-shop-keys-store-session-{SCOPE}"]


def test_aca_no_plaintext(aca_run):
    assert secret_leaks(aca_run, [API_KEY, GENERATED_PASSWORD], {KV_SECRET: ("properties",)}) == []


def test_aca_store_needs_the_environment_vault():
    with pytest.raises(rad.RadiusValidationError, match="Key Vault"):
        run_program(as_program(store_app, aca_compute()))
    other = VAULT_ID.replace("shopvault", "othervault")

    def program():
        app = rad.Application("shop", environment=rad.Environment("prod", compute=aca_compute(key_vault_id=VAULT_ID)))
        rad.SecretStore("shared", application=app, resource=other, data={"k": {}})

    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(program))
    assert info.value.field == "resource"


def test_aci_hands_the_values_over_as_secure_values():
    run = run_program(as_program(store_app, aci_compute()))
    api = next(r for r in run.of_type(GROUP) if "api" in r.name).plain()
    env = {e["name"]: e for e in api["containers"][0]["environmentVariables"]}
    assert env["API_KEY"] == {"name": "API_KEY", "secureValue": API_KEY}
    assert run.of_type(KV_SECRET) == []
    assert secret_leaks(run, [API_KEY, GENERATED_PASSWORD], {GROUP: ("containers",)}) == []


def test_aci_refuses_an_existing_store():
    def program():
        app = rad.Application("shop", environment=rad.Environment("prod", compute=aci_compute()))
        rad.SecretStore("shared", application=app, resource=VAULT_ID, data={"k": {}})

    with pytest.raises(rad.RadiusValidationError) as info:
        run_program(as_program(program))
    assert info.value.field == "resource" and "aca" in info.value.fix


def test_aca_one_grant_per_secret_even_when_two_variables_read_it():
    def program():
        env = rad.Environment("prod", compute=aca_compute(key_vault_id=VAULT_ID))
        app = rad.Application("shop", environment=env)
        keys = rad.SecretStore("keys", application=app, data={"api-key": {"generate": {}}})
        rad.Container("api", application=app, container={"image": "nginx:1.27", "env": {
            "API_KEY": ref(keys, "api-key"), "LEGACY_API_KEY": ref(keys, "api-key")}})

    run = run_program(as_program(program))
    grants = [r for r in run.of_type(ROLE) if r.name.startswith("api-secret-")]
    assert len(grants) == 1, [g.name for g in grants]
