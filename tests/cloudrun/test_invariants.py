"""Defect classes of the deployment review, guarded on every registered resource of every
Cloud Run example (issue 24 scope 2), not only on the instance the review found.

The programs: every example a stack can run on `cloudrun` (examples/demo with
Pulumi.cloudrun.yaml, examples/cloudrun, examples/fullstack with its cloudrun stack,
protect_stateful on and off), a worker without ports, the gateway programs with the
variants a user's change moves between (hostnames, TLS 1.2/1.3, plain HTTP, an own
certificate, rewrites, routes removed), and two applications whose gateway names meet when
their parts are joined (review gcp-gateway-names.md R-GLB-6).
"""

from __future__ import annotations

import inspect
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

import radius_components as rad
from radius_components.platforms.cloudrun.gateway import rule_priority
from radius_components.platforms.cloudrun.names import ca_mount_path
from radius_components.platforms.cloudrun.platform import CloudRunPlatform
from tests.helpers.cloudrun import compute  # noqa: F401 (installs the GCP mocks)
from tests.helpers.mocks import GENERATED_HEX, MOCK_OUTPUTS, run_program, run_recording_containers
from tests.helpers import regions
from tests.helpers.programs import fullstack_program
from tests.helpers.programs import example_program

ROOT = Path(__file__).resolve().parents[2]
MOCK_OUTPUTS.setdefault("gcp:compute/globalAddress:GlobalAddress", lambda a: {"address": "34.120.0.10"})


_example = example_program


OWN_CERTIFICATE = "projects/my-gcp-project/global/sslCertificates/shop"


def _gateway(paths=("/", "/api", "/api/v2"), host="shop.example.com", tls="1.2", rewrite=None, certificate=None):
    tls_args = {"certificateFrom": certificate, "minimumProtocolVersion": tls} if certificate else \
        {"managed": True, "minimumProtocolVersion": tls} if tls else None

    def program():
        env = rad.Environment("prod", compute=compute())
        app = rad.Application("shop", environment=env)
        routes = [{"path": p, "destination": "http://web:3000" if p == "/" else "http://api:8080",
                   **({"replacePrefix": rewrite} if rewrite and p != "/" else {})} for p in paths]
        rad.Gateway("public", application=app, routes=routes, hostname={"fullyQualifiedHostname": host},
                    tls=tls_args)
        for name, port in (("web", 3000), ("api", 8080)):
            rad.Container(name, application=app, container={
                "image": name, "ports": {"http": {"container_port": port}},
                "readiness_probe": {"kind": "httpGet", "container_port": port, "path": f"/{name}/ready"}})
    return program


def _gateways_whose_joined_names_meet():
    # Names joined by '-' meet: gateway `public`'s redirect URL map and gateway
    # `public-redirect`'s URL map; gateway `x`'s backend for container `a-b` and gateway `x-a`'s
    # for container `b` (review R-GLB-6; Compute answers 409 alreadyExists to the second); and,
    # were the role words alone to separate the parts, gateway `a` with container `b-backend-c`
    # and gateway `a-backend-b` with container `c`.
    env = rad.Environment("prod", compute=compute())
    app = rad.Application("shop", environment=env)
    host = {"fullyQualifiedHostname": "shop.example.com"}
    pairs = (("public", "web"), ("public-redirect", "web"), ("x", "a-b"), ("x-a", "b"), ("a", "b-backend-c"),
             ("a-backend-b", "c"))
    for gateway, container in pairs:
        rad.Gateway(gateway, application=app, routes=[{"path": "/", "destination": f"http://{container}:3000"}],
                    hostname=host, tls={"managed": True} if gateway.startswith("public") else None)
    for name in sorted({container for _, container in pairs}):
        rad.Container(name, application=app, container={"image": name, "ports": {"http": {"container_port": 3000}}})


def _worker():
    env = rad.Environment("prod", compute=compute(), protect_stateful=False)
    app = rad.Application("jobs", environment=env)
    db = rad.SqlDatabase("orders", application=app)
    rad.Container("worker", application=app, container={"image": "worker", "resources": {"limits": {"cpu": "1"}}},
                  connections={"orders": {"source": db}})


def _stack(path: Path) -> dict[str, Any]:
    return {k.split(":", 1)[1]: v for k, v in yaml.safe_load(path.read_text())["config"].items()}


