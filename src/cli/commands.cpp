// Subcommand wiring for the rigcheck CLI. Options are parsed here; all work happens in the library.
#include "commands.hpp"

#include "cli_support.hpp"

#include <rigcheck/project/check.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/core/suggest.hpp>
#include <rigcheck/report/atomic_file.hpp>
#include <rigcheck/report/report.hpp>
#include <rigcheck/report/source_excerpts.hpp>
#include <rigcheck/project/config.hpp>
#include <rigcheck/project/fixtures.hpp>
#include <rigcheck/rules/rule_set.hpp>
#include <rigcheck/project/schemas.hpp>
#include <rigcheck/core/version.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>

namespace rigcheck::cli {
namespace {

struct check_command_options {
    std::vector<std::string> files;
    rule_source_options sources;
    std::string format;
    std::string output;
    std::string fail_on = "error";
    CLI::Option* fail_on_option = nullptr;
    unsigned jobs = 1;
};

struct rules_command_options {
    rule_source_options sources;
    std::string format = "text";
};

struct explain_command_options {
    std::string rule;
    rule_source_options sources;
};

struct test_rules_command_options {
    std::vector<std::string> paths;
    rule_source_options sources;
};

check_command_options check_options_storage;
rules_command_options rules_options_storage;
explain_command_options explain_options_storage;
test_rules_command_options test_rules_options_storage;
std::function<int()> selected_action;

/// The rules that apply in the working directory, or the errors that stop them from loading.
std::shared_ptr<const rule_set> rules_here(const checker& rules) {
    const auto context = rules.context_for_directory(".");
    if (!context->rules) print_errors(context->errors);
    return context->rules;
}

/// Every rule any checked file's rule set knows, for SARIF's `driver.rules`.
std::vector<rule_metadata> metadata_for(const checker& rules, const std::vector<std::string>& files) {
    std::vector<rule_metadata> result;
    std::set<std::string> seen;
    std::set<const rule_set*> visited;
    const auto add = [&](const rule_set& set) {
        if (!visited.insert(&set).second) return;
        for (auto& m : set.metadata())
            if (seen.insert(m.id).second) result.push_back(std::move(m));
    };
    for (const auto& file : files)
        if (const auto context = rules.context_for(file); context->rules) add(*context->rules);
    if (result.empty())
        if (const auto& builtin = builtin_rule_set(); builtin.rules) add(*builtin.rules);
    return result;
}

/// True when the variable is set to something other than the empty string, as no-color.org and
/// force-color.org both define it.
bool environment_flag(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}

/// Colour on a terminal, or anywhere when FORCE_COLOR asks for it (CI logs that render ANSI);
/// NO_COLOR wins over both.
bool use_color(bool terminal) {
    if (environment_flag("NO_COLOR")) return false;
    return terminal || environment_flag("FORCE_COLOR");
}

/// The project roots of the files' contexts: a text report quotes files inside them (SPEC §20).
std::vector<std::filesystem::path> roots_of(const checker& rules, const std::vector<std::string>& files) {
    std::vector<std::filesystem::path> roots;
    for (const auto& file : files) {
        const auto root = rules.context_for(file)->root;
        if (std::find(roots.begin(), roots.end(), root) == roots.end()) roots.push_back(root);
    }
    return roots;
}

int run_check(const check_command_options& options) {
    std::string format_name = options.format;
    if (format_name.empty()) {
        const char* github = std::getenv("GITHUB_ACTIONS");
        format_name = github && std::string_view(github) == "true" ? "github" : "text";
    }
    const auto format = parse_report_format(format_name);
    const checker rules(options.sources.settings());

    std::vector<check_result> results(options.files.size());
    const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(options.files.size())));
    {
        // Each worker takes the next file; results land at their file's index, so the output is
        // the same whatever the scheduling.
        std::atomic<std::size_t> next{0};
        const auto work = [&] {
            for (std::size_t i = next++; i < options.files.size(); i = next++) results[i] = rules.check(options.files[i]);
        };
        std::vector<std::thread> workers;
        for (unsigned k = 1; k < jobs; ++k) workers.emplace_back(work);
        work();
        for (auto& worker : workers) worker.join();
    }

    std::optional<fail_on_level> command_line_fail_on;
    if (options.fail_on_option != nullptr && options.fail_on_option->count() > 0)
        command_line_fail_on = parse_fail_on(options.fail_on);
    const int status = check_exit_status(results, command_line_fail_on);

