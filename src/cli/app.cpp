// The command-line app: every command's options bound to CLI11, parsed, and the chosen command
// run. This is the only file that includes CLI11; the commands see only options.hpp.
#include "app.hpp"

#include "options.hpp"

#include <rigcheck/core/version.hpp>
#include <rigcheck/report/report.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace rigcheck::cli {
namespace {

std::vector<std::string> names(std::span<const std::string_view> spellings) {
    return {spellings.begin(), spellings.end()};
}

/// --config, --no-config, --root and --pack: which packs and configuration apply, and where the
/// project is.
void add_rule_sources(CLI::App* command, rule_source_options& o) {
    command->add_option("--config", o.config, "Configuration file (default: .rigcheck.yaml found upward)");
    command->add_flag("--no-config", o.no_config, "Do not look for a .rigcheck.yaml");
    command->add_option("--root", o.root,
                        "Project root that files named inside rigs and discovered configs must stay in "
                        "(default: the discovered config's directory, else the working directory)");
    command->add_option("--pack", o.packs, "Additional rule pack (repeatable)")->allow_extra_args(false);
}

/// --catalog, --param and --rule: what `check` takes beyond the rule sources, and so do the
/// commands that load a rig the way it does.
void add_check_inputs(CLI::App* command, rule_source_options& o) {
    command->add_option("--catalog", o.catalogs, "Additional gear catalog (repeatable)")->allow_extra_args(false);
    command->add_option("--param", o.params, "Set a rule parameter, NAME=VALUE (repeatable)")->allow_extra_args(false);
    command->add_option("--rule", o.rules, "Set a rule's severity, ID=error|warning|info|off (repeatable)")
        ->allow_extra_args(false);
}

/// Every command's options, owned here for the one run: nothing is global.
struct parsed_options {
    check_options check;
    rules_options rules;
    explain_options explain;
    test_rules_options test_rules;
    std::string schema_kind;
    levels_options levels;
    graph_options graph;
};

} // namespace

int run(int argc, char** argv) {
    CLI::App app{"rigcheck: models audio gear and validates rigs with YAML rules", "rigcheck"};
    app.set_version_flag("--version", std::string("rigcheck ") + version_string);
    app.require_subcommand(1);
    parsed_options o;
    std::function<int()> chosen;

    CLI::App* check = app.add_subcommand("check", "Validate rigs");
    check->add_option("files", o.check.files, "Rig files")->required();
    add_rule_sources(check, o.check.sources);
    add_check_inputs(check, o.check.sources);
    check->add_option("--format", o.check.format, "Output format")->check(CLI::IsMember(names(report_format_names())));
    check->add_option("--output", o.check.output, "Write the report to FILE (atomically)");
    check
        ->add_option("--fail-on", o.check.fail_on,
                     "Lowest severity that fails the run (default: the configuration's fail-on, else error)")
        ->check(CLI::IsMember({"error", "warning", "info", "never"}));
    check->add_option("--color", o.check.color, "Colour the text report: auto (on a terminal), always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    check->add_option("-j", o.check.jobs, "Files checked in parallel")->check(CLI::Range(1u, 256u));
    check->callback([&] { chosen = [&] { return run_check(o.check); }; });

    CLI::App* rules = app.add_subcommand("rules", "List every rule: id, severity, scope, pack, description");
    rules->add_option("--format", o.rules.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    add_rule_sources(rules, o.rules.sources);
    rules->callback([&] { chosen = [&] { return run_rules_list(o.rules); }; });

    CLI::App* explain = app.add_subcommand("explain", "Describe a rule: condition, params, fix and an example");
    explain->add_option("rule", o.explain.rule, "Rule id")->required();
    add_rule_sources(explain, o.explain.sources);
    explain->callback([&] { chosen = [&] { return run_explain(o.explain); }; });

    CLI::App* test_rules = app.add_subcommand("test-rules", "Run rule fixtures (rig files annotated with # expect:)");
    test_rules->add_option("paths", o.test_rules.paths, "Fixture files or directories")->required();
    add_rule_sources(test_rules, o.test_rules.sources);
    test_rules->add_option("--catalog", o.test_rules.sources.catalogs, "Additional gear catalog (repeatable)")
        ->allow_extra_args(false);
    test_rules->callback([&] { chosen = [&] { return run_test_rules(o.test_rules); }; });

    CLI::App* schema = app.add_subcommand("schema", "Print the JSON Schema of a file kind");
    schema->add_option("kind", o.schema_kind, "rig, catalog, pack or config")
        ->required()
        ->check(CLI::IsMember({"rig", "catalog", "pack", "config"}));
    schema->callback([&] { chosen = [&] { return run_schema(o.schema_kind); }; });

    CLI::App* levels = app.add_subcommand(
        "levels", "Level, headroom, polarity, treble corner and SNR per connection; svg draws the level diagram");
    levels->add_option("file", o.levels.file, "Rig file")->required();
    levels->add_option("--format", o.levels.format, "Output format (default text)")
        ->check(CLI::IsMember({"text", "json", "svg"}));
    levels->add_option("--path", o.levels.path,
                       "Only the path SOURCE.PORT->SINK.PORT (the diagram's path; the table's rows along it)");
    levels->add_option("--output", o.levels.output, "Write the report to FILE (atomically)");
    add_rule_sources(levels, o.levels.sources);
    add_check_inputs(levels, o.levels.sources);
    levels->callback([&] { chosen = [&] { return run_levels(o.levels); }; });

    CLI::App* graph = app.add_subcommand("graph", "Signal-flow diagram of a rig, with its diagnostics marked");
    graph->add_option("file", o.graph.file, "Rig file")->required();
    graph->add_option("--format", o.graph.format, "Output format (default dot)")->check(CLI::IsMember({"dot", "svg"}));
    graph->add_option("--output", o.graph.output, "Write the diagram to FILE (atomically)");
    add_rule_sources(graph, o.graph.sources);
    add_check_inputs(graph, o.graph.sources);
    graph->callback([&] { chosen = [&] { return run_graph(o.graph); }; });

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // CLI11 reports --help and --version as "errors" with exit code 0.
        const int status = app.exit(error);
        return status == 0 ? 0 : usage_error_status;
    }
    return chosen ? chosen() : usage_error_status;
}

} // namespace rigcheck::cli
