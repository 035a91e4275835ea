// Unit tests for the builtin rule pack under rules/ (docs/rule-packs.md, rules/README.md).
//
// The rule ids of rules/README.md are a contract: each must be defined, once, in its own folder
// rules/<id>/<id>.rule.yaml, with a description, a message, a fix, at least one fixture where it
// fires and one near miss where it must not, and a README. The builtin params must carry the
// documented defaults. These tests read the YAML files directly, so they hold whatever the
// engine does with them; `rigcheck test-rules rules` runs the fixtures themselves.
#include <rigcheck/core/diagnostic.hpp>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path rules_dir = fs::path(RIGCHECK_SOURCE_DIR) / "rules";

/// The rule ids of the table in rules/README.md, in its order.
const std::vector<std::string> spec_rule_ids = {
    "connector-mismatch",  "direction-conflict", "unbalanced-to-balanced", "balanced-to-unbalanced", "cold-grounded",
    "unbalanced-long-run", "missing-di",         "polarity-inverted",      "level-mismatch",         "input-overload",
    "speaker-into-line",   "phono-needs-preamp", "impedance-bridging",     "hi-z-cable-loss",        "phantom-hazard",
    "stereo-into-mono",    "no-signal",          "shorted-output",         "ground-loop-risk",       "feedback-loop",
    "unused-ignore",       "invalid-input",
};

/// The severity of each rule of the table in rules/README.md. Builtin rules beyond it (a folder under rules/
/// with its own README) keep whatever severity their file gives.
const std::map<std::string, std::string> spec_severities = {
    {"connector-mismatch", "error"},
    {"direction-conflict", "error"},
    {"unbalanced-to-balanced", "warning"},
    {"balanced-to-unbalanced", "info"},
    {"cold-grounded", "warning"},
    {"unbalanced-long-run", "warning"},
    {"missing-di", "error"},
    {"polarity-inverted", "warning"},
    {"level-mismatch", "warning"},
    {"input-overload", "error"},
    {"speaker-into-line", "error"},
    {"phono-needs-preamp", "error"},
    {"impedance-bridging", "warning"},
    {"hi-z-cable-loss", "warning"},
    {"phantom-hazard", "error"},
    {"stereo-into-mono", "warning"},
    {"no-signal", "error"},
    {"shorted-output", "error"},
    {"ground-loop-risk", "warning"},
    {"feedback-loop", "error"},
    {"unused-ignore", "info"},
    {"invalid-input", "error"},
};

/// The builtin params and their rules/README.md defaults.
const std::map<std::string, double> spec_params = {
    {"short_run_max_m", 3.0},          {"high_level_min_dbu", -10.0}, {"unbalanced_max_m", 6.0},
    {"level_tolerance_db", 10.0},      {"line_target_dbu", 4.0},      {"bridging_ratio", 10.0},
    {"min_treble_corner_hz", 12000.0}, {"min_resonance_hz", 3000.0},
};

struct rule_file {
    fs::path path;
    YAML::Node rule; ///< the file's one rule
};

