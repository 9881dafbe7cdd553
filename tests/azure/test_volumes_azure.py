"""Volumes on the aci and aca kinds (issue #28): an Azure Files share per Volume (storage account
without public blob access, HTTPS only, TLS 1.2, share soft delete; protected and retained on
delete), mounted by ACI as an azureFile volume (the key only as a secret) and by Container Apps
through an environment storage whose access mode is the mount's permission."""

from __future__ import annotations

import pytest

import radius_components as rad

from tests.helpers.aca import aca_compute
from tests.helpers.aci import aci_compute
from tests.helpers.mocks import recorded, run_program

ACCOUNT = "azure-native:storage:StorageAccount"
SHARE = "azure-native:storage:FileShare"
FILE_SERVICE = "azure-native:storage:FileServiceProperties"
GROUP = "azure-native:containerinstance:ContainerGroup"
APP = "azure-native:app:ContainerApp"
STORAGE = "azure-native:app:ManagedEnvironmentsStorage"
COMPUTE = {"aci": aci_compute, "aca": aca_compute}


def _program(kind, permission="write", protect=True, size_gib=10, scratch=None, **volume_args):
    def program():
        env = rad.Environment("prod", compute=COMPUTE[kind](), protect_stateful=protect)
        app = rad.Application("shop", environment=env)
        uploads = rad.Volume("uploads", application=app, size_gib=size_gib, access_mode="ReadWriteMany",
                             **volume_args)
        volumes = {"uploads": {"kind": "persistent", "source": uploads, "mount_path": "/data/uploads",
                               "permission": permission},
                   "tmp": scratch or {"kind": "ephemeral", "mount_path": "/tmp"}}
        rad.Container("api", application=app, container={
            "image": "ghcr.io/example/api:1.0", "ports": {"web": {"container_port": 8080}}, "volumes": volumes})
    return program


@pytest.fixture(scope="module", params=["aci", "aca"])
def kind_run(request):
    return request.param, run_program(_program(request.param))


def test_the_storage_account_is_locked_down(kind_run):
    _, run = kind_run
    account = run.one(ACCOUNT).plain()
    assert account["allowBlobPublicAccess"] is False
    assert account["enableHttpsTrafficOnly"] is True
    assert account["minimumTlsVersion"] == "TLS1_2"
    assert account["kind"] == "StorageV2" and account["sku"] == {"name": "Standard_LRS"}
    assert 3 <= len(account["accountName"]) <= 24 and account["accountName"].isalnum()
    assert account["accountName"].islower()


def test_the_share_has_the_volume_size_and_deleted_shares_are_kept(kind_run):
    _, run = kind_run
    share = run.one(SHARE).plain()
    assert share["shareQuota"] == 10 and share["enabledProtocols"] == "SMB"
    # Share soft delete: a deleted share stays restorable (FileServiceProperties
    # shareDeleteRetentionPolicy, Microsoft.Storage fileServices).
    policy = run.one(FILE_SERVICE).plain()["shareDeleteRetentionPolicy"]
    assert policy["enabled"] is True and policy["days"] >= 7


def test_the_data_is_protected_and_kept_on_delete(kind_run):
    _, run = kind_run
    for typ in (ACCOUNT, SHARE):
        r = run.one(typ)
        assert r.protect is True and r.retain_on_delete is True, typ


def test_the_account_key_is_never_plain_text(kind_run):
    _, run = kind_run
    assert run.plaintext("MOCK-STORAGE-KEY") == []


def test_aci_mounts_the_share_as_an_azure_file_volume():
    run = run_program(_program("aci"))
    group = run.one(GROUP)
    volumes = {v["name"]: v for v in group.plain()["volumes"]}
    share = run.one(SHARE).plain()
    assert volumes["uploads"]["azureFile"] == {
        "shareName": share["shareName"], "storageAccountName": run.one(ACCOUNT).plain()["accountName"],
        "storageAccountKey": "MOCK-STORAGE-KEY", "readOnly": False}
    assert volumes["tmp"] == {"name": "tmp", "emptyDir": {}}
    assert "volumes" in group.secret_inputs() or run.plaintext("MOCK-STORAGE-KEY") == []
    mounts = group.plain()["containers"][0]["volumeMounts"]
    assert {"name": "uploads", "mountPath": "/data/uploads"} in mounts


