# The bundled example f6-3-rca-hum.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-3-rca-hum.yaml
