// `rigcheck graph FILE [--format dot|svg] [--output FILE]` (README.md#commands): the signal-flow diagram,
// with the diagnostics of the rules `check` would run marked on what they point at. rigcheck
// writes the DOT itself; SVG is laid out and rendered in-process by libgvc.
#include "app.hpp"
#include "graphviz_svg.hpp"
#include "options.hpp"
#include "output.hpp"

#include <rigcheck/project/check.hpp>
#include <rigcheck/report/diagrams.hpp>

#include <fmt/format.h>

#include <iostream>

namespace rigcheck::cli {

int run_graph(const graph_options& options) {
    try {
        const checker rules(options.sources.settings());
        const auto loaded = rules.analyse(options.file);
        if (!loaded.analysed) {
            auto trusted = options.sources.named_files();
            trusted.emplace_back(options.file);
            print_invalid_input(loaded.invalid.report, loaded.root, std::move(trusted));
            return usage_error_status;
        }
        const auto checked = check_analysed(*loaded.analysed, *loaded.rules);
        if (checked.budget_exceeded > 0)
            std::cerr << fmt::format(
                "rigcheck: {}: {} rule evaluations ran out of their step budget and were counted "
                "as not firing\n",
                options.file, checked.budget_exceeded);
        const std::string dot = render_signal_flow_dot(*loaded.analysed, checked.report.diagnostics);
        if (options.format == "dot") return emit(dot, options.output, loaded.files_read);
        std::string error;
        const auto svg = render_dot_to_svg(dot, error);
        if (!svg) {
            std::cerr << fmt::format("rigcheck: {}: {}\n", options.file, error);
            return usage_error_status;
        }
        return emit(*svg, options.output, loaded.files_read);
    } catch (const std::exception& error) {
        std::cerr << fmt::format("rigcheck: {}: {}\n", options.file, error.what());
        return usage_error_status;
    }
}

} // namespace rigcheck::cli
