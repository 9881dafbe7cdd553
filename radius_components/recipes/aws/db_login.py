"""A workload's own login on an RDS / Aurora PostgreSQL database, never the administrator.

No AWS or provider resource runs SQL inside a VPC, and the server has no public address. So
the recipe registers a one-shot step inside the environment's network: a Lambda function in the
environment's subnets (its own security group, admitted by the database's on 5432), invoked at
deploy time by `aws.lambda_.Invocation`. With the administrator's credentials (in the invocation's
input, a secret in state, as the master password already is), it creates the login role with a
generated password and grants it its one database (db_login_handler.statements). The
connection then delivers that role and password; the administrator's never reaches a container.

It also returns the region's RDS CA bundle, fetched over HTTPS inside the VPC (RDS's CA is in no
public trust store and no provider call returns it): the connection's TLSCACERT, unless the
recipe was given `ca_bundle`.

When it runs: the invocation's `triggers` hold a hash of everything the SQL depends on (role,
its password, database, administrator and their password, host, the statements' version), which
replaces (re-invokes) it when one changes, and nothing else: a second `up` shows no diff. The
function's code is this package's handler and pg8000 (pure Python) with its dependencies, zipped
from the installed packages' `.py` files at program time (no `__pycache__`, so the archive is the
same on every machine with the same versions; every zipped package is pinned exactly in the
`aws` extra, so two deployers of a stack zip the same files).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws

from ...platforms.ecs.names import describe, regional_iam_role_name, security_group_name, shorten

HANDLER_MODULE = "db_login_handler"
# pg8000 and what it imports (scramp -> asn1crypto; dateutil -> six), zipped next to the handler.
PACKAGES = ("pg8000", "scramp", "asn1crypto", "dateutil", "six")
RUNTIME = "python3.12"
# What a function in a VPC needs (docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html,
# "Required IAM permissions"; the actions of AWSLambdaVPCAccessExecutionRole): the ENI actions.
# Describe* take only "*", and the rest are left on "*" as the documented minimum (review R-AWS-4).
ENI_ACTIONS = ("ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
               "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses")
LOG_RETENTION_DAYS = 30
LAMBDA_NAME_MAX = 64  # CreateFunction FunctionName
# Bumped when db_login_handler.statements changes what it grants: the step then runs again.
STATEMENTS_VERSION = "2"  # 2: the login owns what the administrator made in schema public


def _module_files(name: str) -> dict[str, Path]:
    """Archive path -> file, for the `.py` files of an installed module or package."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"{name} is not installed: pip install 'radius-components[aws]'")
    origin = Path(spec.origin)
    if origin.name != "__init__.py":
        return {origin.name: origin}
    root = origin.parent
    return {f"{name}/{p.relative_to(root).as_posix()}": p for p in sorted(root.rglob("*.py"))
            if "__pycache__" not in p.parts}


def code_archive() -> pulumi.AssetArchive:
    files = {f"{HANDLER_MODULE}.py": Path(__file__).with_name(f"{HANDLER_MODULE}.py")}
    for package in PACKAGES:
        files.update(_module_files(package))
    return pulumi.AssetArchive({path: pulumi.FileAsset(str(f)) for path, f in sorted(files.items())})


def assume_role_policy() -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        sort_keys=True, separators=(",", ":"))


