# `rigcheck levels` on the band-stage example: one row per link.
levels
examples/band-stage.yaml
