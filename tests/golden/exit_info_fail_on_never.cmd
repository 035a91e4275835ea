# Exit-code matrix: worst diagnostic info, --fail-on never.
check
--format
github
--fail-on
never
examples/f6-8-processor-one-monitor.yaml
