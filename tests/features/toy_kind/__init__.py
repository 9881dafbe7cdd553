"""A toy compute kind, declared entirely outside radius_components the way a third-party
package would: `kind.py` (its declaration, no SDK), `model.py` (its compute model),
`platform.py` (its Platform: each container becomes one `toy:index/service:Service`) and
`mocks.py` (what its provider computes, for RadiusMocks). Used by test_extending_kind.py."""
