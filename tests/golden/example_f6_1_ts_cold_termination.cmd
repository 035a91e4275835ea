# The bundled example f6-1-ts-cold-termination.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-1-ts-cold-termination.yaml
