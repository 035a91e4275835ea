# --path narrows the table to the links of one path, hop by hop from the source; here the lead
# vocal through the snake, the channel insert's compressor and out to FOH left.
levels
examples/band-stage.yaml
--path
vox-1.out -> foh-l.in