    report_input input;
    input.tool_version = version_string;
    input.rules = metadata_for(rules, options.files);
    for (auto& result : results) {
        if (result.budget_exceeded > 0)
            std::cerr << fmt::format("rigcheck: {}: {} rule evaluations ran out of their step budget and were "
                                     "counted as not firing\n",
                                     result.report.file, result.budget_exceeded);
        input.files.push_back(std::move(result.report));
    }
    std::vector<std::filesystem::path> files_read;
    for (const auto& result : results) files_read.insert(files_read.end(), result.files_read.begin(), result.files_read.end());
    auto trusted = trusted_files(options.files, options.sources);
    // What a configuration named with --config names is trusted like the command line (SPEC §20).
    if (!options.sources.config.empty())
        for (const auto& file : options.files) {
            const auto& named = rules.context_for(file)->files_read;
            trusted.insert(trusted.end(), named.begin(), named.end());
        }
    source_excerpts sources(roots_of(rules, options.files), std::move(trusted));
    text_options text;
    text.color = options.output.empty() && *format == report_format::text && use_color(isatty(STDOUT_FILENO) != 0);
    text.source_line = [&](const std::string& file, std::uint32_t line) { return sources.line(file, line); };
    if (const int written = emit(render(input, *format, text), options.output, files_read); written != 0) return written;
    return status;
}

std::string severity_name(const rule_info& rule) {
    return rule.effective_severity ? std::string(to_string(*rule.effective_severity)) : std::string("off");
}

int run_rules_list(const rules_command_options& options) {
    const checker rules(options.sources.settings());
    const auto set = rules_here(rules);
    if (!set) return usage_error_status;
    if (options.format == "json") {
        auto list = nlohmann::json::array();
        for (const auto& r : set->rules())
            list.push_back({{"id", r.id},
                            {"severity", severity_name(r)},
                            {"default_severity", to_string(r.default_severity)},
                            {"scope", to_string(r.scope)},
                            {"pack", r.pack},
                            {"description", r.description},
                            {"tags", r.tags}});
        std::cout << list.dump(2) << '\n';
        return 0;
    }
    std::size_t id_width = 2;
    std::size_t pack_width = 4;
    for (const auto& r : set->rules()) {
        id_width = std::max(id_width, r.id.size());
        pack_width = std::max(pack_width, r.pack.size());
    }
    std::cout << fmt::format("{:<{}}  {:<8}  {:<10}  {:<{}}  {}\n", "id", id_width, "severity", "scope", "pack",
                             pack_width, "description");
    for (const auto& r : set->rules())
        std::cout << fmt::format("{:<{}}  {:<8}  {:<10}  {:<{}}  {}\n", r.id, id_width, severity_name(r),
                                 to_string(r.scope), r.pack, pack_width, r.description);
    return 0;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text.empty() ? std::string("none") : text;
}

int run_explain(const explain_command_options& options) {
    const checker rules(options.sources.settings());
    const auto set = rules_here(rules);
    if (!set) return usage_error_status;
    if (const auto* e = set->find_exemption(options.rule); e != nullptr && set->find_rule(options.rule) == nullptr) {
        std::cout << fmt::format("{} (exemption, pack {})\n\n{}\n\nholds when: {}\ndefined at: {}\n", e->id, e->pack,
                                 e->description, e->when, to_string(e->location));
        return 0;
    }
    const auto* rule = set->find_rule(options.rule);
    if (rule == nullptr) {
        const auto ids = set->rule_ids();
        std::cerr << fmt::format("rigcheck: unknown rule `{}`{}\n", options.rule, did_you_mean(options.rule, ids));
        return usage_error_status;
    }
    std::cout << fmt::format("{} ({}, {} scope, pack {})\n\n{}\n\n", rule->id, severity_name(*rule),
                             to_string(rule->scope), rule->pack, rule->description);
    std::cout << fmt::format("condition: {}\n", rule->when);
    std::cout << "params:";
    if (rule->params.empty()) std::cout << " none";
    std::cout << '\n';
    for (const auto& name : rule->params)
        std::cout << fmt::format("  {} = {}\n", name, set->param(name).value_or(0.0));
    std::cout << fmt::format("unless: {}\n", joined(rule->unless));
    for (const auto& id : rule->unless)
        if (const auto* e = set->find_exemption(id)) std::cout << fmt::format("  {}: {}\n", id, e->when);
    std::cout << fmt::format("supersedes: {}\n", joined(rule->supersedes));
    std::cout << fmt::format("message: {}\n", rule->message);
    std::cout << fmt::format("fix: {}\n", rule->fix.empty() ? std::string("none") : rule->fix);
    std::cout << fmt::format("tags: {}\n", joined(rule->tags));
    // Fixtures sit beside the rule's file (rules/<id>/ for builtin rules, from the repository root).
    std::vector<std::filesystem::path> roots;
    if (!rule->location.file.empty()) roots.push_back(std::filesystem::path(rule->location.file).parent_path());
    roots.emplace_back("rules");
    const auto example = find_example_fixture(rule->id, roots);
    std::cout << fmt::format("example: {}\n", example ? example->string() : std::string("none found"));
    if (rule->builtin) std::cout << fmt::format("help: {}\n", rule_help_uri(rule->id));
    return 0;
}

