"""Platform loading: no cloud SDK at import, clear errors for kinds that are not available."""

import subprocess
import sys

import pytest

import radius_components as rad
from radius_components.platforms import available_kinds, load_platform, register_platform
from radius_components.platforms.base import Platform

CLOUD_SDKS = ("pulumi_kubernetes", "pulumi_aws", "pulumi_azure_native", "pulumi_gcp", "pulumi_random")


def test_import_loads_no_cloud_sdk():
    code = "import sys, radius_components; print(','.join(m for m in %r if m in sys.modules))" % (CLOUD_SDKS,)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


@pytest.mark.parametrize("kind", ["kubernetes", "aci", "aca", "ecs", "cloudrun"])
def test_every_builtin_kind_is_available(kind):
    assert kind in available_kinds()
    assert load_platform(kind).kind == kind


@pytest.mark.parametrize("compute", [{"kind": "nomad"}, {"kind": "nomad", "region": "global"}])
def test_kind_without_platform_says_so(compute):
    with pytest.raises(rad.PlatformNotAvailableError, match="has no platform in this version.*available: .*kubernetes"):
        rad.Environment("prod", compute=compute)


def test_missing_sdk_names_the_pip_install(monkeypatch):
    import dataclasses

    import radius_components.declarations as declarations
    import radius_components.platforms as platforms

    aci = declarations.declared_kinds()["aci"]
    monkeypatch.setitem(declarations._kinds, "aci",
                        dataclasses.replace(aci, platform="radius_components_missing_module.aci:AciPlatform"))
    monkeypatch.delitem(platforms._registered, "aci", raising=False)
    with pytest.raises(rad.PlatformNotAvailableError, match=r"pip install 'radius-components\[azure\]'"):
        load_platform("aci")


def test_third_party_platform_registration():
    from radius_components.model import RadiusModel

    class FakeCompute(RadiusModel):
        kind: str = "fake"
        region: str

    class Fake(Platform):
        kind = "fake"
        compute_model = FakeCompute

        def validate_container(self, *a):
            pass

        def provision_environment(self, parent):
            return {}

        def container_endpoint(self, *a):
            return None

        def deploy_container(self, *a):
            raise NotImplementedError

    register_platform("fake", Fake)
    assert load_platform("fake") is Fake
    assert "fake" in available_kinds()
    # The platform's own compute model validates the Environment's settings.
    with pytest.raises(rad.RadiusValidationError, match=r"compute.region"):
        rad.Environment("x", compute={"kind": "fake"})
