# `rigcheck levels` on the f6-7-instrument-mic-ts example: one row per link.
levels
examples/f6-7-instrument-mic-ts.yaml
