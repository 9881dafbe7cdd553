"""rad.Gateway on ECS: an Application Load Balancer, with the exact network opening (the
routed container admits the ALB's security group only, on its port; the ALB may send only
there) and every request checked against botocore's ELBv2 and ECS API models."""

from __future__ import annotations

import re
import botocore.session
import pytest

import radius_components as rad
from tests.helpers.ecs import EGRESS, INGRESS, SERVICE, SG  # noqa: F401  (also installs the AWS mocks)
from tests.helpers.ecs import (GATEWAY_PRIVATE_SUBNETS as PRIVATE, GATEWAY_PUBLIC_SUBNETS as PUBLIC,
                               gateway_program as program)
from tests.helpers.ecs_schema import create_service_request, validate
from tests.helpers.mocks import run_program

ELBV2 = botocore.session.get_session().get_service_model("elbv2")
ECS = botocore.session.get_session().get_service_model("ecs")
LB = "aws:lb/loadBalancer:LoadBalancer"
TG = "aws:lb/targetGroup:TargetGroup"
LISTENER = "aws:lb/listener:Listener"
RULE = "aws:lb/listenerRule:ListenerRule"
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f3a7c1e-1111-2222-3333-444455556666"
# ELB names: at most 32 alphanumerics and hyphens, not beginning or ending with a hyphen
# (CreateLoadBalancer / CreateTargetGroup "Name" constraints).
ELB_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")


@pytest.fixture(scope="module")
def tls_run():
    return run_program(program(hostname={"fullyQualifiedHostname": "shop.example.com"}, tls={"certificateFrom": CERT}))


def test_the_alb_is_internet_facing_in_the_public_subnets(tls_run):
    lb = tls_run.one(LB).plain()
    assert lb["loadBalancerType"] == "application" and lb["internal"] is False
    assert lb["subnets"] == PUBLIC
    assert lb["dropInvalidHeaderFields"] is True
    alb_sg = lb["securityGroups"]
    assert alb_sg == ["public-sg_id"]
    validate(ELBV2, "CreateLoadBalancer", {"Name": lb["name"], "Subnets": lb["subnets"], "SecurityGroups": alb_sg,
                                           "Scheme": "internet-facing", "Type": "application"})
    assert ELB_NAME.match(lb["name"])


def test_the_exact_security_group_opening(tls_run):
    ingress = {r.name: r.plain() for r in tls_run.of_type(INGRESS)}
    egress = {r.name: r.plain() for r in tls_run.of_type(EGRESS)}
    # Clients reach the ALB on 80 and 443 only.
    assert {(r["fromPort"], r["cidrIpv4"]) for n, r in ingress.items() if r["securityGroupId"] == "public-sg_id"} == \
        {(80, "0.0.0.0/0"), (443, "0.0.0.0/0")}
    # Each routed container admits the ALB's group, on exactly its port; nothing else does.
    from_alb = {(r["securityGroupId"], r["fromPort"], r["toPort"]) for r in ingress.values()
                if r.get("referencedSecurityGroupId") == "public-sg_id"}
    assert from_alb == {("web-sg_id", 3000, 3000), ("api-sg_id", 8080, 8080)}
    assert not [r for r in ingress.values() if r["securityGroupId"] == "worker-sg_id"]
    # The ALB's only egress: to those groups on those ports (no 0.0.0.0/0).
    alb_egress = {(r["referencedSecurityGroupId"], r["fromPort"]) for r in egress.values() if r["securityGroupId"] == "public-sg_id"}
    assert alb_egress == {("web-sg_id", 3000), ("api-sg_id", 8080)}
    # ...and the group itself is created without inline rules (the provider then removes AWS's allow-all egress).
    alb = tls_run.one(SG, "public-sg").plain()
    assert "egress" not in alb and "ingress" not in alb


