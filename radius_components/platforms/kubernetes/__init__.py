"""The `kubernetes` compute kind: Deployments, Services, ServiceAccounts and Secrets.

Layout: `kind.py` declares the kind (`KIND`, imports no cloud SDK: the registry, `check` and
the capability matrix read it), `model.py` holds its compute model, `platform.py` the
`KubernetesPlatform`, imported only when an Environment of this kind is created (it loads
pulumi_kubernetes). Import rule (no circles): this `__init__` is only this docstring; the
platform reaches its built-in recipes through the declaration's `recipes`, lazily, and the
recipes (recipes/kubernetes/*) import from this package only `objects`, `manifests` and
`names`, never `platform.py`.
"""
