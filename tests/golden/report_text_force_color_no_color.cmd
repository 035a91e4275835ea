# NO_COLOR wins over FORCE_COLOR.
@env NO_COLOR=1
@env FORCE_COLOR=1
@golden report_text_diagnostics
check
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
