"""The ECS Gateway defects of the deployment review (shared/reviews/aws-gcp-ecs-cloudrun.md),
each as the provider or API rule it breaks. Run under the recording mocks."""

from __future__ import annotations

import pytest

import radius_components as rad
from radius_components.platforms.ecs.mocks import PUBLIC_SUBNETS
from radius_components.platforms.ecs.rule_priority import PRIORITY_MAX, priorities
from tests.helpers.ecs import GATEWAY_PRIVATE_SUBNETS as PRIVATE, GATEWAY_PUBLIC_SUBNETS as PUBLIC  # noqa: F401
from tests.helpers.mocks import MOCK_CALLS, run_program

LB = "aws:lb/loadBalancer:LoadBalancer"
TG = "aws:lb/targetGroup:TargetGroup"
RULE = "aws:lb/listenerRule:ListenerRule"
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f3a7c1e-1111-2222-3333-444455556666"


def program(routes, containers=None, compute=None, **gateway):
    containers = containers or {}

    def run():
        env = rad.Environment("prod", compute=rad.EcsCompute(**{"region": "eu-west-1", "vpc_id": "vpc-0abc",
                                                                "subnet_ids": PRIVATE, **(compute or {})}))
        app = rad.Application("shop", environment=env)
        rad.Gateway("public", application=app, routes=routes, **gateway)
        for name in sorted({r["destination"].split("//")[1].split(":")[0] for r in routes}):
            port = int(next(r["destination"].rsplit(":", 1)[1] for r in routes if f"//{name}:" in r["destination"]))
            spec = {"image": name, "ports": {"http": {"container_port": port}}, **containers.get(name, {})}
            rad.Container(name, application=app, container=spec)
    return run


@pytest.fixture(autouse=True)
def _vpc():
    MOCK_CALLS["aws:ec2/getVpc:getVpc"] = lambda a: {"id": a.args["id"], "cidrBlock": "10.0.0.0/16"}


PUBLIC_GW = {"runtimes": {"ecs": {"subnet_ids": PUBLIC}}}


def _priorities(paths):
    run = run_program(program([{"path": p, "destination": "http://api:8080"} for p in paths], **PUBLIC_GW))
    return {r.plain()["conditions"][0]["pathPattern"]["values"][0]: r.plain()["priority"] for r in run.of_type(RULE)}


def test_rule_priorities_do_not_move_when_a_route_is_removed_or_added():
    # Review defect 1. SetRulePriorities / CreateRule refuse a priority another rule of the
    # listener holds (botocore elbv2, PriorityInUse), the provider moves a changed priority in
    # place (terraform-provider-aws elbv2/listener_rule.go: `priority` not ForceNew) and Pulumi
    # deletes a removed rule last (pulumi/pulumi#9979): a rule's priority must never change
    # because another route came or went.
    before = _priorities(["/api", "/api/v2", "/x"])
    after_removal = _priorities(["/api", "/x"])
    after_insert = _priorities(["/api", "/api/v2", "/api/v2/deep", "/x"])
    assert after_removal == {p: before[p] for p in after_removal}
    assert {p: after_insert[p] for p in before} == before
    # Longest prefix first (lower number), all distinct and in 1-50000.
    assert before["/api/v2"] < before["/api"]
    assert len(set(after_insert.values())) == len(after_insert) and all(1 <= v <= PRIORITY_MAX for v in after_insert.values())


def test_priorities_are_unique_even_when_hashes_collide():
    # As many same-length paths as an ALB takes rules (100 per load balancer, the default
    # quota): still pairwise distinct (CreateRule: "A listener can't have multiple rules with
    # the same priority").
    paths = [f"/p{i:03d}" for i in range(100)]
    numbers = priorities(paths)
    assert len(set(numbers.values())) == len(paths) and all(1 <= v <= PRIORITY_MAX for v in numbers.values())


def test_more_routes_than_an_alb_has_rules_is_an_error():
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program([{"path": f"/p{i}", "destination": "http://web:3000"} for i in range(102)], **PUBLIC_GW))
    assert "routes" in [e.field for e in getattr(exc.value, "errors", [exc.value])]


