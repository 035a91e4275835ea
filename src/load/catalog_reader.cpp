// Reads gear (ports, faces, paths) and cables from the located YAML tree, resolving defaults.
#include <rigcheck/load/detail/catalog_reader.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace rigcheck::load {
namespace {

/// Resolves a face's fields into a port_face, with defaults from the signal class (docs/formats.md#gear).
std::optional<port_face> resolve_face(load_context& context, const written_face& fields, connector_type type,
                                      port_direction direction, node_id port_node, std::string_view port_name) {
    if (!fields.interface) {
        context.error(error_code::missing_key, port_node, fmt::format("port `{}` needs `interface`", port_name));
        return std::nullopt;
    }
    if (!fields.signal) {
        context.error(error_code::missing_key, port_node, fmt::format("port `{}` needs `signal`", port_name));
        return std::nullopt;
    }
    port_face face;
    face.interface = *fields.interface;
    face.signal = *fields.signal;
    const bool tip_sleeve_only =
        type == connector_type::ts_6_35 || type == connector_type::ts_3_5 || type == connector_type::rca;
    if (tip_sleeve_only && is_balanced_family(face.interface)) {
        context.error(error_code::invalid_value, port_node,
                      fmt::format("port `{}`: a {} connector has no cold contact, so it cannot be {}", port_name,
                                  to_string(type), to_string(face.interface)));
        return std::nullopt;
    }
    if (fields.pinout_name || fields.pinout_map) {
        auto written = pinout_for(fields, type, &context, port_name);
        if (!written) return std::nullopt;
        face.pinout = std::move(*written);
    } else if (fields.pinout_node != no_node) {
        return std::nullopt; // a pinout that did not read; its error is reported
    } else {
        auto defaulted = default_pinout(type, face.interface, direction);
        if (!defaulted) {
            context.error(
                error_code::missing_key, port_node,
                fmt::format("port `{}`: a {} connector needs an explicit `pinout`", port_name, to_string(type)));
            return std::nullopt;
        }
        face.pinout = std::move(*defaulted);
    }
    const auto defaults = defaults_for(face.signal);
    face.nominal = fields.nominal.value_or(defaults.nominal);
    face.max = fields.max.value_or(defaults.max);
    face.impedance = fields.impedance.value_or(direction == port_direction::out ? defaults.output_impedance
                                                                                : defaults.input_impedance);
    // An output may be an ideal 0 ohm source, but a load of 0 ohm would short every signal into
    // it and leave the divider of docs/analysis.md without a value (docs/robustness.md#limits).
    if (direction != port_direction::out && !(face.impedance.value() > 0.0)) {
        context.error(error_code::invalid_value, fields.impedance_node != no_node ? fields.impedance_node : port_node,
                      fmt::format("port `{}`: an input impedance must be above 0 ohm", port_name));
        return std::nullopt;
    }
    face.gain = fields.gain;
    face.pad = fields.pad;
    face.cmrr = fields.cmrr;
    face.sensitivity = fields.sensitivity;
    face.inductance = fields.inductance;
    return face;
}

} // namespace

void written_face::fill_from(const written_face& outer) {
    if (!interface) interface = outer.interface;
    if (!signal) signal = outer.signal;
    if (pinout_node == no_node) {
        pinout_node = outer.pinout_node;
        pinout_name = outer.pinout_name;
        pinout_map = outer.pinout_map;
    }
    if (!nominal) nominal = outer.nominal;
    if (!max) max = outer.max;
    if (!impedance) {
        impedance = outer.impedance;
        impedance_node = outer.impedance_node;
    }
    if (!gain) gain = outer.gain;
    if (!pad) pad = outer.pad;
    if (!cmrr) cmrr = outer.cmrr;
    if (!sensitivity) sensitivity = outer.sensitivity;
    if (!inductance) inductance = outer.inductance;
}

