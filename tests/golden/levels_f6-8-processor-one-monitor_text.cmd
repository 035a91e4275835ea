# `rigcheck levels` on the f6-8-processor-one-monitor example: one row per link.
levels
examples/f6-8-processor-one-monitor.yaml