def test_each_target_group_checks_its_containers_readiness_probe():
    # Review defect 2: ECS stops tasks that fail the ALB's check, so the check is the routed
    # container's readiness probe (path, port, period/timeout/threshold), per destination.
    run = run_program(program(
        [{"path": "/", "destination": "http://web:3000"}, {"path": "/api", "destination": "http://api:8080",
                                                             "replacePrefix": "/"}],
        containers={"api": {"readiness_probe": {"kind": "httpGet", "container_port": 8080, "path": "/ready",
                                                "period_seconds": 15, "timeout_seconds": 3, "failure_threshold": 4}},
                    "web": {"liveness_probe": {"kind": "httpGet", "container_port": 3000, "path": "/healthz"}}},
        **PUBLIC_GW))
    checks = {r.name: r.plain()["healthCheck"] for r in run.of_type(TG)}
    api, web = checks["public-api-8080"], checks["public-web-3000"]
    assert (api["path"], api["port"], api["interval"], api["timeout"], api["unhealthyThreshold"], api["matcher"]) == \
        ("/ready", "traffic-port", 15, 3, 4, "200-399")
    assert web["path"] == "/healthz"  # no readiness probe: the liveness probe


def test_a_probe_on_another_port_is_checked_on_that_port_and_overrides_apply_per_destination():
    run = run_program(program(
        [{"path": "/", "destination": "http://web:3000"}, {"path": "/api", "destination": "http://api:8080"}],
        containers={"api": {"ports": {"http": {"container_port": 8080}, "admin": {"container_port": 9901}},
                            "readiness_probe": {"kind": "httpGet", "container_port": 9901, "path": "/ready"}}},
        runtimes={"ecs": {"subnet_ids": PUBLIC, "health_check": {"interval": 20},
                          "health_checks": {"web": {"path": "/up"}, "api:8080": {"healthy_threshold": 3}}}}))
    checks = {r.name: r.plain()["healthCheck"] for r in run.of_type(TG)}
    assert checks["public-api-8080"]["port"] == "9901" and checks["public-api-8080"]["healthyThreshold"] == 3
    assert checks["public-web-3000"]["path"] == "/up" and checks["public-web-3000"]["interval"] == 20
    assert checks["public-api-8080"]["interval"] == 20


def test_a_health_check_override_for_no_destination_is_an_error():
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program([{"path": "/", "destination": "http://web:3000"}],
                            runtimes={"ecs": {"subnet_ids": PUBLIC, "health_checks": {"api": {"path": "/x"}}}}))
    assert "runtimes.ecs.health_checks.api" in [e.field for e in getattr(exc.value, "errors", [exc.value])]


def test_https_and_grpc_ports_get_https_and_grpc_target_groups():
    # Review defect 10: botocore elbv2 CreateTargetGroup Protocol (HTTPS) and ProtocolVersion
    # (GRPC | HTTP1 | HTTP2). The name carries the protocol: both are ForceNew and target
    # group names are unique per region (DuplicateTargetGroupName).
    run = run_program(program(
        [{"path": "/", "destination": "http://web:3000"}, {"path": "/rpc", "destination": "http://rpc:50051"}],
        containers={"web": {"ports": {"http": {"container_port": 3000, "scheme": "https"}}},
                    "rpc": {"ports": {"grpc": {"container_port": 50051, "scheme": "grpc"}}}},
        tls={"certificateFrom": CERT}, **PUBLIC_GW))
    groups = {r.name: r.plain() for r in run.of_type(TG)}
    web, rpc = groups["public-web-3000"], groups["public-rpc-50051"]
    assert (web["protocol"], web["protocolVersion"], web["healthCheck"]["protocol"]) == ("HTTPS", "HTTP1", "HTTPS")
    assert (rpc["protocol"], rpc["protocolVersion"]) == ("HTTP", "GRPC")
    assert rpc["healthCheck"]["matcher"] == "12" and rpc["healthCheck"]["path"] == "/AWS.ALB/healthcheck"
    assert web["name"].endswith("-s") and rpc["name"].endswith("-g")


def test_grpc_through_a_gateway_without_tls_is_an_error():
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program([{"path": "/", "destination": "http://rpc:50051"}],
                            containers={"rpc": {"ports": {"grpc": {"container_port": 50051, "scheme": "grpc"}}}},
                            **PUBLIC_GW))
    assert "HTTPS listener" in str(exc.value)


def test_toggling_internal_gives_the_alb_another_name():
    # Review defect 7: `internal` is ForceNew (terraform-provider-aws elbv2/load_balancer.go)
    # and CreateLoadBalancer refuses an existing name (DuplicateLoadBalancerName), so the
    # replacement Pulumi creates first needs a name of its own.
    routes = [{"path": "/", "destination": "http://web:3000"}]
    public = run_program(program(routes, **PUBLIC_GW)).one(LB).plain()
    internal = run_program(program(routes, internal=True)).one(LB).plain()
    assert public["internal"] is False and internal["internal"] is True
    assert public["name"] != internal["name"]


