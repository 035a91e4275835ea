// `rigcheck rules`, `explain`, `test-rules` and `schema` (README.md#commands): what the rules are, and the
// fixtures that hold them to their word.
#include "app.hpp"
#include "options.hpp"
#include "output.hpp"

#include <rigcheck/core/suggest.hpp>
#include <rigcheck/project/fixtures.hpp>
#include <rigcheck/project/schemas.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace rigcheck::cli {
namespace {

/// The rules that apply in the working directory, or the errors that stop them from loading.
std::shared_ptr<const rule_set> rules_here(const checker& rules) {
    const auto context = rules.context_for_directory(".");
    if (!context->rules) print_errors(context->errors);
    return context->rules;
}

std::string severity_name(const rule_info& rule) {
    return rule.effective_severity ? std::string(to_string(*rule.effective_severity)) : std::string("off");
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text.empty() ? std::string("none") : text;
}

} // namespace

int run_rules_list(const rules_options& options) {
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

int run_explain(const explain_options& options) {
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
    for (const auto& name : rule->params) std::cout << fmt::format("  {} = {}\n", name, set->param(name).value_or(0.0));
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

int run_test_rules(const test_rules_options& options) {
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

} // namespace rigcheck::cli
