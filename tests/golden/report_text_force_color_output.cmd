# A report written to a file never carries colour, even with FORCE_COLOR.
@unset NO_COLOR
@env FORCE_COLOR=1
@output report.txt
@golden report_text_diagnostics
check
--output
@WORK@/report.txt
examples/f6-4-keyboard-stage-box.yaml
examples/f6-1-ts-cold-termination.yaml
