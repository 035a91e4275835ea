# Levels beyond +-1000 dBu are unknown: a dash in the table.
levels
tests/golden/data/thousand-db-stages.yaml
