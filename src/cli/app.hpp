// The rigcheck command-line app: parses the arguments and runs the chosen command.
#pragma once

namespace rigcheck::cli {

/// Exit status for invalid input, a bad pack or config, or a usage error (README.md#commands).
inline constexpr int usage_error_status = 2;

/// Runs rigcheck with these arguments; returns the process exit status.
int run(int argc, char** argv);

} // namespace rigcheck::cli
