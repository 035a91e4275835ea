# The bundled example f6-4-keyboard-stage-box.yaml, as `rigcheck check` reports it (docs/ci.md, examples/README.md).
check
examples/f6-4-keyboard-stage-box.yaml