def test_aci_mounts_read_only_for_read():
    group = run_program(_program("aci", permission="read")).one(GROUP).plain()
    assert group["volumes"][0]["azureFile"]["readOnly"] is True
    assert group["containers"][0]["volumeMounts"][0]["readOnly"] is True


@pytest.mark.parametrize("permission, mode", [("write", "ReadWrite"), ("read", "ReadOnly")])
def test_aca_mounts_through_an_environment_storage_of_the_permission(permission, mode):
    run = run_program(_program("aca", permission=permission))
    storage = run.one(STORAGE).plain()
    azure_file = storage["properties"]["azureFile"]
    assert azure_file["accessMode"] == mode
    assert azure_file["shareName"] == run.one(SHARE).plain()["shareName"]
    assert azure_file["accountKey"] == "MOCK-STORAGE-KEY"
    template = run.one(APP).plain()["template"]
    volumes = {v["name"]: v for v in template["volumes"]}
    assert volumes["uploads"] == {"name": "uploads", "storageType": "AzureFile", "storageName": storage["storageName"]}
    assert volumes["tmp"] == {"name": "tmp", "storageType": "EmptyDir"}
    # The app is created once its storage exists.
    assert run.one(STORAGE).urn in run.one(APP).dependencies


def test_a_large_volume_turns_on_large_file_shares():
    run = run_program(_program("aci", size_gib=6000))
    assert run.one(ACCOUNT).plain()["largeFileSharesState"] == "Enabled"


def test_a_throwaway_environment_lets_the_share_go():
    run = run_program(_program("aca", protect=False))
    assert not run.one(SHARE).protect and not run.one(SHARE).retain_on_delete


@pytest.mark.parametrize("kind", ["aci", "aca"])
def test_an_existing_share_needs_a_recipe_of_its_own(kind):
    with recorded() as registered, pytest.raises(rad.RadiusValidationError) as err:
        run_program(_program(kind, resource_provisioning="manual", resource="legacy"))
    assert err.value.field == "resource_provisioning" and "storage_account_key" in err.value.fix
    assert not [r for r in registered if r.type.startswith("azure-native:storage")]


@pytest.mark.parametrize("kind", ["aci", "aca"])
def test_a_scratch_size_limit_is_refused(kind):
    with pytest.raises(rad.RadiusValidationError) as err:
        run_program(_program(kind, scratch={"kind": "ephemeral", "mount_path": "/tmp", "size_limit": "1Gi"}))
    assert err.value.field == "container.volumes.tmp.size_limit"


def test_the_aci_group_with_an_azure_file_volume_is_a_valid_aci_request():
    # Validated against azure-mgmt-containerinstance's models (AzureFileVolume: share_name,
    # storage_account_name, storage_account_key, read_only), as tests/aci/test_aci_schema.py does.
    from tests.aci.test_aci_schema import check_group, rest_body

    for permission in ("write", "read"):
        group = run_program(_program("aci", permission=permission)).one(GROUP)
        assert check_group(rest_body(group.plain())) == [], permission


def test_a_short_volume_name_still_gives_a_valid_share_name():
    # A share name "must be from 3 through 63 characters long" (Naming and Referencing Shares).
    from radius_components.recipes.azure.volume import share_name_of

    assert share_name_of("db") == "db-share" and share_name_of("x") == "x-share"
    assert share_name_of("uploads") == "uploads"


def test_the_aca_storage_name_carries_the_application():
    # One namespace of storages per managed environment, shared by applications and stacks.
    run = run_program(_program("aca"))
    storage = run.one(STORAGE).plain()["storageName"]
    app = run.one(APP).plain()["containerAppName"]
    assert storage.startswith(app) and len(storage) <= 32
