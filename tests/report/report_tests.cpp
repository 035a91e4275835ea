// Tests of the report writers (README.md#commands): every output format, exit statuses, and atomic writes.
//
// Each format is compared byte for byte with an approved output under tests/report/report_golden/,
// for a report with findings and for a clean one, because CI consumers parse these outputs and
// any change to them must be deliberate. Separate tests pin down the properties that matter
// beyond one sample: SARIF validates against the official schema, JUnit is well-formed XML
// whatever bytes a rig holds, GitHub workflow commands are escaped, and an interrupted write
// never leaves a partial file.
#include <rigcheck/project/check.hpp>
#include <rigcheck/report/atomic_file.hpp>
#include <rigcheck/report/report.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <string>
#include <utility>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#ifndef RIGCHECK_SOURCE_DIR
#error "RIGCHECK_SOURCE_DIR must name the repository root"
#endif

#include "scratch_directory.hpp"

namespace {

namespace fs = std::filesystem;
using namespace rigcheck;

const fs::path source_dir = RIGCHECK_SOURCE_DIR;
const fs::path golden_dir = source_dir / "tests" / "report" / "report_golden";

using rigcheck::testing::scratch_directory;

std::string read_file(const fs::path& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream content;
    content << stream.rdbuf();
    return content.str();
}

void write_file(const fs::path& path, std::string_view content) {
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    stream.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!stream) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::size_t file_count(const fs::path& directory) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(directory), fs::directory_iterator()));
}

/// Golden files hold approved outputs. After a deliberate change of output, run the tests with
/// RIGCHECK_UPDATE_GOLDEN=1: instead of comparing, they rewrite the golden files, and the diff is
/// then reviewed and committed like any other change.
void check_golden(const std::string& name, const std::string& actual) {
    const fs::path path = golden_dir / name;
    const char* update = std::getenv("RIGCHECK_UPDATE_GOLDEN");
    if (update != nullptr && std::string_view(update) == "1") {
        fs::create_directories(golden_dir);
        write_file(path, actual);
        WARN("rewrote golden file " << path.string());
        return;
    }
    INFO("golden file " << path.string());
    REQUIRE(fs::exists(path));
    CHECK(actual == read_file(path));
}

