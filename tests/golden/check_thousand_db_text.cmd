# The 1000 dB stages overload their inputs; no message prints inf or nan.
check
--no-config
tests/golden/data/thousand-db-stages.yaml
