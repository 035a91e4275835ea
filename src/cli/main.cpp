// The rigcheck command line (README.md#commands): a thin layer over the library. main() hands over to the
// app (app.cpp), the one place that parses arguments, so that no other file pays for CLI11.
#include "app.hpp"

int main(int argc, char** argv) { return rigcheck::cli::run(argc, argv); }
