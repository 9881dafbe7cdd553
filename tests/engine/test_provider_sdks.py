"""The SDKs of the other languages, generated from the provider's schema and built as their users
build them: TypeScript type-checked with `tsc`, Go compiled with `go build`, Python installed
with pip. A program in each typed language uses the typed inputs (one Environment input per
compute kind, a connection's `sourceRedisCache`), and a wrong type there must not compile.

Generation is radius-sdkgen's (tools/engine/sdkgen, built by scripts/engine: the CLI's pkg/v3
codegen, what `pulumi package gen-sdk` runs). The toolchains come from the registries and are
cached in ${RADIUS_SDK_CHECK_CACHE:-~/.cache/radius-sdk-check}: `npm ci` of
sdk_check/node/package-lock.json (TypeScript, @pulumi/pulumi, @types/node, ~100 MB) and the Go
modules of sdk_check/go/go.sum (github.com/pulumi/pulumi/sdk/v3 and its dependencies, ~600 MB).
Cold, the downloads and the first Go build take about 3 minutes; warm, the three tests about
30 s. Without the registries (offline) the download step fails and the test skips, saying so.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.pulumi_cli import REPO

sys.path.insert(0, str(REPO / "providers"))

from radius_provider.schema import build_schema  # noqa: E402

pytestmark = pytest.mark.engine

HERE = Path(__file__).resolve().parent / "sdk_check"
CACHE = Path(os.environ.get("RADIUS_SDK_CHECK_CACHE", Path.home() / ".cache" / "radius-sdk-check"))


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def sdks(engine_env, tmp_path_factory) -> Path:
    """The SDKs radius-sdkgen generates from the schema the provider serves."""
    out = tmp_path_factory.mktemp("sdks")
    schema_file = out / "schema.json"
    schema_file.write_text(json.dumps(build_schema()))
    sdkgen = os.environ.get("RADIUS_SDKGEN", "radius-sdkgen")  # another build of it, e.g. while scripts/engine's is old
    proc = _run([sdkgen, str(schema_file), str(out), "nodejs", "go", "python"], out, engine_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def _downloaded(proc: subprocess.CompletedProcess, what: str) -> None:
    if proc.returncode != 0:
        pytest.skip(f"{what} could not be downloaded (offline?); the SDK is not compiled:\n{proc.stderr[-1500:]}")


# ------------------------------------------------------------------------ TypeScript
TYPED_TS = """
import * as radius from "./index";

const env = new radius.Environment("dev", { kubernetes: { namespace: "dev" }, protectStateful: false });
const app = new radius.Application("todo", { environment: env });
const db = new radius.RedisCache("db", { application: app });
const demo = new radius.Container("demo", {
    application: app,
    container: { image: "ghcr.io/radius-project/samples/demo:latest", ports: { web: { containerPort: 3000 } },
                 env: { PASSWORD: { valueFrom: { secretRef: { sourceRedisCache: db, key: "password" } } } } },
    connections: { redis: { sourceRedisCache: db }, api: { sourceUrl: "http://api.example.com:80" },
                   peer: { sourceContainerUrn: app.urn } },
    extensions: [{ manualScaling: { replicas: 2 } }],
});
export const url: radius.Container["internalUrl"] = demo.internalUrl;

// Wrong types do not compile (tsc fails on an unused @ts-expect-error):
// @ts-expect-error an Application is not a RedisCache
new radius.Container("x", { application: app, container: { image: "x" }, connections: { r: { sourceRedisCache: app } } });
// @ts-expect-error the compute kinds are typed objects
new radius.Environment("y", { kubernetes: "dev" });
// @ts-expect-error a Gateway is not an extension
new radius.Container("z", { application: app, container: { image: "x" }, extensions: [{ gateway: {} }] });
"""


def test_the_typescript_sdk_compiles_and_its_inputs_are_typed(sdks, engine_env):
    lock = (HERE / "node" / "package-lock.json").read_bytes()
    toolchain = CACHE / f"node-{hashlib.sha256(lock).hexdigest()[:16]}"
    if not (toolchain / "node_modules" / ".bin" / "tsc").exists():
        shutil.rmtree(toolchain, ignore_errors=True)
        toolchain.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / "node" / name, toolchain / name)
        _downloaded(_run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], toolchain, engine_env),
                    "TypeScript and @pulumi/pulumi (npm registry)")
    ts = sdks / "nodejs"
    package = json.loads((ts / "package.json").read_text())
    assert package["version"] == build_schema()["version"]  # not the codegen's "${VERSION}" placeholder
    (ts / "node_modules").symlink_to(toolchain / "node_modules")
    (ts / "typed.ts").write_text(TYPED_TS)
    # The SDK's own compiler options, over its files and the program.
    (ts / "tsconfig.check.json").write_text(json.dumps(
        {"extends": "./tsconfig.json", "files": [], "include": ["**/*.ts"], "exclude": ["node_modules"]}))
    proc = _run([str(toolchain / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.check.json", "--noEmit"], ts,
                engine_env)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


# ------------------------------------------------------------------------ Go
TYPED_GO = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"radius-components.local/sdk/go/radius"
	"radius-components.local/sdk/go/radius/compute"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		env, err := radius.NewEnvironment(ctx, "dev", &radius.EnvironmentArgs{
			Kubernetes: &compute.KubernetesComputeArgs{Namespace: pulumi.String("dev")},
		})
		if err != nil {
			return err
		}
		app, err := radius.NewApplication(ctx, "todo", &radius.ApplicationArgs{Environment: env})
		if err != nil {
			return err
		}
		db, err := radius.NewRedisCache(ctx, "db", &radius.RedisCacheArgs{Application: app})
		if err != nil {
			return err
		}
		demo, err := radius.NewContainer(ctx, "demo", &radius.ContainerArgs{
			Application: app,
			Container:   &radius.ContainerSpecArgs{Image: pulumi.String("ghcr.io/radius-project/samples/demo:latest")},
			Connections: radius.ConnectionMap{
				"redis": &radius.ConnectionArgs{SourceRedisCache: db},
				"api":   &radius.ConnectionArgs{SourceUrl: pulumi.String("http://api.example.com:80")},
			},
			Extensions: radius.ExtensionArray{
				&radius.ExtensionArgs{ManualScaling: &radius.ManualScalingArgs{Replicas: pulumi.Int(2)}},
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("url", demo.InternalUrl)
		return nil
	})
}
"""

