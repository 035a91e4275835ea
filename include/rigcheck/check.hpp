// The one-call path: load a rig file, analyse it, run the rules, and get its report (SPEC §12).
//
// `check_file` is what the CLI runs per file and what most embedders need. Each step is also
// available on its own: `load_rig_file` (load/loader.hpp), `analyse` (analysis/analysis.hpp) and
// the rule engine. Invalid input never throws here: it becomes `invalid-input` diagnostics with
// their file, line and column, as SPEC §10 requires.
#pragma once

#include <rigcheck/load/loader.hpp>
#include <rigcheck/report/diagnostic.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace rigcheck {

struct check_options {
    load_options load;
};

/// The result of checking one file.
struct check_result {
    file_report report;
    bool invalid_input = false;   ///< the file (or a pack or config it needs) could not be loaded
};

/// Turns load errors into `invalid-input` diagnostics (rule scope `rig`).
std::vector<diagnostic> invalid_input_diagnostics(const std::vector<input_error>& errors);

/// Loads, analyses and checks one rig file.
check_result check_file(const std::filesystem::path& file, const check_options& options = {});

} // namespace rigcheck
