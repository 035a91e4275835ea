// How the commands put out what they made: reports to --output or standard output, and
// invalid input as `check` prints it, compiler-style on standard error.
#pragma once

#include "options.hpp"

#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace rigcheck::cli {

/// Writes `text` to `output` (write_output_file: never over one of `inputs`), or to standard
/// output when `output` is empty. Returns 0, or the usage-error status after saying why.
int emit(const std::string& text, const std::string& output, std::span<const std::filesystem::path> inputs);

/// Prints a report of invalid input as `check`'s text format does, on standard error, quoting
/// only files inside `root` or named on the command line (docs/robustness.md#trust-boundaries).
void print_invalid_input(const file_report& report, const std::filesystem::path& root,
                         std::vector<std::filesystem::path> trusted);

/// Prints load errors one per line (for errors that belong to no rig, such as a bad pack).
void print_errors(const std::vector<input_error>& errors);

} // namespace rigcheck::cli
