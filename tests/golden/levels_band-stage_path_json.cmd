# --path with JSON: the rows of one path, in hop order.
levels
examples/band-stage.yaml
--format
json
--path
vox-1.out->foh-l.in
