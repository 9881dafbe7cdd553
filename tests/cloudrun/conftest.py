"""Fixtures of the cloudrun tests."""

from __future__ import annotations

import pytest

from tests.helpers.mocks import RecordingMonitor


@pytest.fixture
def deps(monkeypatch):
    """Record each registration's dependencies (URNs) by logical name."""
    recorded: dict[str, list[str]] = {}
    original = RecordingMonitor.RegisterResource

    def register(self, request):
        recorded[request.name] = list(request.dependencies)
        return original(self, request)

    monkeypatch.setattr(RecordingMonitor, "RegisterResource", register)
    return recorded
