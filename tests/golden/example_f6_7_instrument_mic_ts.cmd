# The bundled example f6-7-instrument-mic-ts.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-7-instrument-mic-ts.yaml
