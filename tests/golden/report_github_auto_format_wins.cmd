# An explicit --format wins over the GITHUB_ACTIONS default.
@env GITHUB_ACTIONS=true
@golden report_json_diagnostics
check
--format
json
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