def test_target_groups_are_ip_targets_in_the_vpc(tls_run):
    groups = {r.name: r.plain() for r in tls_run.of_type(TG)}
    assert set(groups) == {"public-web-3000", "public-api-8080"}
    for tg in groups.values():
        assert tg["targetType"] == "ip" and tg["vpcId"] == "vpc-0abc" and tg["protocol"] == "HTTP"
        assert ELB_NAME.match(tg["name"])
        hc = tg["healthCheck"]
        validate(ELBV2, "CreateTargetGroup", {
            "Name": tg["name"], "Protocol": tg["protocol"], "Port": tg["port"], "VpcId": tg["vpcId"],
            "TargetType": tg["targetType"], "HealthCheckProtocol": hc["protocol"], "HealthCheckPath": hc["path"],
            "HealthCheckIntervalSeconds": hc["interval"], "HealthCheckTimeoutSeconds": hc["timeout"],
            "HealthyThresholdCount": hc["healthyThreshold"], "UnhealthyThresholdCount": hc["unhealthyThreshold"],
            "Matcher": {"HttpCode": hc["matcher"]}})


def test_https_listener_with_the_certificate_and_http_redirects(tls_run):
    listeners = {r.name: r.plain() for r in tls_run.of_type(LISTENER)}
    https, http = listeners["public-https"], listeners["public-http"]
    assert https["protocol"] == "HTTPS" and https["port"] == 443 and https["certificateArn"] == CERT
    assert https["sslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert https["defaultActions"][0]["type"] == "forward"
    assert http["defaultActions"] == [{"type": "redirect", "redirect": {"port": "443", "protocol": "HTTPS", "statusCode": "HTTP_301"}}]
    validate(ELBV2, "CreateListener", {
        "LoadBalancerArn": "arn", "Protocol": "HTTPS", "Port": 443, "SslPolicy": https["sslPolicy"],
        "Certificates": [{"CertificateArn": CERT}],
        "DefaultActions": [{"Type": "forward", "TargetGroupArn": "arn"}]})


def test_a_rule_per_path_with_the_prefix_rewrite(tls_run):
    from radius_components.platforms.ecs.rule_priority import priorities

    rule = tls_run.one(RULE).plain()
    assert rule["priority"] == priorities(["/api"])["/api"]  # its own path's (test_gateway_ecs_review.py)
    assert rule["conditions"] == [{"pathPattern": {"values": ["/api", "/api/*"]}}]
    assert rule["transforms"] == [{"type": "url-rewrite", "urlRewriteConfig": {"rewrite": {"regex": "^/api/?(.*)$", "replace": "/$1"}}}]
    assert re.sub("^/api/?(.*)$", r"/\1", "/api/items/7") == "/items/7" and re.sub("^/api/?(.*)$", r"/\1", "/api") == "/"
    validate(ELBV2, "CreateRule", {
        "ListenerArn": "arn", "Priority": rule["priority"],
        "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": rule["conditions"][0]["pathPattern"]["values"]}}],
        "Actions": [{"Type": "forward", "TargetGroupArn": "arn"}],
        "Transforms": [{"Type": "url-rewrite", "UrlRewriteConfig": {"Rewrites": [
            {"Regex": rule["transforms"][0]["urlRewriteConfig"]["rewrite"]["regex"],
             "Replace": rule["transforms"][0]["urlRewriteConfig"]["rewrite"]["replace"]}]}}]})


def test_routed_services_register_into_their_target_group(tls_run):
    services = {r.name: r.plain() for r in tls_run.of_type(SERVICE)}
    web = services["web-service"]
    assert web["loadBalancers"] == [{"targetGroupArn": services and web["loadBalancers"][0]["targetGroupArn"],
                                     "containerName": "web", "containerPort": 3000}]
    assert web["loadBalancers"][0]["targetGroupArn"].endswith(":targetgroup/prod-shop-public-web-3000/73e2d6bc24d8a067")
    assert "loadBalancers" not in services["worker-service"]
    assert web["healthCheckGracePeriodSeconds"] == 60 and "healthCheckGracePeriodSeconds" not in services["worker-service"]
    request = create_service_request(web)
    request["loadBalancers"] = [{k[0].lower() + k[1:]: v for k, v in lb.items()} for lb in web["loadBalancers"]]
    request["healthCheckGracePeriodSeconds"] = web["healthCheckGracePeriodSeconds"]
    validate(ECS, "CreateService", request)


