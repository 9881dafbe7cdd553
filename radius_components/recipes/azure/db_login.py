"""A workload's own login on an Azure Database for PostgreSQL database, never the administrator.

The server has no public endpoint and ARM makes no non-administrator login (the PostgreSQL
recipe's docstring), so the login is made by SQL run inside the environment's network at deploy
time, by an Azure deployment script (`azure_native.resources.AzureCliScript`,
Microsoft.Resources/deploymentScripts, kind AzureCLI, API 2023-08-01):

- Why a deployment script: its create (PUT) is a long-running operation (`x-ms-long-running-
  operation: true`, final state via `location`, in Microsoft.Resources/deploymentScripts
  stable/2023-08-01/deploymentScripts.json) that ends when the script reaches a terminal state
  (provisioningState Succeeded / Failed / Canceled, same file), and pulumi-azure-native polls
  such operations until done (provider/pkg/azure/client_azcore.go `putOrPatch`: `PollUntilDone`
  when the operation is marked long-running). So the resource is created only once the role
  exists, the containers (which depend on it through the connection's username) start after
  that, and a failed script fails `pulumi up`. An ACI container group would report "created"
  once running, before the SQL ran, and its failure would be invisible to `up`.
- Where it runs: `containerSettings.subnetIds`, a subnet delegated to
  Microsoft.ContainerInstance/containerGroups in the environment's network (aci: the containers'
  own subnet; aca: the created network's `scripts` subnet, or `compute.script_subnet_id`).
  A private deployment script needs its own storage account, which its container mounts (an
  Azure Files share for the script and its logs), reachable from that subnet: here a StorageV2
  account with public network access Disabled, reached through a private endpoint (`file`) in
  the environment's private-endpoint subnet, registered in privatelink.file.core.windows.net
  linked to the network; a user-assigned identity (the only kind deployment scripts take:
  "Currently, only user-assigned MSI is supported", `identity` in the spec above) holds
  Storage File Data Privileged Contributor on that account ("Run Bicep deployment script
  privately over a private endpoint", learn.microsoft.com/azure/azure-resource-manager/bicep/
  deployment-script-vnet-private-endpoint). Shared key access stays on: the share is mounted
  with the account key (the service reads it; dotnet/aspire's deployment-script storage notes
  "must have AllowSharedKeyAccess enabled, as deployment scripts need to mount file shares").
  The private endpoint, not a service endpoint, so no subnet of the environment changes.
- Egress: the SQL needs none (the server and the storage are private endpoints), but the
  script's container is a container group in that subnet, which pulls the CLI image from
  mcr.microsoft.com ("If you use a firewall, allowlist mcr.microsoft.com ... Failure to download
  the container image results in the ACI entering a waiting state, eventually leading to a
  timeout error", deployment-script-vnet-private-endpoint) and, as `identity` is set, is signed
  in with it before the script runs (Entra ID, login.microsoftonline.com; ARM,
  management.azure.com). A container group in a virtual network goes out only through a NAT
  gateway: "This is the only supported configuration for outbound connectivity from your
  container group in a virtual network" (container-instances-virtual-network-concepts). So aci's
  containers subnet has the environment's NAT gateway, and aca's created `scripts` subnet a NAT
  gateway of its own (platforms/aca/platform.py; review R-AZL-1), as Microsoft's own private
  deployment scripts have ("attached to the two subnets that need outbound to
  mcr.microsoft.com", microsoft/finops-toolkit#2163, which also moved its script storage to this
  Azure Files private endpoint design, #2259). A subnet of yours (aci `subnet_id`, aca
  `script_subnet_id`) needs a route out that allows mcr.microsoft.com and *.data.mcr.microsoft.com
  (microsoft/containerregistry docs/client-firewall-rules.md), login.microsoftonline.com and
  management.azure.com, or the service tags MicrosoftContainerRegistry, AzureActiveDirectory and
  AzureResourceManager (docs/resources/sql-database.md lists them).
- The sign-in (not verified against Azure from here; review R-AZL-3): the identity's only role is
  Storage File Data Privileged Contributor on the script's account, exactly what Microsoft's
  private-endpoint sample grants its script identity (an AzurePowerShell script there;
  `Connect-AzAccount -Identity` does not need a subscription). `az login --identity` lists the
  identity's subscriptions and has failed with "No access was configured for the VM, hence no
  subscriptions were found" for identities with no role in any subscription
  (MicrosoftDocs/azure-docs#36664, Azure/azure-cli#7225); whether the service's CLI wrapper
  tolerates that is undocumented, and this identity does hold a role assignment in the
  subscription (on the account). Kept as is, least privilege, until one real run says otherwise;
  if the script's log shows that error, the fix is Reader on the storage account only (nothing
  else becomes readable). `timeout` PT30M bounds the whole run, which includes the service's
  "10 minutes" of sign-in retries while the role assignment replicates.
- What it runs: the Azure CLI image has Python but no PostgreSQL client, and the script
  installs nothing at run time (the only egress it needs is the image pull and the sign-in,
  above; a package index need not be reachable, and its script is only its text): the script
  writes two Python files it carries in its text and runs them with the image's python3 (the
  CLI is a Python program: the Azure Linux images install the CLI's RPM, built with
  PYTHON_PACKAGE=python3, i.e. on the distribution's python3, Azure/azure-cli
  scripts/release/rpm/azurelinux.dockerfile; the older Alpine images were python:alpine) —
  `db_login_step.py` (a standard-library PostgreSQL client: TLS verified against the system
  roots and the server's name, SCRAM-SHA-256; why not pg8000: its docstring) and
  `recipes/aws/db_login_handler.py`, whose `statements` and `owned_objects_query` are the SQL
  the ecs and cloudrun steps run: the same role, grants and ownership hand-over on every cloud.
  The login's password reaches the server only as its SCRAM verifier.
- Secrets: the administrator's and the login's passwords are `secureValue` environment
  variables (the service never returns them) and Pulumi secrets; the script text and plain
  variables hold none.
- When it runs: any change of the resource's inputs is a PUT (azure-native updates with the
  create PUT), and the service runs the script again when a property changed ("If none of the
  deploymentScripts resource properties (including the inline script) are changed, the script
  doesn't execute", deployment-script-bicep, "Run script more than once"); `forceUpdateTag` is a
  digest of every input (passwords included, as a digest), so a changed secret value, which the
  service never returns and may not compare, runs it too. It also holds the server's and the
  database's creation times (`systemData.createdAt`) and the database's id: a server or database
  deleted and created again under its name is empty, and its host and name alone would not run
  the step there (review R-AZL-4). Same program, same inputs: a second `up` shows no diff.
- A failed run fails the `up` (the script's error and log: `az deployment-scripts show-log -g
  <group> -n <name>`). A later `up` with unchanged inputs sends the same properties, which the
  service does not run again (above); once the cause is fixed, `pulumi up --replace <the
  script's URN>` deletes it and creates it again, which runs it.
- Afterwards: the container group and the share are deleted as soon as the run ends, failed or
  not (`cleanupPreference` Always: a failed run's container group would otherwise stay in the
  delegated subnet up to `retentionInterval` and block deleting the network, InUseSubnetCannotBeDeleted;
  the service keeps the run's output for `az deployment-scripts show-log`; review R-AZL-8). The
  service deletes the script resource itself `retentionInterval` after it finished (PT26H, the
  longest allowed). A plain `up` does not read it, so no diff; a `refresh` (or `up --refresh`)
  later than that finds it gone and the next `up` creates it again, which runs the SQL again:
  every statement converges (the role exists -> its password is set; grants are idempotent;
  the ownership query returns nothing), so that is harmless (a minute or two, one container
  group billed). The workloads' username follows the script's URN, not its id, so that run
  does not preview every workload as changed (review R-AZL-5). `destroy` of an expired script:
  Delete answers 204 "Resource does not exist" (same spec), which the provider takes as deleted.
- Names: the script, identity and endpoint are `<app>-<resource>-db-login*`, without the
  environment, as aci's container group names (one environment per resource group); the storage
  account's name is global, so it carries a hash of the subscription, environment and resource
  group (`storage_account_name`). Its shared key access is required by the service and often
  denied by the Azure Policy "Storage accounts should prevent shared key access": such a
  subscription needs an exemption for the `<...>dl<hash>` account (review R-AZL-10).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pulumi
import pulumi_azure_native as azure_native

from ...names import short_hash
from ...platforms.azure import iam, private_link
from ...platforms.azure import names as az

# An Azure CLI version deployment scripts run (its image, mcr.microsoft.com/azure-cli:<version>).
AZ_CLI_VERSION = "2.67.0"
RETENTION = "PT26H"  # "between 1 and 26 hours" (deployment script docs, retentionInterval)
# The whole run: the container group's creation, the image pull (the azure-cli image is about
# 1 GB), the identity's sign-in, which the service retries "for 10 minutes (with 10-second
# intervals) until the managed identity's role assignment is replicated"
# (deployment-script-develop, "identity"), then the SQL (seconds). It bounds a hang, it does not
# delay a success, so it leaves the sign-in retry room (review R-AZL-3).
TIMEOUT = "PT30M"
# Always: the container group and the share go when the run ends, failed or not ("Always:
# Delete the supporting resources once script execution gets in a terminal state"), so a failed
# run leaves no container group in the delegated subnet for 26 h, which would block the network's
# deletion (`destroy`, an aci network move: InUseSubnetCannotBeDeleted). Its log stays readable:
# "the script service persists the script execution results (for example, stdout) ... before the
# resources are deleted" (deployment-script-develop, "Clean up deployment script resources";
# review R-AZL-8): `az deployment-scripts show-log` until the script resource itself expires.
CLEANUP = "Always"
# Storage File Data Privileged Contributor: what the script's identity needs on the storage
# account of a private deployment script (the private-endpoint page cited above).
STORAGE_FILE_PRIVILEGED_CONTRIBUTOR = "69566ab7-960f-475b-8e7c-b3118f30c6bd"
STATEMENTS_VERSION = "1"
SOURCES = ("db_login_handler.py", "db_login_step.py")
SOURCE_END = "RADIUS_SOURCE_END"


def _source(name: str) -> str:
    here = Path(__file__).resolve().parent
    path = here.parent / "aws" / name if name == "db_login_handler.py" else here / name
    text = path.read_text()
    assert SOURCE_END not in text, f"{name} contains the here-document terminator"
    return text


def script_content() -> str:
    """The script: write the two Python files, run the step with the image's python3 (the CLI
    is a Python program on the distribution's python3, on PATH: the RPM-built images remove the
    CLI venv's own `bin/python*`, so the /opt/az and /usr/lib64/az paths are only a fallback for
    other builds of the image; review R-AZL-10)."""
    files = "".join(f"cat > \"$dir/{name}\" <<'{SOURCE_END}'\n{_source(name)}{SOURCE_END}\n" for name in SOURCES)
    return ("set -eu\n"
            "dir=$(mktemp -d)\n"
            f"{files}"
            "for py in python3 /usr/bin/python3 /opt/az/bin/python3 /usr/lib64/az/bin/python3; do\n"
            "  if command -v \"$py\" >/dev/null 2>&1; then exec \"$py\" \"$dir/db_login_step.py\"; fi\n"
            "done\n"
            "echo 'no python3 in the Azure CLI image' >&2\n"
            "exit 1\n")


def storage_account_name(subscription: str, environment: str, resource_group: str, app: str, resource: str) -> str:
    """3-24 lowercase letters and digits, unique across Azure (a hash of where it belongs: the
    subscription, environment and resource group, as the server's name). ASCII only: a storage
    account name takes "numbers and lower-case letters only" (Microsoft.Storage naming rules),
    and `str.isalnum` also passes 'é' or '²' (review R-AZL-15)."""
    base = re.sub(r"[^a-z0-9]", "", f"{app}{resource}".lower())[:8] or "db"
    return f"{base}dl{short_hash(f'{subscription}/{environment}/{resource_group}/{app}/{resource}/db-login', 12)}"


def update_tag(values: dict[str, Any]) -> str:
    """A digest of every input of the script (no secret in clear)."""
    text = json.dumps({**values, "statements": STATEMENTS_VERSION}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def created_at(system_data: Any) -> Any:
    """`systemData.createdAt` of a resource's output (an output type, or a dict under mocks)."""
    if isinstance(system_data, dict):
        return system_data.get("createdAt", system_data.get("created_at"))
    return getattr(system_data, "created_at", None)


def database_login(ctx: Any, *, zones: Any, tags: dict[str, str], host: Any, port: int, database: Any,
                   admin_user: str, admin_password: Any, role: str, role_password: Any,
                   after: list[Any], instance: Any = None) -> list[pulumi.Resource]:
    """Register the login step; returns its resources (the script last). `zones`: the
    environment's private endpoints (platform.private_endpoints); `after`: what must exist first
    (server, database, the server's private endpoint and DNS record); `instance`: what changes
    when the server or database is created again under the same name (their creation times),
    so that the step runs on the new, empty one (review R-AZL-4)."""
    platform = ctx.platform
    azure = platform.azure
    rg = azure.resource_group_name
    app, env, res = ctx.application.resource_name, ctx.environment.resource_name, ctx.resource_name
    group = str(getattr(ctx.compute, "resource_group", ""))
    opts = pulumi.ResourceOptions(parent=ctx.resource)
    subnet_id = platform.script_subnet_id
    base = az.aci_name(app, res, "db-login") or "db-login"

    account = azure_native.storage.StorageAccount(
        ctx.name("db-login-storage"),
        account_name=pulumi.Output.from_input(azure.subscription_id).apply(
            lambda s: storage_account_name(s, env, group, app, res)),
        resource_group_name=rg, location=azure.location, kind="StorageV2", sku={"name": "Standard_LRS"},
        allow_blob_public_access=False, enable_https_traffic_only=True, minimum_tls_version="TLS1_2",
        allow_shared_key_access=True,
        # Reached only through its private endpoint; ARM (the share's creation) is not network traffic.
        # `bypass` does nothing once public network access is Disabled; kept as Microsoft's
        # private-endpoint sample sets both (review R-AZL-10).
        public_network_access="Disabled", network_rule_set={"defaultAction": "Deny", "bypass": "AzureServices"},
        tags=tags, opts=opts)
    zone_id, link = zones.zone("file", private_link.FILE_ZONE)
    endpoint, dns = private_link.private_endpoint(
        azure, name=f"{res}-db-login-file", endpoint_name=az.aci_name(base, "file-pe", max_length=private_link.NETWORK_NAME_MAX)
        or "db-login-file-pe", target_id=account.id, group_id=private_link.FILE_GROUP_ID, network=zones.network,
        zone_id=zone_id, zone_link=link, tags=tags, opts=opts)
    identity = iam.user_assigned_identity(ctx.name("db-login-identity"), az.aci_name(base, "id") or "db-login-id",
                                          rg, azure.location, tags, opts)
    grant = iam.role_assignment(
        ctx.name("db-login-storage-access"), key=(env, group, app, res, "db-login"), scope=account.id,
        role_guid=STORAGE_FILE_PRIVILEGED_CONTRIBUTOR, principal_id=identity.principal_id,
        subscription_id=azure.subscription_id, opts=opts)
    content = script_content()
    secret_admin = pulumi.Output.secret(admin_password)
    secret_login = pulumi.Output.secret(role_password)
    tag = pulumi.Output.all(
        host=host, port=port, database=database, admin_user=admin_user, admin_password=secret_admin, role=role,
        role_password=secret_login, subnet=subnet_id, account=account.name, identity=identity.id,
        az_cli_version=AZ_CLI_VERSION, timeout=TIMEOUT, script=hashlib.sha256(content.encode()).hexdigest(),
        instance=instance,
    ).apply(update_tag)
    script = azure_native.resources.AzureCliScript(
        ctx.name("db-login"), script_name=base, resource_group_name=rg, location=azure.location, kind="AzureCLI",
        az_cli_version=AZ_CLI_VERSION, retention_interval=RETENTION, cleanup_preference=CLEANUP, timeout=TIMEOUT,
        identity={"type": "UserAssigned", "userAssignedIdentities": [identity.id]},
        container_settings={"subnetIds": [{"id": subnet_id}]},
        storage_account_settings={"storageAccountName": account.name},
        environment_variables=[
            {"name": "PGHOST", "value": host}, {"name": "PGPORT", "value": str(port)},
            {"name": "PGDATABASE", "value": database}, {"name": "PGUSER", "value": admin_user},
            {"name": "LOGIN_ROLE", "value": role},
            {"name": "PGPASSWORD", "secureValue": secret_admin},
            {"name": "LOGIN_PASSWORD", "secureValue": secret_login}],
        script_content=content, force_update_tag=pulumi.Output.secret(tag), tags=tags,
        # Its name is fixed and azure-native's create refuses a name that exists
        # (pulumi/pulumi-azure-native#303): a replacement (a new location, or `up --replace` to
        # run a failed script again, see the docstring) deletes the old one first.
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[*after, grant, dns],
                                                                       delete_before_replace=True)))
    return [account, endpoint, dns, identity, grant, script]
