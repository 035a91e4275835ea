# Reference errors suggest near matches.
check
tests/golden/data/dangling.yaml
