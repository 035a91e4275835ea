# An empty NO_COLOR does not count as set (no-color.org), so FORCE_COLOR still colours.
@env NO_COLOR=
@env FORCE_COLOR=1
@golden report_text_force_color
check
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
