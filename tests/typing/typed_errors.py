"""Mistakes a type checker must catch in a user program; `tests/features/test_typing.py` runs mypy on
it and expects exactly the lines marked `# error` (it is never executed)."""

from __future__ import annotations

import radius_components as rad

env = rad.Environment("dev", compute=rad.KubernetesCompute(namespace="dev"))
app = rad.Application("shop", environment=env)
cache = rad.RedisCache("cache", application=app, resource_provisioning="manul")  # error
rad.Container("a", application=app, container={"image": "x", "ports": {"http": {"containerPrt": 80}}})  # error
rad.Container("b", application=app, container={"image": "x", "image_pull_policy": "Sometimes"})  # error
rad.Container("c", application=app, container={"image": "x"}, restart_policy="Sometimes")  # error
rad.Container("d", application=app, container={"image": "x"}, extensions=[{"kind": "manualScaling"}])  # error
rad.Container("e", application=app, container={"image": "x"}, runtimes={"kubernets": {}})  # error
rad.Container("f", application=app, container={"image": "x"}, connections={"c": {"sorce": cache}})  # error
rad.Application("g", environment=app)  # error
port: int = cache.port  # error
rad.EcsCompute(vpc="vpc-1", subnet_ids=["subnet-1"])  # error
rad.KubernetesCompute(namespace=3)  # error
api_typo = rad.Container("h", application=app, container={"image": "x"}).internal_ur  # error
rad.Contaner("i", application=app, container={"image": "x"})  # error
