// Unit tests for project/check.hpp: checking files as `rigcheck check` does, invalid input as
// diagnostics (at most 200 a file), and the exit status of a run.
#include <rigcheck/project/check.hpp>
#include <rigcheck/report/report.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

using namespace rigcheck;

namespace {
const std::string source_dir = RIGCHECK_SOURCE_DIR;
} // namespace

TEST_CASE("an invalid pack makes every checked file invalid input", "[rules][check]") {
    check_settings settings;
    settings.discover_config = false;
    settings.packs.push_back(source_dir + "/tests/rules/quirk/acme-rig.yaml");
    const checker rules(settings);
    const auto result = rules.check(source_dir + "/tests/rules/quirk/acme-rig.yaml");
    CHECK(result.invalid_input);
    REQUIRE_FALSE(result.report.diagnostics.empty());
    CHECK(result.report.diagnostics[0].rule == "invalid-input");
    CHECK(result.report.diagnostics[0].message.find("this is a rig file, not a rule pack file") != std::string::npos);
    const check_result results[] = {result};
    CHECK(check_exit_status(results, std::nullopt) == 2);
}

TEST_CASE("the summary counts the errors that a file's report does not show", "[report][limits]") {
    file_report report;
    report.file = "rig.yaml";
    std::vector<input_error> errors;
    for (std::uint32_t i = 0; i < 250; ++i)
        errors.push_back({error_code::unknown_key, {"rig.yaml", i + 3, 1}, "unknown key"});
    add_invalid_input(report, errors, 50);
    REQUIRE(report.diagnostics.size() == max_reported_input_errors + 1);
    CHECK(report.hidden_errors == 100);
    const auto& more = report.diagnostics.back();
    CHECK(more.message == "100 more invalid-input errors not shown");
    CHECK(more.location == source_location{"rig.yaml", 1, 1});
    report_input input;
    input.files.push_back(report);
    CHECK(count_by_severity(input)[static_cast<std::size_t>(severity::error)] == 300);
    file_report few;
    few.file = "rig.yaml";
    add_invalid_input(few, {errors.begin(), errors.begin() + 3});
    CHECK(few.diagnostics.size() == 3);
    CHECK(few.hidden_errors == 0);
}

TEST_CASE("the exit status follows the fail-on threshold, and invalid input is 2", "[project][exit]") {
    // Rows: highest severity found (none, info, warning, error). Columns: fail-on error,
    // warning, info, never.
    const std::vector<std::pair<std::optional<severity>, std::array<int, 4>>> matrix{
        {std::nullopt, {0, 0, 0, 0}},
        {severity::info, {0, 0, 1, 0}},
        {severity::warning, {0, 1, 1, 0}},
        {severity::error, {1, 1, 1, 0}},
    };
    const std::array<fail_on_level, 4> thresholds{fail_on_level{severity::error}, fail_on_level{severity::warning},
                                                  fail_on_level{severity::info}, fail_on_level{}};
    for (const auto& [highest, expected] : matrix) {
        std::vector<check_result> results(1);
        if (highest) results[0].report.diagnostics.push_back({"some-rule", *highest, "found", {"rig.yaml", 3, 5}});
        for (std::size_t column = 0; column < thresholds.size(); ++column) {
            INFO("highest " << (highest ? to_string(*highest) : "none") << ", column " << column);
            CHECK(check_exit_status(results, thresholds[column]) == expected[column]);
        }
        results.push_back({});
        results.back().invalid_input = true;
        CHECK(check_exit_status(results, fail_on_level{}) == 2);
    }
}
