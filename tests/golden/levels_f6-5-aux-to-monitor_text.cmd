# `rigcheck levels` on the f6-5-aux-to-monitor example: one row per link.
levels
examples/f6-5-aux-to-monitor.yaml
