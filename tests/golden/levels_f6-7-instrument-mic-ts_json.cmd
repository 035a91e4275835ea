# `rigcheck levels --format json` on the f6-7-instrument-mic-ts example: the fields SPEC section 11 names; null where a value is unknown.
levels
--format
json
examples/f6-7-instrument-mic-ts.yaml
