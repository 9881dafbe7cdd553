"""Project-level IAM bindings a connection needs, always with an IAM condition.

Some Google services have no resource-level IAM policy (Cloud SQL: a role that lets a
service account connect to an instance is bound on the project). A recipe that needs such a
grant returns `recipe_outputs["project_role_grants"]`: (role, condition) pairs whose
condition limits the binding to its own resource. A grant without a condition is never made.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_gcp as gcp

from ...names import dns_label


def connection_grants(container: str, plan: Any, member: Any, project: str,
                      opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
    out: list[pulumi.Resource] = []
    for conn in plan.connections:
        outputs = getattr(conn.source, "recipe_outputs", None) or {}
        for role, condition in outputs.get("project_role_grants") or ():
            if not condition or not condition.get("expression"):
                raise ValueError(f"recipe of {conn.target_name} returned {role} without an IAM condition")
            suffix = dns_label(role) or "role"
            out.append(gcp.projects.IAMMember(
                f"{container}-{conn.name}-{suffix}", project=project, role=role, member=member,
                condition=dict(condition), opts=opts))
    return out
