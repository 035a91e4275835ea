# Across files the highest status wins: invalid input (2) over a failing rig (1); the report
# still covers every file.
check
--format
github
--fail-on
warning
examples/f6-4-keyboard-stage-box.yaml
tests/golden/data/typos.yaml
examples/f6-6-bass-head-power-amp.yaml
