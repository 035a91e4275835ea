# The signal-flow diagram of the band stage in DOT: the 25 ft guitar cable marked in warning
# colour (unbalanced-long-run), the insert return in info colour (balanced-to-unbalanced), the
# rest plain; balanced links solid, unbalanced ones dashed.
graph
examples/band-stage.yaml
