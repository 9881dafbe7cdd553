"""The quick ConnectionSource check answers as isinstance() against the protocol does."""

from __future__ import annotations

import typing

from radius_components.connections import _SOURCE_MEMBERS, ConnectionSource, is_connection_source


class _Source:
    resource_type = "Applications.Core/containers"
    resource_name = "web"
    application = None

    def connection_values(self):  # noqa: D401
        return {}


def _without(member: str) -> object:
    cls = type("Partial", (), {k: v for k, v in vars(_Source).items() if k != member})
    return cls()


def test_the_members_are_the_protocols():
    hints = set(typing.get_type_hints(ConnectionSource)) | {"application", "connection_values"}
    assert set(_SOURCE_MEMBERS) == hints


def test_it_answers_as_isinstance_does():
    blocked = _Source()
    blocked.connection_values = None  # type: ignore[assignment]
    values = [_Source(), blocked, "http://x:80", 3, None, object(), *(_without(m) for m in _SOURCE_MEMBERS)]
    for value in values:
        assert is_connection_source(value) == isinstance(value, ConnectionSource), value
    assert is_connection_source(_Source()) and not is_connection_source(blocked)
