# Exit-code matrix: worst diagnostic invalid, --fail-on warning.
check
--format
github
--fail-on
warning
tests/golden/data/typos.yaml
