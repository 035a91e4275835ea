# The same for the level diagram: no SVG is written for a path that does not exist.
levels
examples/f6-4-keyboard-stage-box.yaml
--format
svg
--path
kbd.out-l->desk.in-1