written_face read_written_face(load_context& context, const mapping_view& map) {
    written_face fields;
    if (const auto n = map.find("interface"); n != no_node)
        fields.interface = context.read_enum<interface_kind>(n, "interface", interface_kind_names());
    if (const auto n = map.find("signal"); n != no_node)
        fields.signal = context.read_enum<signal_class>(n, "signal", signal_class_names());
    if (const auto n = map.find("pinout"); n != no_node) {
        fields.pinout_node = n;
        if (context.is_mapping(n)) {
            std::vector<written_face::mapped_contact> contacts;
            bool ok = true;
            context.document().for_each_entry(n, [&](node_id key, node_id value) {
                const auto contact = context.read_string(key, "pinout contact");
                const auto role_text = context.read_string(value, "pinout role");
                if (!contact || !role_text) {
                    ok = false;
                    return;
                }
                const auto role = parse_signal_role(*role_text);
                if (!role) {
                    context.error(error_code::invalid_value, value,
                                  fmt::format("`{}` is not a signal role; expected hot, cold, ground, left, right, "
                                              "send, return or nc, optionally prefixed by a channel (`ch2.hot`)",
                                              printable_text(*role_text)));
                    ok = false;
                    return;
                }
                contacts.push_back({*contact, key, *role});
            });
            if (ok) fields.pinout_map = std::move(contacts);
        } else if (const auto name = context.read_string(n, "pinout")) {
            const auto all = named_pinouts();
            if (std::find(all.begin(), all.end(), *name) == all.end())
                context.error(error_code::invalid_value, n,
                              fmt::format("unknown pinout `{}`{}", printable_text(*name), did_you_mean(*name, all)));
            else
                fields.pinout_name = *name;
        }
    }
    if (const auto n = map.find("nominal"); n != no_node)
        fields.nominal = context.read_quantity(n, "nominal", &parse_level);
    if (const auto n = map.find("max"); n != no_node) fields.max = context.read_quantity(n, "max", &parse_level);
    if (const auto n = map.find("impedance"); n != no_node) {
        fields.impedance = context.read_quantity(n, "impedance", &parse_impedance);
        fields.impedance_node = n;
    }
    if (const auto n = map.find("gain"); n != no_node)
        fields.gain = context.read_quantity(n, "gain", &parse_gain_range);
    if (const auto n = map.find("pad"); n != no_node) fields.pad = context.read_quantity(n, "pad", &parse_gain);
    if (const auto n = map.find("cmrr"); n != no_node) fields.cmrr = context.read_quantity(n, "cmrr", &parse_gain);
    if (const auto n = map.find("sensitivity"); n != no_node)
        fields.sensitivity = context.read_quantity(n, "sensitivity", &parse_sensitivity);
    if (const auto n = map.find("inductance"); n != no_node)
        fields.inductance = context.read_quantity(n, "inductance", &parse_inductance);
    return fields;
}

std::optional<pinout> pinout_for(const written_face& fields, connector_type type, load_context* context,
                                 std::string_view port_name) {
    if (fields.pinout_name) {
        auto named = named_pinout(*fields.pinout_name, type);
        if (!named && context)
            context->error(error_code::invalid_value, fields.pinout_node,
                           fmt::format("port `{}`: pinout `{}` does not fit a {} connector", port_name,
                                       *fields.pinout_name, to_string(type)));
        return named;
    }
    if (!fields.pinout_map) return std::nullopt;
    const auto names = contact_names(type);
    pinout result{"custom", std::vector<signal_role>(names.size())};
    for (const auto& [contact, key, role] : *fields.pinout_map) {
        const auto index = find_contact(type, contact);
        if (!index || *index >= result.roles.size()) {
            if (!context) return std::nullopt;
            context->error(error_code::invalid_value, key,
                           fmt::format("port `{}`: `{}` is not a contact of {}{}", port_name, printable_text(contact),
                                       to_string(type), did_you_mean(contact, names)));
            return std::nullopt;
        }
        result.roles[*index] = role;
    }
    return result;
}

