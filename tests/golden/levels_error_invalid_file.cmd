# Invalid input: located errors on standard error, as `check` prints them, nothing on standard
# output, exit 2.
levels
tests/golden/data/typos.yaml
