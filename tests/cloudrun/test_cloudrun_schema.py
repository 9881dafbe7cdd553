"""Every Cloud Run service we emit parses as Cloud Run's own v2 protobuf `Service`.

The engine receives pulumi-gcp's names (camelCase of its schema). They equal the Admin API's
JSON names except where pulumi-gcp (like the Terraform provider it wraps) pluralizes
repeated fields (`envs`, `commands`, `dependsOns`, `buildInfos`) and flattens a container's
`ports` to one object (Cloud Run takes exactly one), and except for provider-only arguments
(`location`, `project`, `deletionProtection`, `deletionPolicy`), which are part of the
resource name or have no API counterpart. After that mapping, `json_format.ParseDict`
rejects any unknown field, wrong type or unknown enum value.
"""

from __future__ import annotations


import pytest
from google.cloud import run_v2
from google.protobuf import json_format

from tests.helpers.cloudrun import SERVICE, as_program, demo, everything
from tests.helpers.cloudrun_schema import as_api_service, parse_service
from tests.helpers.mocks import run_program


@pytest.mark.parametrize("build", [demo, everything], ids=["demo", "everything"])
def test_every_emitted_service_is_a_valid_cloud_run_v2_service(build):
    services = run_program(as_program(build)).of_type(SERVICE)
    assert services
    for service in services:
        parsed = parse_service(as_api_service(service.plain()))
        assert parsed.template.containers, service.name
        assert parsed.ingress != run_v2.IngressTraffic.INGRESS_TRAFFIC_UNSPECIFIED


def test_parsed_fields_keep_their_meaning():
    run = run_program(as_program(everything))
    backend = parse_service(as_api_service(run.one(SERVICE, "backend-service").plain()))
    main = backend.template.containers[0]
    assert main.command == ["/app/server"]
    assert main.ports[0].container_port == 8080 and main.ports[0].name == "http1"
    assert main.startup_probe.http_get.path == "/ready"
    assert main.resources.limits["cpu"] == "2" and main.resources.cpu_idle is True
    assert [e.name for e in main.env][:2] == ["API_TOKEN", "CONNECTION_CACHE_CONNECTIONSTRING"]
    assert main.env[0].value_source.secret_key_ref.version == "latest"
    assert backend.template.execution_environment == run_v2.ExecutionEnvironment.EXECUTION_ENVIRONMENT_GEN2
    assert backend.template.vpc_access.egress == run_v2.VpcAccess.VpcEgress.PRIVATE_RANGES_ONLY
    assert backend.template.vpc_access.network_interfaces[0].subnetwork == "run-egress"
    assert backend.template.volumes[0].empty_dir.medium == run_v2.EmptyDirVolumeSource.Medium.MEMORY
    assert backend.template.scaling.min_instance_count == 3
    assert backend.template.timeout.seconds == 120
    assert [c.name for c in backend.template.containers] == ["backend", "otel"]
    frontend = parse_service(as_api_service(run.one(SERVICE, "frontend-service").plain()))
    assert frontend.template.execution_environment == run_v2.ExecutionEnvironment.EXECUTION_ENVIRONMENT_GEN1
    assert frontend.template.max_instance_request_concurrency == 1
    assert frontend.template.vpc_access.egress == run_v2.VpcAccess.VpcEgress.ALL_TRAFFIC
    assert frontend.ingress == run_v2.IngressTraffic.INGRESS_TRAFFIC_ALL


@pytest.mark.parametrize("mutate", [
    lambda s: s["template"]["containers"][0]["resources"].update({"cpuIdel": True}),
    lambda s: s.update({"ingress": "INGRESS_TRAFFIC_PUBLIC"}),
    lambda s: s["template"].update({"maxInstanceRequestConcurrency": "many"}),
], ids=["unknown-field", "unknown-enum", "wrong-type"])
def test_the_schema_check_rejects_what_cloud_run_would(mutate):
    # Guard: the check really catches mistakes, so the tests above mean something.
    run = run_program(as_program(everything))
    body = as_api_service(run.one(SERVICE, "backend-service").plain())
    mutate(body)
    with pytest.raises(json_format.ParseError):
        parse_service(body)
