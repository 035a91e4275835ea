# Exit-code matrix: worst diagnostic warning, --fail-on never.
check
--format
github
--fail-on
never
examples/f6-3-rca-hum.yaml
