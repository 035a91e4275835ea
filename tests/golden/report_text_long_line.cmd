# A minified rig puts everything on one line: the excerpt shows a window of it around the caret,
# cut with ... at both ends, not the whole line.
check
tests/golden/report_data/minified.yaml
