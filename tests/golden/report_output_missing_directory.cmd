# An --output in a directory that does not exist is a usage error: exit 2, no file.
@output rigcheck.sarif
check
--format
sarif
--output
@WORK@/missing/rigcheck.sarif
examples/f6-4-keyboard-stage-box.yaml
