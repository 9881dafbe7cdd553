"""Names global to a cloud account or project, guarded for every example of a kind
(tests/ecs/test_invariants.py, tests/cloudrun/test_invariants.py): every type a program registers
is classified as global (with the input that holds its name) or not, and the same programs with
every environment in another region share no global name.

`table` maps a global type to its name input; `provider` is the type prefix (`aws`, `gcp`)."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from tests.helpers.mocks import run_program


def of_provider(run: Any, provider: str) -> list:
    return [r for r in run.resources if r.type.startswith(f"{provider}:")]


def unclassified_types(runs: Iterable[Any], provider: str, table: Mapping[str, str], scoped: set[str]) -> list[str]:
    """The types the runs register that neither `table` (global) nor `scoped` names."""
    types = {r.type for run in runs for r in of_provider(run, provider)}
    return sorted(types - set(table) - scoped)


def global_names(run: Any, provider: str, table: Mapping[str, str]) -> set[tuple[str, str]]:
    return {(r.type, r.plain()[table[r.type]]) for r in of_provider(run, provider)
            if r.type in table and r.plain().get(table[r.type])}


def move_to_region(monkeypatch: Any, platform_class: type, region: str) -> None:
    """Every environment of `platform_class` deploys to `region` (its compute's `region`)."""
    original = platform_class.__init__

    def elsewhere(self: Any, environment: Any, compute: Any) -> None:
        original(self, environment, compute.model_copy(update={"region": region}))

    monkeypatch.setattr(platform_class, "__init__", elsewhere)


def names_shared_between_regions(first: Mapping[str, Any], programs: Mapping[str, Callable[[], Any]],
                                 provider: str, table: Mapping[str, str]) -> int:
    """Runs each program again (after `move_to_region`) and asserts it shares no global name with
    its first run (`first`: program name -> run); returns how many names were compared."""
    checked = 0
    for name, program in programs.items():
        here = global_names(first[name], provider, table)
        there = global_names(run_program(program), provider, table)
        assert here and there, name
        assert not here & there, (name, sorted(here & there))
        checked += len(here)
    return checked
