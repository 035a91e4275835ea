# `rigcheck levels --format json` on the f6-7-instrument-mic-ts example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-7-instrument-mic-ts.yaml