namespace {

std::optional<port> read_port(load_context& context, node_id node, std::string_view gear_id) {
    mapping_view map(context, node, fmt::format("a port of `{}`", gear_id), keys::port);
    if (!map.valid()) return std::nullopt;
    const auto errors_before = context.error_count();
    port result;
    result.position = context.position(node);
    const auto id_node = map.require("id");
    if (id_node != no_node) {
        if (auto id = context.read_id(id_node, id_kind::port)) result.id = std::move(*id);
    }
    const std::string name = result.id.empty() ? std::string("?") : result.id;
    const auto direction_node = map.require("direction");
    std::optional<port_direction> direction;
    if (direction_node != no_node)
        direction = context.read_enum<port_direction>(direction_node, "direction", port_direction_names());
    const auto connector_node = map.require("connector");
    std::optional<connector> plug;
    if (connector_node != no_node) {
        if (const auto text = context.read_string(connector_node, "connector")) {
            plug = parse_connector(*text);
            if (!plug)
                context.error(error_code::invalid_value, connector_node,
                              fmt::format("port `{}`: `{}` is not a connector; write TYPE-male or TYPE-female "
                                          "(e.g. `xlr3-female`, `ts-6.35-male`) or `combo`",
                                          name, *text));
        }
    }
    if (const auto n = map.find("phantom"); n != no_node)
        result.phantom = context.read_enum<phantom_kind>(n, "phantom", phantom_kind_names());
    const written_face shared = read_written_face(context, map);
    const auto faces_node = map.find("faces");
    if (!direction || !plug || context.error_count() != errors_before) return std::nullopt;
    result.direction = *direction;
    result.connector = *plug;

    if (plug->type == connector_type::combo) {
        if (*direction != port_direction::in) {
            context.error(error_code::invalid_value, direction_node,
                          fmt::format("port `{}`: a combo socket is always an input", name));
            return std::nullopt;
        }
        if (faces_node == no_node) {
            context.error(error_code::missing_key, node,
                          fmt::format("combo port `{}` needs `faces` (xlr and jack)", name));
            return std::nullopt;
        }
        mapping_view faces(context, faces_node, fmt::format("the faces of port `{}`", name), keys::combo_faces);
        if (!faces.valid()) return std::nullopt;
        const auto xlr_node = faces.require("xlr");
        const auto jack_node = faces.require("jack");
        if (xlr_node == no_node || jack_node == no_node) return std::nullopt;
        mapping_view xlr_map(context, xlr_node, fmt::format("the xlr face of port `{}`", name), keys::face);
        mapping_view jack_map(context, jack_node, fmt::format("the jack face of port `{}`", name), keys::face);
        if (!xlr_map.valid() || !jack_map.valid()) return std::nullopt;
        written_face xlr_fields = read_written_face(context, xlr_map);
        written_face jack_fields = read_written_face(context, jack_map);
        xlr_fields.fill_from(shared);
        jack_fields.fill_from(shared);
        auto xlr = resolve_face(context, xlr_fields, connector_type::xlr3, *direction, xlr_node, name);
        auto jack = resolve_face(context, jack_fields, connector_type::trs_6_35, *direction, jack_node, name);
        if (!xlr || !jack) return std::nullopt;
        result.faces = combo_faces{std::move(*xlr), std::move(*jack)};
        return result;
    }
    if (faces_node != no_node) {
        context.error(error_code::invalid_value, map.find_key("faces"),
                      fmt::format("port `{}`: only a `combo` connector has `faces`", name));
        return std::nullopt;
    }
    if (*direction == port_direction::insert &&
        !(plug->type == connector_type::trs_6_35 || plug->type == connector_type::trs_3_5 ||
          plug->type == connector_type::bantam)) {
        context.error(error_code::invalid_value, connector_node,
                      fmt::format("port `{}`: an insert port carries send and return on one TRS jack, not on {}", name,
                                  to_string(*plug)));
        return std::nullopt;
    }
    auto face = resolve_face(context, shared, plug->type, *direction, node, name);
    if (!face) return std::nullopt;
    result.faces = std::move(*face);
    return result;
}

std::optional<internal_path> read_path(load_context& context, node_id node, const gear& owner) {
    mapping_view map(context, node, fmt::format("a path of `{}`", owner.id), keys::path);
    if (!map.valid()) return std::nullopt;
    internal_path path;
    path.position = context.position(node);
    bool ok = true;
    const auto read_end = [&](std::string_view key, bool from) -> std::optional<std::size_t> {
        const auto n = map.require(key);
        if (n == no_node) {
            ok = false;
            return std::nullopt;
        }
        const auto text = context.read_string(n, key);
        if (!text) {
            ok = false;
            return std::nullopt;
        }
        const auto index = owner.find_port(*text);
        if (!index) {
            std::vector<std::string_view> ids;
            for (const auto& p : owner.ports) ids.push_back(p.id);
            context.error(error_code::unknown_reference, n,
                          fmt::format("gear `{}` has no port `{}`{}", owner.id, *text, did_you_mean(*text, ids)));
            ok = false;
            return std::nullopt;
        }
        const auto direction = owner.ports[*index].direction;
        const bool fits = from ? direction != port_direction::out : direction != port_direction::in;
        if (!fits) {
            context.error(
                error_code::invalid_value, n,
                fmt::format("a path runs from an input to an output; port `{}` is an {}", *text, to_string(direction)));
            ok = false;
        }
        return index;
    };
    const auto from = read_end("from", true);
    const auto to = read_end("to", false);
    if (const auto n = map.find("gain"); n != no_node) {
        if (context.is_scalar(n) && context.at(n).text == "setting")
            path.transfer_gain = gain_from_setting{};
        else if (const auto g = context.read_quantity(n, "gain", &parse_gain))
            path.transfer_gain = *g;
        else
            ok = false;
    }
    if (const auto n = map.find("ratio"); n != no_node) {
        if (!context.is_scalar(n)) {
            context.expect(n, yaml_kind::scalar, "ratio");
            ok = false;
        } else {
            std::string message;
            const auto ratio = parse_ratio(context.at(n).text, !context.at(n).plain, message);
            if (!ratio) {
                context.error(error_code::invalid_value, n, fmt::format("`ratio`: {}", message));
                ok = false;
            }
            path.turns_ratio = ratio;
        }
    }
    if (const auto n = map.find("isolation"); n != no_node) {
        static constexpr std::string_view isolation_names[] = {"none", "transformer"};
        if (const auto index = context.read_choice(n, "isolation", isolation_names))
            path.isolation = static_cast<isolation_kind>(*index);
        else
            ok = false;
    }
    if (!ok || !from || !to) return std::nullopt;
    path.from = *from;
    path.to = *to;
    return path;
}

/// Parses "end.contact" against a cable's ends.
std::optional<cable_contact> read_cable_contact(load_context& context, node_id node, const cable& owner,
                                                std::string_view what) {
    const auto text = context.read_string(node, what);
    if (!text) return std::nullopt;
    const auto dot = text->find('.');
    if (dot == std::string::npos) {
        context.error(error_code::invalid_value, node,
                      fmt::format("`{}`: `{}` must name END.CONTACT, e.g. `a.2` or `b.T`", what, *text));
        return std::nullopt;
    }
    const auto end_name = std::string_view(*text).substr(0, dot);
    const auto contact_name = std::string_view(*text).substr(dot + 1);
    const auto end = owner.find_end(end_name);
    if (!end) {
        std::vector<std::string_view> names;
        for (const auto& e : owner.ends) names.push_back(e.name);
        context.error(error_code::unknown_reference, node,
                      fmt::format("cable `{}` has no end `{}`{}", owner.id, end_name, did_you_mean(end_name, names)));
        return std::nullopt;
    }
    const auto type = owner.ends[*end].connector.type;
    const auto contact = find_contact(type, contact_name);
    if (!contact) {
        context.error(error_code::unknown_reference, node,
                      fmt::format("end `{}` of cable `{}` is a {}, which has no contact `{}`{}", end_name, owner.id,
                                  to_string(type), contact_name, did_you_mean(contact_name, contact_names(type))));
        return std::nullopt;
    }
    return cable_contact{*end, *contact};
}

} // namespace

