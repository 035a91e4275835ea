# The text report of a clean rig (domain-facts F6.6).
check
--format
text
examples/f6-6-bass-head-power-amp.yaml
