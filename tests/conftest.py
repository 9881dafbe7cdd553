"""Fixtures and hooks of the whole suite. What tests import (the recording mocks, programs,
provider answers) lives in tests/helpers; a test module never imports conftest."""

from __future__ import annotations

import pytest

from tests.helpers.mocks import run_program


@pytest.fixture
def run():
    return run_program


def pytest_unconfigure(config):
    # Tests that make an Output fail on purpose leave asyncio Futures whose finalizers log
    # "exception was never retrieved" when the interpreter exits, after pytest's summary;
    # keep the summary the last thing the run prints.
    import logging

    logging.getLogger("asyncio").disabled = True
