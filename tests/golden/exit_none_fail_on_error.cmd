# Exit-code matrix: worst diagnostic none, --fail-on error.
check
--format
github
--fail-on
error
examples/f6-6-bass-head-power-amp.yaml
