# `rigcheck levels` on the f6-3-rca-hum example: one row per link.
levels
examples/f6-3-rca-hum.yaml
