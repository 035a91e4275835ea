# --output writes the same JSON atomically (no temporary file left beside it), and --path accepts
# the arrow without blanks too.
@output levels.json
@golden levels_band-stage_path_json
levels
examples/band-stage.yaml
--format
json
--path
vox-1.out->foh-l.in
--output
@WORK@/levels.json
