"""The `radius` plugin as users get it: the plugin package folder (providers/: PulumiPlugin.yaml,
requirements.txt, the launcher) in a copy of the repository, with a virtualenv made only from
requirements.txt, serves the schema and runs the YAML demo, with nothing of this test session on
the path (no PULUMI_PYTHON_CMD, PYTHONPATH or PULUMI_RADIUS_PYTHON).

What `pulumi package add <repository>/providers@<tag>` does is clone the repository at the tag,
create `providers/venv` and `pip install -r requirements.txt` in it (PulumiPlugin.yaml,
pkg/cmd/pulumi/packageinstallation `ensureProjectDir`), then run the plugin. This test does the
same steps itself: the clone (no GitHub here) is a copy of the working tree, and the install is
pip's, because the 2023 Python language host of scripts/engine installs a plugin's dependencies
into a virtualenv of its own making (the plugin folder itself, not `venv`) and then runs the
program folder instead of the plugin folder (it reads the request's deprecated `program` field,
which the current CLI leaves empty). A current Pulumi install runs both steps itself.

The virtualenv (radius-components[all]: every kind's cloud SDK, about 1 GB) is cached in
${RADIUS_SDK_CHECK_CACHE:-~/.cache/radius-sdk-check}, keyed by requirements.txt and pyproject.toml;
radius-components itself is reinstalled from the copy each run. Cold about 3.5 minutes (pip),
warm about 30 s. Offline (no PyPI and nothing cached) the test skips, saying so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.pulumi_cli import REPO, Project

sys.path.insert(0, str(REPO / "providers"))

from radius_provider.schema import build_schema  # noqa: E402

pytestmark = pytest.mark.engine

CACHE = Path(os.environ.get("RADIUS_SDK_CHECK_CACHE", Path.home() / ".cache" / "radius-sdk-check"))
# What a clone at a tag holds that the plugin package needs: the plugin folder and the library it installs.
CHECKOUT = ("providers", "radius_components", "pyproject.toml", "README.md", "LICENSE")


def _clean_env(engine_env: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in engine_env.items() if k not in ("PULUMI_PYTHON_CMD", "PYTHONPATH", "PULUMI_RADIUS_PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def plugin_folder(engine_env, tmp_path_factory) -> Path:
    """A copy of the repository whose providers/venv holds only what requirements.txt installs."""
    checkout = tmp_path_factory.mktemp("clone") / "radius-components"
    for name in CHECKOUT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, checkout / name, ignore=shutil.ignore_patterns("__pycache__", "venv", "*.egg-info"))
        else:
            checkout.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, checkout / name)
    folder = checkout / "providers"
    env = _clean_env(engine_env)

    requirements = (folder / "requirements.txt").read_bytes() + (REPO / "pyproject.toml").read_bytes()
    venv = CACHE / f"plugin-venv-{hashlib.sha256(requirements + sys.version.encode()).hexdigest()[:16]}"
    python = venv / "bin" / "python"
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(venv)], folder, env).check_returncode()
        proc = _run([str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"], folder, env)
        if proc.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            pytest.skip(f"`pip install -r providers/requirements.txt` failed (offline?):\n{proc.stderr[-2000:]}")
        (venv / ".complete").touch()
    else:  # the cached dependencies; radius-components of this working tree
        proc = _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", ".."], folder, env)
        if proc.returncode != 0:
            pytest.skip(f"reinstalling radius-components needs setuptools from PyPI (offline?):\n{proc.stderr[-2000:]}")
    (folder / "venv").symlink_to(venv)
    return folder


def test_the_venv_has_exactly_the_declared_pulumi_and_the_released_library(plugin_folder, engine_env):
    python = plugin_folder / "venv" / "bin" / "python"
    pinned = next(line.split("==")[1].strip() for line in (plugin_folder / "requirements.txt").read_text().splitlines()
                  if line.startswith("pulumi=="))
    probe = ("import importlib.metadata as m, radius_components, pulumi_aws, pulumi_azure_native, pulumi_gcp; "
             "print(m.version('pulumi')); print(radius_components.__file__)")
    proc = _run([str(python), "-c", probe], plugin_folder, _clean_env(engine_env))
    assert proc.returncode == 0, proc.stderr[-3000:]
    version, location = proc.stdout.split()
    assert version == pinned
    assert "site-packages" in location  # installed from `..`, not read from the checkout


def test_the_cli_gets_the_schema_from_the_plugin_package(plugin_folder, engine_env, tmp_path):
    proc = _run(["pulumi", "package", "get-schema", str(plugin_folder / "pulumi-resource-radius")], tmp_path,
                _clean_env(engine_env))
    assert proc.returncode == 0, proc.stderr[-3000:]
    served = json.loads(proc.stdout)
    served.pop("config", None)
    assert served == json.loads(json.dumps(build_schema()))


def test_the_yaml_demo_runs_on_the_plugin_package(plugin_folder, engine_env, tmp_path):
    root = tmp_path / "program"
    shutil.copytree(REPO / "examples" / "yaml", root, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "rendered"))
    project_file = root / "Pulumi.yaml"
    project_file.write_text(project_file.read_text().replace("path: ../../providers", f"path: {plugin_folder}"))
    (tmp_path / "state").mkdir()
    project = Project(root=root, env=dict(_clean_env(engine_env), PULUMI_BACKEND_URL=f"file://{tmp_path / 'state'}"))
    project.run("stack", "init", project.stack)
    project.config("renderDir", str(tmp_path / "rendered"))
    project.config("protectStateful", "false")
    steps = project.preview_steps()
    types = {s["urn"].split("::")[2].rsplit("$", 1)[-1] for s in steps}
    assert {"radius:index:Environment", "radius:index:Application", "radius:index:RedisCache", "radius:index:Gateway",
            "radius:index:Container", "kubernetes:apps/v1:Deployment"} <= types, sorted(types)
