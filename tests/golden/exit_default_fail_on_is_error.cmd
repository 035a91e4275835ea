# Without --fail-on (and no config), warnings do not fail the run but errors do.
check
--format
github
examples/f6-3-rca-hum.yaml
examples/f6-4-keyboard-stage-box.yaml
