# Exit-code matrix: worst diagnostic error, --fail-on info.
check
--format
github
--fail-on
info
examples/f6-4-keyboard-stage-box.yaml
