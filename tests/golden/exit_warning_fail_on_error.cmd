# Exit-code matrix: worst diagnostic warning, --fail-on error.
check
--format
github
--fail-on
error
examples/f6-3-rca-hum.yaml
