// What each command's options mean once parsed: plain values, with no parser in sight, so that
// the commands (check_command.cpp, ...) compile without CLI11 and app.cpp alone binds options.
#pragma once

#include <rigcheck/project/check.hpp>

#include <string>
#include <vector>

namespace rigcheck::cli {

/// The options that decide which rules apply and where the project is: shared by check, rules,
/// explain, test-rules, levels and graph.
struct rule_source_options {
    std::string config;
    bool no_config = false;
    std::string root;
    std::vector<std::string> packs;
    std::vector<std::string> catalogs;
    std::vector<std::string> params;
    std::vector<std::string> rules;

    [[nodiscard]] check_settings settings() const;
    /// The files these options name (--config, --pack, --catalog): trusted like the command line.
    [[nodiscard]] std::vector<std::filesystem::path> named_files() const;
};

struct check_options {
    std::vector<std::string> files;
    rule_source_options sources;
    std::string format; ///< empty: github on GitHub Actions, else text
    std::string output;
    std::string fail_on; ///< empty: the configuration's, else error
    std::string color = "auto";
    unsigned jobs = 1;
};

struct rules_options {
    rule_source_options sources;
    std::string format = "text";
};

struct explain_options {
    std::string rule;
    rule_source_options sources;
};

struct test_rules_options {
    std::vector<std::string> paths;
    rule_source_options sources;
};

struct levels_options {
    std::string file;
    rule_source_options sources;
    std::string format = "text";
    std::string path;
    std::string output;
};

struct graph_options {
    std::string file;
    rule_source_options sources;
    std::string format = "dot";
    std::string output;
};

int run_check(const check_options& options);
int run_rules_list(const rules_options& options);
int run_explain(const explain_options& options);
int run_test_rules(const test_rules_options& options);
int run_schema(const std::string& kind);
int run_levels(const levels_options& options);
int run_graph(const graph_options& options);

} // namespace rigcheck::cli