PROGRAMS = {
    "examples/demo": _example("examples/demo/__main__.py", _stack(ROOT / "Pulumi.cloudrun.yaml")),
    "examples/cloudrun": _example("examples/cloudrun/__main__.py", {"gcpProject": "my-gcp-project",
                                                                     "gcpProjectNumber": "123456789012"}),
    "examples/cloudrun protectStateful=false": _example("examples/cloudrun/__main__.py", {
        "gcpProject": "my-gcp-project", "gcpProjectNumber": "123456789012", "protectStateful": "false"}),
    "examples/fullstack": fullstack_program("cloudrun"),
    "examples/fullstack protectStateful=false": fullstack_program("cloudrun", protectStateful="false"),
    "a worker without ports": _worker,
    "gateway": _gateway(),
    "gateway, another hostname": _gateway(host="www.example.com"),
    "gateway, TLS 1.3": _gateway(tls="1.3"),
    "gateway, a route removed, rewrites": _gateway(paths=("/", "/api"), rewrite="/v2"),
    "gateway, plain HTTP": _gateway(tls=None),
    "gateway, own certificate": _gateway(certificate=OWN_CERTIFICATE),
    "gateways whose joined names meet": _gateways_whose_joined_names_meet,
}


@pytest.fixture(scope="module")
def runs():
    """Every program's registrations, its containers' arguments and each registration's dependencies."""
    return {name: run_recording_containers(CloudRunPlatform, program) for name, program in PROGRAMS.items()}


@pytest.fixture(scope="module")
def dbr_defined(runs):
    """URN -> whether the program set `delete_before_replace` (True or False) on the registration:
    the engine takes that over the provider's answer only when it is defined (pulumi
    step_generator: "The user can override the provider's decision by setting the
    `deleteBeforeReplace` field of `ResourceOptions` to either `true` or `false`"; the Python SDK
    sends deleteBeforeReplaceDefined = `opts.delete_before_replace is not None`)."""
    monitor = run_program.__globals__["RecordingMonitor"]
    original = monitor.RegisterResource
    defined: dict[str, bool] = {}

    def register(self, request):
        response = original(self, request)
        defined[response.urn] = bool(request.deleteBeforeReplaceDefined) and not request.deleteBeforeReplace
        return response

    monitor.RegisterResource = register
    try:
        for program in PROGRAMS.values():
            run_program(program)
    finally:
        monitor.RegisterResource = original
    return defined


def _all(runs, type_: str):
    return [(program, r) for program, (run, _, _) in runs.items() for r in run.of_type(type_)]


# -- a replacement under a kept name ---------------------------------------------------------------
# pulumi-gcp deletes a resource whose name the program sets before creating its replacement, on
# every replacement (pulumi-terraform-bridge pkg/tfbridge/schema.go nameRequiresDeleteBeforeReplace,
# the branch without UniqueNameFields; provider.go Diff sets DeleteBeforeReplace from it), and
# Compute Engine refuses to delete a load balancer resource another one still uses
# (resourceInUseByAnotherResource): the `up` stops half way. The Gateway's resources keep their
# names (ignore_changes), so what matters is that nothing a user changes replaces one under the
# same logical name: for each kept-name type, its ForceNew inputs (terraform-provider-google
# e03b762, google/services/compute/resource_compute_*.go, top-level `ForceNew: true`) are the same
# for one logical name in every program (review R-GLB-8). The certificate's and the NEGs' logical
# names follow their ForceNew inputs (hostname; project, region, service), so a change of them is a
# new resource. `project` (and the NEGs' `region`) are compared by key, not as a value: a move to
# another project is a replacement created first (below), which the new project's free names allow.
KEPT_NAME_FORCE_NEW = {
    "gcp:compute/globalAddress:GlobalAddress": (
        "address", "addressType", "description", "ipVersion", "network", "prefixLength", "purpose"),
    "gcp:compute/backendService:BackendService": ("params",),
    "gcp:compute/uRLMap:URLMap": (),
    "gcp:compute/targetHttpProxy:TargetHttpProxy": ("description", "httpKeepAliveTimeoutSec", "proxyBind"),
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy": (
        "description", "httpKeepAliveTimeoutSec", "proxyBind", "tlsEarlyData"),
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": (
        "description", "ipAddress", "ipProtocol", "ipVersion", "metadataFilters", "network", "networkTier",
        "noAutomateDnsZone", "portRange", "serviceDirectoryRegistrations", "sourceIpRanges", "subnetwork"),
    "gcp:compute/sSLPolicy:SSLPolicy": ("description",),
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": ("description", "managed", "type"),
    "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": (
        "appEngine", "cloudFunction", "cloudRun", "description", "network", "networkEndpointType", "pscData",
        "pscTargetService", "subnetwork"),
}


