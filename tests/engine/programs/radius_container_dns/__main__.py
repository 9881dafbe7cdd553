"""Radius's own end-to-end container application, translated: test/functional-portable/corerp/
noncloud/resources/testdata/corerp-resources-container-multiple-containers-multiple-ports-dns.bicep
in radius-project/radius. Container `containerqw` reaches `containerqe` and `containerqr` by their
short names (`http://containerqe:42`, `http://containerqr:934`) as connection sources, which
works only with Radius's layout: one namespace per application, Services named after their
container (`KubernetesCompute(application_namespaces=True)`).

Translation notes:
- the Bicep application sets its namespace with the `kubernetesNamespace` extension to its own
  name, 65 characters, longer than a namespace name may be (a DNS-1123 label, at most 63): the
  same extension here names the shorter `corerp-multiple-ports-dns` (config `appNamespace`);
- `magpieimage` is a parameter there; the local control plane runs no container code (kwok), so
  any image reference does.

Config: `namespace` (the environment's), `image` (default: Radius's magpie test image).
"""

import pulumi

import radius_components as rad

config = pulumi.Config()
port = 3000

env = rad.Environment("radius-e2e", compute=rad.KubernetesCompute(
    namespace=config.get("namespace") or "radius-e2e", application_namespaces=True), protect_stateful=False)
app = rad.Application("multiple-ports-dns", environment=env, extensions=[
    {"kind": "kubernetesNamespace", "namespace": config.get("appNamespace") or "corerp-multiple-ports-dns"}])
image = config.get("image") or "ghcr.io/radius-project/magpiego:latest"

rad.Container("containerqw", application=app, container={"image": image}, connections={
    "containerqe": {"source": "http://containerqe:42"},
    "containerqr": {"source": "http://containerqr:934"},
})
rad.Container("containerqe", application=app, container={"image": image, "ports": {
    "web": {"container_port": port}, "wonderland": {"container_port": 42}, "vegas": {"container_port": 777}}})
rad.Container("containerqr", application=app, container={"image": image, "ports": {
    "web": {"container_port": port}, "hogwarts": {"container_port": 934}, "narnia": {"container_port": 7},
    "asgard": {"container_port": 9}}})
