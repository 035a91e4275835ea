// Resolves device, gear, port and cable references into an index-linked rig, with located errors.
#include <rigcheck/load/builder.hpp>
#include <rigcheck/load/builtin_catalog.hpp>

#include <rigcheck/core/suggest.hpp>
#include <rigcheck/core/ids.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace rigcheck {
namespace {

std::vector<std::string_view> ids_of(const auto& items) {
    std::vector<std::string_view> ids;
    ids.reserve(items.size());
    for (const auto& item : items) ids.push_back(item.id);
    return ids;
}

} // namespace

rig_builder::rig_builder(std::string name) : name_(std::move(name)) {}

rig_builder& rig_builder::set_file(std::string file) {
    file_ = std::move(file);
    return *this;
}
rig_builder& rig_builder::set_name(std::string name) {
    name_ = std::move(name);
    return *this;
}
rig_builder& rig_builder::add_catalog(const catalog& c) {
    catalogs_.push_back(&c);
    return *this;
}
rig_builder& rig_builder::add_gear(gear g) {
    inline_gear_.push_back(std::move(g));
    return *this;
}
rig_builder& rig_builder::add_cable(cable c) {
    inline_cables_.push_back(std::move(c));
    return *this;
}
rig_builder& rig_builder::add_gear_transform(std::function<void(gear&)> transform) {
    transforms_.push_back(std::move(transform));
    return *this;
}
rig_builder& rig_builder::add_device(device_spec spec) {
    devices_.push_back(std::move(spec));
    return *this;
}
rig_builder& rig_builder::add_device(std::string id, std::string gear_id) {
    device_spec spec;
    spec.id = located_text(std::move(id));
    spec.gear = located_text(std::move(gear_id));
    return add_device(std::move(spec));
}
rig_builder& rig_builder::add_connection(connection_spec spec) {
    connections_.push_back(std::move(spec));
    return *this;
}
rig_builder& rig_builder::connect(std::string from, std::string to, std::vector<std::string> cable_chain,
                                  std::optional<rigcheck::length> length) {
    connection_spec spec;
    spec.from = located_text(std::move(from));
    spec.to = located_text(std::move(to));
    for (auto& id : cable_chain) spec.cables.emplace_back(std::move(id));
    spec.length = length;
    return add_connection(std::move(spec));
}
void rig_builder::report(input_error error) {
    ++reported_;
    if (errors_.size() < max_reported_input_errors)
        errors_.push_back(std::move(error));
    else
        ++dropped_;
}

