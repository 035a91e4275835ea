# `rigcheck levels --format json` on the f6-2-turntable-into-line example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-2-turntable-into-line.yaml