std::optional<gear> read_gear(load_context& context, node_id node) {
    mapping_view map(context, node, "a gear entry", keys::gear);
    if (!map.valid()) return std::nullopt;
    const auto errors_before = context.error_count();
    gear result;
    result.file = context.document().file();
    result.position = context.position(node);
    if (const auto n = map.require("id"); n != no_node) {
        if (auto id = context.read_id(n, id_kind::gear)) result.id = std::move(*id);
    }
    if (const auto n = map.find("manufacturer"); n != no_node)
        result.manufacturer = context.read_string(n, "manufacturer").value_or("");
    if (const auto n = map.find("model"); n != no_node) result.model = context.read_string(n, "model").value_or("");
    if (const auto n = map.find("description"); n != no_node)
        result.description = context.read_string(n, "description").value_or("");
    if (const auto n = map.find("category"); n != no_node)
        result.category =
            context.read_enum<gear_category>(n, "category", gear_category_names()).value_or(gear_category::other);
    if (const auto n = map.find("power"); n != no_node)
        result.power = context.read_enum<power_kind>(n, "power", power_kind_names()).value_or(power_kind::passive);
    if (const auto n = map.find("quirks"); n != no_node)
        result.quirks = context.read_string_list(n, "quirks").value_or(std::vector<std::string>{});
    if (const auto n = map.require("ports"); n != no_node && context.expect(n, yaml_kind::sequence, "ports")) {
        std::unordered_set<std::string> port_ids;
        context.document().for_each_child(n, [&](node_id child) {
            auto p = read_port(context, child, result.id);
            if (!p) return;
            if (!port_ids.insert(p->id).second) {
                context.error(error_code::duplicate_id, child,
                              fmt::format("gear `{}` defines port `{}` twice", result.id, p->id));
                return;
            }
            result.ports.push_back(std::move(*p));
        });
    }
    if (const auto n = map.find("paths"); n != no_node && context.expect(n, yaml_kind::sequence, "paths")) {
        context.document().for_each_child(n, [&](node_id child) {
            if (auto p = read_path(context, child, result)) result.paths.push_back(std::move(*p));
        });
    }
    if (context.error_count() != errors_before) return std::nullopt;
    return result;
}

