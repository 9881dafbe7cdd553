"""The ecs compute kind under mocks: what each feature registers, asserted on types, names, inputs.

The mocks give AWS-computed outputs (ARNs, endpoint addresses, secret version ids) in the
shapes AWS returns them, so IAM documents and container definitions hold realistic values.
"""

from __future__ import annotations

import json
import re

import pulumi
import pytest

import radius_components as rad
from tests.helpers.ecs import (ACCOUNT, ATTACHMENT, DEMO_IMAGE, EGRESS, EXISTING_SECRET, INGRESS, REGION,
                               REPLICATION_GROUP, ROLE, ROLE_POLICY, SECRET, SECRET_VERSION, SERVICE, SG, TD,
                               USER_PASSWORD, VERSION_ID, _arn, _failure_of, _run_example, as_program, definition, demo,
                               ecs_compute, everything, policy)
from tests.helpers.mocks import (GENERATED_PASSWORD, MOCK_OUTPUTS, SECRET_MARK, SECRET_SIG, run_program, secret_leaks,
                                 snapshot)


@pytest.fixture(scope="module")
def demo_run():
    return run_program(as_program(demo))


@pytest.fixture(scope="module")
def full_run():
    return run_program(as_program(everything))


# -- the demo of the issue ----------------------------------------------------------------


