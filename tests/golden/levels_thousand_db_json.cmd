# Levels beyond +-1000 dBu are unknown: null in JSON, never inf or NaN (docs/robustness.md#limits).
levels
tests/golden/data/thousand-db-stages.yaml
--format
json
