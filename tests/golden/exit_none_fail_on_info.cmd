# Exit-code matrix: worst diagnostic none, --fail-on info.
check
--format
github
--fail-on
info
examples/f6-6-bass-head-power-amp.yaml
