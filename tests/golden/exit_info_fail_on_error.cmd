# Exit-code matrix: worst diagnostic info, --fail-on error.
check
--format
github
--fail-on
error
examples/f6-8-processor-one-monitor.yaml
