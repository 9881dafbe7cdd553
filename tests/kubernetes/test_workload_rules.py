"""Rules every workload of every Kubernetes example must keep (class guards, A.4 and A.5 of the
Kubernetes review): they walk every Deployment, StatefulSet and NetworkPolicy that
tests/kubernetes/examples.py's programs register."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from tests.kubernetes.examples import PROGRAMS, run_of, workloads

NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"


def _secret_refs(pod: dict[str, Any]) -> Iterator[str]:
    for container in pod.get("containers", []) + pod.get("initContainers", []):
        for env in container.get("env", []):
            ref = (env.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                yield ref["name"]
        for source in container.get("envFrom", []):
            if "secretRef" in source:
                yield source["secretRef"]["name"]
    for volume in pod.get("volumes", []):
        if "secret" in volume:
            yield volume["secret"]["secretName"]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_every_workload_waits_for_the_secrets_its_pods_read(name):
    """The kubelet reads a Secret into env only when a pod starts (kubernetes.io/docs/concepts/
    configuration/secret/#using-secrets-as-environment-variables), and pulumi-kubernetes replaces a
    named Secret whose data changes by delete-then-create; a workload that does not depend on the
    Secret rolls concurrently, and its new pods get the old value or CreateContainerConfigError.
    So every workload depends on each Secret of the stack its pods read."""
    run = run_of(name)
    secrets = {}
    for secret in run.k8s("Secret"):
        meta = secret.plain()["metadata"]
        secrets[(meta["namespace"], meta["name"])] = secret.urn
    checked = 0
    for workload in workloads(run):
        manifest = workload.plain()
        namespace = manifest["metadata"]["namespace"]
        for secret_name in _secret_refs(manifest["spec"]["template"]["spec"]):
            urn = secrets.get((namespace, secret_name))
            if urn is None:
                continue  # a Secret the stack does not own (runtimes, existing stores)
            assert urn in workload.dependencies, f"{workload.name} reads Secret {secret_name} but does not wait for it"
            checked += 1
    assert checked, "the program reads no Secret of its own: the guard checked nothing"


def _selects(match_labels: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in match_labels.items())


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_recipe_servers_admit_exactly_the_connected_containers(name):
    """A pod selected by a NetworkPolicy with `Ingress` in policyTypes accepts only the union of
    the ingress rules of the policies selecting it (kubernetes.io/docs/concepts/services-networking/
    network-policies/#the-two-sorts-of-pod-isolation). Every recipe server (Redis, PostgreSQL) is
    isolated, and the pods that may reach it are exactly those of the containers given its
    address by a connection (CONNECTION_<NAME>_HOST / _SERVER), on its port only; no rule admits
    every pod (`podSelector: {}`) or namespaces other than the connected pods'."""
    run = run_of(name)
    policies = [p.plain() for p in run.of_type(NETWORK_POLICY)]
    pods = {w.name: (w.plain()["metadata"], w.plain()["spec"]["template"]) for w in workloads(run)}
    servers = [w for w in workloads(run) if w.plain()["metadata"]["labels"]["radapp.io/resource-type"].startswith(
        "applications.datastores-")]
    if not servers:
        pytest.skip("no recipe server in this program")
    for server in servers:
        meta = server.plain()["metadata"]
        labels = server.plain()["spec"]["template"]["metadata"]["labels"]
        hostname = f"{meta['name']}.{meta['namespace']}.svc.cluster.local"
        selecting = [p for p in policies if p["metadata"]["namespace"] == meta["namespace"]
                     and _selects(p["spec"]["podSelector"].get("matchLabels", {}), labels)
                     and "Ingress" in p["spec"]["policyTypes"]]
        assert selecting, f"{server.name}: no NetworkPolicy isolates it"
        admitted = set()
        for policy in selecting:
            for rule in policy["spec"].get("ingress", []):
                assert rule.get("ports"), f"{policy['metadata']['name']} admits every port"
                for peer in rule["from"]:
                    # With application namespaces (the default layout) the connected pods are in their
                    # application's namespace: the peer names exactly that one by the label the control
                    # plane sets on every namespace, `kubernetes.io/metadata.name` (kubernetes.io/docs/
                    # reference/labels-annotations-taints/#kubernetes-io-metadata-name).
                    namespace = meta["namespace"]
                    if "namespaceSelector" in peer:
                        assert list(peer["namespaceSelector"]) == ["matchLabels"] and \
                            list(peer["namespaceSelector"]["matchLabels"]) == ["kubernetes.io/metadata.name"], \
                            f"{policy['metadata']['name']} admits more than one namespace: {peer}"
                        namespace = peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
                    assert set(peer) <= {"podSelector", "namespaceSelector"} and peer["podSelector"].get("matchLabels"), \
                        f"{policy['metadata']['name']} admits more than chosen pods of the namespace: {peer}"
                    admitted |= {w for w, (m, t) in pods.items() if m["namespace"] == namespace
                                 and _selects(peer["podSelector"]["matchLabels"], t["metadata"]["labels"])}
        connected = {w for w, (m, t) in pods.items()
                     if any(e.get("value") == hostname for c in t["spec"]["containers"] for e in c.get("env", []))}
        assert admitted == connected, f"{server.name}: admits {sorted(admitted)}, connected are {sorted(connected)}"
