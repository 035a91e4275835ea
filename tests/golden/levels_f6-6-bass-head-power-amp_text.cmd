# `rigcheck levels` on the f6-6-bass-head-power-amp example: one row per link.
levels
examples/f6-6-bass-head-power-amp.yaml
