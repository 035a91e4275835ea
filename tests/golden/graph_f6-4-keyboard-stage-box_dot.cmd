# A rig with an error: the keyboard straight into the stage box's mic input is marked in error
# colour (missing-di), the short direct cable is not (its finding is exempted).
graph
--format
dot
examples/f6-4-keyboard-stage-box.yaml
