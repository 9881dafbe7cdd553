"""The `cloudrun` compute kind: Google Cloud Run v2 services.

Each container becomes a `cloudrunv2.Service` (never the v1 `cloudrun` API) with its own service
account, internal ingress and Direct VPC egress; secrets live in Secret Manager; every
grant is an IAM member on exactly one service or secret.

Layout: `kind.py` declares the kind (`KIND`, imports no cloud SDK: the registry, `check` and
the capability matrix read it), `model.py` holds its compute model, `platform.py` the
`CloudRunPlatform`, imported only when an Environment of this kind is created (it loads
pulumi_gcp). Import rule (no circles): this `__init__` is only this docstring; the
platform reaches its built-in recipes through the declaration's `recipes`, lazily, and the
recipes (recipes/gcp/*) import from this package only `names`, never `platform.py`.
"""
