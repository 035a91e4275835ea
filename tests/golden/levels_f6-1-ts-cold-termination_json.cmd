# `rigcheck levels --format json` on the f6-1-ts-cold-termination example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-1-ts-cold-termination.yaml
