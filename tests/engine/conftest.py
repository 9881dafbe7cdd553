"""Fixtures of the engine tests: the real Pulumi CLI on throwaway copies of the examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.pulumi_cli import REPO, Project, engine_environment


@pytest.fixture(scope="session")
def engine_env() -> dict[str, str]:
    return engine_environment()


@pytest.fixture
def project_factory(engine_env, tmp_path_factory):
    """make(example, name) -> a Project holding a copy of examples/<example> with its own stack."""
    made: list[Project] = []

    def make(example: str, stack: str = "test", env: dict[str, str] | None = None) -> Project:
        workdir = tmp_path_factory.mktemp(example)
        project = Project.copy_of(REPO / "examples" / example, workdir, dict(engine_env, **(env or {})),
                                  name=f"radius-{example}", stack=stack)
        made.append(project)
        return project

    yield make
    # A failed test must not leave objects behind in a cluster another test uses.
    for project in made:
        if project.resources():
            project.run("destroy", "--yes", "--skip-preview", check=False)
