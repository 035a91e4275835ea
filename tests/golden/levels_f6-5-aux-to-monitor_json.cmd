# `rigcheck levels --format json` on the f6-5-aux-to-monitor example: the fields SPEC section 11 names; null where a value is unknown.
levels
--format
json
examples/f6-5-aux-to-monitor.yaml
