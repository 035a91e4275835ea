# `rigcheck levels` on the f6-2-turntable-into-line example: one row per link.
levels
examples/f6-2-turntable-into-line.yaml
