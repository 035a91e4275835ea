# `rigcheck levels --format json` on the f6-5-aux-to-monitor example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-5-aux-to-monitor.yaml
