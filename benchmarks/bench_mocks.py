#!/usr/bin/env python
"""Overhead of radius_components versus the same resources written by hand, under Pulumi mocks.

Two programs register the same native resources (same types, same count, equivalent inputs):

- ``components``: ``rad.Environment`` (kubernetes kind) + ``rad.Application`` + one recipe-provisioned
  ``rad.RedisCache`` + N ``rad.Container`` each connected to that cache;
- ``handwritten``: the same Namespace, Redis RandomPassword/Secret/Deployment/Service and, per
  container, ServiceAccount, RandomId, Secret (3 connection secrets), Deployment (7 env vars:
  4 plain, 3 secretKeyRef) and Service, written directly with pulumi_kubernetes and pulumi_random.

Each measurement runs in a fresh interpreter, so memory is measured separately per variant:

- wall time: ``time.perf_counter`` around program construction plus waiting for every
  registration (what ``pulumi.runtime.test`` does); imports and ``set_mocks`` are outside it;
- peak RSS: ``ru_maxrss`` of the child (from ``os.wait4``); the child also reports its RSS peak
  right before the program, so the growth caused by the program is shown too;
- tracemalloc peak: Python allocations during the program, in a separate child (tracemalloc
  slows everything down, so it never runs in a timed child).

It also times ``python -c "import radius_components"`` and checks that no cloud SDK got imported.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_mocks.py [--containers 200] [--repeat 3] [--json out.json]

Exit code 0 unless something crashed; the "time ratio <= 1.2x" target and any difference the
equivalence check finds are reported, not turned into an exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as _platform
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve()
VARIANTS = ("components", "handwritten")
TIME_RATIO_TARGET = 1.2
IMPORT_TARGET_S = 0.5
CLOUD_SDKS = ("pulumi_kubernetes", "pulumi_aws", "pulumi_azure_native", "pulumi_gcp")

GENERATED_PASSWORD = "GENERATED-PASSWORD-0123456789abcdef"
GENERATED_HEX = "a1b2c3d4e5f60718"

# Names shared by both programs (the hand-written one reuses the components' logical names, so
# --verify can compare each resource's inputs one to one).
ENV_NAME = "bench-env"
APP_NAME = "bench"
NAMESPACE = "bench"
CACHE_NAME = "cache"
IMAGE = "nginx:1.27"
CONTAINER_PORT = 8080


def container_name(i: int) -> str:
    return f"svc{i}"


# =========================================================================================
# Child side: one program under mocks
# =========================================================================================


def _install_mocks(record_inputs: bool) -> Any:
    """set_mocks with a minimal Mocks (inputs as state) and a monitor counting registrations."""
    import pulumi
    from pulumi.runtime import mocks as pmocks

    class Mocks(pulumi.runtime.Mocks):
        def new_resource(self, args: pmocks.MockResourceArgs):
            state = dict(args.inputs)
            if args.typ == "random:index/randomPassword:RandomPassword":
                state["result"] = GENERATED_PASSWORD
            elif args.typ == "random:index/randomId:RandomId":
                state["hex"] = GENERATED_HEX
            return f"{args.name}_id", state

        def call(self, args: pmocks.MockCallArgs):
            return {}

    class CountingMonitor(pmocks.MockMonitor):
        def __init__(self, mocks: pulumi.runtime.Mocks):
            super().__init__(mocks)
            self.lock = threading.Lock()
            self.by_type: Counter[str] = Counter()
            self.custom = 0
            self.records: list[dict[str, Any]] = []

        def RegisterResource(self, request):  # called from the runtime's thread pool
            response = super().RegisterResource(request)
            if request.type != "pulumi:pulumi:Stack":
                record = None
                if record_inputs:
                    from google.protobuf import json_format

                    record = {"type": request.type, "name": request.name, "custom": request.custom,
                              "protect": request.protect, "dependencies": len(request.dependencies),
                              "inputs": json_format.MessageToDict(request.object)}
                with self.lock:
                    self.by_type[request.type] += 1
                    self.custom += 1 if request.custom else 0
                    if record is not None:
                        self.records.append(record)
            return response

    mocks = Mocks()
    monitor = CountingMonitor(mocks)
    pmocks.set_mocks(mocks, preview=False, monitor=monitor)
    return monitor


def _preload(variant: str) -> None:
    """Import everything a variant uses before the clock starts (pulumi_kubernetes loads its
    submodules lazily; the kubernetes platform module touches the same classes at import)."""
    import pulumi_kubernetes as k8s
    import pulumi_random  # noqa: F401

    for cls in (k8s.core.v1.Namespace, k8s.core.v1.Secret, k8s.core.v1.Service, k8s.core.v1.ServiceAccount,
                k8s.apps.v1.Deployment, k8s.rbac.v1.RoleBinding):
        assert cls is not None
    if variant == "components":
        import radius_components  # noqa: F401
        import radius_components.platforms.kubernetes.platform  # noqa: F401
        import radius_components.recipes.kubernetes.redis  # noqa: F401


def components_program(n: int) -> None:
    import radius_components as rad

    env = rad.Environment(ENV_NAME, compute=rad.KubernetesCompute(namespace=NAMESPACE))
    app = rad.Application(APP_NAME, environment=env)
    cache = rad.RedisCache(CACHE_NAME, application=app)
    for i in range(n):
        rad.Container(
            container_name(i),
            application=app,
            container={"image": IMAGE, "ports": {"web": {"container_port": CONTAINER_PORT}}},
            connections={"redis": {"source": cache}},
        )


def handwritten_program(n: int) -> None:
    """The same native resources, written directly against pulumi_kubernetes / pulumi_random."""
    import pulumi
    import pulumi_kubernetes as k8s
    import pulumi_random as random

    managed_by = "radius-components"

    def labels(resource: str, resource_type: str) -> dict[str, str]:
        return {
            "app.kubernetes.io/managed-by": managed_by,
            "app.kubernetes.io/name": resource,
            "app.kubernetes.io/part-of": APP_NAME,
            "radapp.io/application": APP_NAME,
            "radapp.io/resource": resource,
            "radapp.io/resource-type": resource_type,
        }

    def selector(resource: str) -> dict[str, str]:
        return {"radapp.io/application": APP_NAME, "radapp.io/resource": resource}

    ns = k8s.core.v1.Namespace(
        f"{ENV_NAME}-namespace",
        metadata={"name": NAMESPACE, "labels": {"app.kubernetes.io/managed-by": managed_by,
                                                "radapp.io/environment": ENV_NAME}},
    )
    in_ns = pulumi.ResourceOptions(depends_on=[ns])

    # -- Redis -------------------------------------------------------------------------------
    redis_name = f"{APP_NAME}-{CACHE_NAME}"
    redis_host = f"{redis_name}.{NAMESPACE}.svc.cluster.local"
    redis_labels = labels(CACHE_NAME, "applications.datastores-rediscaches")
    redis_meta = {"name": redis_name, "namespace": NAMESPACE, "labels": redis_labels}
    password = random.RandomPassword(f"{CACHE_NAME}-password", length=32, special=False,
                                     opts=pulumi.ResourceOptions(protect=True))
    k8s.core.v1.Secret(f"{CACHE_NAME}-password-secret", metadata=redis_meta, type="Opaque",
                       string_data={"password": password.result}, opts=in_ns)
    k8s.apps.v1.Deployment(
        f"{CACHE_NAME}-deployment",
        metadata=redis_meta,
        spec={
            "replicas": 1,
            "selector": {"matchLabels": selector(CACHE_NAME)},
            "template": {
                "metadata": {"labels": redis_labels},
                "spec": {
                    "automountServiceAccountToken": False,
                    "enableServiceLinks": False,
                    "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}, "fsGroup": 999},
                    "containers": [{
                        "name": "redis",
                        "image": "redis:7.4-alpine",
                        "args": ["--requirepass", "$(REDIS_PASSWORD)", "--save", "", "--appendonly", "no"],
                        "env": [{"name": "REDIS_PASSWORD",
                                 "valueFrom": {"secretKeyRef": {"name": redis_name, "key": "password"}}}],
                        "ports": [{"name": "redis", "containerPort": 6379, "protocol": "TCP"}],
                        "readinessProbe": {"exec": {"command": ["sh", "-c", 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG']},
                                           "periodSeconds": 10, "timeoutSeconds": 5},
                        "livenessProbe": {"tcpSocket": {"port": 6379}, "initialDelaySeconds": 10, "periodSeconds": 20},
                        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "128Mi"}},
                        "securityContext": {"runAsNonRoot": True, "runAsUser": 999, "runAsGroup": 999,
                                            "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                            "capabilities": {"drop": ["ALL"]}},
                        "volumeMounts": [{"name": "data", "mountPath": "/data"}],
                    }],
                    "volumes": [{"name": "data", "emptyDir": {}}],
                },
            },
        },
        opts=pulumi.ResourceOptions(depends_on=[ns], protect=True),
    )
    k8s.core.v1.Service(
        f"{CACHE_NAME}-service", metadata=redis_meta,
        spec={"type": "ClusterIP", "selector": selector(CACHE_NAME),
              "ports": [{"name": "redis", "port": 6379, "targetPort": 6379, "protocol": "TCP"}]},
        opts=in_ns,
    )
    # The three connection secrets, computed once and shared by every container.
    secrets = {
        "CONNECTION_REDIS_CONNECTIONSTRING": pulumi.Output.secret(password.result.apply(
            lambda p: f"{redis_host}:6379,abortConnect=False,user=default,password={p}")),
        # Secret in state under a real engine anyway (additional_secret_outputs); mocks need it explicit.
        "CONNECTION_REDIS_PASSWORD": pulumi.Output.secret(password.result),
        "CONNECTION_REDIS_URL": pulumi.Output.secret(password.result.apply(
            lambda p: f"redis://default:{p}@{redis_host}:6379/0")),
    }
    plain = {"CONNECTION_REDIS_HOST": redis_host, "CONNECTION_REDIS_PORT": "6379",
             "CONNECTION_REDIS_TLS": "false", "CONNECTION_REDIS_USERNAME": "default"}

    # -- Containers ----------------------------------------------------------------------------
    for i in range(n):
        name = container_name(i)
        workload = f"{APP_NAME}-{name}"
        secret_name = f"{workload}-secrets"
        ctr_labels = labels(name, "applications.core-containers")
        meta = {"name": workload, "namespace": NAMESPACE, "labels": ctr_labels}
        k8s.core.v1.ServiceAccount(f"{name}-identity", metadata=meta, automount_service_account_token=False,
                                   opts=in_ns)
        revision = random.RandomId(f"{name}-secrets-revision", byte_length=8, keepers=secrets)
        k8s.core.v1.Secret(f"{name}-secrets", metadata={**meta, "name": secret_name}, type="Opaque",
                           string_data=secrets, opts=in_ns)
        env = [{"name": k, "value": v} for k, v in plain.items()]
        env += [{"name": k, "valueFrom": {"secretKeyRef": {"name": secret_name, "key": k}}} for k in secrets]
        env.sort(key=lambda e: e["name"])
        k8s.apps.v1.Deployment(
            f"{name}-deployment",
            metadata=meta,
            spec={
                "selector": {"matchLabels": selector(name)},
                "template": {
                    "metadata": {"labels": ctr_labels,
                                 "annotations": {"radapp.io/secrets-revision": revision.hex}},
                    "spec": {
                        "serviceAccountName": workload,
                        "automountServiceAccountToken": False,
                        "enableServiceLinks": False,
                        "restartPolicy": "Always",
                        "containers": [{"name": name, "image": IMAGE, "env": env,
                                        "ports": [{"name": "web", "containerPort": CONTAINER_PORT, "protocol": "TCP"}]}],
                    },
                },
            },
            opts=in_ns,
        )
        k8s.core.v1.Service(
            f"{name}-service", metadata=meta,
            spec={"type": "ClusterIP", "selector": selector(name),
                  "ports": [{"name": "web", "port": CONTAINER_PORT, "targetPort": CONTAINER_PORT, "protocol": "TCP"}]},
            opts=in_ns,
        )


PROGRAMS = {"components": components_program, "handwritten": handwritten_program}


def run_child(variant: str, n: int, mode: str) -> dict[str, Any]:
    """mode: 'time' (perf_counter + RSS), 'tracemalloc', or 'verify' (record every input)."""
    import resource

    sys.path.insert(0, str(REPO))
    t_import = time.perf_counter()
    import pulumi

    _preload(variant)
    import_s = time.perf_counter() - t_import
    monitor = _install_mocks(record_inputs=(mode == "verify"))
    program = PROGRAMS[variant]

    @pulumi.runtime.test
    def run_it():
        program(n)
        return pulumi.Output.from_input(None)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tm_peak = None
    if mode == "tracemalloc":
        import tracemalloc

        tracemalloc.start()
        tracemalloc.reset_peak()
    t0 = time.perf_counter()
    run_it()
    elapsed = time.perf_counter() - t0
    if mode == "tracemalloc":
        import tracemalloc

        tm_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    out = {
        "variant": variant, "containers": n, "mode": mode, "time_s": elapsed, "import_s": import_s,
        "registered_total": sum(monitor.by_type.values()), "registered_native": monitor.custom,
        "by_type": dict(sorted(monitor.by_type.items())),
        "maxrss_kib_before_program": rss_before,
        "maxrss_kib_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "tracemalloc_peak_bytes": tm_peak,
    }
    if mode == "verify":
        out["records"] = monitor.records
    return out


# =========================================================================================
# Parent side
# =========================================================================================


def spawn(variant: str, n: int, mode: str) -> dict[str, Any]:
    """Run one child; return its report plus the ru_maxrss the kernel recorded for it."""
    cmd = [sys.executable, str(SCRIPT), "--child", variant, "--mode", mode, "--containers", str(n)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read pipes in threads so a chatty child cannot block; reap with wait4 to get its rusage.
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: Any) -> None:
        chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(k, s)) for k, s in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"child {variant}/{mode} failed ({proc.returncode}):\n{chunks.get('err', b'').decode()[-4000:]}")
    lines = [line for line in chunks["out"].decode().splitlines() if line.startswith("{")]
    report = json.loads(lines[-1])
    report["maxrss_kib"] = usage.ru_maxrss
    return report


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def first_difference(a: Any, b: Any, path: str = "") -> Optional[str]:
    """The first place two JSON-like values differ, as `path: a != b`; None when equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: {'missing on the hand-written side' if k in a else 'missing on the components side'}"
            diff = first_difference(a[k], b[k], f"{path}.{k}")
            if diff:
                return diff
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            diff = first_difference(x, y, f"{path}[{i}]")
            if diff:
                return diff
        return None
    return None if a == b else f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"


