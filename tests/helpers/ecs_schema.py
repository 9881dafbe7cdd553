"""AWS's own API models (botocore) as a schema for what the ecs kind emits: a pulumi-aws
argument set, turned into the API request the provider sends, must pass botocore's parameter
validator and the enums it does not check."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
from botocore.validate import ParamValidator

SESSION = botocore.session.get_session()
ECS = SESSION.get_service_model("ecs")
ELASTICACHE = SESSION.get_service_model("elasticache")


def enum_errors(value: Any, shape: Any, path: str = "") -> list[str]:
    """botocore's validator checks types and required members, not enums: check those too."""
    errors = []
    if shape.type_name == "structure" and isinstance(value, dict):
        for key, item in value.items():
            if key in shape.members:
                errors += enum_errors(item, shape.members[key], f"{path}.{key}")
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            errors += enum_errors(item, shape.member, f"{path}[{i}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            errors += enum_errors(item, shape.value, f"{path}.{key}")
    elif shape.type_name == "string" and getattr(shape, "enum", None) and value not in shape.enum:
        errors.append(f"{path} = {value!r} not in {shape.enum}")
    return errors


def validate(model, operation: str, params: dict[str, Any]) -> None:
    shape = model.operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    assert not report.has_errors(), report.generate_report()
    assert enum_errors(params, shape) == []


def register_task_definition_request(args: dict[str, Any]) -> dict[str, Any]:
    """The pulumi-aws TaskDefinition arguments as the ECS API request they become."""
    request: dict[str, Any] = {"family": args["family"], "containerDefinitions": json.loads(args["containerDefinitions"])}
    for key in ("cpu", "memory", "networkMode", "requiresCompatibilities", "executionRoleArn", "taskRoleArn", "pidMode",
                "ipcMode"):
        if key in args:
            request[key] = args[key]
    if "volumes" in args:
        # An EFS volume's configuration is spelled as the API spells it (Volume.efsVolumeConfiguration).
        request["volumes"] = [{k: v[k] for k in ("name", "efsVolumeConfiguration") if k in v} for v in args["volumes"]]
    if "runtimePlatform" in args:
        request["runtimePlatform"] = dict(args["runtimePlatform"])
    if "ephemeralStorage" in args:
        request["ephemeralStorage"] = {"sizeInGiB": args["ephemeralStorage"]["sizeInGib"]}
    if "tags" in args:
        request["tags"] = [{"key": k, "value": v} for k, v in sorted(args["tags"].items())]
    return request


def create_service_request(args: dict[str, Any]) -> dict[str, Any]:
    net = args["networkConfiguration"]
    request: dict[str, Any] = {
        "serviceName": args["name"], "cluster": args["cluster"], "taskDefinition": args["taskDefinition"],
        "desiredCount": args["desiredCount"],
        "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": net["subnets"], "securityGroups": net["securityGroups"],
            "assignPublicIp": "ENABLED" if net["assignPublicIp"] else "DISABLED"}},
        "deploymentConfiguration": {"deploymentCircuitBreaker": args["deploymentCircuitBreaker"]},
        "propagateTags": args["propagateTags"], "enableECSManagedTags": args["enableEcsManagedTags"],
        "tags": [{"key": k, "value": v} for k, v in sorted(args["tags"].items())],
    }
    if "launchType" in args:
        request["launchType"] = args["launchType"]
    if "capacityProviderStrategies" in args:
        request["capacityProviderStrategy"] = [
            {"capacityProvider": s["capacityProvider"], "weight": s.get("weight", 0), "base": s.get("base", 0)}
            for s in args["capacityProviderStrategies"]]
    if "serviceRegistries" in args:
        request["serviceRegistries"] = [{"registryArn": args["serviceRegistries"]["registryArn"]}]
    if "enableExecuteCommand" in args:
        request["enableExecuteCommand"] = args["enableExecuteCommand"]
    return request
