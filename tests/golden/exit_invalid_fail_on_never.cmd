# Exit-code matrix: worst diagnostic invalid, --fail-on never.
check
--format
github
--fail-on
never
tests/golden/data/typos.yaml
