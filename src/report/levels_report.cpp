// Rendering of the levels report (see levels_report.hpp): an aligned table and the JSON of
// README.md#commands. Both read only the analysed rig's link signals, so they show exactly what rules see.
#include <rigcheck/report/levels_report.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace rigcheck {
namespace {

/// What the table and the JSON show for an unknown value.
constexpr std::string_view unknown_text = "\xE2\x80\x94"; // an em dash

/// The columns a terminal gives a UTF-8 string: one per code point (the table holds no wide
/// characters), so the em dash counts as one.
std::size_t display_width(std::string_view text) {
    std::size_t columns = 0;
    for (const unsigned char c : text) columns += (c & 0xC0) != 0x80;
    return columns;
}

std::string optional_number(const std::optional<double>& value, int decimals) {
    if (!value) return std::string(unknown_text);
    return fmt::format("{:.{}f}", *value, decimals);
}

template <class Quantity> std::optional<double> value_of(const std::optional<Quantity>& q) {
    if (!q) return std::nullopt;
    return q->value();
}

std::optional<double> dbu_of(const std::optional<level>& l) {
    if (!l) return std::nullopt;
    return l->dbu();
}

std::optional<double> khz_of(const std::optional<frequency>& f) {
    if (!f) return std::nullopt;
    return f->value() / 1e3;
}

double round_to_hundredths(double value) { return std::round(value * 100.0) / 100.0; }

nlohmann::ordered_json json_number(const std::optional<double>& value) {
    if (!value || !std::isfinite(*value)) return nullptr;
    return round_to_hundredths(*value);
}

std::vector<std::size_t> every_link(const analysed_rig& analysed) {
    std::vector<std::size_t> all(analysed.links().links.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    return all;
}

struct column {
    std::string_view title;
    bool right_aligned;
};

} // namespace

std::string render_levels_text(const analysed_rig& analysed, std::span<const std::size_t> selected) {
    static constexpr std::array<column, 8> columns{{
        {"FROM -> TO", false},
        {"KIND", false},
        {"POLARITY", true},
        {"LEVEL dBu", true},
        {"HEADROOM dB", true},
        {"TREBLE kHz", true},
        {"NOISE dBu", true},
        {"SNR dB", true},
    }};
    const auto& links = analysed.links().links;
    const auto signals = analysed.signals();
    const rig& r = analysed.rig();

    std::vector<std::array<std::string, columns.size()>> rows;
    rows.reserve(selected.size() + 1);
    std::array<std::string, columns.size()> header;
    for (std::size_t c = 0; c < columns.size(); ++c) header[c] = std::string(columns[c].title);
    rows.push_back(header);
    for (const std::size_t i : selected) {
        const link& l = links.at(i);
        const link_signal& s = signals[i];
        rows.push_back({
            fmt::format("{} -> {}", r.port_name(l.source), r.port_name(l.destination)),
            std::string(to_string(l.kind)),
            s.polarity < 0 ? "-1" : "+1",
            optional_number(dbu_of(s.level), 2),
            optional_number(value_of(s.headroom), 2),
            optional_number(khz_of(s.treble_corner), 1),
            optional_number(dbu_of(s.noise), 1),
            optional_number(value_of(s.snr), 1),
        });
    }

    std::array<std::size_t, columns.size()> widths{};
    for (const auto& row : rows)
        for (std::size_t c = 0; c < columns.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));

    std::string out;
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c > 0) out += "  ";
            const std::string padding(widths[c] - display_width(row[c]), ' ');
            out += columns[c].right_aligned ? padding + row[c] : row[c] + padding;
        }
        out += '\n';
    }
    return out;
}

std::string render_levels_json(const analysed_rig& analysed, std::span<const std::size_t> selected) {
    const auto& links = analysed.links().links;
    const auto signals = analysed.signals();
    const rig& r = analysed.rig();
    nlohmann::ordered_json connections = nlohmann::ordered_json::array();
    for (const std::size_t i : selected) {
        const link& l = links.at(i);
        const link_signal& s = signals[i];
        nlohmann::ordered_json row;
        row["from"] = r.port_name(l.source);
        row["to"] = r.port_name(l.destination);
        row["kind"] = std::string(to_string(l.kind));
        row["polarity"] = s.polarity < 0 ? -1 : 1;
        row["level_dbu"] = json_number(dbu_of(s.level));
        row["headroom_db"] = json_number(value_of(s.headroom));
        row["treble_corner_hz"] = json_number(value_of(s.treble_corner));
        row["noise_dbu"] = json_number(dbu_of(s.noise));
        row["snr_db"] = json_number(value_of(s.snr));
        connections.push_back(std::move(row));
    }
    nlohmann::ordered_json document;
    document["connections"] = std::move(connections);
    return document.dump(2) + "\n";
}

std::string render_levels_text(const analysed_rig& analysed) {
    return render_levels_text(analysed, every_link(analysed));
}

std::string render_levels_json(const analysed_rig& analysed) {
    return render_levels_json(analysed, every_link(analysed));
}

std::string path_name(const rig& r, const signal_path& path) {
    return r.port_name(path.source) + "->" + r.port_name(path.sink);
}

std::vector<const signal_path*> find_paths(const analysed_rig& analysed, std::string_view name) {
    // Port names hold no blanks, so dropping every blank normalises `a.out -> b.in` too.
    std::string wanted;
    for (const char c : name)
        if (c != ' ' && c != '\t') wanted += c;
    std::vector<const signal_path*> found;
    for (const auto& path : analysed.paths())
        if (path_name(analysed.rig(), path) == wanted) found.push_back(&path);
    return found;
}

std::vector<std::size_t> links_along(std::span<const signal_path* const> paths) {
    std::vector<std::size_t> result;
    std::unordered_set<std::size_t> seen;
    for (const auto* path : paths)
        for (const auto index : path->links)
            if (seen.insert(index).second) result.push_back(index);
    return result;
}

} // namespace rigcheck
