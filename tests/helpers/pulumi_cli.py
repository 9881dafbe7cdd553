"""Drive the real Pulumi CLI on a copy of a program, with a local file backend.

Each `Project` is a temporary folder holding the program's files and its own state backend,
so tests never write into the repository (no `Pulumi.<stack>.yaml`, no state, no manifests).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "radius-engine-tests"  # encrypts the throwaway stacks' secrets


def engine_environment() -> dict[str, str]:
    """The environment scripts/engine prepared (PATH, PULUMI_HOME, ...), or a loud failure."""
    cache = Path(os.environ.get("RADIUS_ENGINE_CACHE", Path.home() / ".cache" / "radius-engine"))
    env_file = cache / "env.sh"
    if not env_file.is_file():
        raise RuntimeError(f"the Pulumi engine is not prepared ({env_file} is missing). Fix: run scripts/engine "
                           "(scripts/test does it first)")
    dump = subprocess.run(["bash", "-c", f'source "{env_file}" && env -0'], check=True, capture_output=True, text=True)
    env = dict(item.split("=", 1) for item in dump.stdout.split("\0") if "=" in item)
    # The built language host (2023) needs the interpreter of the venv the program runs in.
    env["PULUMI_PYTHON_CMD"] = sys.executable
    env["PULUMI_CONFIG_PASSPHRASE"] = PASSPHRASE
    env.pop("PULUMI_CONFIG_PASSPHRASE_FILE", None)
    env.pop("PULUMI_ACCESS_TOKEN", None)
    return env


class PulumiError(RuntimeError):
    pass


@dataclass
class Project:
    """A copy of one example program in `root`, with its own file backend and one stack."""

    root: Path
    env: dict[str, str]
    stack: str = "test"
    log: list[str] = field(default_factory=list)

    @classmethod
    def copy_of(cls, program: Path, workdir: Path, env: dict[str, str], name: str, stack: str = "test") -> "Project":
        root = workdir / "program"
        shutil.copytree(program, root, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "rendered", "__pycache__"))
        # The project file: this program, run by the venv the tests run in.
        (root / "Pulumi.yaml").write_text(
            f"name: {name}\nruntime:\n  name: python\n  options:\n    virtualenv: {Path(sys.prefix)}\n")
        (workdir / "state").mkdir()
        env = dict(env, PULUMI_BACKEND_URL=f"file://{workdir / 'state'}")
        project = cls(root=root, env=env, stack=stack)
        project.run("stack", "init", stack)
        return project

    @classmethod
    def of_program(cls, text: str, tmp_path: Path, env: dict[str, str], name: str) -> "Project":
        """A project whose `__main__.py` is `text` (dedented), under `tmp_path`."""
        source = tmp_path / "source"
        source.mkdir()
        (source / "__main__.py").write_text(textwrap.dedent(text), encoding="utf-8")
        return cls.copy_of(source, tmp_path / "work", env, name=name)

    def run(self, *args: str, check: bool = True, extra_env: Optional[dict[str, str]] = None) -> subprocess.CompletedProcess:
        cmd = ["pulumi", *args, "--non-interactive"]
        if args[:2] != ("stack", "init"):
            cmd += ["--stack", self.stack]
        proc = subprocess.run(cmd, cwd=self.root, env=dict(self.env, **(extra_env or {})), capture_output=True,
                              text=True, timeout=900)
        self.log.append(f"$ {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
        if check and proc.returncode != 0:
            raise PulumiError(f"`{' '.join(cmd)}` exited {proc.returncode}\n--- stdout\n{proc.stdout[-6000:]}"
                              f"\n--- stderr\n{proc.stderr[-4000:]}")
        return proc

    def config(self, key: str, value: str, secret: bool = False) -> None:
        self.run("config", "set", key, value, *(["--secret"] if secret else ["--plaintext"]))

    def up(self) -> subprocess.CompletedProcess:
        return self.run("up", "--yes", "--skip-preview")

    def preview_steps(self) -> list[dict[str, Any]]:
        """The steps `pulumi preview --json` plans (same, create, update, replace, delete, ...)."""
        proc = self.run("preview", "--json")
        return json.loads(proc.stdout).get("steps", [])

    def changes(self) -> list[tuple[str, str]]:
        """(op, urn) of every planned step that is not `same`."""
        return [(s["op"], s["urn"]) for s in self.preview_steps() if s["op"] != "same"]

    def outputs(self, show_secrets: bool = False) -> dict[str, Any]:
        args = ["stack", "output", "--json"] + (["--show-secrets"] if show_secrets else [])
        return json.loads(self.run(*args).stdout)

    def export(self, show_secrets: bool = False) -> dict[str, Any]:
        args = ["stack", "export"] + (["--show-secrets"] if show_secrets else [])
        return json.loads(self.run(*args).stdout)

    def resources(self) -> list[dict[str, Any]]:
        return self.export()["deployment"].get("resources") or []

    def destroy(self) -> subprocess.CompletedProcess:
        return self.run("destroy", "--yes", "--skip-preview")
