# Exit-code matrix: worst diagnostic warning, --fail-on warning.
check
--format
github
--fail-on
warning
examples/f6-3-rca-hum.yaml
