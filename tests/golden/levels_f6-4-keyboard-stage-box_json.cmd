# `rigcheck levels --format json` on the f6-4-keyboard-stage-box example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/f6-4-keyboard-stage-box.yaml
