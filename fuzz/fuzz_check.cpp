// libFuzzer target for `rigcheck check` as a whole, in memory: load, analyse, run the builtin
// rules, and render the report in every output format, on arbitrary bytes. Nothing is written to
// disk. Invalid input takes the same path as in the CLI: its errors become `invalid-input`
// diagnostics, and those are rendered too.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/project/check.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/report/report.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

const std::string fuzz_file = "/nonexistent-rigcheck-fuzz/input.yaml";

void render_every_format(const rigcheck::file_report& report, std::string_view text) {
    rigcheck::report_input input;
    input.tool_version = "fuzz";
    input.files.push_back(report);
    rigcheck::sort_diagnostics(input.files.back());
    rigcheck::text_options options;
    // The text format quotes source lines under a caret; give it the fuzzed text's lines.
    options.source_line = [&](const std::string&, std::uint32_t number) -> std::optional<std::string> {
        std::size_t start = 0;
        for (std::uint32_t line = 1; line < number; ++line) {
            start = text.find('\n', start);
            if (start == std::string_view::npos) return std::nullopt;
            ++start;
        }
        const auto end = text.find('\n', start);
        return std::string(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    };
    for (const auto format :
         {rigcheck::report_format::text, rigcheck::report_format::json, rigcheck::report_format::sarif,
          rigcheck::report_format::junit, rigcheck::report_format::github}) {
        // Every format prints something, except GitHub annotations for a report with nothing
        // to annotate.
        const bool may_be_empty = format == rigcheck::report_format::github && report.diagnostics.empty();
        if (!may_be_empty && rigcheck::render(input, format, options).empty()) std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto& builtin = rigcheck::builtin_rule_set();
    if (!builtin.rules) std::abort(); // the builtin packs must always load
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // The same steps as rigcheck::check_file, with the text in memory instead of in a file.
    rigcheck::load_options load;
    if (builtin.rules->has_gear_overrides()) load.gear_transforms.push_back(builtin.rules->gear_transform());
    auto loaded = rigcheck::load_rig_text(text, fuzz_file, load);
    rigcheck::file_report report;
    report.file = fuzz_file;
    if (!loaded.loaded) {
        report.diagnostics = rigcheck::invalid_input_diagnostics(loaded.errors);
    } else {
        const auto analysed = rigcheck::analyse(std::move(*loaded.loaded));
        auto checked = rigcheck::check_analysed(*analysed, *builtin.rules);
        report = std::move(checked.report);
        report.file = fuzz_file;
    }
    render_every_format(report, text);
    return 0;
}
