# The bundled example band-stage.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/band-stage.yaml
