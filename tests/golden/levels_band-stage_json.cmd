# `rigcheck levels --format json` on the band-stage example: the fields README.md#commands names; null where a value is unknown.
levels
--format
json
examples/band-stage.yaml
