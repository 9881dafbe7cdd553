#!/usr/bin/env python
"""Overhead of radius_components versus hand-written Pulumi, on the real engine.

`pulumi preview` of the two programs of bench_mocks.py (N containers connected to one
recipe-provisioned RedisCache, kubernetes kind; the same native resources with identical inputs)
on the real CLI and the real pulumi-kubernetes provider, which renders to a directory (the
default provider's `kubernetes:renderYamlToDirectory`), so no cluster is involved. Each preview
runs on a fresh stack with an empty file backend, variants alternating, in the same run.

Measured per preview:
- wall time of `pulumi preview` (CLI, language host, program, providers);
- the Python program's own peak RSS (it writes ru_maxrss at exit): where our code's memory shows.

Usage (from the repository root, after scripts/engine):

    .venv/bin/python benchmarks/bench_engine.py [--containers 10 100] [--repeat 3] [--json out.json]

Exit code 0 unless a preview failed; the 1.15x target is reported, not turned into an exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "helpers"))
from pulumi_cli import engine_environment  # noqa: E402

VARIANTS = ("components", "handwritten")
TIME_RATIO_TARGET = 1.15

PROGRAM = """\
import atexit, os, resource, sys
sys.path.insert(0, {bench_dir!r})
import bench_mocks

@atexit.register
def _peak():
    with open(os.environ["BENCH_RSS_FILE"], "w") as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))

bench_mocks.PROGRAMS[{variant!r}]({n})
"""


def preview_once(env: dict[str, str], variant: str, n: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"bench-{variant}-"))
    try:
        (work / "state").mkdir()
        (work / "rendered").mkdir()
        (work / "Pulumi.yaml").write_text(
            f"name: bench-{variant}\nruntime:\n  name: python\n  options:\n    virtualenv: {sys.prefix}\n")
        (work / "__main__.py").write_text(PROGRAM.format(bench_dir=str(REPO / "benchmarks"), variant=variant, n=n))
        rss_file = work / "rss"
        run_env = dict(env, PULUMI_BACKEND_URL=f"file://{work / 'state'}", BENCH_RSS_FILE=str(rss_file))

        def cli(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(["pulumi", *args, "--non-interactive"], cwd=work, env=run_env,
                                  capture_output=True, text=True, timeout=1800)

        for args in (("stack", "init", "bench"),
                     ("config", "set", "kubernetes:renderYamlToDirectory", str(work / "rendered"))):
            proc = cli(*args)
            if proc.returncode:
                raise RuntimeError(f"pulumi {' '.join(args)}: {proc.stderr}")
        t0 = time.perf_counter()
        proc = cli("preview", "--json")
        wall = time.perf_counter() - t0
        if proc.returncode:
            raise RuntimeError(f"pulumi preview ({variant}, {n}) failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        steps = json.loads(proc.stdout).get("steps", [])
        return {"wall_s": wall, "steps": len(steps), "program_peak_rss_kib": int(rss_file.read_text())}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--containers", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    env = engine_environment()
    version = subprocess.run(["pulumi", "version"], env=env, capture_output=True, text=True).stdout.strip()
    print(f"pulumi {version}; python {sys.version.split()[0]}; {os.cpu_count()} cores")
    results: dict[str, Any] = {"pulumi": version, "runs": {}}
    for n in args.containers:
        samples: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
        for i in range(args.repeat):
            order = VARIANTS if i % 2 == 0 else tuple(reversed(VARIANTS))
            for variant in order:
                samples[variant].append(preview_once(env, variant, n))
        summary = {}
        for variant in VARIANTS:
            summary[variant] = {
                "median_wall_s": statistics.median(s["wall_s"] for s in samples[variant]),
                "steps": samples[variant][0]["steps"],
                "program_peak_rss_mib": max(s["program_peak_rss_kib"] for s in samples[variant]) / 1024,
            }
        c, h = summary["components"], summary["handwritten"]
        summary["time_ratio"] = c["median_wall_s"] / h["median_wall_s"]
        summary["rss_ratio"] = c["program_peak_rss_mib"] / h["program_peak_rss_mib"]
        results["runs"][str(n)] = summary
        print(f"\nN = {n} containers ({args.repeat} previews each, alternating)")
        print(f"  {'variant':<12} {'steps':>6} {'median preview':>15} {'program peak RSS':>17}")
        for variant in VARIANTS:
            s = summary[variant]
            print(f"  {variant:<12} {s['steps']:>6} {s['median_wall_s']:>13.2f} s {s['program_peak_rss_mib']:>13.1f} MiB")
        verdict = "within" if summary["time_ratio"] <= TIME_RATIO_TARGET else "OVER"
        print(f"  ratio        time {summary['time_ratio']:.2f}x ({verdict} the {TIME_RATIO_TARGET}x target), "
              f"program memory {summary['rss_ratio']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
