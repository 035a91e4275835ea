// Rule fixtures: rig files annotated with the diagnostics they must produce (`rigcheck test-rules`).
//
// A fixture is an ordinary rig file. A trailing comment `# expect: RULE-ID` (several:
// `# expect: a, b`) on a line says that a diagnostic of that rule points at that line: the
// connection's list item, the device's entry, line 1 for the rig. `# expect-exempt: RULE-ID` says
// that the rule fires there but is exempted by one of its `unless` exemptions. The harness checks
// each fixture exactly as `rigcheck check` would (builtin packs, the configuration found beside it,
// extra `--pack`s) and compares: every expected diagnostic and exemption must be present, and
// every diagnostic present must be expected. A diagnostic that points into another file (a pack
// of the fixture's configuration) is annotated with `at FILE:LINE`. Exemption records nobody annotated are not
// failures, so fixtures of a pack need not list what builtin exemptions do on the way.
#pragma once

#include <rigcheck/project/check.hpp>
#include <rigcheck/core/errors.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

/// One annotation of a fixture.
struct fixture_expectation {
    std::uint32_t line = 0;
    std::string rule;
    bool exempt = false; ///< `expect-exempt` rather than `expect`
    /// Where the diagnostic points when not at the fixture itself, relative to the fixture's
    /// directory: `# expect: rule-budget at budget.pack.yaml:12` expects a diagnostic at line 12
    /// of a pack the fixture's configuration loads. Empty for the fixture's own lines.
    std::string file;
    friend bool operator==(const fixture_expectation&, const fixture_expectation&) = default;
};

/// The annotations of a fixture's text, in line order.
std::vector<fixture_expectation> parse_fixture_expectations(std::string_view text);

/// True when the text's first line that is not blank, a comment or `---` is `rigcheck: 1`.
bool looks_like_rig(std::string_view text);

/// The fixtures under `paths`: a file is taken as it is; a directory is searched recursively for
/// `*.yaml` files that look like rigs (`.rigcheck.yaml`, packs and catalogs are skipped).
/// Sorted within each directory, so that runs are reproducible.
std::vector<std::filesystem::path> collect_fixtures(const std::vector<std::filesystem::path>& paths,
                                                    std::vector<input_error>& errors);

struct fixture_outcome {
    std::string file;
    /// `file:line: missing RULE`, `file:line: unexpected RULE: message`,
    /// `file:line: missing exemption of RULE`; empty when the fixture passed.
    std::vector<std::string> failures;
    [[nodiscard]] bool passed() const { return failures.empty(); }
};

struct fixture_run {
    std::vector<fixture_outcome> fixtures;
    /// Bad paths, configurations or packs: the run itself is invalid (exit status 2).
    std::vector<input_error> errors;
    [[nodiscard]] std::size_t passed() const;
    [[nodiscard]] std::size_t failed() const;
};

/// Checks one fixture with a checker (which brings the packs and configuration discovery).
fixture_outcome run_fixture(const std::filesystem::path& file, const checker& rules);

/// Collects and runs every fixture under `paths`.
fixture_run run_fixtures(const std::vector<std::filesystem::path>& paths, const check_settings& settings);

/// The first fixture under `roots` (in collection order) that annotates `# expect: rule_id`,
/// as an example of the rule firing.
std::optional<std::filesystem::path> find_example_fixture(std::string_view rule_id,
                                                          const std::vector<std::filesystem::path>& roots);

} // namespace rigcheck
