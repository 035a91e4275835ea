// Gear overrides: the quirk overlays of rule packs (docs/rule-packs.md `gear-overrides`).
//
// An override matches gear by globs on its scalar fields and then replaces gear fields (`set`)
// and patches the ports whose ids match a glob (`ports`). Overrides are applied to every gear a
// rig uses, builtin, catalog or inline, before analysis, which is how a pack that says "Acme
// X-100 outputs are pin 3 hot" changes the polarity that link tracing computes. Shapes and
// values are checked when the pack loads; whether a patch fits a given port (a pinout for its
// connector, a balanced interface on a jack with a ring) can only be known per port, and a patch
// that does not fit leaves that port, or that face of a combo, as it was.
#include <rigcheck/rules/detail/rule_set_data.hpp>
#include <rigcheck/rules/detail/pack_keys.hpp>

#include <rigcheck/load/quantity_parser.hpp>
#include <rigcheck/core/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace rigcheck::rules_detail {
namespace {

using load::load_context;
using load::mapping_view;
using load::no_node;
using load::node_id;
using load::yaml_kind;

std::optional<port_patch> read_port_patch(load_context& context, node_id node, std::string_view glob) {
    mapping_view map(context, node, fmt::format("the port patch `{}`", glob), keys::port_patch);
    if (!map.valid()) return std::nullopt;
    const auto errors_before = context.error_count();
    // Direction and connector decide a port's pinout and the meaning of its impedance; changing
    // them is defining other gear, which a catalog does better than an overlay.
    for (const std::string_view fixed : {"direction", "connector"})
        if (const auto key = map.find_key(fixed); key != no_node)
            context.error(
                error_code::invalid_value, key,
                fmt::format("a gear override cannot change a port's `{}`; define the gear in a catalog instead",
                            fixed));
    port_patch patch;
    patch.shared = load::read_written_face(context, map);
    if (const auto n = map.find("phantom"); n != no_node)
        patch.phantom = context.read_enum<phantom_kind>(n, "phantom", phantom_kind_names());
    if (const auto n = map.find("faces"); n != no_node) {
        mapping_view faces(context, n, fmt::format("the faces of the port patch `{}`", glob), load::keys::combo_faces);
        if (faces.valid()) {
            if (const auto x = faces.find("xlr"); x != no_node) {
                mapping_view face(context, x, "the xlr face patch", load::keys::face);
                if (face.valid()) patch.xlr = load::read_written_face(context, face);
            }
            if (const auto j = faces.find("jack"); j != no_node) {
                mapping_view face(context, j, "the jack face patch", load::keys::face);
                if (face.valid()) patch.jack = load::read_written_face(context, face);
            }
        }
    }
    // A port glob can match inputs, and a load of 0 ohm would short every signal into them
    // (docs/robustness.md#limits); an ideal 0 ohm output belongs in a catalog, where its direction is known.
    for (const auto* face : {&patch.shared, patch.xlr ? &*patch.xlr : nullptr, patch.jack ? &*patch.jack : nullptr}) {
        if (face && face->impedance && !(face->impedance->value() > 0.0))
            context.error(error_code::invalid_value, face->impedance_node,
                          "a gear override's `impedance` must be above 0 ohm: an input it matches would get a load "
                          "of 0 ohm");
    }
    if (context.error_count() != errors_before) return std::nullopt;
    return patch;
}

/// Applies a patch to one face; false (and the face untouched) when it does not fit the face's
/// connector.
bool apply_face_patch(const load::written_face& patch, port_face& face, connector_type type, port_direction direction) {
    port_face result = face;
    if (patch.signal && *patch.signal != face.signal) {
        // Values the gear left to its signal class follow the new class; explicit ones stay.
        const auto before = defaults_for(face.signal);
        const auto after = defaults_for(*patch.signal);
        const bool is_output = direction == port_direction::out;
        if (result.nominal == before.nominal) result.nominal = after.nominal;
        if (result.max == before.max) result.max = after.max;
        const auto old_impedance = is_output ? before.output_impedance : before.input_impedance;
        if (result.impedance == old_impedance)
            result.impedance = is_output ? after.output_impedance : after.input_impedance;
        result.signal = *patch.signal;
    }
    if (patch.interface) result.interface = *patch.interface;
    const bool tip_sleeve_only =
        type == connector_type::ts_6_35 || type == connector_type::ts_3_5 || type == connector_type::rca;
    if (tip_sleeve_only && is_balanced_family(result.interface)) return false;

    if (patch.pinout_name || patch.pinout_map) {
        auto written = load::pinout_for(patch, type, nullptr, {});
        if (!written) return false;
        result.pinout = std::move(*written);
    } else if (patch.interface && *patch.interface != face.interface) {
        // A defaulted pinout follows the interface (docs/formats.md#pinouts); a pinout the gear named stays.
        const auto old_default = default_pinout(type, face.interface, direction);
        if (old_default && *old_default == face.pinout) {
            auto new_default = default_pinout(type, result.interface, direction);
            if (!new_default) return false;
            result.pinout = std::move(*new_default);
        }
    }
    if (patch.nominal) result.nominal = *patch.nominal;
    if (patch.max) result.max = *patch.max;
    if (patch.impedance) result.impedance = *patch.impedance;
    if (direction != port_direction::out && !(result.impedance.value() > 0.0)) return false;
    if (patch.gain) result.gain = *patch.gain;
    if (patch.pad) result.pad = *patch.pad;
    if (patch.cmrr) result.cmrr = *patch.cmrr;
    if (patch.sensitivity) result.sensitivity = *patch.sensitivity;
    if (patch.inductance) result.inductance = *patch.inductance;
    face = std::move(result);
    return true;
}

void apply_port_patch(const port_patch& patch, port& p) {
    if (patch.phantom) p.phantom = *patch.phantom;
    if (!p.is_combo()) {
        apply_face_patch(patch.shared, p.face(), p.connector.type, p.direction);
        return;
    }
    // Each combo face behaves as its own connector; the shared fields go to both faces.
    for (const combo_face which : {combo_face::xlr, combo_face::jack}) {
        port_face& face = p.face(which);
        const auto type = face_connector(which).type;
        apply_face_patch(patch.shared, face, type, p.direction);
        const auto& specific = which == combo_face::xlr ? patch.xlr : patch.jack;
        if (specific) apply_face_patch(*specific, face, type, p.direction);
    }
}

std::string_view gear_field(const gear& g, std::string_view field) {
    if (field == "id") return g.id;
    if (field == "manufacturer") return g.manufacturer;
    if (field == "model") return g.model;
    if (field == "description") return g.description;
    if (field == "category") return to_string(g.category);
    if (field == "power") return to_string(g.power);
    return {};
}

} // namespace

