# Invalid input: no diagram, exit 2.
graph
--format
svg
tests/golden/data/typos.yaml