def test_a_kept_name_never_meets_a_change_of_what_replaces_it(runs):
    seen: dict[tuple, dict[tuple, str]] = defaultdict(dict)
    checked = 0
    for type_, props in KEPT_NAME_FORCE_NEW.items():
        for program, r in _all(runs, type_):
            inputs = r.plain()
            assert "name" in r.ignore_changes, (program, r.type, r.name)
            key = (type_, r.urn, inputs.get("project"), inputs.get("region"))
            seen[key][tuple(json.dumps(inputs.get(p), sort_keys=True) for p in props)] = program
            checked += 1
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}
    assert checked >= 100


def test_every_kept_name_load_balancer_resource_is_replaced_creating_first(runs, dbr_defined):
    # With delete_before_replace=False set (overriding the provider), a replacement that remains is
    # created first: in another project (every one of these is ForceNew on `project`) the names are
    # free and the old chain goes once the new one stands; under the kept name in the same project
    # Compute answers 409 alreadyExists at create, before anything is deleted (review R-GLB-1, 3).
    # (A Gateway's; the private services range, a GlobalAddress of the SQL recipe, is another matter.)
    checked = 0
    for type_ in KEPT_NAME_FORCE_NEW:
        for program, r in _all(runs, type_):
            if "radius:index:Gateway" in r.parent:
                assert dbr_defined[r.urn], (program, r.type, r.name)
                checked += 1
    assert checked >= 100


# Names Google keeps for a while after the resource is deleted, and the inputs that replace it:
# a fixed name makes a replacement (created first) and a destroy-then-up fail. Cloud SQL: "after
# a name is used, it cannot be reused for up to one week" (pulumi-gcp sql.DatabaseInstance
# `name`; cloud.google.com/sql/docs/postgres/delete-instance); ForceNew in
# terraform-provider-google resource_sql_database_instance: project, region, encryption_key_name.
HELD_AFTER_DELETE = {
    "gcp:sql/databaseInstance:DatabaseInstance": ("project", "region", "encryptionKeyName"),
}


def test_a_name_held_after_delete_comes_from_state_and_follows_what_replaces_it(runs):
    checked = 0
    for type_, replacing in HELD_AFTER_DELETE.items():
        for program, r in _all(runs, type_):
            run, _, depends = runs[program]
            inputs = r.plain()
            suffixes = [s for s in run.of_type("random:index/randomId:RandomId")
                        if s.urn in depends[r.name] and inputs["name"].endswith("-" + GENERATED_HEX)]
            assert len(suffixes) == 1, (program, r.name, inputs["name"])
            # Review R-GCP-1: a generated name is kept once the resource exists (the engine takes an
            # ignored input from state), so stacks older than the suffix are not replaced for it.
            assert "name" in r.ignore_changes, (program, r.name)
            keepers = suffixes[0].plain().get("keepers") or {}
            for key in replacing:
                if inputs.get(key) is not None:
                    assert keepers.get(_snake(key)) == inputs[key], (program, r.name, key)
            checked += 1
    assert checked >= 3


def _snake(key: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in key)


# -- data survives a delete ------------------------------------------------------------------------
def test_every_cloud_sql_instance_keeps_a_final_backup_and_its_backups(runs):
    # Without them "deleting an instance deletes all its backups"
    # (cloud.google.com/sql/docs/postgres/delete-instance); protect_stateful=False is
    # "deletable", not "lose the data" (issue 24).
    instances = _all(runs, "gcp:sql/databaseInstance:DatabaseInstance")
    for program, r in instances:
        settings = r.plain()["settings"]
        assert settings["finalBackupConfig"]["enabled"] is True and settings["retainBackupsOnDelete"] is True, program
    assert len(instances) >= 3


def test_memorystore_has_no_backup_on_delete_to_ask_for():
    # The one data-holding type without a final backup: Memorystore for Redis has none in its
    # API (its RDB snapshots go with the instance; an export is an operation, not a setting).
    # This fails, and says so, once pulumi-gcp's redis.Instance grows such an argument.
    import pulumi_gcp as gcp

    params = inspect.signature(gcp.redis.InstanceArgs.__init__).parameters
    assert not [p for p in params if "backup" in p or "final" in p or "snapshot" in p]