def execution_policy(log_group_arn: str) -> str:
    """The function's own grants, instead of AWSLambdaVPCAccessExecutionRole (logs on `*`): its
    ENIs, and writing to its own log group only (CreateLogStream / PutLogEvents on `<group>:*`;
    no CreateLogGroup: the group is the stack's)."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Eni", "Effect": "Allow", "Action": list(ENI_ACTIONS), "Resource": "*"},
        {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"{log_group_arn}:*"}]}, sort_keys=True, separators=(",", ":"))


NO_BUNDLE_WARNING = (
    "the database login step found no RDS CA bundle when it ran (the subnets had no route to "
    "truststore.pki.rds.amazonaws.com), so CONNECTION_<NAME>_TLSCACERT is empty. The step runs only when "
    "its inputs change, so adding a route later does not fill it: give the recipe parameter `ca_bundle` (the "
    "region's bundle, https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem), which also "
    "runs the step again with verified TLS")


def fetched_bundle(result: str | None, resource: Any = None) -> str:
    """The CA bundle the step returned, with a warning on every `up` while there is none.

    The invocation's `result` is written only when it is created or replaced (terraform-provider-aws
    invocation.go: Read is a no-op, CREATE_ONLY), so an empty bundle from a first run without a
    route stays empty until a trigger input changes (review R-AWS-15): said, not silent."""
    bundle = (json.loads(result or "{}") or {}).get("ca_bundle") or ""
    if not bundle:
        pulumi.log.warn(NO_BUNDLE_WARNING, resource=resource)
    return bundle


def trigger(values: dict[str, Any]) -> str:
    """A digest of what the SQL depends on (no secret in clear in state)."""
    return hashlib.sha256(json.dumps({**values, "statements": STATEMENTS_VERSION}, sort_keys=True).encode()).hexdigest()


def database_login(ctx: Any, *, base: str, tags: dict[str, str], vpc_id: str, subnet_ids: list[str],
                   database_security_group: aws.ec2.SecurityGroup, host: Any, port: int, database: Any,
                   admin_user: str, admin_password: Any, role: str, role_password: Any, ca_bundle: str,
                   after: list[pulumi.Resource]) -> tuple[list[pulumi.Resource], Any]:
    """Register the login step; returns its resources (the invocation last) and the CA bundle the
    connection delivers (`ca_bundle` when given, else the one the step fetched for the region).
    `after`: what must exist first (the database instance or Aurora writer)."""
    platform = ctx.platform
    opts = platform.child_options(ctx.resource)
    region = pulumi.Output.from_input(platform.region)
    sg = aws.ec2.SecurityGroup(
        ctx.name("db-login-sg"), name=security_group_name(base, "db-login"), vpc_id=vpc_id,
        description=describe(f"Lambda that makes the database login of {base}"), revoke_rules_on_delete=True,
        tags=tags, opts=opts)
    egress = aws.vpc.SecurityGroupEgressRule(
        ctx.name("db-login-egress"), security_group_id=sg.id, referenced_security_group_id=database_security_group.id,
        ip_protocol="tcp", from_port=port, to_port=port, description="PostgreSQL", opts=opts)
    # The region's RDS CA bundle, fetched over HTTPS (db_login_handler.fetch_bundle).
    https = aws.vpc.SecurityGroupEgressRule(
        ctx.name("db-login-egress-https"), security_group_id=sg.id, cidr_ipv4="0.0.0.0/0", ip_protocol="tcp",
        from_port=443, to_port=443, description="HTTPS: the RDS CA bundle (truststore.pki.rds.amazonaws.com)",
        opts=opts)
    ingress = aws.vpc.SecurityGroupIngressRule(
        ctx.name("db-login-ingress"), security_group_id=database_security_group.id, referenced_security_group_id=sg.id,
        ip_protocol="tcp", from_port=port, to_port=port, description="from the database login Lambda", opts=opts)
    role_ = aws.iam.Role(
        ctx.name("db-login-role"), name=region.apply(lambda r: regional_iam_role_name(base, r, "db-login")),
        assume_role_policy=assume_role_policy(), description=f"Lambda that makes the database login of {base}",
        tags=tags, opts=opts)
    # Its own log group, managed with a retention: Lambda would otherwise create
    # /aws/lambda/<name> itself, kept forever and left behind by `destroy`. A name of the stack's
    # scheme, not /aws/lambda/<name>, which a stack from before may already hold (created by Lambda).
    function_name = shorten(f"{base}-db-login", LAMBDA_NAME_MAX)
    log_group = aws.cloudwatch.LogGroup(ctx.name("db-login-logs"), name=f"/radius/db-login/{function_name}",
                                        retention_in_days=LOG_RETENTION_DAYS, tags=tags, opts=opts)
    attachment = aws.iam.RolePolicy(ctx.name("db-login-policy"), role=role_.id, name="radius-db-login",
                                    policy=log_group.arn.apply(execution_policy), opts=opts)
    function = aws.lambda_.Function(
        ctx.name("db-login"), name=function_name, runtime=RUNTIME,
        logging_config={"log_format": "Text", "log_group": log_group.name},
        handler=f"{HANDLER_MODULE}.handler", role=role_.arn, code=code_archive(), timeout=60, memory_size=256,
        vpc_config={"subnet_ids": list(subnet_ids), "security_group_ids": [sg.id]},
        description=f"Makes the database login of {base} (radius-components)", tags=tags,
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[attachment])))
    event = pulumi.Output.all(host=host, port=port, database=database, admin_user=admin_user,
                              admin_password=admin_password, role=role, role_password=role_password,
                              ca_bundle=ca_bundle, region=region)
    invocation = aws.lambda_.Invocation(
        ctx.name("db-login-run"), function_name=function.name,
        input=pulumi.Output.secret(event.apply(lambda e: json.dumps(e, sort_keys=True, separators=(",", ":")))),
        triggers={"login": pulumi.Output.secret(event.apply(trigger))},
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[*after, ingress, egress, https])))
    delivered = ca_bundle or invocation.result.apply(lambda r: fetched_bundle(r, ctx.resource))
    return [sg, egress, https, ingress, role_, log_group, attachment, function, invocation], delivered
