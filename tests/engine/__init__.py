"""Engine tests (marker `engine`): the real Pulumi CLI with a local file backend, in render mode
and against the local cluster (scripts/engine, scripts/cluster)."""