std::optional<cable> read_cable(load_context& context, node_id node) {
    mapping_view map(context, node, "a cable entry", keys::cable);
    if (!map.valid()) return std::nullopt;
    const auto errors_before = context.error_count();
    cable result;
    result.file = context.document().file();
    result.position = context.position(node);
    if (const auto n = map.require("id"); n != no_node) result.id = context.read_id(n, id_kind::cable).value_or("");
    if (const auto n = map.find("description"); n != no_node)
        result.description = context.read_string(n, "description").value_or("");
    const auto ends_node = map.require("ends");
    if (ends_node != no_node && context.expect(ends_node, yaml_kind::mapping, "ends")) {
        if (context.at(ends_node).child_count / 2 > max_cable_ends) {
            context.error(error_code::limit_exceeded, ends_node,
                          fmt::format("cable `{}` has {} ends; a cable has at most {}", result.id,
                                      context.at(ends_node).child_count / 2, max_cable_ends));
            return std::nullopt;
        }
        context.document().for_each_entry(ends_node, [&](node_id key, node_id value) {
            const auto name = context.read_string(key, "cable end name");
            const auto text = context.read_string(value, "cable end connector");
            if (!name || !text) return;
            const auto plug = parse_connector(*text);
            if (!plug || plug->type == connector_type::combo) {
                context.error(
                    error_code::invalid_value, value,
                    fmt::format("cable end `{}`: `{}` is not a cable connector; write TYPE-male or TYPE-female", *name,
                                *text));
                return;
            }
            result.ends.push_back({*name, *plug});
        });
        if (context.error_count() == errors_before && result.ends.size() < 2)
            context.error(error_code::invalid_value, ends_node,
                          fmt::format("cable `{}` needs at least two ends", result.id));
    }
    if (context.error_count() != errors_before) return std::nullopt;
    if (const auto n = map.find("wiring"); n != no_node && context.expect(n, yaml_kind::sequence, "wiring")) {
        context.document().for_each_child(n, [&](node_id net_node) {
            if (!context.expect(net_node, yaml_kind::sequence, "a wiring net")) return;
            std::vector<cable_contact> net;
            context.document().for_each_child(net_node, [&](node_id contact_node) {
                if (const auto contact = read_cable_contact(context, contact_node, result, "wiring"))
                    net.push_back(*contact);
            });
            result.wiring.push_back(std::move(net));
        });
    }
    if (const auto n = map.find("shield"); n != no_node && context.expect(n, yaml_kind::sequence, "shield")) {
        context.document().for_each_child(n, [&](node_id contact_node) {
            if (const auto contact = read_cable_contact(context, contact_node, result, "shield"))
                result.shield.push_back(*contact);
        });
    }
    if (const auto n = map.find("series"); n != no_node && context.expect(n, yaml_kind::mapping, "series")) {
        context.document().for_each_entry(n, [&](node_id key, node_id value) {
            const auto contact = read_cable_contact(context, key, result, "series");
            const auto resistance = context.read_quantity(value, "series", &parse_impedance);
            if (contact && resistance) result.series.push_back({*contact, *resistance});
        });
    }
    if (const auto n = map.find("capacitance"); n != no_node) {
        if (const auto c = context.read_quantity(n, "capacitance", &parse_capacitance_per_length))
            result.capacitance = *c;
    }
    if (const auto n = map.find("adapter"); n != no_node)
        result.adapter = context.read_bool(n, "adapter").value_or(false);
    if (context.error_count() != errors_before) return std::nullopt;
    return result;
}

