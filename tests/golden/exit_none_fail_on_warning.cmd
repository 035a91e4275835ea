# Exit-code matrix: worst diagnostic none, --fail-on warning.
check
--format
github
--fail-on
warning
examples/f6-6-bass-head-power-amp.yaml
