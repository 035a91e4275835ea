# Without NO_COLOR, text to a pipe has no escape codes: colour is for terminals only.
@unset NO_COLOR
@golden report_text_diagnostics
check
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