int run_test_rules(const test_rules_command_options& options) {
    std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
    const auto run = run_fixtures(paths, options.sources.settings());
    for (const auto& fixture : run.fixtures)
        for (const auto& failure : fixture.failures) std::cout << failure << '\n';
    print_errors(run.errors);
    std::cout << fmt::format("{} passed, {} failed\n", run.passed(), run.failed());
    if (!run.errors.empty()) return usage_error_status;
    return run.failed() > 0 ? 1 : 0;
}

int run_schema(const std::string& kind) {
    const auto text = json_schema(kind);
    if (!text) {
        std::cerr << "rigcheck: unknown schema kind `" << kind << "`; expected rig, catalog, pack or config\n";
        return usage_error_status;
    }
    std::fwrite(text->data(), 1, text->size(), stdout);
    return 0;
}

} // namespace

void register_commands(CLI::App& app) {
    auto& o = check_options_storage;
    CLI::App* check = app.add_subcommand("check", "Validate rigs");
    check->add_option("files", o.files, "Rig files")->required();
    add_rule_source_options(check, o.sources);
    check->add_option("--catalog", o.sources.catalogs, "Additional gear catalog (repeatable)")->allow_extra_args(false);
    check->add_option("--format", o.format, "Output format")->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}));
    check->add_option("--output", o.output, "Write the report to FILE (atomically)");
    o.fail_on_option = check->add_option("--fail-on", o.fail_on, "Lowest severity that fails the run (default: the "
                                                                 "configuration's fail-on, else error)")
                           ->check(CLI::IsMember({"error", "warning", "info", "never"}));
    check->add_option("--param", o.sources.params, "Set a rule parameter, NAME=VALUE (repeatable)")->allow_extra_args(false);
    check->add_option("--rule", o.sources.rules, "Set a rule's severity, ID=error|warning|info|off (repeatable)")
        ->allow_extra_args(false);
    check->add_option("-j", o.jobs, "Files checked in parallel")->check(CLI::Range(1u, 256u));
    check->callback([&o] { selected_action = [&o] { return run_check(o); }; });

    auto& r = rules_options_storage;
    CLI::App* rules = app.add_subcommand("rules", "List every rule: id, severity, scope, pack, description");
    rules->add_option("--format", r.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    add_rule_source_options(rules, r.sources);
    rules->callback([&r] { selected_action = [&r] { return run_rules_list(r); }; });

    auto& e = explain_options_storage;
    CLI::App* explain = app.add_subcommand("explain", "Describe a rule: condition, params, fix and an example");
    explain->add_option("rule", e.rule, "Rule id")->required();
    add_rule_source_options(explain, e.sources);
    explain->callback([&e] { selected_action = [&e] { return run_explain(e); }; });

    auto& t = test_rules_options_storage;
    CLI::App* test_rules = app.add_subcommand("test-rules", "Run rule fixtures (rig files annotated with # expect:)");
    test_rules->add_option("paths", t.paths, "Fixture files or directories")->required();
    add_rule_source_options(test_rules, t.sources);
    test_rules->add_option("--catalog", t.sources.catalogs, "Additional gear catalog (repeatable)")->allow_extra_args(false);
    test_rules->callback([&t] { selected_action = [&t] { return run_test_rules(t); }; });

    static std::string schema_kind;
    CLI::App* schema = app.add_subcommand("schema", "Print the JSON Schema of a file kind");
    schema->add_option("kind", schema_kind, "rig, catalog, pack or config")->required()
        ->check(CLI::IsMember({"rig", "catalog", "pack", "config"}));
    schema->callback([] { selected_action = [] { return run_schema(schema_kind); }; });

    register_levels_command(app, selected_action);
    register_graph_command(app, selected_action);
}

int run_selected(CLI::App&) {
    if (!selected_action) return usage_error_status;
    return selected_action();
}

} // namespace rigcheck::cli
