# `rigcheck levels` on the f6-4-keyboard-stage-box example: one row per link.
levels
examples/f6-4-keyboard-stage-box.yaml
