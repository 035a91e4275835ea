# Exit-code matrix: worst diagnostic none, --fail-on never.
check
--format
github
--fail-on
never
examples/f6-6-bass-head-power-amp.yaml
