# Invalid input in JSON still carries file, line and column.
check
--format
json
tests/golden/data/typos.yaml