/// Runs a command through the shell and returns its exit status (-1 if it did not exit).
int run_command(const std::string& command) {
    const int status = std::system(command.c_str());
    if (status == -1 || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

std::string quoted(const fs::path& path) { return fmt::format("'{}'", path.string()); }

std::vector<rule_metadata> sample_rules() {
    return {
        {"missing-di",
         severity::error,
         rule_scope::connection,
         "builtin",
         "An unbalanced instrument source drives a mic input without a DI box.",
         "Put a DI box between the source and the mic input.",
         {"balance", "level"},
         "https://rigcheck.example/rules/missing-di"},
        {"ground-loop-risk",
         severity::warning,
         rule_scope::connection,
         "builtin",
         "An unbalanced-receiving link joins two mains-earthed devices.",
         "Use an isolating DI or a balanced link.",
         {"hum", "hum"},
         ""},
        {"unbalanced-to-balanced",
         severity::warning,
         rule_scope::connection,
         "builtin",
         "An unbalanced output drives a balanced input.",
         "Use a short run at high level, or a DI.",
         {},
         ""},
        {"unused-ignore",
         severity::info,
         rule_scope::rig,
         "builtin",
         "An ignore entry suppressed nothing.",
         "Remove the ignore entry.",
         {"hygiene"},
         ""},
    };
}

/// Two files, every severity, a related location, an exemption, and an invalid-input error for
/// which the rules list carries no metadata. The message of the warning holds every character
/// that some format has to escape.
report_input sample_report() {
    report_input input;
    input.tool_version = "0.1.0";
    input.rules = sample_rules();

    file_report stage;
    stage.file = "rigs/stage.yaml";
    stage.diagnostics.push_back({"missing-di",
                                 severity::error,
                                 "kbd.out-l is an unbalanced instrument output; stagebox.in-1 is a mic input",
                                 {"rigs/stage.yaml", 12, 5},
                                 rule_scope::connection,
                                 "kbd.out-l -> stagebox.in-1",
                                 "Put a DI box between kbd.out-l and stagebox.in-1",
                                 {}});
    stage.diagnostics.push_back(
        {"ground-loop-risk",
         severity::warning,
         "amp & desk are both mains-earthed: expect \"hum\" (the shield isn't lifted, <3 m, 0% isolation)",
         {"rigs/stage.yaml", 20, 5},
         rule_scope::connection,
         "amp.out -> desk.in-3",
         "Use an isolating DI, or a balanced link",
         {{{"rigs/stage.yaml", 8, 3}, "amp is mains-earthed here"}}});
    stage.diagnostics.push_back({"unused-ignore",
                                 severity::info,
                                 "this ignore of level-mismatch suppressed nothing",
                                 {"rigs/stage.yaml", 27, 9},
                                 rule_scope::connection,
                                 "desk.out-l -> pa.in-l",
                                 "",
                                 {}});
    stage.exempted.push_back(
        {"unbalanced-to-balanced", "short-run-high-level", {"rigs/stage.yaml", 16, 5}, "synth.out -> stagebox.in-2"});

    file_report broken;
    broken.file = "rigs/broken rig.yaml";
    broken.diagnostics.push_back({"invalid-input",
                                  severity::error,
                                  "unknown key `lenght`; did you mean `length`?",
                                  {"rigs/broken rig.yaml", 3, 5},
                                  rule_scope::rig,
                                  "",
                                  "",
                                  {}});

    input.files = {stage, broken};
    return input;
}

report_input clean_report() {
    report_input input;
    input.tool_version = "0.1.0";
    input.rules = sample_rules();
    input.files = {file_report{"rigs/clean.yaml", {}, {}}};
    return input;
}

std::optional<std::string> sample_source_line(const std::string& file, std::uint32_t line) {
    static const std::map<std::pair<std::string, std::uint32_t>, std::string> lines{
        {{"rigs/stage.yaml", 8}, "  amp: {gear: generic/amp}"},
        {{"rigs/stage.yaml", 12}, "  - from: kbd.out-l"},
        {{"rigs/stage.yaml", 20}, "  - from: amp.out"},
        {{"rigs/stage.yaml", 27}, "      - rule: level-mismatch"},
        {{"rigs/broken rig.yaml", 3}, "    lenght: 5 m"},
    };
    const auto found = lines.find({file, line});
    if (found == lines.end()) {
        return std::nullopt;
    }
    return found->second;
}

text_options sample_text_options(bool color) {
    text_options options;
    options.color = color;
    options.source_line = sample_source_line;
    return options;
}

/// A report whose highest severity is `highest` (nothing at all for nullopt).
report_input report_with_highest(std::optional<severity> highest) {
    report_input input;
    file_report file{"rig.yaml", {}, {}};
    if (highest) {
        for (const severity level : {severity::info, severity::warning, severity::error}) {
            if (level <= *highest) {
                file.diagnostics.push_back(
                    {"some-rule", level, "message", {"rig.yaml", 1, 1}, rule_scope::rig, "rig.yaml", "", {}});
            }
        }
    }
    input.files = {file};
    return input;
}

diagnostic simple_diagnostic(std::string rule, std::uint32_t line, std::uint32_t column, std::string subject = {}) {
    return {std::move(rule),        severity::warning,  "message", {"rig.yaml", line, column},
            rule_scope::connection, std::move(subject), "",        {}};
}

} // namespace

TEST_CASE("severity, scope and format names round-trip", "[report]") {
    for (const severity level : {severity::info, severity::warning, severity::error}) {
        CHECK(parse_severity(to_string(level)) == level);
    }
    for (const rule_scope scope :
         {rule_scope::connection, rule_scope::path, rule_scope::port, rule_scope::device, rule_scope::rig}) {
        CHECK(parse_rule_scope(to_string(scope)) == scope);
    }
    for (const report_format format : {report_format::text, report_format::json, report_format::sarif,
                                       report_format::junit, report_format::github}) {
        CHECK(parse_report_format(to_string(format)) == format);
    }
    CHECK(to_string(severity::info) == "info");
    CHECK(to_string(rule_scope::path) == "path");
    CHECK_FALSE(parse_severity("Error").has_value());
    CHECK_FALSE(parse_severity("never").has_value());
    CHECK_FALSE(parse_rule_scope("").has_value());
    CHECK_FALSE(parse_report_format("xml").has_value());
}

TEST_CASE("every format matches its approved output", "[report][golden]") {
    const report_input findings = sample_report();
    const report_input clean = clean_report();

    check_golden("diagnostics.txt", render_text(findings, sample_text_options(false)));
    check_golden("diagnostics.color.txt", render_text(findings, sample_text_options(true)));
    check_golden("diagnostics.json", render_json(findings));
    check_golden("diagnostics.sarif", render_sarif(findings));
    check_golden("diagnostics.junit.xml", render_junit(findings));
    check_golden("diagnostics.github.txt", render_github(findings));

    check_golden("clean.txt", render_text(clean, sample_text_options(false)));
    check_golden("clean.json", render_json(clean));
    check_golden("clean.sarif", render_sarif(clean));
    check_golden("clean.junit.xml", render_junit(clean));
    check_golden("clean.github.txt", render_github(clean));
}

TEST_CASE("render dispatches on the format", "[report]") {
    const report_input input = sample_report();
    const text_options options = sample_text_options(false);
    CHECK(render(input, report_format::text, options) == render_text(input, options));
    CHECK(render(input, report_format::json, options) == render_json(input));
    CHECK(render(input, report_format::sarif, options) == render_sarif(input));
    CHECK(render(input, report_format::junit, options) == render_junit(input));
    CHECK(render(input, report_format::github, options) == render_github(input));
}

TEST_CASE("text output is plain without colour and styled with it", "[report][text]") {
    const report_input input = sample_report();
    const std::string plain = render_text(input, sample_text_options(false));
    const std::string colored = render_text(input, sample_text_options(true));

    CHECK(plain.find('\x1b') == std::string::npos);
    CHECK(plain.find("rigs/stage.yaml:12:5: error: kbd.out-l is an unbalanced instrument output; "
                     "stagebox.in-1 is a mic input [missing-di]\n"
                     "   12 |   - from: kbd.out-l\n"
                     "      |     ^\n"
                     "  fix: Put a DI box between kbd.out-l and stagebox.in-1\n") != std::string::npos);
    CHECK(plain.find("rigs/stage.yaml:8:3: note: amp is mains-earthed here\n") != std::string::npos);

    CHECK(colored.find("\x1b[1mrigs/stage.yaml:12:5:\x1b[0m") != std::string::npos);
    CHECK(colored.find("\x1b[1m\x1b[31merror:\x1b[0m") != std::string::npos);
    CHECK(colored.find("\x1b[1m\x1b[35mwarning:\x1b[0m") != std::string::npos);
    CHECK(colored.find("\x1b[1m\x1b[36minfo:\x1b[0m") != std::string::npos);
    CHECK(colored.find("\x1b[1m\x1b[32m^\x1b[0m") != std::string::npos);
}

TEST_CASE("the text summary counts with singular and plural words", "[report][text]") {
    const text_options options;
    CHECK(render_text(report_with_highest(std::nullopt), options) == "0 errors, 0 warnings, 0 infos in 1 file\n");
    CHECK(render_text(report_input{}, options) == "0 errors, 0 warnings, 0 infos in 0 files\n");

    const std::string one_each = render_text(report_with_highest(severity::error), options);
    CHECK(one_each.ends_with("1 error, 1 warning, 1 info in 1 file\n"));

    report_input two_files = report_with_highest(severity::error);
    two_files.files.push_back(two_files.files.front());
    CHECK(render_text(two_files, options).ends_with("2 errors, 2 warnings, 2 infos in 2 files\n"));
}

TEST_CASE("text output handles unknown locations, tabs, UTF-8 and control characters", "[report][text]") {
    report_input input;
    file_report file{"rig.yaml", {}, {}};
    file.diagnostics.push_back(
        {"invalid-input", severity::error, "cannot read the file", {"", 0, 0}, rule_scope::rig, "", "", {}});
    file.diagnostics.push_back(simple_diagnostic("tabbed", 1, 3));
    file.diagnostics.push_back(simple_diagnostic("wide", 2, 8));
    file.diagnostics.push_back(simple_diagnostic("past-the-end", 3, 6));
    file.diagnostics.push_back(
        {"hostile", severity::info, "name \x1b[2J here", {"rig.yaml", 4, 0}, rule_scope::device, "", "", {}});
    input.files = {file};

    text_options options;
    options.source_line = [](const std::string&, std::uint32_t line) -> std::optional<std::string> {
        switch (line) {
            case 1:
                return std::string("\t-x");
            case 2:
                return std::string("n\xC3\xA4me: x\r"); // "näme", a 2-byte character, and a CR
            case 3:
                return std::string("ab");
            case 4:
                return std::string("evil\x1b]0;title\x07");
            default:
                return std::nullopt;
        }
    };
    const std::string text = render_text(input, options);
    CHECK(text.find("rig.yaml: error: cannot read the file [invalid-input]\n") == 0);
    CHECK(text.find("    1 | \t-x\n      | \t ^\n") != std::string::npos);
    CHECK(text.find("    2 | n\xC3\xA4me: x\n      |       ^\n") != std::string::npos);
    CHECK(text.find("    3 | ab\n      |      ^\n") != std::string::npos);
    CHECK(text.find("rig.yaml:4: info: name \xEF\xBF\xBD[2J here [hostile]\n"
                    "    4 | evil\xEF\xBF\xBD]0;title\xEF\xBF\xBD\n") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
}

TEST_CASE("the JSON report has its documented shape, in order, with null for unknown positions", "[report][json]") {
    report_input input = sample_report();
    input.files[1].diagnostics.front().location = {"", 0, 0};
    const auto document = nlohmann::ordered_json::parse(render_json(input));

    std::vector<std::string> keys;
    for (const auto& item : document.items()) {
        keys.push_back(item.key());
    }
    CHECK(keys == std::vector<std::string>{"tool", "files", "diagnostics", "exempted", "summary"});
    CHECK(document["files"] == nlohmann::json::array({"rigs/stage.yaml", "rigs/broken rig.yaml"}));
    REQUIRE(document["diagnostics"].size() == 4);

    std::vector<std::string> diagnostic_keys;
    for (const auto& item : document["diagnostics"][0].items()) {
        diagnostic_keys.push_back(item.key());
    }
    CHECK(diagnostic_keys == std::vector<std::string>{"rule", "severity", "message", "file", "line", "column", "scope",
                                                      "subject", "fix", "related"});
    const auto& invalid = document["diagnostics"][3];
    CHECK(invalid["file"] == "rigs/broken rig.yaml");
    CHECK(invalid["line"].is_null());
    CHECK(invalid["column"].is_null());
    CHECK(document["diagnostics"][1]["related"][0]["line"] == 8);
    CHECK(document["exempted"][0]["exemption"] == "short-run-high-level");
    CHECK(document["summary"] == nlohmann::ordered_json({{"error", 2}, {"warning", 1}, {"info", 1}}));
}

TEST_CASE("SARIF output validates against the SARIF 2.1.0 schema", "[report][sarif]") {
    const fs::path validator = source_dir / "tests" / "sarif" / "validate_sarif.py";
    const fs::path schema = source_dir / "tests" / "sarif" / "sarif-schema-2.1.0.json";
    scratch_directory scratch;

    // Beyond the two samples: absolute and Windows paths, unknown positions, no file at all,
    // an absolute source root, and bytes that are not UTF-8.
    report_input edge_cases = sample_report();
    edge_cases.source_root = "/home/ci/project";
    file_report odd{"/abs/dir/rig #1.yaml", {}, {}};
    odd.diagnostics.push_back(
        {"invalid-input", severity::error, "bad byte \xFF here", {"", 0, 0}, rule_scope::rig, "", "", {}});
    odd.diagnostics.push_back({"invalid-input",
                               severity::warning,
                               "line only",
                               {"C:\\rigs\\x.yaml", 4, 0},
                               rule_scope::rig,
                               "",
                               "",
                               {{{"", 0, 0}, ""}}});
    edge_cases.files.push_back(odd);
    edge_cases.files.push_back(
        file_report{"", {{"invalid-input", severity::error, "no file", {}, rule_scope::rig, "", "", {}}}, {}});

    const std::vector<std::pair<std::string, report_input>> cases{
        {"findings", sample_report()}, {"clean", clean_report()}, {"edge-cases", edge_cases}, {"empty", {}}};
    for (const auto& [name, input] : cases) {
        const fs::path log = scratch.path() / (name + ".sarif");
        write_file(log, render_sarif(input));
        INFO("case " << name);
        CHECK(run_command(fmt::format("/usr/bin/python3 {} {} {} >/dev/null", quoted(validator), quoted(log),
                                      quoted(schema))) == 0);
    }

    // The validator is not vacuous: a log that breaks the schema is rejected.
    const fs::path invalid = scratch.path() / "invalid.sarif";
    write_file(invalid, R"({"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]})");
    CHECK(run_command(fmt::format("/usr/bin/python3 {} {} {} 2>/dev/null", quoted(validator), quoted(invalid),
                                  quoted(schema))) == 1);
}

