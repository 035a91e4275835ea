# The bundled example f6-9-lapel-dual-mono.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-9-lapel-dual-mono.yaml
