"""The `ecs` compute kind: AWS ECS services on Fargate.

Per environment: an ECS cluster (or an existing one by ARN) with its capacity providers, a
Cloud Map private DNS namespace in the VPC, and an explicit AWS provider when a region is
given. Per container: a log group, a security group, a task role and a task execution role,
a Secrets Manager secret for its secret connection values, a Cloud Map service (when it
has ports), a task definition and a service. Connections add security group rules (the
target admits exactly the connecting task's security group, on its ports) and IAM grants
scoped to the target's ARN.

Layout: `kind.py` declares the kind (`KIND`, imports no cloud SDK: the registry, `check` and
the capability matrix read it), `model.py` holds its compute model, `platform.py` the
`EcsPlatform`, imported only when an Environment of this kind is created (it loads
pulumi_aws). Import rule (no circles): this `__init__` is only this docstring; the
platform reaches its built-in recipes through the declaration's `recipes`, lazily, and the
recipes (recipes/aws/*) import from this package only `names`, never `platform.py`.
"""
