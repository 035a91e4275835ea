# The github report of a clean rig (domain-facts F6.6).
check
--format
github
examples/f6-6-bass-head-power-amp.yaml
