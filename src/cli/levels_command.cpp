// `rigcheck levels FILE [--format text|json|svg] [--path SRC.PORT->SINK.PORT] [--output FILE]`
// (README.md#commands): what arrives at every link's destination, as a table, as JSON, or drawn as a level
// diagram. The rig loads with the same configuration, packs and catalogs as `check`, because a
// pack's gear overrides (a pin-3-hot quirk) change polarity and so the report.
#include "app.hpp"
#include "options.hpp"
#include "output.hpp"

#include <rigcheck/report/levels_report.hpp>
#include <rigcheck/core/suggest.hpp>
#include <rigcheck/report/diagrams.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <utility>
#include <string_view>
#include <vector>

namespace rigcheck::cli {
namespace {

/// Says that no path has the name given, with the names that come nearest.
void report_unknown_path(const analysed_rig& analysed, const std::string& wanted) {
    std::vector<std::string> names;
    for (const auto& path : analysed.paths()) names.push_back(path_name(analysed.rig(), path));
    std::vector<std::string_view> candidates(names.begin(), names.end());
    if (names.empty()) {
        std::cerr << fmt::format("rigcheck: {}: no path `{}`: the rig has no source-to-sink path\n",
                                 analysed.rig().file, wanted);
        return;
    }
    std::cerr << fmt::format(
        "rigcheck: {}: no path `{}`{}; paths run from a source output to a sink input, "
        "written SOURCE.PORT->SINK.PORT\n",
        analysed.rig().file, wanted, did_you_mean(wanted, candidates));
}

} // namespace

int run_levels(const levels_options& options) {
    try {
        const checker rules(options.sources.settings());
        const auto loaded = rules.analyse(options.file);
        if (!loaded.analysed) {
            auto trusted = options.sources.named_files();
            trusted.emplace_back(options.file);
            print_invalid_input(loaded.invalid.report, loaded.root, std::move(trusted));
            return usage_error_status;
        }
        const analysed_rig& analysed = *loaded.analysed;

        std::vector<const signal_path*> chosen;
        if (!options.path.empty()) {
            chosen = find_paths(analysed, options.path);
            if (chosen.empty()) {
                report_unknown_path(analysed, options.path);
                return usage_error_status;
            }
        }
        std::string text;
        if (options.format == "svg") {
            if (chosen.empty()) {
                for (const auto& path : analysed.paths()) chosen.push_back(&path);
                // In the rig's own order (devices as written, ports as the gear lists them), so
                // that the first paths drawn are the first sources a reader sees in the file.
                const auto order = [](const port_ref& p) { return std::pair{p.device, p.port}; };
                std::stable_sort(chosen.begin(), chosen.end(), [&](const signal_path* a, const signal_path* b) {
                    return std::pair{order(a->source), order(a->sink)} < std::pair{order(b->source), order(b->sink)};
                });
            }
            text = render_level_diagram_svg(analysed, chosen);
        } else {
            const bool json = options.format == "json";
            if (options.path.empty()) {
                text = json ? render_levels_json(analysed) : render_levels_text(analysed);
            } else {
                const auto links = links_along(chosen);
                text = json ? render_levels_json(analysed, links) : render_levels_text(analysed, links);
            }
        }
        return emit(text, options.output, loaded.files_read);
    } catch (const std::exception& error) {
        // A rig beyond the analysis limits, say: reported, never a crash.
        std::cerr << fmt::format("rigcheck: {}: {}\n", options.file, error.what());
        return usage_error_status;
    }
}

} // namespace rigcheck::cli
