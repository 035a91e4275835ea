# The bundled example f6-6-bass-head-power-amp.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-6-bass-head-power-amp.yaml