def compare_inputs(n: int) -> list[str]:
    """Register both variants with recording mocks and compare every native resource's inputs."""
    reports = {v: spawn(v, n, "verify") for v in VARIANTS}

    def native(v: str) -> dict[tuple[str, str], dict[str, Any]]:
        return {(r["type"], r["name"]): r for r in reports[v]["records"] if r["custom"]}

    a, b = native("components"), native("handwritten")
    problems = []
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            problems.append(f"{key[0]} {key[1]}: only in {'components' if key in a else 'handwritten'}")
            continue
        for field in ("inputs", "protect", "dependencies"):
            diff = first_difference(a[key][field], b[key][field], field)
            if diff:
                problems.append(f"{key[0]} {key[1]}: {diff}")
    return problems


def measure_import(runs: int = 5) -> dict[str, Any]:
    def wall(code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
        return time.perf_counter() - t0

    baseline = [wall("pass") for _ in range(runs)]
    times = [wall("import radius_components") for _ in range(runs)]
    probe = subprocess.run(
        [sys.executable, "-c",
         "import json, sys, radius_components; "
         f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {list(CLOUD_SDKS)!r})))"],
        cwd=REPO, check=True, capture_output=True, text=True,
    )
    loaded = json.loads(probe.stdout.strip().splitlines()[-1])
    med = median(times)
    return {
        "runs": runs, "times_s": times, "median_s": med, "interpreter_only_median_s": median(baseline),
        "target_s": IMPORT_TARGET_S, "under_target": med < IMPORT_TARGET_S,
        "cloud_sdks_loaded": sorted({m.split(".")[0] for m in loaded}),
    }


