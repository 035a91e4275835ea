# Exit-code matrix: worst diagnostic error, --fail-on warning.
check
--format
github
--fail-on
warning
examples/f6-4-keyboard-stage-box.yaml
