# `rigcheck levels --format json` on the f6-9-lapel-dual-mono example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-9-lapel-dual-mono.yaml
