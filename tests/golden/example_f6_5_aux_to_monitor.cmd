# The bundled example f6-5-aux-to-monitor.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-5-aux-to-monitor.yaml
