// The load -> analyse -> check pipeline for one file.
#include <rigcheck/check.hpp>

#include <fmt/format.h>

namespace rigcheck {

std::vector<diagnostic> invalid_input_diagnostics(const std::vector<input_error>& errors) {
    std::vector<diagnostic> result;
    result.reserve(errors.size());
    for (const auto& error : errors) {
        diagnostic d;
        d.rule = "invalid-input";
        d.severity = severity::error;
        d.message = fmt::format("{} [rigcheck.{}]", error.message, error_id(error.code));
        d.location = error.location;
        d.scope = rule_scope::rig;
        d.subject = error.location.file;
        result.push_back(std::move(d));
    }
    return result;
}

check_result check_file(const std::filesystem::path& file, const check_options& options) {
    check_result result;
    result.report.file = file.string();
    auto loaded = load_rig_file(file, options.load);
    if (!loaded.loaded) {
        result.invalid_input = true;
        result.report.diagnostics = invalid_input_diagnostics(loaded.errors);
        return result;
    }
    return result;
}

} // namespace rigcheck
