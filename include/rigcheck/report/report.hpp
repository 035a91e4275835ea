// Report writers: turn the findings of a `check` run into the output formats of README.md#commands.
//
// Every writer takes the same `report_input` (the files in the order the user named them, their
// diagnostics and exemptions, and the metadata of every known rule) and returns the whole output
// as a string, so that the caller decides where it goes: standard output, or a file written with
// `write_file_atomically`. Output is deterministic: the same input always renders byte for byte
// the same, which is what CI diffs and golden tests rely on. The writers never decide whether a
// terminal is attached or whether NO_COLOR is set; `text_options` carries that decision in.
#pragma once

#include <rigcheck/core/diagnostic.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

enum class report_format { text, json, sarif, junit, github };

/// "text", "json", "sarif", "junit" or "github"; nothing for any other spelling.
std::optional<report_format> parse_report_format(std::string_view text);
/// Every format's spelling, in enum order.
std::span<const std::string_view> report_format_names();

/// `--color auto|always|never`.
enum class color_choice { automatic, always, never };
std::optional<color_choice> parse_color_choice(std::string_view text); ///< "auto", "always", "never"
/// Whether text output is coloured: `always` and `never` say so; `automatic` colours on a
/// terminal, or anywhere when FORCE_COLOR is set (CI logs that render ANSI), and never while
/// NO_COLOR is set (no-color.org, force-color.org: set means non-empty). The writers never
/// decide this themselves; `text_options::color` carries the answer in.
bool use_color(color_choice choice, bool terminal);
std::string_view to_string(report_format format);

struct report_input {
    std::vector<file_report> files;   ///< in the order the user named the files
    std::vector<rule_metadata> rules; ///< every rule known (SARIF driver.rules, help)
    std::string tool_version;         ///< "0.1.0"
    /// The absolute directory that relative file paths resolve against, e.g. the working
    /// directory of the run. SARIF publishes it as the `%SRCROOT%` base; left empty, the base is
    /// declared without a URI so that the log stays free of machine-specific paths.
    std::string source_root;
};

struct text_options {
    bool color = false; ///< ANSI colours; the caller decides (terminal attached, NO_COLOR unset)
    /// Returns the text of a 1-based line of a file, without its line break, or nothing when the
    /// line is not available. Without it, diagnostics print with no source excerpt.
    std::function<std::optional<std::string>(const std::string& file, std::uint32_t line)> source_line;
};

/// Compiler-style text: `file:line:col: severity: message [rule-id]`, the source line with a
/// caret, the fix, related locations as notes, and a closing summary line. A source line longer
/// than 200 characters is shown as a window of 160 around the caret, with `...` at each cut.
std::string render_text(const report_input& input, const text_options& options);
/// The JSON document of README.md#commands, pretty-printed with two spaces and a trailing newline.
std::string render_json(const report_input& input);
/// A SARIF 2.1.0 log with one run.
std::string render_sarif(const report_input& input);
/// JUnit XML: one testsuite per file, one failing testcase per diagnostic (of any severity),
/// and one passing testcase for a file without diagnostics.
std::string render_junit(const report_input& input);
/// GitHub Actions workflow commands, one `::error`/`::warning`/`::notice` line per diagnostic.
std::string render_github(const report_input& input);
/// Renders in `format`; `text` uses `options`, the other formats ignore them.
std::string render(const report_input& input, report_format format, const text_options& options);

/// Diagnostics per severity over every file (exempted findings are not counted).
severity_counts count_by_severity(const report_input& input);

/// Sorts a file's diagnostics, and its exemption records, by position: line, column, then rule
/// id, then subject (then file and message, so that equal positions still order the same way).
/// Unknown positions (line 0) come first.
void sort_diagnostics(file_report& report);

} // namespace rigcheck
