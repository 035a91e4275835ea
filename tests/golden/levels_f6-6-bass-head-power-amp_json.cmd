# `rigcheck levels --format json` on the f6-6-bass-head-power-amp example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-6-bass-head-power-amp.yaml