/// Every rules/*/*.rule.yaml, parsed, in path order. The paths are sorted before loading:
/// assigning a YAML::Node (as sorting would) overwrites the node it refers to.
std::vector<std::pair<fs::path, YAML::Node>> rule_files() {
    std::vector<fs::path> paths;
    for (const auto& folder : fs::directory_iterator(rules_dir)) {
        if (!folder.is_directory()) continue;
        for (const auto& entry : fs::directory_iterator(folder.path())) {
            const auto name = entry.path().filename().string();
            if (entry.is_regular_file() && name.ends_with(".rule.yaml")) paths.push_back(entry.path());
        }
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::pair<fs::path, YAML::Node>> files;
    files.reserve(paths.size());
    for (const auto& path : paths) files.emplace_back(path, YAML::LoadFile(path.string()));
    return files;
}

std::map<std::string, rule_file> rules_by_id() {
    std::map<std::string, rule_file> result;
    for (const auto& [path, document] : rule_files()) {
        const auto rules = document["rules"];
        if (!rules || !rules.IsSequence()) continue;
        for (const auto& rule : rules) result.emplace(rule["id"].as<std::string>(), rule_file{path, rule});
    }
    return result;
}

std::string text_of(const YAML::Node& rule, const char* key) {
    const auto node = rule[key];
    return node && node.IsScalar() ? node.as<std::string>() : std::string();
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

} // namespace

TEST_CASE("every rule id of rules/README.md is defined under rules/, once", "[builtin-rules]") {
    REQUIRE(fs::is_directory(rules_dir));
    std::multiset<std::string> found;
    for (const auto& [path, document] : rule_files()) {
        INFO(path.string());
        const auto rules = document["rules"];
        REQUIRE(rules);
        REQUIRE(rules.IsSequence());
        for (const auto& rule : rules) found.insert(rule["id"].as<std::string>());
    }
    for (const auto& id : spec_rule_ids) {
        INFO("rule id " << id);
        CHECK(found.count(id) == 1);
    }
    // Each rule is defined once; the folder is the registry, so there is no other list to keep.
    for (const auto& id : found) {
        INFO("rule id " << id);
        CHECK(found.count(id) == 1);
    }
}

TEST_CASE("each builtin rule file holds exactly its own rule, in the builtin pack", "[builtin-rules]") {
    for (const auto& [path, document] : rule_files()) {
        INFO(path.string());
        CHECK(document["rigcheck-rules"].as<int>() == 1);
        CHECK(document["pack"].as<std::string>() == "builtin");
        const auto rules = document["rules"];
        REQUIRE(rules.IsSequence());
        REQUIRE(rules.size() == 1);
        const auto id = rules[0]["id"].as<std::string>();
        CHECK(path.filename().string() == id + ".rule.yaml");
        CHECK(path.parent_path().filename().string() == id);
    }
}

TEST_CASE("each builtin rule folder has its rule, a description, a message, a fix, fixtures and a README",
          "[builtin-rules]") {
    const auto rules = rules_by_id();
    REQUIRE(rules.size() >= spec_rule_ids.size());
    for (const auto& [id, file] : rules) {
        INFO("rule id " << id);
        const auto& rule = file.rule;
        if (spec_severities.count(id))
            CHECK(text_of(rule, "severity") == spec_severities.at(id));
        else
            CHECK(rigcheck::parse_severity(text_of(rule, "severity")));
        CHECK_FALSE(blank(text_of(rule, "scope")));
        CHECK_FALSE(blank(text_of(rule, "when")));
        CHECK_FALSE(blank(text_of(rule, "description")));
        CHECK_FALSE(blank(text_of(rule, "message")));
        CHECK_FALSE(blank(text_of(rule, "fix")));

        const auto folder = file.path.parent_path();
        bool fires = false;
        bool passes = false;
        for (const auto& entry : fs::directory_iterator(folder)) {
            const auto name = entry.path().filename().string();
            if (!entry.is_regular_file() || !name.ends_with(".yaml")) continue;
            fires = fires || name.starts_with("fires");
            passes = passes || name.starts_with("passes");
        }
        CHECK(fires);
        CHECK(passes);
        CHECK(fs::is_regular_file(folder / "README.md"));
    }
    CHECK(fs::is_regular_file(rules_dir / "README.md"));
}

TEST_CASE("the builtin rules' scopes and relations follow rules/README.md", "[builtin-rules]") {
    const auto rules = rules_by_id();
    REQUIRE(rules.count("polarity-inverted") == 1);
    CHECK(text_of(rules.at("polarity-inverted").rule, "scope") == "path");
    CHECK(text_of(rules.at("feedback-loop").rule, "scope") == "cycle");
    CHECK(text_of(rules.at("missing-di").rule, "scope") == "connection");
    CHECK(text_of(rules.at("path-limit").rule, "scope") == "rig");
    CHECK(text_of(rules.at("path-limit").rule, "when") == "false");

    const auto lists = [&](const std::string& id, const char* key, const std::string& item) {
        const auto node = rules.at(id).rule[key];
        if (!node || !node.IsSequence()) return false;
        for (const auto& entry : node)
            if (entry.as<std::string>() == item) return true;
        return false;
    };
    CHECK(lists("missing-di", "supersedes", "unbalanced-to-balanced"));
    CHECK(lists("unbalanced-to-balanced", "unless", "short-run-high-level"));
    CHECK(lists("ground-loop-risk", "unless", "short-run-high-level"));
}

TEST_CASE("the builtin pack has the documented params and the short-run-high-level exemption", "[builtin-rules]") {
    const auto pack = YAML::LoadFile((rules_dir / "builtin.pack.yaml").string());
    CHECK(pack["rigcheck-rules"].as<int>() == 1);
    CHECK(pack["pack"].as<std::string>() == "builtin");
    const auto params = pack["params"];
    REQUIRE(params);
    for (const auto& [name, value] : spec_params) {
        INFO("param " << name);
        REQUIRE(params[name]);
        CHECK(params[name].as<double>() == Approx(value));
    }

    const auto exemptions = pack["exemptions"];
    REQUIRE(exemptions);
    REQUIRE(exemptions.IsSequence());
    bool found = false;
    for (const auto& exemption : exemptions) {
        if (exemption["id"].as<std::string>() != "short-run-high-level") continue;
        found = true;
        CHECK(exemption["when"].as<std::string>() ==
              "link.length_m <= params.short_run_max_m && signal.level_dbu >= params.high_level_min_dbu");
    }
    CHECK(found);
}

TEST_CASE("every reader's rig of domain-facts F6 has an annotated example under examples/", "[builtin-rules]") {
    const auto folder = rules_dir.parent_path() / "examples";
    REQUIRE(fs::is_directory(folder));
    for (int item = 1; item <= 9; ++item) {
        const auto prefix = "f6-" + std::to_string(item) + "-";
        INFO("F6." << item);
        bool found = false;
        for (const auto& entry : fs::directory_iterator(folder))
            found = found || entry.path().filename().string().starts_with(prefix);
        CHECK(found);
    }
}
