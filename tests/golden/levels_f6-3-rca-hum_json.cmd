# `rigcheck levels --format json` on the f6-3-rca-hum example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-3-rca-hum.yaml
