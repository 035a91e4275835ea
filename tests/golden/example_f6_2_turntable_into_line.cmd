# The bundled example f6-2-turntable-into-line.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-2-turntable-into-line.yaml
