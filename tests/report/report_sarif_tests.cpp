// Tests of SARIF partial fingerprints when rule, file and subject do not single a finding out.
//
// Code scanning merges results that share a rule and a fingerprint into one alert. Every
// invalid-input error of a file has the file as its subject, so a fingerprint of rule, file and
// subject alone would fold all of a file's load errors into one alert and hide the rest.
#include <rigcheck/report/report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace {

using namespace rigcheck;

diagnostic load_error(std::string message, std::uint32_t line) {
    diagnostic finding;
    finding.rule = "invalid-input";
    finding.severity = severity::error;
    finding.message = std::move(message);
    finding.location = {"rigs/stage.yaml", line, 5};
    finding.scope = rule_scope::rig;
    finding.subject = "rigs/stage.yaml";
    return finding;
}

std::vector<std::string> fingerprints(const report_input& input) {
    const auto log = nlohmann::json::parse(render_sarif(input));
    std::vector<std::string> result;
    for (const auto& entry : log["runs"][0]["results"]) {
        result.push_back(entry["partialFingerprints"]["rigcheck/v1"].get<std::string>());
    }
    return result;
}

} // namespace

TEST_CASE("findings with one rule, file and subject still get distinct fingerprints", "[report][sarif]") {
    report_input input;
    input.files = {file_report{"rigs/stage.yaml",
                               {load_error("unknown key `lenght`", 12), load_error("unknown unit `m`", 15),
                                load_error("unknown key `lenght`", 20)},
                               {}}};
    const auto prints = fingerprints(input);
    REQUIRE(prints.size() == 3);
    CHECK(std::set<std::string>(prints.begin(), prints.end()).size() == 3);

    // They stay line-independent: moving every error down keeps each fingerprint.
    report_input moved = input;
    for (diagnostic& finding : moved.files[0].diagnostics) {
        finding.location.line += 7;
    }
    CHECK(fingerprints(moved) == prints);
}

TEST_CASE("a finding whose subject is unique keeps the fingerprint of rule, file and subject", "[report][sarif]") {
    report_input alone;
    alone.files = {file_report{"rigs/stage.yaml", {load_error("unknown unit `m`", 15)}, {}}};
    report_input with_other_rule = alone;
    diagnostic other = load_error("something else", 3);
    other.rule = "missing-di";
    other.subject = "kbd.out-l -> stagebox.in-1";
    with_other_rule.files[0].diagnostics.insert(with_other_rule.files[0].diagnostics.begin(), other);
    // The message does not enter a fingerprint that needs no disambiguation, so rewording it
    // does not reopen the alert.
    report_input reworded = alone;
    reworded.files[0].diagnostics[0].message = "unknown gain unit `m`";
    CHECK(fingerprints(alone)[0] == fingerprints(with_other_rule)[1]);
    CHECK(fingerprints(reworded)[0] == fingerprints(alone)[0]);
}

TEST_CASE("a rule's short description is the first sentence of its description", "[report][sarif]") {
    const auto short_description = [](std::string description) {
        report_input input;
        rule_metadata rule;
        rule.id = "level-mismatch";
        rule.description = std::move(description);
        input.rules = {rule};
        // The driver describes the rules the results refer to.
        file_report file;
        file.file = "rig.yaml";
        file.diagnostics.push_back({"level-mismatch",
                                    severity::warning,
                                    "off",
                                    {"rig.yaml", 3, 5},
                                    rule_scope::connection,
                                    "a.out -> b.in",
                                    "",
                                    {}});
        input.files.push_back(std::move(file));
        const auto log = nlohmann::json::parse(render_sarif(input));
        const auto& descriptor = log["runs"][0]["tool"]["driver"]["rules"][0];
        CHECK(descriptor["fullDescription"]["text"] == rule.description);
        return descriptor["shortDescription"]["text"].get<std::string>();
    };
    CHECK(short_description("The level is off by 6.02 dB. Set the gain (F2.1).") == "The level is off by 6.02 dB.");
    CHECK(short_description("One sentence, F2.6.") == "One sentence, F2.6.");
    CHECK(short_description("No stop at all") == "No stop at all");
    CHECK(short_description("First line\nSecond line. More.") == "First line");
}
