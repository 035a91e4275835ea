# GitHub annotations escape , and % in the file property (and % in the message) end to end.
@env GITHUB_ACTIONS=true
check
tests/golden/report_data/hum, 50%.yaml
