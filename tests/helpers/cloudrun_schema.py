"""Cloud Run's own v2 protobuf `Service` as a schema for what the cloudrun kind emits.

pulumi-gcp's names equal the Admin API's JSON names except where pulumi-gcp pluralizes
repeated fields and flattens a container's `ports` to one object, and except for
provider-only arguments; `as_api_service` undoes that, `parse_service` parses the result
strictly (tests/cloudrun/test_cloudrun_schema.py explains the mapping).
"""

from __future__ import annotations

from typing import Any

from google.cloud import run_v2
from google.protobuf import json_format

RENAMES = {"envs": "env", "commands": "command", "dependsOns": "dependsOn", "buildInfos": "buildInfo"}
PROVIDER_ONLY = ("location", "project", "deletionProtection", "deletionPolicy")


def to_api(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            name = RENAMES.get(k, k)
            if k == "ports" and key == "containers" and isinstance(v, dict):
                out[name] = [to_api(v, k)]
            else:
                out[name] = to_api(v, k)
        return out
    if isinstance(value, list):
        return [to_api(v, key) for v in value]
    return value


def as_api_service(inputs: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in inputs.items() if k not in PROVIDER_ONLY}
    body["name"] = f"projects/{inputs['project']}/locations/{inputs['location']}/services/{inputs['name']}"
    return to_api(body)


def parse_service(body: dict[str, Any]) -> run_v2.Service:
    message = run_v2.Service.pb()()
    json_format.ParseDict(body, message, ignore_unknown_fields=False)
    return run_v2.Service.wrap(message)
