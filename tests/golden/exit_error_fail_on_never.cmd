# Exit-code matrix: worst diagnostic error, --fail-on never.
check
--format
github
--fail-on
never
examples/f6-4-keyboard-stage-box.yaml
