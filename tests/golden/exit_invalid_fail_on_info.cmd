# Exit-code matrix: worst diagnostic invalid, --fail-on info.
check
--format
github
--fail-on
info
tests/golden/data/typos.yaml
