"""Unit-test helpers for programs built with radius_components.

Pulumi's mocks echo inputs back as outputs; the ecs, aci, aca and cloudrun kinds read values
only the cloud computes (ARNs, identity maps, default domains, project numbers, generated
passwords), so with plain mocks their Outputs never resolve. `RadiusMocks` answers like the
providers do; `run_program` runs a program under them and records every registration, and
`Run` finds the resources a component expanded into:

    from radius_components.testing import run_program

    def test_web_gets_its_own_identity():
        def program():
            env = rad.Environment("dev", compute=rad.EcsCompute(vpc_id="vpc-1", subnet_ids=["subnet-1"]))
            app = rad.Application("shop", environment=env)
            rad.Container("web", application=app, container={"image": "nginx:1.27"})

        run = run_program(program)
        roles = run.resources_of("web", "aws:iam/role:Role")
        assert len(roles) == 2  # the task role and the execution role

Nothing here is imported by `import radius_components`; importing it needs only pulumi.
"""

from .mocks import (ACA_DEFAULT_DOMAIN, AWS_ACCOUNT, AWS_REGION, AZURE_SUBSCRIPTION, AZURE_TENANT, GCP_PROJECT_NUMBER,
                    GENERATED_HEX, GENERATED_PASSWORD, PROVIDER_CALLS, PROVIDER_OUTPUTS, RadiusMocks)
from .recording import (SECRET_MARK, SECRET_SIG, RecordingMonitor, Registered, Run, resolve, run_program, unwrap,
                        validation_error_in)

__all__ = [
    "ACA_DEFAULT_DOMAIN", "AWS_ACCOUNT", "AWS_REGION", "AZURE_SUBSCRIPTION", "AZURE_TENANT", "GCP_PROJECT_NUMBER",
    "GENERATED_HEX", "GENERATED_PASSWORD", "PROVIDER_CALLS", "PROVIDER_OUTPUTS", "RadiusMocks", "RecordingMonitor",
    "Registered", "Run", "SECRET_MARK", "SECRET_SIG", "resolve", "run_program", "unwrap", "validation_error_in",
]
