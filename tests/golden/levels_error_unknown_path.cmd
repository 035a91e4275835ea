# A --path that names no path is a usage error: exit 2 and nothing on standard output (the message,
# with the nearest path names, goes to standard error).
levels
examples/band-stage.yaml
--path
vox-1.out->foh-l
