# Exit-code matrix: worst diagnostic warning, --fail-on info.
check
--format
github
--fail-on
info
examples/f6-3-rca-hum.yaml
