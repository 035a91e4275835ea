# `rigcheck levels` on the f6-9-lapel-dual-mono example: one row per link.
levels
examples/f6-9-lapel-dual-mono.yaml