def test_an_acm_certificate_of_another_region_is_an_error():
    # ACM certificates are regional; an ALB takes its own region's only (acm-regions.html).
    other = CERT.replace("eu-west-1", "us-east-1")
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program([{"path": "/", "destination": "http://web:3000"}], tls={"certificateFrom": other},
                            **PUBLIC_GW))
    assert "tls.certificate_from" in [e.field for e in getattr(exc.value, "errors", [exc.value])]


def test_public_subnets_come_from_the_environment():
    # Issue 24 scope 4: the public subnets belong on EcsCompute.
    run = run_program(program([{"path": "/", "destination": "http://web:3000"}], compute={"public_subnet_ids": PUBLIC}))
    assert run.one(LB).plain()["subnets"] == PUBLIC


def test_public_subnets_are_found_from_the_vpcs_route_tables():
    # No subnets given: the subnets whose route table routes to an internet gateway
    # (the mocks: one public table with two subnets, a private main table).
    run = run_program(program([{"path": "/", "destination": "http://web:3000"}]))
    assert run.one(LB).plain()["subnets"] == sorted(PUBLIC_SUBNETS)


def test_the_punch_through_still_wins():
    run = run_program(program([{"path": "/", "destination": "http://web:3000"}],
                              compute={"public_subnet_ids": ["subnet-0c0c0c0c0c0c0c0c1", "subnet-0d0d0d0d0d0d0d0d1"]},
                              **PUBLIC_GW))
    assert run.one(LB).plain()["subnets"] == PUBLIC


def test_a_vpc_with_fewer_than_two_public_subnets_fails_with_the_fix():
    from radius_components.platforms.ecs.public_subnets import choose

    class Table:
        def __init__(self, *assocs):
            self.associations = list(assocs)

    class Assoc:
        def __init__(self, subnet_id=None, main=False):
            self.subnet_id, self.main = subnet_id, main

    # The main table is public: every subnet no table claims explicitly is public.
    public_main = Table(Assoc(main=True))
    private = Table(Assoc("subnet-3"))
    assert choose("g", "vpc-1", [public_main], [public_main, private], ["subnet-1", "subnet-2", "subnet-3"]) == \
        ["subnet-1", "subnet-2"]
    with pytest.raises(rad.RadiusValidationError) as exc:
        choose("g", "vpc-1", [Table(Assoc("subnet-1"))], [], ["subnet-1"])
    assert exc.value.field == "compute.public_subnet_ids" and "internal=True" in str(exc.value)


def test_one_public_subnet_on_the_environment_is_an_error():
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program([{"path": "/", "destination": "http://web:3000"}], compute={"public_subnet_ids": PUBLIC[:1]}))
    assert "compute.public_subnet_ids" in [e.field for e in getattr(exc.value, "errors", [exc.value])]


def test_the_albs_zones_must_cover_the_tasks_zones():
    # Review item 11: a target in an AZ the ALB does not enable is Target.NotInUse (botocore
    # elbv2 TargetHealth reason) and never healthy.
    from radius_components.platforms.ecs.gateway import uncovered_zones

    assert uncovered_zones({"a": "eu-west-1a", "b": "eu-west-1b"}, {"c": "eu-west-1a", "d": "eu-west-1c"}) == ["eu-west-1c"]
    assert uncovered_zones({"a": None}, {"c": "eu-west-1a"}) == []  # not known: not judged
    zones = {PUBLIC[0]: "eu-west-1a", PUBLIC[1]: "eu-west-1b", PRIVATE[0]: "eu-west-1a", PRIVATE[1]: "eu-west-1c"}
    MOCK_CALLS["aws:ec2/getSubnet:getSubnet"] = lambda a: {"id": a.args["id"], "availabilityZone": zones[a.args["id"]]}
    try:
        # Raised from an apply: the engine reports it wrapped in the input that needed it.
        with pytest.raises(Exception) as exc:
            run_program(program([{"path": "/", "destination": "http://web:3000"}], **PUBLIC_GW))
        assert "cover no subnet in eu-west-1c" in str(exc.value)
        zones[PRIVATE[1]] = "eu-west-1b"
        run = run_program(program([{"path": "/", "destination": "http://web:3000"}], **PUBLIC_GW))
        assert run.one(LB).plain()["subnets"] == PUBLIC
    finally:
        MOCK_CALLS.pop("aws:ec2/getSubnet:getSubnet", None)
