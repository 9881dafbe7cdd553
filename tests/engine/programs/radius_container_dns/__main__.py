"""Two of Radius's own end-to-end container applications, translated. The first: test/functional-portable/corerp/
noncloud/resources/testdata/corerp-resources-container-multiple-containers-multiple-ports-dns.bicep
in radius-project/radius. Container `containerqw` reaches `containerqe` and `containerqr` by their
short names (`http://containerqe:42`, `http://containerqr:934`) as connection sources, which
works only with Radius's layout: one namespace per application, Services named after their
container (`KubernetesCompute(application_namespaces=True)`).

The second: corerp-resources-container-manifest.bicep (its manifest/basemanifest.yaml restated
below): container `ctnr-manifest` whose `runtimes.kubernetes.base` shapes its Deployment,
Service and ServiceAccount and adds two Secrets and a ConfigMap its pods read.

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

# manifest/basemanifest.yaml of Radius's functional tests, restated.
BASE_MANIFEST = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: ctnr-manifest, labels: {app: ctnr-manifest}, annotations: {source: base-manifest-test}}
spec:
  replicas: 3
  selector: {matchLabels: {app: ctnr-manifest}}
  template:
    metadata: {labels: {app: ctnr-manifest}}
    spec:
      serviceAccountName: ctnr-manifest
      volumes: [{name: secret-vol, secret: {secretName: ctnr-manifest-secret0}}]
      containers:
      - name: ctnr-manifest
        ports: [{containerPort: 80, protocol: TCP}]
        volumeMounts: [{name: secret-vol, readOnly: true, mountPath: /etc/secret-vol}]
        env:
        - {name: TEST_SECRET_KEY, valueFrom: {secretKeyRef: {name: ctnr-manifest-secret1, key: secret1}}}
        - {name: TEST_CONFIGMAP_KEY, valueFrom: {configMapKeyRef: {name: ctnr-manifest-config, key: TEST_CONFIGMAP}}}
---
apiVersion: v1
kind: Service
metadata: {name: ctnr-manifest, annotations: {source: base-manifest-test}}
spec:
  selector: {app.kubernetes.io/name: ctnr-manifest}
  ports: [{protocol: TCP, port: 3000, targetPort: 3000}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: ctnr-manifest, annotations: {source: base-manifest-test}}
---
apiVersion: v1
kind: Secret
metadata: {name: ctnr-manifest-secret0, annotations: {source: base-manifest-test}}
type: Opaque
stringData: {secret0: test-secret-0}
---
apiVersion: v1
kind: Secret
metadata: {name: ctnr-manifest-secret1, annotations: {source: base-manifest-test}}
type: Opaque
stringData: {secret1: test-secret-1}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ctnr-manifest-config, annotations: {source: base-manifest-test}}
data: {TEST_CONFIGMAP: test-configmap}
"""

manifest_app = rad.Application("container-manifest", environment=env, extensions=[
    {"kind": "kubernetesNamespace", "namespace": "corerp-resources-container-manifest"}])
rad.Container("ctnr-manifest", application=manifest_app,
              container={"image": image, "ports": {"web": {"container_port": port}}},
              runtimes={"kubernetes": {"base": BASE_MANIFEST}})

# Not Radius's: what its layout means for this library's recipes. The Redis recipe stays in the
# environment's namespace (its data does not move namespaces); the connected container, in its
# application's namespace, is admitted by a NetworkPolicy there selecting it by namespace.
data_app = rad.Application("data", environment=env)
cache = rad.RedisCache("cache", application=data_app)
rad.Container("reader", application=data_app, container={"image": image}, connections={"cache": {"source": cache}})

