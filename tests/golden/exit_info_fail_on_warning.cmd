# Exit-code matrix: worst diagnostic info, --fail-on warning.
check
--format
github
--fail-on
warning
examples/f6-8-processor-one-monitor.yaml
