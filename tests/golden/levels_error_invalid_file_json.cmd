# Invalid input with --format json: no partial JSON, exit 2.
levels
--format
json
tests/golden/data/dangling.yaml