def fmt_mib(kib_or_bytes: Optional[float], unit: str = "kib") -> str:
    if kib_or_bytes is None:
        return "-"
    mib = kib_or_bytes / 1024 if unit == "kib" else kib_or_bytes / (1024 * 1024)
    return f"{mib:.1f} MiB"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--containers", type=int, default=200, help="containers in the app (default 200)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per variant (default 3)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the tracemalloc children")
    parser.add_argument("--no-verify", action="store_true", help="skip the input-equivalence check")
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("time", "tracemalloc", "verify"), default="time", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(run_child(args.child, args.containers, args.mode)))
        return 0

    n, repeat = args.containers, max(1, args.repeat)
    print(f"radius-components mock benchmark: {n} containers, 1 shared RedisCache, {repeat} repetitions "
          f"(python {_platform.python_version()}, {os.cpu_count()} CPUs)", flush=True)

    problems: list[str] = []
    if not args.no_verify:
        verify_n = min(n, 3)
        problems = compare_inputs(verify_n)
        print(f"input equivalence ({verify_n} containers): "
              + ("identical native resources and inputs" if not problems else f"{len(problems)} difference(s)"), flush=True)
        for p in problems:
            print(f"  ! {p}")

    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
    tm: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
    for rep in range(repeat):
        order = VARIANTS if rep % 2 == 0 else tuple(reversed(VARIANTS))
        for v in order:
            r = spawn(v, n, "time")
            runs[v].append(r)
            print(f"  rep {rep + 1}/{repeat} {v:<12} {r['time_s']:7.3f} s  rss {fmt_mib(r['maxrss_kib'])}"
                  f"  ({r['registered_total']} registrations)", flush=True)
        if not args.no_tracemalloc:
            for v in order:
                r = spawn(v, n, "tracemalloc")
                tm[v].append(r)
                print(f"  rep {rep + 1}/{repeat} {v:<12} tracemalloc peak {fmt_mib(r['tracemalloc_peak_bytes'], 'bytes')}",
                      flush=True)

    summary: dict[str, dict[str, Any]] = {}
    for v in VARIANTS:
        rs = runs[v]
        summary[v] = {
            "registered_total": rs[0]["registered_total"],
            "registered_native": rs[0]["registered_native"],
            "registered_components": rs[0]["registered_total"] - rs[0]["registered_native"],
            "by_type": rs[0]["by_type"],
            "times_s": [r["time_s"] for r in rs],
            "median_time_s": median([r["time_s"] for r in rs]),
            "per_container_ms": median([r["time_s"] for r in rs]) / n * 1000 if n else None,
            "peak_rss_kib": median([r["maxrss_kib"] for r in rs]),
            "rss_before_program_kib": median([r["maxrss_kib_before_program"] for r in rs]),
            "rss_growth_kib": median([r["maxrss_kib"] - r["maxrss_kib_before_program"] for r in rs]),
            "tracemalloc_peak_bytes": median([r["tracemalloc_peak_bytes"] for r in tm[v]]) if tm[v] else None,
        }
    c, h = summary["components"], summary["handwritten"]

    # Both variants must register the same native resources.
    native_types = {v: {t: k for t, k in summary[v]["by_type"].items() if not t.startswith("radius:")} for v in VARIANTS}
    if native_types["components"] != native_types["handwritten"]:
        problems.append(f"native resource counts differ: {native_types}")

    def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
        return a / b if a is not None and b else None

    ratios = {
        "time": ratio(c["median_time_s"], h["median_time_s"]),
        "peak_rss": ratio(c["peak_rss_kib"], h["peak_rss_kib"]),
        "rss_growth": ratio(c["rss_growth_kib"], h["rss_growth_kib"]),
        "tracemalloc_peak": ratio(c["tracemalloc_peak_bytes"], h["tracemalloc_peak_bytes"]),
    }
    target_met = ratios["time"] is not None and ratios["time"] <= TIME_RATIO_TARGET

    print()
    header = f"{'variant':<12} {'registered':>18} {'median time':>12} {'ms/container':>13} {'peak RSS':>11} {'RSS growth':>11} {'tracemalloc':>12}"
    print(header)
    print("-" * len(header))
    for v in VARIANTS:
        s = summary[v]
        reg = f"{s['registered_native']} (+{s['registered_components']} comp)"
        print(f"{v:<12} {reg:>18} {s['median_time_s']:>10.3f} s {s['per_container_ms']:>10.2f} ms "
              f"{fmt_mib(s['peak_rss_kib']):>11} {fmt_mib(s['rss_growth_kib']):>11} "
              f"{fmt_mib(s['tracemalloc_peak_bytes'], 'bytes'):>12}")

    def fr(x: Optional[float]) -> str:
        return f"{x:.2f}x" if x is not None else "-"

    print(f"{'ratio c/h':<12} {'':>18} {fr(ratios['time']):>12} {'':>13} {fr(ratios['peak_rss']):>11} "
          f"{fr(ratios['rss_growth']):>11} {fr(ratios['tracemalloc_peak']):>12}")
    print()
    print(f"target: time ratio <= {TIME_RATIO_TARGET}x -> {fr(ratios['time'])}: {'MET' if target_met else 'NOT MET'} (informational)")

    imp = measure_import()
    print(f"import radius_components: median {imp['median_s'] * 1000:.0f} ms of {imp['runs']} fresh interpreters "
          f"(bare interpreter {imp['interpreter_only_median_s'] * 1000:.0f} ms) -> "
          f"{'under' if imp['under_target'] else 'NOT under'} {IMPORT_TARGET_S} s; cloud SDKs in sys.modules: "
          f"{', '.join(imp['cloud_sdks_loaded']) or 'none'}")
    if problems:
        print(f"\n{len(problems)} problem(s) with the comparison:")
        for p in problems:
            print(f"  ! {p}")

    if args.json:
        payload = {
            "containers": n, "repeat": repeat, "python": _platform.python_version(), "cpus": os.cpu_count(),
            "variants": summary, "ratios_components_over_handwritten": ratios,
            "time_ratio_target": TIME_RATIO_TARGET, "time_ratio_target_met": target_met,
            "import": imp, "problems": problems,
        }
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    # Informational: a failed target or a comparison problem is reported, not an exit status.
    return 0


if __name__ == "__main__":
    sys.exit(main())