void read_gear_list(load_context& context, node_id list, std::vector<gear>& into) {
    if (!context.expect(list, yaml_kind::sequence, "gear")) return;
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < into.size(); ++i) seen.emplace(into[i].id, i);
    context.document().for_each_child(list, [&](node_id child) {
        auto g = read_gear(context, child);
        if (!g) return;
        if (const auto found = seen.find(g->id); found != seen.end()) {
            context.error(error_code::duplicate_id, child,
                          fmt::format("gear `{}` is defined twice; the first is at line {}", g->id,
                                      into[found->second].position.line));
            return;
        }
        seen.emplace(g->id, into.size());
        into.push_back(std::move(*g));
    });
}

void read_cable_list(load_context& context, node_id list, std::vector<cable>& into) {
    if (!context.expect(list, yaml_kind::sequence, "cables")) return;
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < into.size(); ++i) seen.emplace(into[i].id, i);
    context.document().for_each_child(list, [&](node_id child) {
        auto c = read_cable(context, child);
        if (!c) return;
        if (const auto found = seen.find(c->id); found != seen.end()) {
            context.error(error_code::duplicate_id, child,
                          fmt::format("cable `{}` is defined twice; the first is at line {}", c->id,
                                      into[found->second].position.line));
            return;
        }
        seen.emplace(c->id, into.size());
        into.push_back(std::move(*c));
    });
}

bool check_version_key(load_context& context, node_id root, std::string_view version_key, std::string_view kind) {
    static constexpr std::pair<std::string_view, std::string_view> kinds[] = {{"rigcheck", "rig"},
                                                                              {"rigcheck-catalog", "catalog"},
                                                                              {"rigcheck-rules", "rule pack"},
                                                                              {"rigcheck-config", "config"}};
    if (!context.is_mapping(root)) {
        context.error(error_code::wrong_type, root,
                      fmt::format("a {} file must be a mapping that starts with `{}: 1`", kind, version_key));
        return false;
    }
    node_id value = no_node;
    std::string_view other_kind;
    context.document().for_each_entry(root, [&](node_id key, node_id v) {
        if (!context.is_scalar(key)) return;
        const auto& text = context.at(key).text;
        if (text == version_key) value = v;
        for (const auto& [k, name] : kinds)
            if (text == k && k != version_key) other_kind = name;
    });
    if (value == no_node) {
        context.error(
            error_code::version, root,
            other_kind.empty()
                ? fmt::format("missing `{}: 1`: every {} file starts with its format version", version_key, kind)
                : fmt::format("this is a {} file, not a {} file (it has no `{}: 1`)", other_kind, kind, version_key));
        return false;
    }
    if (!context.is_scalar(value)) {
        context.error(error_code::version, value,
                      fmt::format("`{}` must be the format version 1, not {}; write `{}: 1`", version_key,
                                  context.kind_name(value), version_key));
        return false;
    }
    const auto& version = context.at(value);
    if (version.text != "1") {
        context.error(
            error_code::version, value,
            fmt::format("unsupported format version `{}`; this rigcheck reads `{}: 1`", version.text, version_key));
        return false;
    }
    if (!version.plain) {
        // The JSON Schemas say the version is the integer 1, so editors flag "1"; agree with them.
        context.error(
            error_code::version, value,
            fmt::format("the format version is the number 1, not the string \"1\"; write `{}: 1` without quotes",
                        version_key));
        return false;
    }
    return true;
}

} // namespace rigcheck::load
