# Exit-code matrix: worst diagnostic invalid, --fail-on error.
check
--format
github
--fail-on
error
tests/golden/data/typos.yaml
