"""The test suite. Every folder here is a package, so pytest imports each test module under its
dotted path (tests.ecs.test_ecs) and two folders may hold test files of the same name.

- tests/<kind>/ (kubernetes, aci, aca, ecs, cloudrun; azure for what aci and aca share): what
  one compute kind emits, its vendor-schema checks, its gateway, secret store and SQL recipe;
- tests/features/: what holds on every kind (model, connections, check, capabilities, graph,
  PR summary, provider, packaging, typing, documentation);
- tests/engine/: the real Pulumi CLI (marker `engine`);
- tests/helpers/: what tests share (the recording mocks, each kind's programs and provider
  answers, the vendor-schema walks). Test modules import from here, never from each other;
  fixtures live in conftest.py.
"""
