# `rigcheck levels` on the f6-1-ts-cold-termination example: one row per link.
levels
examples/f6-1-ts-cold-termination.yaml
