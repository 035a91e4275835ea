// `rigcheck graph FILE [--format dot|svg] [--output FILE]` (SPEC §11): the signal-flow diagram,
// with the diagnostics of the rules `check` would run marked on what they point at. rigcheck
// writes the DOT itself; SVG is laid out and rendered in-process by libgvc.
#include "cli_support.hpp"
#include "commands.hpp"
#include "graphviz_svg.hpp"

#include <rigcheck/project/check.hpp>
#include <rigcheck/report/diagrams.hpp>

#include <fmt/format.h>

#include <iostream>

namespace rigcheck::cli {
namespace {

struct graph_command_options {
    std::string file;
    rule_source_options sources;
    std::string format = "dot";
    std::string output;
};

graph_command_options graph_options_storage;

int run_graph(const graph_command_options& options) {
    try {
        const auto loaded = load_for_report(options.file, options.sources);
        if (!loaded) return usage_error_status;
        const auto checked = check_analysed(*loaded->analysed, *loaded->rules);
        if (checked.budget_exceeded > 0)
            std::cerr << fmt::format("rigcheck: {}: {} rule evaluations ran out of their step budget and were counted "
                                     "as not firing\n",
                                     options.file, checked.budget_exceeded);
        const std::string dot = render_signal_flow_dot(*loaded->analysed, checked.report.diagnostics);
        if (options.format == "dot") return emit(dot, options.output, loaded->files_read);
        std::string error;
        const auto svg = render_dot_to_svg(dot, error);
        if (!svg) {
            std::cerr << fmt::format("rigcheck: {}: {}\n", options.file, error);
            return usage_error_status;
        }
        return emit(*svg, options.output, loaded->files_read);
    } catch (const std::exception& error) {
        std::cerr << fmt::format("rigcheck: {}: {}\n", options.file, error.what());
        return usage_error_status;
    }
}

} // namespace

void register_graph_command(CLI::App& app, std::function<int()>& selected) {
    auto& o = graph_options_storage;
    CLI::App* graph = app.add_subcommand("graph", "Signal-flow diagram of a rig, with its diagnostics marked");
    graph->add_option("file", o.file, "Rig file")->required();
    graph->add_option("--format", o.format, "Output format (default dot)")->check(CLI::IsMember({"dot", "svg"}));
    graph->add_option("--output", o.output, "Write the diagram to FILE (atomically)");
    add_rule_source_options(graph, o.sources);
    graph->add_option("--catalog", o.sources.catalogs, "Additional gear catalog (repeatable)")->allow_extra_args(false);
    graph->add_option("--param", o.sources.params, "Set a rule parameter, NAME=VALUE (repeatable)")->allow_extra_args(false);
    graph->add_option("--rule", o.sources.rules, "Set a rule's severity, ID=error|warning|info|off (repeatable)")
        ->allow_extra_args(false);
    graph->callback([&o, &selected] { selected = [&o] { return run_graph(o); }; });
}

} // namespace rigcheck::cli
