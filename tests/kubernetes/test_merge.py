"""Strategic merge used by runtimes.kubernetes.base and .pod."""

from radius_components.platforms.kubernetes.merge import strategic_merge


def test_named_lists_merge_by_key():
    original = {"containers": [{"name": "app", "image": "a", "env": [{"name": "X", "value": "1"}]}]}
    patch = {"containers": [{"name": "app", "env": [{"name": "Y", "value": "2"}]}, {"name": "sidecar", "image": "s"}]}
    merged = strategic_merge(original, patch)
    assert merged == {"containers": [
        {"name": "app", "image": "a", "env": [{"name": "X", "value": "1"}, {"name": "Y", "value": "2"}]},
        {"name": "sidecar", "image": "s"},
    ]}
    assert original["containers"][0]["env"] == [{"name": "X", "value": "1"}], "inputs are not modified"


def test_unkeyed_lists_are_replaced():
    assert strategic_merge({"tolerations": [{"key": "a"}]}, {"tolerations": [{"key": "b"}]}) == {"tolerations": [{"key": "b"}]}


def test_null_deletes_a_key_and_patch_directives():
    original = {"nodeSelector": {"a": "1"}, "hostNetwork": True, "volumes": [{"name": "v", "emptyDir": {}}],
                "securityContext": {"runAsUser": 1, "fsGroup": 2}}
    patch = {"hostNetwork": None, "volumes": [{"name": "v", "$patch": "delete"}],
             "securityContext": {"$patch": "replace", "runAsNonRoot": True}}
    assert strategic_merge(original, patch) == {"nodeSelector": {"a": "1"}, "volumes": [],
                                                "securityContext": {"runAsNonRoot": True}}


def test_ports_merge_on_container_port_and_service_port():
    assert strategic_merge({"ports": [{"containerPort": 80, "name": "a"}]},
                           {"ports": [{"containerPort": 80, "protocol": "TCP"}]}) == {
        "ports": [{"containerPort": 80, "name": "a", "protocol": "TCP"}]}
    assert strategic_merge({"ports": [{"port": 80, "name": "a"}]}, {"ports": [{"port": 81}]}) == {
        "ports": [{"port": 80, "name": "a"}, {"port": 81}]}
