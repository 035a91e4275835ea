# --output writes the report to the file (atomically: nothing else is left beside it)
# and nothing to standard output.
@output rigcheck.sarif
@golden report_sarif_diagnostics
check
--format
sarif
--output
@WORK@/rigcheck.sarif
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