TEST_CASE("SARIF carries rules, relative URIs, regions and line-independent fingerprints", "[report][sarif]") {
    report_input input = sample_report();
    const auto log = nlohmann::json::parse(render_sarif(input));
    const auto& run = log["runs"][0];

    // The rules the results refer to, in the rule set's order: unbalanced-to-balanced did not fire.
    const auto& rules = run["tool"]["driver"]["rules"];
    REQUIRE(rules.size() == 3);
    CHECK(rules[0]["id"] == "missing-di");
    CHECK(rules[0]["name"] == "MissingDi");
    CHECK(rules[0]["helpUri"] == "https://rigcheck.example/rules/missing-di");
    CHECK_FALSE(rules[1].contains("helpUri"));
    CHECK(rules[1]["properties"]["tags"] == nlohmann::json::array({"hum"}));
    CHECK(rules[2]["id"] == "unused-ignore");
    CHECK(rules[2]["defaultConfiguration"]["level"] == "note");

    const auto& results = run["results"];
    REQUIRE(results.size() == 4);
    CHECK(results[0]["ruleIndex"] == 0);
    CHECK(results[2]["level"] == "note");
    CHECK_FALSE(results[3].contains("ruleIndex")); // invalid-input has no metadata here
    const auto& location = results[0]["locations"][0]["physicalLocation"];
    CHECK(location["artifactLocation"]["uri"] == "rigs/stage.yaml");
    CHECK(location["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(location["region"] ==
          nlohmann::json({{"startLine", 12}, {"startColumn", 5}, {"endLine", 12}, {"endColumn", 6}}));
    CHECK(results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rigs/broken%20rig.yaml");
    CHECK(results[1]["relatedLocations"][0]["id"] == 1);
    CHECK(results[1]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 8);
    CHECK(run["originalUriBaseIds"]["%SRCROOT%"].contains("description"));

    // Moving every finding down by ten lines must not change a fingerprint; changing the
    // subject must.
    const std::string before = results[0]["partialFingerprints"]["rigcheck/v1"];
    CHECK(before.size() == 16);
    for (diagnostic& finding : input.files[0].diagnostics) {
        finding.location.line += 10;
    }
    const auto moved = nlohmann::json::parse(render_sarif(input));
    CHECK(moved["runs"][0]["results"][0]["partialFingerprints"]["rigcheck/v1"] == before);
    input.files[0].diagnostics[0].subject = "kbd.out-r -> stagebox.in-2";
    const auto renamed = nlohmann::json::parse(render_sarif(input));
    CHECK(renamed["runs"][0]["results"][0]["partialFingerprints"]["rigcheck/v1"] != before);
}

TEST_CASE("SARIF turns file paths into URIs", "[report][sarif]") {
    const auto uri_of = [](const std::string& path, const std::string& source_root = {}) {
        report_input input;
        input.source_root = source_root;
        diagnostic finding = simple_diagnostic("r", 1, 1);
        finding.location.file = path;
        input.files = {file_report{path, {finding}, {}}};
        return nlohmann::json::parse(render_sarif(input))["runs"][0];
    };
    const auto artifact = [](const nlohmann::json& run) {
        return run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    };
    CHECK(artifact(uri_of("./rigs/a.yaml")) == nlohmann::json({{"uri", "rigs/a.yaml"}, {"uriBaseId", "%SRCROOT%"}}));
    CHECK(artifact(uri_of("rigs\\b c.yaml"))["uri"] == "rigs/b%20c.yaml");
    CHECK(artifact(uri_of("r\xC3\xA4t:1%.yaml"))["uri"] == "r%C3%A4t%3A1%25.yaml");
    CHECK(artifact(uri_of("/srv/rigs/a.yaml")) == nlohmann::json({{"uri", "file:///srv/rigs/a.yaml"}}));
    CHECK(artifact(uri_of("C:\\rigs\\a.yaml")) == nlohmann::json({{"uri", "file:///C:/rigs/a.yaml"}}));
    CHECK(uri_of("a.yaml", "/home/ci/project")["originalUriBaseIds"]["%SRCROOT%"] ==
          nlohmann::json({{"uri", "file:///home/ci/project/"}}));
}

TEST_CASE("JUnit output has one suite per file and is well-formed whatever the input holds", "[report][junit]") {
    const std::string clean = render_junit(clean_report());
    CHECK(clean.find("<testsuites name=\"rigcheck\" tests=\"1\" failures=\"0\">") != std::string::npos);
    CHECK(clean.find("<testcase classname=\"rigcheck\" name=\"rigs/clean.yaml\"/>") != std::string::npos);

    const std::string findings = render_junit(sample_report());
    CHECK(findings.find("<testsuites name=\"rigcheck\" tests=\"4\" failures=\"4\">") != std::string::npos);
    CHECK(findings.find("<testsuite name=\"rigs/stage.yaml\" tests=\"3\" failures=\"3\" errors=\"0\">") !=
          std::string::npos);
    CHECK(findings.find("<testcase classname=\"rigcheck.missing-di\" "
                        "name=\"missing-di kbd.out-l -&gt; stagebox.in-1 at rigs/stage.yaml:12:5\">") !=
          std::string::npos);
    CHECK(findings.find("message=\"amp &amp; desk are both mains-earthed: expect &quot;hum&quot; "
                        "(the shield isn&apos;t lifted, &lt;3 m, 0% isolation)\"") != std::string::npos);

    using namespace std::string_literals;
    report_input hostile;
    hostile.files = {file_report{"a&b.yaml",
                                 {{"r",
                                   severity::info,
                                   "nul \0 bell \x07 bad \xC0\xAF cr \r lf \n end"s,
                                   {"a&b.yaml", 1, 1},
                                   rule_scope::rig,
                                   "",
                                   "fix\tit",
                                   {}}},
                                 {}}};
    const std::string xml = render_junit(hostile);
    CHECK(
        xml.find("message=\"nul \xEF\xBF\xBD bell \xEF\xBF\xBD bad \xEF\xBF\xBD\xEF\xBF\xBD cr &#13; lf &#10; end\"") !=
        std::string::npos);
    CHECK(xml.find('\0') == std::string::npos);

    scratch_directory scratch;
    const std::vector<std::pair<std::string, std::string>> documents{
        {"clean.xml", clean}, {"findings.xml", findings}, {"hostile.xml", xml}};
    for (const auto& [name, document] : documents) {
        const fs::path path = scratch.path() / name;
        write_file(path, document);
        INFO("document " << name);
        CHECK(run_command(fmt::format("/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as tree; "
                                      "tree.parse(sys.argv[1])' {}",
                                      quoted(path))) == 0);
    }
}

TEST_CASE("GitHub workflow commands escape data and properties", "[report][github]") {
    struct escape_case {
        std::string raw;
        std::string as_data;
        std::string as_property;
    };
    const std::vector<escape_case> table{
        {"plain", "plain", "plain"}, {"50%", "50%25", "50%25"},
        {"a\rb", "a%0Db", "a%0Db"},  {"a\nb", "a%0Ab", "a%0Ab"},
        {"a:b", "a:b", "a%3Ab"},     {"a,b", "a,b", "a%2Cb"},
        {"%0A", "%250A", "%250A"},   {"x:1,y\r\n", "x:1,y%0D%0A", "x%3A1%2Cy%0D%0A"},
    };
    for (const escape_case& row : table) {
        report_input input;
        input.files = {file_report{
            row.raw, {{row.raw, severity::error, row.raw, {row.raw, 3, 7}, rule_scope::rig, "", "", {}}}, {}}};
        INFO("raw text " << nlohmann::json(row.raw).dump());
        CHECK(render_github(input) ==
              fmt::format("::error file={0},line=3,col=7,title={0}::{1}\n", row.as_property, row.as_data));
    }
}

TEST_CASE("GitHub annotations pick the command by severity and append the fix", "[report][github]") {
    report_input input;
    input.files = {file_report{"rig.yaml", {}, {}}};
    auto& diagnostics = input.files[0].diagnostics;
    diagnostics.push_back({"a", severity::warning, "w", {"rig.yaml", 2, 0}, rule_scope::rig, "", "do x", {}});
    diagnostics.push_back({"b", severity::info, "i", {"", 0, 0}, rule_scope::rig, "", "", {}});
    CHECK(render_github(input) ==
          "::warning file=rig.yaml,line=2,title=a::w%0Afix: do x\n"
          "::notice file=rig.yaml,title=b::i\n");
}

TEST_CASE("colour follows --color, a terminal, NO_COLOR and FORCE_COLOR", "[report][color]") {
    const auto with = [](const char* no_color, const char* force_color, auto&& check) {
        no_color ? ::setenv("NO_COLOR", no_color, 1) : ::unsetenv("NO_COLOR");
        force_color ? ::setenv("FORCE_COLOR", force_color, 1) : ::unsetenv("FORCE_COLOR");
        check();
        ::unsetenv("NO_COLOR");
        ::unsetenv("FORCE_COLOR");
    };
    with(nullptr, nullptr, [] {
        CHECK(use_color(color_choice::automatic, true));
        CHECK_FALSE(use_color(color_choice::automatic, false));
        CHECK(use_color(color_choice::always, false));
        CHECK_FALSE(use_color(color_choice::never, true));
    });
    with("1", nullptr, [] {
        CHECK_FALSE(use_color(color_choice::automatic, true));
        CHECK(use_color(color_choice::always, true)); // --color always wins over NO_COLOR
    });
    with("", nullptr, [] { CHECK(use_color(color_choice::automatic, true)); }); // empty is unset
    with(nullptr, "1", [] { CHECK(use_color(color_choice::automatic, false)); });
    with("1", "1", [] { CHECK_FALSE(use_color(color_choice::automatic, false)); });
    CHECK(parse_color_choice("auto") == color_choice::automatic);
    CHECK_FALSE(parse_color_choice("yes"));
    CHECK(report_format_names().size() == 5);
    for (const auto name : report_format_names()) CHECK(to_string(*parse_report_format(name)) == name);
}

TEST_CASE("count_by_severity counts diagnostics of every file but not exemptions", "[report]") {
    const severity_counts counts = count_by_severity(sample_report());
    CHECK(counts[static_cast<std::size_t>(severity::error)] == 2);
    CHECK(counts[static_cast<std::size_t>(severity::warning)] == 1);
    CHECK(counts[static_cast<std::size_t>(severity::info)] == 1);
}

TEST_CASE("sort_diagnostics orders by line, column, rule and subject", "[report]") {
    file_report file{"rig.yaml", {}, {}};
    file.diagnostics = {simple_diagnostic("b", 5, 1),      simple_diagnostic("a", 5, 1, "z"),
                        simple_diagnostic("a", 5, 1, "y"), simple_diagnostic("c", 2, 9),
                        simple_diagnostic("d", 5, 0),      simple_diagnostic("e", 0, 0)};
    file.exempted = {{"x", "ex", {"rig.yaml", 9, 1}, ""}, {"y", "ex", {"rig.yaml", 3, 1}, ""}};
    sort_diagnostics(file);
    std::vector<std::string> order;
    for (const diagnostic& finding : file.diagnostics) {
        order.push_back(finding.rule + finding.subject);
    }
    CHECK(order == std::vector<std::string>{"e", "c", "d", "ay", "az", "b"});
    CHECK(file.exempted.front().rule == "y");
}

namespace {

/// The JSON report built the plain way, as an nlohmann document dumped with two spaces: what
/// the writer in src/report/json_report.cpp must reproduce byte for byte.
std::string json_by_document(const report_input& input) {
    using nlohmann::ordered_json;
    const auto position = [](std::uint32_t value) { return value == 0 ? ordered_json(nullptr) : ordered_json(value); };
    const auto locate = [&](ordered_json& entry, const source_location& location, const std::string& file) {
        entry["file"] = location.file.empty() ? file : location.file;
        entry["line"] = position(location.line);
        entry["column"] = position(location.line == 0 ? 0 : location.column);
    };
    ordered_json document = ordered_json::object();
    document["tool"] = {{"name", "rigcheck"}, {"version", input.tool_version}};
    document["files"] = ordered_json::array();
    document["diagnostics"] = ordered_json::array();
    document["exempted"] = ordered_json::array();
    std::array<std::size_t, 3> counts{};
    for (const auto& file : input.files) {
        document["files"].push_back(file.file);
        for (const auto& d : file.diagnostics) {
            ++counts[static_cast<std::size_t>(d.severity)];
            ordered_json entry = ordered_json::object();
            entry["rule"] = d.rule;
            entry["severity"] = to_string(d.severity);
            entry["message"] = d.message;
            locate(entry, d.location, file.file);
            entry["scope"] = to_string(d.scope);
            entry["subject"] = d.subject;
            entry["fix"] = d.fix;
            entry["related"] = ordered_json::array();
            for (const auto& related : d.related) {
                ordered_json note = ordered_json::object();
                locate(note, related.location, file.file);
                note["message"] = related.message;
                entry["related"].push_back(note);
            }
            document["diagnostics"].push_back(entry);
        }
        for (const auto& record : file.exempted) {
            ordered_json entry = ordered_json::object();
            entry["rule"] = record.rule;
            entry["exemption"] = record.exemption;
            locate(entry, record.location, file.file);
            entry["subject"] = record.subject;
            document["exempted"].push_back(entry);
        }
    }
    document["summary"] = {{"error", counts[2]}, {"warning", counts[1]}, {"info", counts[0]}};
    return document.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

} // namespace

TEST_CASE("the JSON report is written exactly as its document dumps, whatever bytes its strings hold",
          "[report][json]") {
    CHECK(render_json(sample_report()) == json_by_document(sample_report()));

    report_input empty;
    empty.tool_version = "0.1.0";
    CHECK(render_json(empty) == json_by_document(empty));

    report_input hostile = sample_report();
    const std::vector<std::string> texts{
        "",
        "quote \" and backslash \\",
        "tab\tnew line\ncarriage\rform\fbell\x07",
        "\x01\x1f\x7f",
        "n\xC3\xA4me \xE2\x9C\x93",
        "cut \xC3",
        "lone \xFF byte",
        "overlong \xC0\xAF",
        "\xED\xA0\x80 surrogate",
    };
    for (std::size_t i = 0; i < texts.size(); ++i) {
        diagnostic d;
        d.rule = texts[i];
        d.message = texts[(i + 1) % texts.size()];
        d.subject = texts[(i + 2) % texts.size()];
        d.fix = texts[(i + 3) % texts.size()];
        d.location = {texts[(i + 4) % texts.size()], static_cast<std::uint32_t>(i), 3};
        d.severity = static_cast<severity>(i % 3);
        d.scope = static_cast<rule_scope>(i % 6);
        d.related.push_back({{texts[(i + 5) % texts.size()], 2, 0}, texts[(i + 6) % texts.size()]});
        hostile.files[i % hostile.files.size()].diagnostics.push_back(d);
        hostile.files[i % hostile.files.size()].exempted.push_back(
            {texts[i], texts[(i + 7) % texts.size()], {"", 0, 9}, texts[(i + 8) % texts.size()]});
    }
    hostile.files.push_back({"\xFF\xFE file", {}, {}});
    CHECK(render_json(hostile) == json_by_document(hostile));
}