def test_the_url_is_the_hostname_or_the_albs_dns_name(tls_run):
    assert tls_run.one("radius:index:Gateway").outputs["url"] == "https://shop.example.com"
    run = run_program(program())
    assert run.one("radius:index:Gateway").outputs["url"] == "http://prod-shop-public-1234567890.eu-west-1.elb.amazonaws.com"
    listener = run.one(LISTENER).plain()
    assert listener["protocol"] == "HTTP" and listener["port"] == 80


def test_an_internal_gateway_uses_the_environment_subnets_and_the_vpc_range():
    from tests.helpers.mocks import MOCK_CALLS

    MOCK_CALLS["aws:ec2/getVpc:getVpc"] = lambda a: {"id": a.args["id"], "cidrBlock": "10.0.0.0/16"}
    run = run_program(program(internal=True, runtimes={}))
    lb = run.one(LB).plain()
    assert lb["internal"] is True and lb["subnets"] == PRIVATE
    assert run.one(INGRESS, "public-ingress-80").plain()["cidrIpv4"] == "10.0.0.0/16"


def test_two_gateways_to_one_container_have_their_own_target_groups_and_rules():
    def program_two():
        env = rad.Environment("prod", compute=rad.EcsCompute(region="eu-west-1", vpc_id="vpc-0abc", subnet_ids=PRIVATE))
        app = rad.Application("shop", environment=env)
        rad.Gateway("public", application=app, runtimes={"ecs": {"subnet_ids": PUBLIC}},
                    routes=[{"path": "/a/b", "destination": "http://web:3000"}, {"path": "/a-b", "destination": "http://web:3000"}])
        rad.Gateway("partners", application=app, routes=[{"path": "/", "destination": "http://web:3000"}], internal=True)
        rad.Container("web", application=app, container={"image": "web", "ports": {"http": {"container_port": 3000}}})

    from tests.helpers.mocks import MOCK_CALLS

    MOCK_CALLS["aws:ec2/getVpc:getVpc"] = lambda a: {"id": a.args["id"], "cidrBlock": "10.0.0.0/16"}
    run = run_program(program_two)
    assert sorted(r.plain()["name"] for r in run.of_type(TG)) == ["prod-shop-partners-web-3000", "prod-shop-public-web-3000"]
    assert len(run.one(SERVICE).plain()["loadBalancers"]) == 2
    # Paths whose labels would be equal still get distinct rules.
    rules = sorted(r.name for r in run.of_type(RULE))
    assert len(rules) == 2 and rules[0] != rules[1] and all(n.startswith("public-route-a-b-") for n in rules)
    # The container admits each ALB's group.
    refs = sorted(r.plain()["referencedSecurityGroupId"] for r in run.of_type(INGRESS) if r.plain()["securityGroupId"] == "web-sg_id")
    assert refs == ["partners-sg_id", "public-sg_id"]


@pytest.mark.parametrize("gateway, field", [
    ({"runtimes": {"ecs": {"subnet_ids": PUBLIC[:1]}}}, "runtimes.ecs.subnet_ids"),
    ({"runtimes": {"ecs": {"subnet_ids": ["public-a", PUBLIC[1]]}}}, "runtimes.ecs.subnet_ids[0]"),
    ({"runtimes": {"ecs": {"subnet_ids": PUBLIC, "listener": {}}}}, "runtimes.ecs.listener"),
    ({"tls": {"managed": True}, "hostname": {"fullyQualifiedHostname": "a.example.com"}}, "tls.managed"),
    ({"tls": {"certificateFrom": "my-cert"}}, "tls.certificate_from"),
    ({"hostname": {"prefix": "shop"}}, "hostname.prefix"),
])
def test_what_an_alb_cannot_do_is_an_error(gateway, field):
    with pytest.raises(rad.RadiusValidationError) as exc:
        run_program(program(**gateway))
    errors = getattr(exc.value, "errors", [exc.value])
    assert field in [e.field for e in errors], [str(e) for e in errors]

