"""The documentation: the README is a front door, and the site mkdocs builds from docs/ (with the
README as its home page) has no broken link, anchor or page, and an API reference rendered from
the docstrings. Built offline, in strict mode: any mkdocs warning fails the test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from radius_components.declarations import declared_kinds, declared_resource_types

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
README = ROOT / "README.md"


def test_the_docs_build_in_strict_mode(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    # The home page is the README, matrix included, not a copy of it.
    assert "capability-matrix:start" in README.read_text(encoding="utf-8")
    assert "What each kind does with each field" in home
    # The API reference rendered the components' documented arguments.
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("radius_components.Container", "radius_components.EcsCompute", "internal_url"):
        assert name in api, name


def test_the_readme_is_a_front_door():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300, "README.md is the front door: move reference text to docs/"
    # The two commands a newcomer runs, as they are run.
    for command in ("scripts/demo", "scripts/test"):
        assert f"```bash\n{command}" in text, command
        assert (ROOT / command).is_file(), command


def test_each_declared_reference_page_exists():
    # A kind or resource type names its page (relative to docs/); the page must be there.
    declared = [*declared_kinds().values(), *declared_resource_types().values()]
    for declaration in declared:
        built_in = (getattr(declaration, "platform", None) or getattr(declaration, "component", "")).startswith("radius_components.")
        assert declaration.docs or not built_in, f"{declaration.name} names no reference page"
        if declaration.docs:
            assert (ROOT / "docs" / declaration.docs).is_file(), (declaration.name, declaration.docs)


def test_the_extending_walkthrough_codes_against_the_declarations():
    """docs/extending.md's code uses only what the library has: the fields the declarations
    define, the methods Platform defines, names its modules export, the entry point groups."""
    import ast
    import dataclasses
    import importlib
    import re

    from radius_components import declarations
    from radius_components.platforms.base import Platform

    text = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks
    classes = {cls.__name__: {f.name for f in dataclasses.fields(cls)} for cls in (
        declarations.KindDeclaration, declarations.ResourceTypeDeclaration, declarations.ConnectionField,
        declarations.OutputDeclaration)}
    for block in blocks:
        tree = ast.parse(block)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("radius_components"):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    assert hasattr(module, alias.name), f"{node.module} has no {alias.name}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in classes:
                fields = classes[node.func.id]
                assert len(node.args) <= len(fields), node.func.id
                for keyword in node.keywords:
                    assert keyword.arg in fields, f"{node.func.id} has no field '{keyword.arg}'"
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", None) == "Platform" for b in node.bases):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        assert hasattr(Platform, item.name), f"Platform has no method '{item.name}'"
    for group in (declarations.KIND_GROUP, declarations.TYPE_GROUP):
        assert f'[project.entry-points."{group}"]' in text, group


def test_every_repository_path_the_docs_cite_exists():
    """A file moved or renamed (a test, a script, a module) must take its mentions along."""
    import re

    made_by_the_user = {"providers/venv"}  # documented as something to create
    cited = re.compile(r"`((?:tests|scripts|examples|radius_components|providers|tools|benchmarks|docs)/[^`\s]*)`")
    missing = []
    for page in (README, *sorted((ROOT / "docs").rglob("*.md"))):
        for match in cited.finditer(page.read_text(encoding="utf-8")):
            path = match.group(1).split("::")[0]
            if "<" in path or path in made_by_the_user:
                continue  # a pattern (`tests/<kind>/`), not a path
            if not (ROOT / path).exists():
                missing.append(f"{page.relative_to(ROOT)}: {path}")
    assert missing == []
