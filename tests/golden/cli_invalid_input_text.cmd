# The CLI prints located invalid-input errors compiler-style and exits 2.
check
tests/golden/data/typos.yaml
