# `rigcheck levels --format json` on the f6-8-processor-one-monitor example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-8-processor-one-monitor.yaml