# -- health checks follow the routed container --------------------------------------------------
def test_routed_services_are_checked_by_their_readiness_probe(runs):
    # Serverless NEG backends take no load balancer health checks ("Health checks aren't
    # supported for serverless NEG backends"): what admits traffic to a revision is Cloud
    # Run's startup probe, which is the container's readiness probe.
    checked = 0
    for program, (run, containers, _) in runs.items():
        for backend in run.of_type("gcp:compute/backendService:BackendService"):
            assert not backend.plain().get("healthChecks"), (program, backend.name)
        for service in run.of_type("gcp:cloudrunv2/service:Service"):
            name = service.name.removesuffix("-service")
            probe = containers[name].container.readiness_probe
            startup = service.plain()["template"]["containers"][0].get("startupProbe")
            if probe is not None and probe.kind == "httpGet":
                assert startup["httpGet"]["path"] == (probe.path or "/"), (program, name)
                checked += 1
    assert checked >= 4


# -- TLS: the CA a verifying client needs ----------------------------------------------------------
def test_every_tls_connection_delivers_its_ca_as_a_value_and_a_file(runs):
    # Memorystore and Cloud SQL sign with per-instance CAs, in no public trust store.
    checked = 0
    for program, (run, _, _) in runs.items():
        for kind in ("gcp:cloudrunv2/service:Service", "gcp:cloudrunv2/workerPool:WorkerPool"):
            for workload in run.of_type(kind):
                container = workload.plain()["template"]["containers"][0]
                envs = {e["name"]: e for e in container.get("envs", [])}
                mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
                for key, entry in envs.items():
                    if key.startswith("CONNECTION_") and key.endswith("_TLS") and entry.get("value") == "true":
                        connection = key[len("CONNECTION_"):-len("_TLS")]
                        assert envs.get(f"{key}CACERT", {}).get("value"), (program, workload.name, key)
                        assert ca_mount_path(connection.lower()) in {m.lower() for m in mounts}, (program, key)
                        checked += 1
    assert checked >= 5


# -- route rules keep their identity --------------------------------------------------------------
def test_every_route_rule_priority_is_its_own_paths(runs):
    for program, (run, _, _) in runs.items():
        for url_map in run.of_type("gcp:compute/uRLMap:URLMap"):
            for matcher in url_map.plain().get("pathMatchers") or []:
                rules = matcher.get("routeRules") or []
                for rule in rules:
                    match = rule["matchRules"][0]
                    path = match.get("fullPathMatch") or match["prefixMatch"].rstrip("/") or "/"
                    offset = 1 if "prefixMatch" in match else 0
                    assert rule["priority"] == rule_priority(path) + offset, (program, path)
                assert len({r["priority"] for r in rules}) == len(rules)


# -- what must exist first is waited for ------------------------------------------------------------
def test_what_takes_addresses_of_the_network_waits_for_the_created_subnet(runs):
    # A range Google allocates (private services access, Memorystore DIRECT_PEERING) could
    # take the addresses of a subnet still being created (cloud.google.com/vpc/docs/
    # configure-private-services-access).
    checked = 0
    for program, (run, _, depends) in runs.items():
        subnets = {r.urn for r in run.of_type("gcp:compute/subnetwork:Subnetwork")}
        if not subnets:
            continue
        for r in run.of_type("gcp:compute/globalAddress:GlobalAddress"):
            if r.plain().get("purpose") == "VPC_PEERING":
                assert subnets & set(depends[r.name]), (program, r.name)
                checked += 1
        for r in run.of_type("gcp:redis/instance:Instance"):
            assert subnets & set(depends[r.name]), (program, r.name)
            checked += 1
    assert checked >= 3