bool glob_matches(std::string_view text, std::string_view pattern) {
    // Iterative matching with one backtrack point for the last `*`: linear in practice, and
    // never exponential whatever the pattern.
    std::size_t t = 0;
    std::size_t p = 0;
    std::size_t star = std::string_view::npos;
    std::size_t resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

namespace {

/// Longest glob accepted in `match` or `ports`. Globs match gear fields and port ids, which are
/// short; a longer pattern can only be a mistake or an attempt to slow matching down, since each
/// glob is tried against every gear that loads.
constexpr std::size_t max_glob_length = 256;

bool glob_within_limit(load_context& context, node_id node, const std::string& glob) {
    if (glob.size() <= max_glob_length) return true;
    context.error(error_code::limit_exceeded, node,
                  fmt::format("glob is {} bytes long, over the limit of {} bytes", glob.size(), max_glob_length));
    return false;
}

} // namespace

std::optional<gear_override> read_gear_override(load_context& context, node_id node) {
    mapping_view map(context, node, "a gear override", keys::override_entry);
    if (!map.valid()) return std::nullopt;
    const auto errors_before = context.error_count();
    gear_override result;
    if (const auto n = map.require("match"); n != no_node) {
        mapping_view match(context, n, "`match`", keys::match);
        if (match.valid()) {
            context.document().for_each_entry(n, [&](node_id key, node_id value) {
                if (!context.is_scalar(key)) return;
                const auto& field = context.at(key).text;
                if (auto glob = context.read_string(value, fmt::format("match.{}", field));
                    glob && glob_within_limit(context, value, *glob))
                    result.match.emplace_back(field, std::move(*glob));
            });
            if (context.at(n).child_count == 0)
                context.error(error_code::invalid_value, n, "`match` must name at least one gear field");
        }
    }
    const auto set_node = map.find("set");
    const auto ports_node = map.find("ports");
    if (set_node == no_node && ports_node == no_node)
        context.error(error_code::missing_key, node, "a gear override needs `set`, `ports` or both");
    if (set_node != no_node) {
        mapping_view set(context, set_node, "`set`", keys::set);
        if (set.valid()) {
            if (const auto n = set.find("manufacturer"); n != no_node)
                result.manufacturer = context.read_string(n, "manufacturer");
            if (const auto n = set.find("model"); n != no_node) result.model = context.read_string(n, "model");
            if (const auto n = set.find("description"); n != no_node)
                result.description = context.read_string(n, "description");
            if (const auto n = set.find("category"); n != no_node)
                result.category = context.read_enum<gear_category>(n, "category", gear_category_names());
            if (const auto n = set.find("power"); n != no_node)
                result.power = context.read_enum<power_kind>(n, "power", power_kind_names());
            if (const auto n = set.find("quirks"); n != no_node) result.quirks = context.read_string_list(n, "quirks");
        }
    }
    if (ports_node != no_node && context.expect(ports_node, yaml_kind::mapping, "ports")) {
        context.document().for_each_entry(ports_node, [&](node_id key, node_id value) {
            const auto glob = context.read_string(key, "port glob");
            if (!glob || !glob_within_limit(context, key, *glob)) return;
            if (auto patch = read_port_patch(context, value, *glob))
                result.ports.emplace_back(*glob, std::move(*patch));
        });
    }
    if (context.error_count() != errors_before) return std::nullopt;
    return result;
}

bool override_matches(const gear_override& o, const gear& g) {
    return std::all_of(o.match.begin(), o.match.end(),
                       [&](const auto& entry) { return glob_matches(gear_field(g, entry.first), entry.second); });
}

void apply_override(const gear_override& o, gear& g) {
    if (o.manufacturer) g.manufacturer = *o.manufacturer;
    if (o.model) g.model = *o.model;
    if (o.description) g.description = *o.description;
    if (o.category) g.category = *o.category;
    if (o.power) g.power = *o.power;
    if (o.quirks) g.quirks = *o.quirks;
    for (const auto& [glob, patch] : o.ports)
        for (auto& p : g.ports)
            if (glob_matches(p.id, glob)) apply_port_patch(patch, p);
}

} // namespace rigcheck::rules_detail
