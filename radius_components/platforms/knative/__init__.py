"""The `knative` compute kind: a Knative Serving `Service` (serving.knative.dev/v1) per container.

Layout, as the `kubernetes` kind's: `kind.py` declares the kind (imports no SDK), `model.py`
holds `KnativeCompute` and `runtimes.knative`, `validate.py` refuses what Knative cannot run,
`names.py` derives the names, `manifests.py` builds the Service as a plain dict, `platform.py`
is the `KnativePlatform` (imported only when an Environment of this kind is created; it loads
pulumi_kubernetes), `gateway.py` the Gateway (a `DomainMapping`, or the Service's own URL),
`mocks.py` what the Kubernetes provider answers for Knative objects under test mocks.

The kind is Kubernetes underneath: the cluster settings, the namespace, the ServiceAccount,
the connection Secret, the RoleBindings, the recipes and the secret store are the `kubernetes`
kind's, imported from `platforms/kubernetes/` and reused read-only. Import rule: this `__init__`
is only this docstring.
"""