std::optional<rig> rig_builder::try_build() {
    const auto error = [&](error_code code, source_position at, std::string message) {
        report({code, located(at.known() ? file_ : std::string(), at), std::move(message)});
    };
    // Past the error limit nobody reads the message, so its suggestions are not worked out.
    const auto suggest = [&](std::string_view wrong, std::span<const std::string_view> candidates) {
        return errors_.size() < max_reported_input_errors ? did_you_mean(wrong, candidates) : std::string();
    };
    const auto errors_before = reported_;
    rig result;
    result.name = name_;
    result.file = file_;

    // Lookup order: inline definitions, then catalogs (the later shadowing the earlier), then builtin.
    std::vector<const gear*> gear_sources;
    std::vector<const cable*> cable_sources;
    std::unordered_map<std::string_view, const gear*> gear_by_id;
    std::unordered_map<std::string_view, const cable*> cable_by_id;
    const auto& builtin = builtin_catalog();
    const auto register_catalog = [&](const catalog& c) {
        for (const auto& g : c.gear) gear_by_id[g.id] = &g;
        for (const auto& k : c.cables) cable_by_id[k.id] = &k;
    };
    register_catalog(builtin);
    for (const auto* c : catalogs_) register_catalog(*c);
    for (const auto& g : inline_gear_) gear_by_id[g.id] = &g;
    for (const auto& k : inline_cables_) cable_by_id[k.id] = &k;
    // The candidates of "did you mean", made once: a file with many dangling references would
    // otherwise sort every id again for each.
    std::optional<std::vector<std::string_view>> gear_ids, cable_ids, device_ids;
    const auto known_ids = [](std::optional<std::vector<std::string_view>> & cache, const auto& map) -> const auto& {
        if (!cache) {
            cache.emplace();
            for (const auto& [id, _] : map) cache->push_back(id);
            std::sort(cache->begin(), cache->end());
        }
        return *cache;
    };
    // Port lookups by id, per gear used: a gear with thousands of ports would make every
    // reference a linear search.
    std::vector<std::unordered_map<std::string_view, std::size_t>> port_index_of_gear;
    const auto find_port = [&](std::size_t gear_slot, std::string_view port_id) -> std::optional<std::size_t> {
        const auto& index = port_index_of_gear[gear_slot];
        const auto found = index.find(port_id);
        if (found == index.end()) return std::nullopt;
        return found->second;
    };

    // Gear built in code has not been through the loader's checks; a load of 0 ohm or a value
    // that is not finite would leave the analysis without numbers (docs/robustness.md#limits).
    const auto check_loads = [&](const gear& g, source_position used_at) {
        const auto check_face = [&](const port& p, const port_face& face) {
            const bool finite = std::isfinite(face.nominal.dbu()) && std::isfinite(face.max.dbu()) &&
                                std::isfinite(face.impedance.value()) && face.impedance.value() >= 0.0;
            if (!finite)
                error(error_code::invalid_value, used_at.known() ? used_at : g.position,
                      fmt::format("gear `{}` port `{}`: its levels and impedance must be finite", g.id, p.id));
            else if (p.direction != port_direction::out && !(face.impedance.value() > 0.0))
                error(error_code::invalid_value, used_at.known() ? used_at : g.position,
                      fmt::format("gear `{}` port `{}`: an input impedance must be above 0 ohm", g.id, p.id));
        };
        for (const port& p : g.ports) {
            if (p.is_combo()) {
                check_face(p, p.face(combo_face::xlr));
                check_face(p, p.face(combo_face::jack));
            } else {
                check_face(p, p.face());
            }
        }
    };

    std::unordered_map<std::string_view, std::size_t> used_gear;
    std::unordered_map<std::string_view, std::size_t> device_index;
    // Devices whose gear is unknown: already reported, so connections naming them stay quiet
    // instead of adding an "unknown device" error for a device that is plainly there.
    std::unordered_set<std::string_view> unresolved_devices;
    for (auto& spec : devices_) {
        if (const auto problem = id_problem(id_kind::device, spec.id.text)) {
            error(error_code::invalid_value, spec.id.position,
                  fmt::format("invalid device id `{}`: it {}", printable_text(spec.id.text), *problem));
            unresolved_devices.insert(spec.id.text);
            continue;
        }
        if (device_index.count(spec.id.text)) {
            error(error_code::duplicate_id, spec.id.position,
                  fmt::format("device `{}` is defined twice", spec.id.text));
            continue;
        }
        const auto found = gear_by_id.find(spec.gear.text);
        if (found == gear_by_id.end()) {
            error(error_code::unknown_reference, spec.gear.position,
                  fmt::format("device `{}` uses unknown gear `{}`{}", spec.id.text, spec.gear.text,
                              suggest(spec.gear.text, known_ids(gear_ids, gear_by_id))));
            unresolved_devices.insert(spec.id.text);
            continue;
        }
        auto [slot, inserted] = used_gear.emplace(found->second->id, result.gear.size());
        if (inserted) {
            result.gear.push_back(*found->second);
            for (const auto& transform : transforms_) transform(result.gear.back());
            auto& index = port_index_of_gear.emplace_back();
            const auto& ports = result.gear.back().ports;
            for (std::size_t p = 0; p < ports.size(); ++p) index.emplace(ports[p].id, p);
            check_loads(result.gear.back(), spec.gear.position);
        }
        const gear& g = result.gear[slot->second];
        device d;
        d.id = spec.id.text;
        d.gear = slot->second;
        d.label = spec.label;
        d.power = spec.power.value_or(g.power);
        d.spl = spec.spl.value_or(one_pascal);
        d.position = spec.position.known() ? spec.position : spec.id.position;
        d.settings.resize(g.ports.size());
        for (const auto& setting : spec.settings) {
            const auto port_index = find_port(slot->second, setting.port.text);
            if (!port_index) {
                error(error_code::unknown_reference, setting.port.position,
                      fmt::format("device `{}` ({}) has no port `{}`{}", d.id, g.id, setting.port.text,
                                  suggest(setting.port.text, ids_of(g.ports))));
                continue;
            }
            const port& p = g.ports[*port_index];
            if (p.direction == port_direction::out) {
                error(error_code::invalid_value, setting.port.position,
                      fmt::format("settings are keyed by input port; `{}.{}` is an output", d.id, p.id));
                continue;
            }
            port_setting& target = d.settings[*port_index];
            target.position = setting.port.position;
            const port_face& face = p.face(p.is_combo() ? std::optional(combo_face::xlr) : std::nullopt);
            if (setting.gain) {
                // A combo's gain may lie in either face's range: the plug decides which applies.
                static constexpr combo_face both_faces[] = {combo_face::xlr, combo_face::jack};
                const bool in_range = p.is_combo() ? std::any_of(std::begin(both_faces), std::end(both_faces),
                                                                 [&](combo_face f) {
                                                                     const auto& r = p.face(f).gain;
                                                                     return r && r->contains(*setting.gain);
                                                                 })
                                                   : face.gain && face.gain->contains(*setting.gain);
                if (!face.gain && !p.is_combo()) {
                    error(error_code::invalid_value, setting.gain_position,
                          fmt::format("`{}.{}` has no gain control (its gear gives no `gain` range)", d.id, p.id));
                } else if (!in_range) {
                    error(error_code::invalid_value, setting.gain_position,
                          fmt::format("gain {} dB is outside the range of `{}.{}` ({}..{} dB)", setting.gain->value(),
                                      d.id, p.id, face.gain ? face.gain->low.value() : 0.0,
                                      face.gain ? face.gain->high.value() : 0.0));
                } else {
                    target.gain = setting.gain;
                }
            }
            if (setting.pad) {
                const bool has_pad =
                    p.is_combo() ? (p.face(combo_face::xlr).pad || p.face(combo_face::jack).pad) : face.pad.has_value();
                if (*setting.pad && !has_pad)
                    error(error_code::invalid_value, setting.pad_position,
                          fmt::format("`{}.{}` has no pad", d.id, p.id));
                else
                    target.pad_engaged = *setting.pad;
            }
            if (setting.phantom) {
                if (*setting.phantom && !p.phantom)
                    error(error_code::invalid_value, setting.phantom_position,
                          fmt::format("`{}.{}` cannot supply phantom power (its gear gives no `phantom`)", d.id, p.id));
                else
                    target.phantom_on = *setting.phantom;
            }
        }
        device_index.emplace(spec.id.text, result.devices.size());
        result.devices.push_back(std::move(d));
    }

    std::unordered_map<std::string_view, std::size_t> used_cable;
    const auto resolve_cable = [&](const located_text& id) -> std::optional<std::size_t> {
        const auto found = cable_by_id.find(id.text);
        if (found == cable_by_id.end()) {
            error(error_code::unknown_reference, id.position,
                  fmt::format("unknown cable `{}`{}", id.text, suggest(id.text, known_ids(cable_ids, cable_by_id))));
            return std::nullopt;
        }
        if (found->second->ends.size() > max_cable_ends) {
            error(error_code::limit_exceeded, id.position,
                  fmt::format("cable `{}` has {} ends; a cable has at most {}", id.text, found->second->ends.size(),
                              max_cable_ends));
            return std::nullopt;
        }
        auto [slot, inserted] = used_cable.emplace(found->second->id, result.cables.size());
        if (inserted) result.cables.push_back(*found->second);
        return slot->second;
    };
    const auto resolve_port = [&](const located_text& text) -> std::optional<port_ref> {
        const auto dot = text.text.find('.');
        if (dot == std::string::npos) {
            error(error_code::invalid_value, text.position,
                  fmt::format("`{}` must name DEVICE.PORT, e.g. `desk.in-1`", text.text));
            return std::nullopt;
        }
        const std::string_view device_id = std::string_view(text.text).substr(0, dot);
        const std::string_view port_id = std::string_view(text.text).substr(dot + 1);
        const auto found = device_index.find(device_id);
        if (found == device_index.end() && unresolved_devices.count(device_id)) return std::nullopt;
        if (found == device_index.end()) {
            if (!device_ids) {
                device_ids.emplace();
                for (const auto& d : result.devices) device_ids->push_back(d.id);
            }
            error(error_code::unknown_reference, text.position,
                  fmt::format("unknown device `{}`{}", device_id, suggest(device_id, *device_ids)));
            return std::nullopt;
        }
        const std::size_t gear_slot = result.devices[found->second].gear;
        const gear& g = result.gear[gear_slot];
        const auto port_index = find_port(gear_slot, port_id);
        if (!port_index) {
            error(error_code::unknown_reference, text.position,
                  fmt::format("device `{}` ({}) has no port `{}`{}", device_id, g.id, port_id,
                              suggest(port_id, ids_of(g.ports))));
            return std::nullopt;
        }
        return port_ref{found->second, *port_index};
    };

    std::map<port_ref, source_position> port_users;
    for (auto& spec : connections_) {
        const auto errors_here = reported_;
        connection c;
        c.position = spec.position;
        c.length = spec.length;
        c.ignores = spec.ignores;
        if (spec.cables.empty()) {
            error(error_code::missing_key, spec.position,
                  "a connection needs a `cable` (an id, or a list for a chain)");
            continue;
        }
        for (const auto& id : spec.cables)
            if (const auto index = resolve_cable(id)) c.chain.push_back(*index);
        if (reported_ != errors_here) {
            // Still report the ends' references, so one run shows every dangling id.
            if (spec.from) resolve_port(*spec.from);
            if (spec.to) resolve_port(*spec.to);
            for (const auto& end : spec.ends) resolve_port(end.second);
            continue;
        }
        const cable& first = result.cables[c.chain.front()];
        const cable& last = result.cables[c.chain.back()];
        const bool two_ended = spec.from || spec.to;
        if (two_ended && !spec.ends.empty()) {
            error(error_code::invalid_connection, spec.position,
                  "a connection gives either `from`/`to` or `ends`, not both");
            continue;
        }
        if (two_ended) {
            if (!spec.from || !spec.to) {
                error(error_code::missing_key, spec.position, fmt::format("a connection needs both `from` and `to`"));
                continue;
            }
            if (first.ends.size() != 2 || last.ends.size() != 2) {
                const cable& multi = first.ends.size() != 2 ? first : last;
                error(error_code::invalid_connection, spec.cable_position,
                      fmt::format("cable `{}` has {} ends; name each one under `ends:`", multi.id, multi.ends.size()));
                continue;
            }
            const auto from = resolve_port(*spec.from);
            const auto to = resolve_port(*spec.to);
            if (!from || !to) continue;
            c.ends.push_back({0, *from, spec.from->position});
            c.ends.push_back({1, *to, spec.to->position});
        } else {
            if (spec.ends.empty()) {
                error(error_code::missing_key, spec.position, "a connection needs `from` and `to`, or `ends`");
                continue;
            }
            if (c.chain.size() != 1) {
                error(error_code::invalid_connection, spec.cable_position,
                      "a connection written with `ends` uses a single cable, not a chain");
                continue;
            }
            c.written_with_ends = true;
            for (const auto& [end_name, port_text] : spec.ends) {
                const auto end = first.find_end(end_name.text);
                if (!end) {
                    std::vector<std::string_view> names;
                    for (const auto& e : first.ends) names.push_back(e.name);
                    error(error_code::unknown_reference, end_name.position,
                          fmt::format("cable `{}` has no end `{}`{}", first.id, end_name.text,
                                      suggest(end_name.text, names)));
                    continue;
                }
                if (const auto ref = resolve_port(port_text)) c.ends.push_back({*end, *ref, port_text.position});
            }
        }
        if (reported_ != errors_here) continue;
        for (const auto& end : c.ends) {
            const auto [previous, fresh] = port_users.emplace(end.port, end.position);
            if (!fresh) {
                error(error_code::port_reused, end.position.known() ? end.position : c.position,
                      fmt::format("port `{}` is already used by the connection at line {}", result.port_name(end.port),
                                  previous->second.line));
            }
        }
        if (reported_ != errors_here) continue;
        result.connections.push_back(std::move(c));
    }
    if (reported_ != errors_before) return std::nullopt;
    return result;
}

rig rig_builder::build() {
    auto built = try_build();
    if (!built) throw load_error(errors_);
    return std::move(*built);
}

} // namespace rigcheck
