# Exit-code matrix: worst diagnostic info, --fail-on info.
check
--format
github
--fail-on
info
examples/f6-8-processor-one-monitor.yaml