# Each must fail to compile, with the message after it: the inputs are typed.
WRONG_GO = {
    "an Application as a RedisCache": ("radius.ConnectionArgs{SourceRedisCache: app}", "cannot use app"),
    "a string as the Kubernetes compute": ('radius.EnvironmentArgs{Kubernetes: pulumi.String("dev")}', "cannot use"),
}
WRONG_GO_MAIN = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"radius-components.local/sdk/go/radius"
)

var app *radius.Application
var _ = pulumi.String("")
var _ = %s
"""


def test_the_go_sdk_compiles_and_its_inputs_are_typed(sdks, engine_env):
    go = sdks / "go"
    for name in ("go.mod", "go.sum"):
        shutil.copy(HERE / "go" / name, go / name)
    env = dict(engine_env, GOMODCACHE=str(CACHE / "go" / "mod"), GOCACHE=str(CACHE / "go" / "build"),
               GOFLAGS="-mod=readonly", GOTOOLCHAIN="local", CGO_ENABLED="0")
    _downloaded(_run(["go", "mod", "download"], go, env), "github.com/pulumi/pulumi/sdk/v3 (Go module proxy)")

    # No untyped input anywhere: Go's generator gives `pulumi.Input` / `interface{}` for a union.
    untyped = [f"{path.name}: {line.strip()}" for path in (go / "radius").glob("*.go")
               for line in path.read_text().splitlines()
               if re.match(r"^\t[A-Z]\w*\s+(\[\])?(pulumi\.Input|interface\{\})\b", line)]
    assert untyped == []

    (go / "typed").mkdir()
    (go / "typed" / "main.go").write_text(TYPED_GO)
    proc = _run(["go", "build", "./..."], go, env)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-4000:]
    for what, (expression, message) in WRONG_GO.items():
        wrong = go / "wrong"
        shutil.rmtree(wrong, ignore_errors=True)
        wrong.mkdir()
        (wrong / "main.go").write_text(WRONG_GO_MAIN % expression)
        proc = _run(["go", "build", "-o", os.devnull, "./wrong"], go, env)
        assert proc.returncode != 0 and message in proc.stderr, (what, proc.stderr[-2000:])


# ------------------------------------------------------------------------ Python
def test_the_python_sdk_installs_with_its_dependencies(sdks, engine_env, tmp_path):
    """pip resolves the SDK's requirements (each an existing distribution: the schema once made it
    require `radius-components0.1.0`), installs it, and it imports."""
    python = sdks / "python"
    pyproject = (python / "pyproject.toml").read_text()
    assert "radius-components" not in pyproject
    resolve = _run([sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", str(python)], tmp_path, engine_env)
    if resolve.returncode != 0 and re.search(r"(?i)connection|network|resolve host|timed out", resolve.stderr):
        pytest.skip(f"PyPI unreachable (offline?): {resolve.stderr[-1000:]}")
    assert resolve.returncode == 0, resolve.stderr[-3000:]
    target = tmp_path / "site"
    proc = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(python)],
                tmp_path, engine_env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    check = ("import pulumi_radius as r; assert r.Environment and r.Container and r.ConnectionArgs; "
             "import inspect; assert 'source_redis_cache' in inspect.signature(r.ConnectionArgs).parameters")
    proc = _run([sys.executable, "-c", check], tmp_path, dict(engine_env, PYTHONPATH=str(target)))
    assert proc.returncode == 0, proc.stderr[-3000:]
