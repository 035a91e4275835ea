# Exit-code matrix: worst diagnostic error, --fail-on error.
check
--format
github
--fail-on
error
examples/f6-4-keyboard-stage-box.yaml
