# The bundled example f6-8-processor-one-monitor.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-8-processor-one-monitor.yaml
