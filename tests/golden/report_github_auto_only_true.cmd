# Only GITHUB_ACTIONS=true selects github; any other value leaves text.
@env GITHUB_ACTIONS=1
@golden report_text_diagnostics
check
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