# -- names global to the project are scoped by region -------------------------------------------
# Service account IDs (iam.v1 CreateServiceAccount: account_id unique in the project), Secret
# Manager IDs (secretmanager.v1 CreateSecret: secret_id unique in the project), VPC networks and
# global addresses (compute: global resources, names unique in the project) and bucket names
# (global to Cloud Storage: cloud.google.com/storage/docs/buckets#naming). Review R-GCP-3: one
# environment name in two regions of a project must not meet there (409 already exists).
GLOBAL_TO_PROJECT = {
    "gcp:serviceaccount/account:Account": "accountId",
    "gcp:secretmanager/secret:Secret": "secretId",
    "gcp:compute/network:Network": "name",
    "gcp:compute/globalAddress:GlobalAddress": "name",
    "gcp:storage/bucket:Bucket": "name",
    # A Gateway's external Application Load Balancer (Compute Engine global resources, names
    # unique in the project): URL maps, backend services, proxies, forwarding rules, SSL policies
    # and certificates, and its global address above.
    "gcp:compute/uRLMap:URLMap": "name", "gcp:compute/backendService:BackendService": "name",
    "gcp:compute/targetHttpProxy:TargetHttpProxy": "name", "gcp:compute/targetHttpsProxy:TargetHttpsProxy": "name",
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": "name", "gcp:compute/sSLPolicy:SSLPolicy": "name",
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": "name",
}
# Regional (Cloud Run services, jobs, worker pools, subnets, NEGs, Cloud SQL and Memorystore
# instances: named per region), inside a parent (secret versions, IAM members, databases,
# users, the peering connection of a network) or unnamed (enabled APIs, providers).
REGIONAL_OR_PARENT_SCOPED = {
    "gcp:index/provider:Provider", "gcp:projects/service:Service", "gcp:cloudrunv2/service:Service",
    "gcp:cloudrunv2/job:Job", "gcp:cloudrunv2/workerPool:WorkerPool", "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    "gcp:compute/subnetwork:Subnetwork", "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
    "gcp:secretmanager/secretVersion:SecretVersion", "gcp:secretmanager/secretIamMember:SecretIamMember",
    "gcp:servicenetworking/connection:Connection", "gcp:sql/databaseInstance:DatabaseInstance",
    "gcp:sql/database:Database", "gcp:sql/user:User", "gcp:redis/instance:Instance",
    "gcp:projects/iAMMember:IAMMember", "gcp:storage/bucketIAMMember:BucketIAMMember",
}
OTHER_REGION = "asia-northeast1"
# Inputs that scope a name: two resources of one type may share a name in different projects,
# regions or locations, or under different Cloud SQL instances.
NAME_SCOPES = ("project", "region", "location", "instance")


def test_no_two_resources_of_a_type_share_a_name_in_one_run(runs):
    # Review R-GLB-6: different logical names, so Pulumi registers both; Google refuses the second
    # create (409 alreadyExists). Every named GCP type (its name input as in GLOBAL_TO_PROJECT,
    # else `name`), within the scope its name is unique in.
    checked = 0
    for program, (run, _, _) in runs.items():
        seen: dict[tuple, str] = {}
        for r in regions.of_provider(run, "gcp"):
            inputs = r.plain()
            name = inputs.get(GLOBAL_TO_PROJECT.get(r.type, "name"))
            if not isinstance(name, str):
                continue
            key = (r.type, name, *(inputs.get(s) if r.type not in GLOBAL_TO_PROJECT or s == "project" else None
                                   for s in NAME_SCOPES))
            assert key not in seen, (program, key, seen.get(key), r.name)
            seen[key] = r.name
            checked += 1
    assert checked >= 200


def test_every_gcp_type_is_classified_as_project_global_or_not(runs):
    unknown = regions.unclassified_types((run for run, _, _ in runs.values()), "gcp", GLOBAL_TO_PROJECT,
                                         REGIONAL_OR_PARENT_SCOPED)
    assert not unknown, f"classify these types in tests/cloudrun/test_invariants.py: {unknown}"


def test_project_global_names_differ_between_regions(runs, monkeypatch):
    # The same programs with every environment in another region: no project-global name may be
    # shared with the first run, and each such resource keeps the name it was created with
    # (ignore_changes: an upgraded stack's resources are not replaced for the new names).
    for name, (first, _, _) in runs.items():
        for r in regions.of_provider(first, "gcp"):
            if r.type in GLOBAL_TO_PROJECT:
                assert GLOBAL_TO_PROJECT[r.type] in r.ignore_changes, (name, r.type, r.name)
    regions.move_to_region(monkeypatch, CloudRunPlatform, OTHER_REGION)
    checked = regions.names_shared_between_regions({name: run for name, (run, _, _) in runs.items()}, PROGRAMS,
                                                   "gcp", GLOBAL_TO_PROJECT)
    assert checked >= 20