def test_demo_registers_exactly_the_expected_resources(demo_run):
    got = sorted((r.type, r.name) for r in demo_run.resources)
    assert got == sorted([
        ("radius:index:Environment", "prod"), ("radius:index:Application", "todo"),
        ("radius:index:RedisCache", "db"), ("radius:index:Container", "demo"), ("radius:internal:Expanded", "demo"),
        ("pulumi:providers:aws", "prod-aws"),
        ("aws:ecs/cluster:Cluster", "prod-cluster"),
        ("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "prod-capacity-providers"),
        ("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "prod-namespace"),
        ("random:index/randomPassword:RandomPassword", "db-auth-token"),
        # The final snapshot's random suffix (recipes/aws/redis.py).
        ("random:index/randomId:RandomId", "db-final-snapshot-id"),
        ("aws:elasticache/subnetGroup:SubnetGroup", "db-subnet-group"),
        (SG, "db-sg"), (REPLICATION_GROUP, "db-replication-group"),
        ("aws:cloudwatch/logGroup:LogGroup", "demo-logs"), (SG, "demo-sg"),
        (EGRESS, "demo-egress-https"), (EGRESS, "demo-egress-redis-port"), (INGRESS, "demo-to-redis-port"),
        (SECRET, "demo-secrets"), (SECRET_VERSION, "demo-secrets-version"),
        (ROLE, "demo-execution-role"), (ROLE_POLICY, "demo-execution-policy"), (ROLE, "demo-task-role"),
        ("aws:servicediscovery/service:Service", "demo-discovery"),
        (TD, "demo-task"), (SERVICE, "demo-service"),
    ])


def test_every_aws_resource_uses_the_environment_provider_and_its_parent(demo_run):
    for r in demo_run.resources:
        if r.type.startswith("aws:"):
            assert "pulumi:providers:aws::prod-aws" in r.provider, r.name
    parent_of = {r.name: r.parent.rsplit("::", 1)[-1] for r in demo_run.resources}
    for child in ("demo-logs", "demo-sg", "demo-secrets", "demo-task", "demo-service", "demo-to-redis-port"):
        assert parent_of[child] == "demo"
    for child in ("db-auth-token", "db-subnet-group", "db-sg", "db-replication-group"):
        assert parent_of[child] == "db"
    for child in ("prod-cluster", "prod-namespace", "prod-aws"):
        assert parent_of[child] == "prod"
    assert demo_run.named("prod-aws").plain()["region"] == REGION


def test_environment_cluster_and_namespace(demo_run):
    cluster = demo_run.one("aws:ecs/cluster:Cluster").plain()
    assert cluster["name"] == "prod"
    assert cluster["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    providers = demo_run.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").plain()
    assert providers["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert providers["clusterName"] == "prod"
    ns = demo_run.one("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace").plain()
    assert ns == {**ns, "name": "prod.internal", "vpc": "vpc-0abc123"}


def test_existing_cluster_by_arn_and_no_region_uses_the_ambient_provider():
    arn = _arn("ecs", "cluster/shared")
    run = run_program(as_program(demo, cluster_arn=arn, region=None, container_insights="disabled"))
    assert run.of_type("aws:ecs/cluster:Cluster") == []
    assert run.of_type("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders") == []
    assert run.of_type("pulumi:providers:aws") == []
    assert run.one(SERVICE).plain()["cluster"] == arn
    # The awslogs region comes from the provider's region (an invoke), not a guess.
    assert definition(run, "demo")["logConfiguration"]["options"]["awslogs-region"] == "us-east-2"


def test_container_insights_setting():
    run = run_program(as_program(demo, container_insights="enhanced"))
    assert run.one("aws:ecs/cluster:Cluster").plain()["settings"] == [{"name": "containerInsights", "value": "enhanced"}]


def test_demo_task_definition(demo_run):
    td = demo_run.one(TD).plain()
    assert td["family"] == "todo-demo"
    assert (td["cpu"], td["memory"]) == ("256", "512")
    assert td["networkMode"] == "awsvpc"
    assert td["requiresCompatibilities"] == ["FARGATE"]
    assert td["executionRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/prod-todo-demo-eu-west-1-exec"
    assert td["taskRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/prod-todo-demo-eu-west-1-task"
    assert td["runtimePlatform"] == {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"}


def test_demo_container_definition_spells_out_aws_defaults(demo_run):
    d = definition(demo_run, "demo")
    assert d["name"] == "demo" and d["image"] == DEMO_IMAGE
    assert d["essential"] is True and d["versionConsistency"] == "enabled"
    assert (d["cpu"], d["memory"]) == (256, 512)
    assert d["portMappings"] == [{"containerPort": 3000, "hostPort": 3000, "protocol": "tcp"}]
    assert d["mountPoints"] == [] and d["volumesFrom"] == [] and d["systemControls"] == []
    assert d["logConfiguration"] == {"logDriver": "awslogs", "options": {
        "awslogs-group": "/radius/prod/todo/demo", "awslogs-region": REGION, "awslogs-stream-prefix": "demo"}}
    # The readiness probe (the demo's only probe) becomes the health check, defaults spelled out.
    assert d["healthCheck"] == {
        "command": ["CMD-SHELL", "curl -fsS -o /dev/null http://localhost:3000/healthz || "
                                 "wget -q -O /dev/null http://localhost:3000/healthz || exit 1"],
        "interval": 30, "timeout": 5, "retries": 3}
    assert "startPeriod" not in d["healthCheck"], "no grace period is the absence of startPeriod"


def test_demo_env_values_and_secrets(demo_run):
    d = definition(demo_run, "demo")
    env = {e["name"]: e["value"] for e in d["environment"]}
    assert [e["name"] for e in d["environment"]] == sorted(env)
    # No CONNECTION_REDIS_USERNAME: ElastiCache AUTH has no username, and ECS does not keep
    # an empty value (it would be a new task definition revision on every `up`).
    assert env == {"CONNECTION_REDIS_HOST": "master.prod-todo-db.abc123.euw1.cache.amazonaws.com",
                   "CONNECTION_REDIS_PORT": "6379", "CONNECTION_REDIS_TLS": "true", "LOG_LEVEL": "info"}
    assert not any("CONNECTION_REDIS_USERNAME" in w for w in demo_run.warnings), "connection values drop silently"
    secret_arn = _arn("secretsmanager", "secret:radius/prod/todo/demo-AbCdEf")
    assert d["secrets"] == [
        {"name": n, "valueFrom": f"{secret_arn}:{n}::"}
        for n in ("CONNECTION_REDIS_CONNECTIONSTRING", "CONNECTION_REDIS_PASSWORD", "CONNECTION_REDIS_URL")]
    # A new secret version (new AWS version id) makes a new task definition revision.
    assert d["dockerLabels"] == {"radapp.io/application": "todo", "radapp.io/resource": "demo",
                                 "radapp.io/secrets-revision": VERSION_ID}


def test_secret_version_holds_the_connection_secrets(demo_run):
    secret = demo_run.one(SECRET).plain()
    assert secret["name"] == "radius/prod/todo/demo" and secret["recoveryWindowInDays"] == 0
    version = demo_run.one(SECRET_VERSION)
    assert version.inputs["secretString"][SECRET_SIG] == SECRET_MARK
    host = "master.prod-todo-db.abc123.euw1.cache.amazonaws.com"
    assert json.loads(version.plain()["secretString"]) == {
        "CONNECTION_REDIS_CONNECTIONSTRING": f"{host}:6379,abortConnect=False,ssl=True,password={GENERATED_PASSWORD}",
        "CONNECTION_REDIS_PASSWORD": GENERATED_PASSWORD,
        "CONNECTION_REDIS_URL": f"rediss://:{GENERATED_PASSWORD}@{host}:6379/0",
    }


def test_demo_service(demo_run):
    svc = demo_run.one(SERVICE).plain()
    assert svc["name"] == "todo-demo"
    assert svc["cluster"] == _arn("ecs", "cluster/prod")
    assert svc["taskDefinition"] == _arn("ecs", "task-definition/todo-demo:1")
    assert svc["desiredCount"] == 1 and svc["launchType"] == "FARGATE"
    assert svc["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert svc["networkConfiguration"] == {"subnets": ["subnet-0aaa", "subnet-0bbb"], "securityGroups": ["demo-sg_id"],
                                           "assignPublicIp": False}
    assert svc["serviceRegistries"] == {"registryArn": _arn("servicediscovery", "service/srv-todo-demo")}
    discovery = demo_run.one("aws:servicediscovery/service:Service").plain()
    assert discovery["name"] == "todo-demo"
    # ECS reports task health to Cloud Map; 1 is the value AWS always stores (an empty block
    # would replace this service on every `up`: test_ecs_redeploy).
    assert discovery["healthCheckCustomConfig"] == {"failureThreshold": 1}
    # `up` waits for running, healthy tasks (awsx's default too).
    assert svc["waitForSteadyState"] is True
    assert discovery["dnsConfig"] == {"namespaceId": "prod-namespace_id", "routingPolicy": "MULTIVALUE",
                                      "dnsRecords": [{"ttl": 10, "type": "A"}]}


def test_a_rolled_back_deployment_fails_the_up(monkeypatch):
    # What the provider reads back after waiting when the circuit breaker rolled back: the
    # service runs the previous revision (terraform-provider-aws#20858).
    previous = _arn("ecs", "task-definition/todo-demo:0")
    monkeypatch.setitem(MOCK_OUTPUTS, SERVICE, lambda a: {"taskDefinition": previous})
    error = _failure_of(as_program(demo))
    text = str(error)
    assert type(error).__name__ == "DeploymentRolledBack", repr(error)
    assert "Container 'demo': ECS service 'todo-demo' did not reach a steady state on task definition " \
           f"{_arn('ecs', 'task-definition/todo-demo:1')}" in text
    assert f"rolled it back to {previous}" in text and "Fix: " in text and "/radius/prod/todo/demo" in text


def test_no_rollback_check_without_waiting(monkeypatch):
    # Not waiting: right after UpdateService the service still names the new revision; the
    # check would have nothing to go by, so there is none.
    monkeypatch.setitem(MOCK_OUTPUTS, SERVICE, lambda a: {"taskDefinition": _arn("ecs", "task-definition/todo-x:0")})

    def program():
        env = rad.Environment("prod", compute=ecs_compute())
        app = rad.Application("todo", environment=env)
        rad.Container("x", application=app, container={"image": "img"},
                      runtimes={"ecs": {"service": {"wait_for_steady_state": False}}})
        return pulumi.Output.from_input(None)

    assert run_program(program).one(SERVICE).plain()["waitForSteadyState"] is False


def test_internal_url_is_the_cloud_map_name():
    def program():
        parts = demo()
        return pulumi.Output.all(parts["demo"].internal_url, parts["app"].namespace)

    holder = {}

    def capture():
        out = program()
        out.apply(lambda v: holder.setdefault("v", v))
        return out

    run_program(capture)
    assert holder["v"] == ["http://todo-demo.prod.internal:3000", "prod.internal"]


def test_log_group_retention(demo_run, full_run):
    assert demo_run.one("aws:cloudwatch/logGroup:LogGroup").plain() == {
        **demo_run.one("aws:cloudwatch/logGroup:LogGroup").plain(), "name": "/radius/prod/todo/demo", "retentionInDays": 30}
    assert full_run.named("backend-logs").plain()["retentionInDays"] == 90


# -- networking least privilege -----------------------------------------------------------------


def test_redis_security_group_admits_only_the_connecting_task(demo_run):
    rules = demo_run.of_type(INGRESS)
    assert [r.name for r in rules] == ["demo-to-redis-port"]
    rule = rules[0].plain()
    assert rule == {**rule, "securityGroupId": "db-sg_id", "referencedSecurityGroupId": "demo-sg_id",
                    "ipProtocol": "tcp", "fromPort": 6379, "toPort": 6379}
    assert "cidrIpv4" not in rule
    # Neither security group carries inline rules that could admit anything else.
    allowed = re.compile(r"^[a-zA-Z0-9. _\-:/()#,@\[\]+=&;{}!$*]{0,255}$")  # EC2 description charset
    for sg in demo_run.of_type(SG):
        assert "ingress" not in sg.plain() and sg.plain()["vpcId"] == "vpc-0abc123"
        assert allowed.match(sg.plain()["description"])
    for rule in demo_run.of_type(INGRESS) + demo_run.of_type(EGRESS):
        assert allowed.match(rule.plain()["description"])


def test_egress_is_https_plus_the_connections(demo_run):
    egress = {r.name: r.plain() for r in demo_run.of_type(EGRESS)}
    assert egress["demo-egress-https"] == {**egress["demo-egress-https"], "cidrIpv4": "0.0.0.0/0", "fromPort": 443,
                                           "toPort": 443, "ipProtocol": "tcp"}
    assert egress["demo-egress-redis-port"] == {**egress["demo-egress-redis-port"], "referencedSecurityGroupId": "db-sg_id",
                                                "fromPort": 6379, "securityGroupId": "demo-sg_id"}


def test_container_to_container_ingress_only_on_the_target_ports(full_run):
    rules = {r.name: r.plain() for r in full_run.of_type(INGRESS)}
    assert sorted(rules) == ["backend-to-cache-port", "frontend-to-backend-api", "frontend-to-backend-dns",
                             "frontend-to-quiet-port"]
    api, dns = rules["frontend-to-backend-api"], rules["frontend-to-backend-dns"]
    for rule in (api, dns):
        assert rule["securityGroupId"] == "backend-sg_id" and rule["referencedSecurityGroupId"] == "frontend-sg_id"
    assert (api["ipProtocol"], api["fromPort"], api["toPort"]) == ("tcp", 8080, 8080)
    assert (dns["ipProtocol"], dns["fromPort"], dns["toPort"]) == ("udp", 5353, 5353)
    assert all("cidrIpv4" not in r and "cidrIpv6" not in r for r in rules.values())
    # A URL and a manual Redis have no security group: only egress to their port.
    egress = {r.name: r.plain() for r in full_run.of_type(EGRESS)}
    assert egress["frontend-egress-payments-port"]["fromPort"] == 8443
    assert egress["backend-egress-legacy-port"]["fromPort"] == 6380


def test_allow_all_egress():
    run = run_program(as_program(demo, allow_all_egress=True))
    assert [r.name for r in run.of_type(EGRESS)] == ["demo-egress-all"]
    assert run.one(EGRESS).plain()["ipProtocol"] == "-1"
    assert [r.name for r in run.of_type(INGRESS)] == ["demo-to-redis-port"]


# -- IAM ------------------------------------------------------------------------------------------


def test_execution_role_reads_exactly_its_secrets(demo_run):
    doc = policy(demo_run, "demo-execution-policy")
    by_sid = {s["Sid"]: s for s in doc["Statement"]}
    assert set(by_sid) == {"WriteLogs", "ReadSecrets"}
    assert by_sid["ReadSecrets"]["Action"] == ["secretsmanager:GetSecretValue"]
    assert by_sid["ReadSecrets"]["Resource"] == [_arn("secretsmanager", "secret:radius/prod/todo/demo-AbCdEf")]
    assert by_sid["WriteLogs"]["Resource"] == [_arn("logs", "log-group:/radius/prod/todo/demo:*")]
    for role in demo_run.of_type(ROLE):
        trust = json.loads(role.plain()["assumeRolePolicy"])
        assert trust["Statement"] == [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                       "Principal": {"Service": "ecs-tasks.amazonaws.com"}}]
        assert "managedPolicyArns" not in role.plain()


def test_demo_task_role_has_no_grants(demo_run):
    # Redis is reached with its AUTH token: no IAM permission is needed, none is granted.
    assert demo_run.of_type(ATTACHMENT) == []
    assert [r.name for r in demo_run.of_type(ROLE_POLICY)] == ["demo-execution-policy"]


def test_ecr_image_and_existing_secret(full_run):
    doc = policy(full_run, "backend-execution-policy")
    by_sid = {s["Sid"]: s for s in doc["Statement"]}
    assert by_sid["PullImage"]["Resource"] == [_arn("ecr", "repository/shop/backend")]
    assert by_sid["EcrLogin"] == {"Sid": "EcrLogin", "Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"],
                                  "Resource": "*"}
    assert by_sid["ReadSecrets"]["Resource"] == sorted([
        EXISTING_SECRET, _arn("secretsmanager", "secret:radius/shop-prod/shop/backend-AbCdEf")])
    secrets = {s["name"]: s["valueFrom"] for s in definition(full_run, "backend")["secrets"]}
    assert secrets["API_TOKEN"] == f"{EXISTING_SECRET}:token::"


def test_connection_grants_are_scoped_to_the_target_arn(full_run):
    doc = policy(full_run, "backend-task-policy")
    assert doc["Statement"] == [{"Sid": "CacheConnection", "Effect": "Allow",
                                 "Action": ["elasticache:DescribeReplicationGroups"],
                                 "Resource": [_arn("elasticache", "replicationgroup:shop-prod-shop-cache")]}]
    attachment = full_run.one(ATTACHMENT).plain()
    assert attachment == {"policyArn": "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess", "role": "shop-prod-shop-backend-eu-west-1-task"}


# -- the container in full ------------------------------------------------------------------------


def test_full_container_definition(full_run):
    d = definition(full_run, "backend")
    assert d["entryPoint"] == ["/app/server"] and d["command"] == ["--port", "8080"]
    assert d["workingDirectory"] == "/app"
    assert d["portMappings"] == [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"},
                                 {"containerPort": 5353, "hostPort": 5353, "protocol": "udp"}]
    # Liveness wins over readiness (a warning says so); exec maps to CMD.
    assert d["healthCheck"] == {"command": ["CMD", "cat", "/tmp/healthy"], "interval": 20, "timeout": 3,
                                "retries": 4, "startPeriod": 15}
    assert d["mountPoints"] == [{"sourceVolume": "scratch", "containerPath": "/scratch", "readOnly": False}]
    assert full_run.one(TD, "backend-task").plain()["volumes"] == [{"name": "scratch"}]
    # Task size from the requests (0.5 vCPU, 1 GiB); the container's hard limit from limits.memory,
    # which is at least the request (a limit below its request is refused on every kind, as
    # Kubernetes does) and at most the task's memory.
    td = full_run.one(TD, "backend-task").plain()
    assert (td["cpu"], td["memory"]) == ("512", "1024")
    assert (d["cpu"], d["memory"]) == (512, 1024)
    env = {e["name"]: e["value"] for e in d["environment"]}
    assert env["WORKERS"] == "4" and env["CONNECTION_CACHE_TLS"] == "true"
    assert set(s["name"] for s in d["secrets"]) == {"API_TOKEN", "LEGACY_PASSWORD", "CONNECTION_CACHE_PASSWORD",
                                                    "CONNECTION_CACHE_URL", "CONNECTION_CACHE_CONNECTIONSTRING",
                                                    "CONNECTION_LEGACY_PASSWORD", "CONNECTION_LEGACY_URL",
                                                    "CONNECTION_LEGACY_CONNECTIONSTRING"}
    assert any("readiness_probe is not used" in w for w in full_run.warnings)


def test_https_headers_in_the_http_health_check(full_run):
    command = definition(full_run, "frontend")["healthCheck"]["command"]
    assert command[0] == "CMD-SHELL"
    assert "-H 'X-Probe: 1'" in command[1] and "'--header=X-Probe: 1'" in command[1]


def test_manual_scaling_and_tags(full_run):
    svc = full_run.one(SERVICE, "backend-service").plain()
    assert svc["desiredCount"] == 3
    assert svc["tags"]["team"] == "payments" and svc["tags"]["radapp.io/resource"] == "backend"
    assert "serviceRegistries" in svc


def test_punch_through(full_run):
    td = full_run.one(TD, "backend-task").plain()
    assert td["runtimePlatform"] == {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}
    assert td["ephemeralStorage"] == {"sizeInGib": 30}
    svc = full_run.one(SERVICE, "backend-service").plain()
    assert svc["capacityProviderStrategies"] == [{"capacityProvider": "FARGATE", "weight": 1, "base": 1}]
    assert "launchType" not in svc, "a capacity provider strategy replaces the launch type"
    assert svc["enableExecuteCommand"] is False
    assert svc["waitForSteadyState"] is False, "the opt-out of waiting for steady state"
    assert full_run.one(SERVICE, "frontend-service").plain()["waitForSteadyState"] is True
    d = definition(full_run, "backend")
    assert d["user"] == "1000" and d["readonlyRootFilesystem"] is True
    # Other kinds' runtimes are ignored; containers without runtimes keep the defaults.
    assert full_run.one(SERVICE, "frontend-service").plain()["launchType"] == "FARGATE"


def test_ec2_launch_type_with_its_own_capacity():
    def program():
        env = rad.Environment("prod", compute=ecs_compute(capacity_providers=["my-asg-provider"]))
        app = rad.Application("todo", environment=env)
        rad.Container("worker", application=app,
                      container={"image": "busybox", "resources": {"requests": {"cpu": "0.375", "memory": "300Mi"}}},
                      runtimes={"ecs": {"service": {"launch_type": "EC2"},
                                        "task_definition": {"requires_compatibilities": ["EC2"]}}})
        return pulumi.Output.from_input(None)

    run = run_program(program)
    td = run.one(TD).plain()
    # 384 units / 300 MiB is no Fargate pair, and fine on EC2 capacity.
    assert td["requiresCompatibilities"] == ["EC2"] and (td["cpu"], td["memory"]) == ("384", "300")
    assert run.one(SERVICE).plain()["launchType"] == "EC2"
    providers = run.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").plain()
    assert providers["capacityProviders"] == ["FARGATE", "FARGATE_SPOT", "my-asg-provider"]


# -- the Redis recipe -----------------------------------------------------------------------------


def test_elasticache_replication_group(demo_run):
    rg = demo_run.one(REPLICATION_GROUP)
    args = rg.plain()
    assert args["replicationGroupId"] == "prod-todo-db"
    assert args["engine"] == "valkey" and args["engineVersion"] == "8.0"
    assert args["transitEncryptionEnabled"] is True and args["transitEncryptionMode"] == "required"
    assert args["atRestEncryptionEnabled"] is True
    assert args["authToken"] == GENERATED_PASSWORD
    assert rg.inputs["authToken"][SECRET_SIG] == SECRET_MARK
    assert args["securityGroupIds"] == ["db-sg_id"]
    assert args["subnetGroupName"] == "prod-todo-db"
    assert args["port"] == 6379 and args["numCacheClusters"] == 1 and args["automaticFailoverEnabled"] is False
    subnets = demo_run.one("aws:elasticache/subnetGroup:SubnetGroup").plain()
    assert subnets["subnetIds"] == ["subnet-0aaa", "subnet-0bbb"] and subnets["name"] == "prod-todo-db"
    # Stateful: protected by default.
    assert rg.protect is True and demo_run.named("db-auth-token").protect is True


def test_redis_oss_engine_and_replicas(full_run):
    rg = full_run.one(REPLICATION_GROUP, "cache-replication-group")
    args = rg.plain()
    assert args["engine"] == "redis" and args["engineVersion"] == "7.1"
    assert args["numCacheClusters"] == 2 and args["automaticFailoverEnabled"] is True and args["multiAzEnabled"] is True
    assert rg.protect is False


# -- determinism ------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_two_runs_are_byte_identical(build):
    assert snapshot(as_program(build)) == snapshot(as_program(build))


def test_json_strings_are_canonical(full_run):
    for r in full_run.resources:
        for key in ("containerDefinitions", "policy", "assumeRolePolicy"):
            text = r.plain().get(key)
            if isinstance(text, str):
                assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":")), (r.name, key)


# -- secrets ----------------------------------------------------------------------------------------

# Where a secret may live: the Secrets Manager secret version, and the ElastiCache auth token
# (the replication group cannot be created without it). Both must be Pulumi secrets.
ALLOWED = {SECRET_VERSION: ("secretString",), REPLICATION_GROUP: ("authToken",)}


@pytest.mark.parametrize("build,secrets", [(demo, [GENERATED_PASSWORD]), (everything, [GENERATED_PASSWORD, USER_PASSWORD])],
                         ids=["demo", "everything"])
def test_no_plaintext_secret_outside_the_secret_store(build, secrets):
    run = run_program(as_program(build))
    assert secret_leaks(run, secrets, ALLOWED) == []
    for r in run.resources:
        for key in ALLOWED.get(r.type, ()):
            if key in r.inputs:
                assert r.inputs[key].get(SECRET_SIG) == SECRET_MARK, f"{r.name}.{key} is not a Pulumi secret"
        if r.type.startswith("aws:") and r.type not in ALLOWED:
            assert SECRET_SIG not in json.dumps(r.inputs), f"{r.type} {r.name} is secret-marked (previews would hide it)"


# -- the examples ---------------------------------------------------------------------------------


def test_the_root_demo_with_the_ecs_stack():
    from pathlib import Path

    import yaml

    stack = yaml.safe_load((Path(__file__).resolve().parents[2] / "Pulumi.ecs.yaml").read_text())["config"]
    run = _run_example("examples/demo/__main__.py", {k.split(":", 1)[1]: v for k, v in stack.items()})
    assert run.one("aws:ecs/cluster:Cluster").plain()["name"] == "demo-env"
    assert definition(run, "demo")["image"] == DEMO_IMAGE
    # Redis admits the demo's tasks; the demo admits the gateway's ALB; the ALB admits clients on 80.
    ingress = sorted((r.name, r.plain()["fromPort"]) for r in run.of_type(INGRESS))
    assert ingress == [("demo-from-gateway-public-3000", 3000), ("demo-to-redis-port", 6379), ("public-ingress-80", 80)]
    # The environment's public subnets (issue 24 scope 4): the application has no ECS settings.
    assert run.one("aws:lb/loadBalancer:LoadBalancer").plain()["subnets"] == stack["radius-demo:compute"]["public_subnet_ids"]


def test_the_ecs_example():
    run = _run_example("examples/ecs/__main__.py", {"vpcId": "vpc-0123", "subnetIds": ["subnet-0a", "subnet-0b"]})
    rules = sorted(r.name for r in run.of_type(INGRESS))
    assert rules == ["api-to-redis-port", "web-to-api-http"]
    svc = run.one(SERVICE, "api-service").plain()
    assert svc["desiredCount"] == 2 and "launchType" not in svc
    assert {s["capacityProvider"] for s in svc["capacityProviderStrategies"]} == {"FARGATE_SPOT", "FARGATE"}
    # Fargate Spot runs X86_64 only: Spot for api (X86_64), Graviton for web (on FARGATE).
    assert run.one(TD, "api-task").plain()["runtimePlatform"]["cpuArchitecture"] == "X86_64"
    assert run.one(TD, "web-task").plain()["runtimePlatform"]["cpuArchitecture"] == "ARM64"
    assert run.one(SERVICE, "web-service").plain()["launchType"] == "FARGATE"
    assert all(s.plain()["waitForSteadyState"] is True for s in run.of_type(SERVICE))
