# FORCE_COLOR (non-empty) colours text that does not go to a terminal.
@unset NO_COLOR
@env FORCE_COLOR=1
check
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
