# The junit report of two rigs with errors, warnings, infos, exemptions and related locations,
# in the order the files are named.
check
--format
junit
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
