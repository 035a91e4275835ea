# GITHUB_ACTIONS=true makes github the default format.
@env GITHUB_ACTIONS=true
@golden report_github_diagnostics
check
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
