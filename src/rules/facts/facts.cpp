// The fact tables of the rule scopes (docs/rule-facts.md) and the binding of one fact for one
// subject. The tables are the single place where fact names are spelled; the engine only deals
// in slots.
#include <rigcheck/rules/detail/facts.hpp>

#include <rigcheck/rules/detail/fact_binders.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace rigcheck::rules_detail {
namespace {

using expr::value;
using expr::value_type;
using namespace binders;

template <class Field>
fact_definition fact(std::string name, value_type type, fact_group group, Field field, bool display = false) {
    fact_definition made;
    made.name = std::move(name);
    made.type = type;
    made.group = group;
    made.field = static_cast<std::uint8_t>(field);
    made.display = display;
    return made;
}

struct port_fact_spec {
    std::string_view name;
    value_type type;
    port_field field;
};

/// The port facts, in the order docs/rule-facts.md lists them.
constexpr port_fact_spec port_fact_specs[] = {
    {"device", value_type::string, port_field::device},
    {"port", value_type::string, port_field::port},
    {"connector", value_type::string, port_field::connector},
    {"direction", value_type::string, port_field::direction},
    {"interface", value_type::string, port_field::interface},
    {"signal", value_type::string, port_field::signal},
    {"stereo", value_type::boolean, port_field::stereo},
    {"impedance_ohm", value_type::number, port_field::impedance_ohm},
    {"nominal_dbu", value_type::number, port_field::nominal_dbu},
    {"max_dbu", value_type::number, port_field::max_dbu},
    {"phantom", value_type::boolean, port_field::phantom},
    {"phantom_capable", value_type::boolean, port_field::phantom_capable},
    {"cmrr_db", value_type::number, port_field::cmrr_db},
    {"gain_min_db", value_type::number, port_field::gain_min_db},
    {"gain_max_db", value_type::number, port_field::gain_max_db},
    {"pad_db", value_type::number, port_field::pad_db},
    {"pad_engaged", value_type::boolean, port_field::pad_engaged},
    {"gain_db", value_type::number, port_field::gain_db},
    {"sensitivity_dbv_pa", value_type::number, port_field::sensitivity_dbv_pa},
    {"inductance_h", value_type::number, port_field::inductance_h},
    {"face", value_type::string, port_field::face},
    {"gear.id", value_type::string, port_field::gear_id},
    {"gear.manufacturer", value_type::string, port_field::gear_manufacturer},
    {"gear.model", value_type::string, port_field::gear_model},
    {"gear.category", value_type::string, port_field::gear_category},
    {"gear.power", value_type::string, port_field::gear_power},
    {"gear.quirks", value_type::string_list, port_field::gear_quirks},
};

void add_port_facts(std::vector<fact_definition>& out, std::string_view prefix, fact_group group) {
    out.push_back(fact(std::string(prefix), value_type::string, group, port_field::display, true));
    for (const auto& spec : port_fact_specs)
        out.push_back(fact(fmt::format("{}.{}", prefix, spec.name), spec.type, group, spec.field));
}

void add_device_facts(std::vector<fact_definition>& out, bool with_counts) {
    const auto add = [&](std::string_view name, value_type type, device_field field) {
        out.push_back(fact(fmt::format("device.{}", name), type, fact_group::device, field));
    };
    add("id", value_type::string, device_field::id);
    add("label", value_type::string, device_field::label);
    add("gear.id", value_type::string, device_field::gear_id);
    add("gear.manufacturer", value_type::string, device_field::gear_manufacturer);
    add("gear.model", value_type::string, device_field::gear_model);
    add("gear.category", value_type::string, device_field::gear_category);
    add("gear.power", value_type::string, device_field::gear_power);
    add("gear.quirks", value_type::string_list, device_field::gear_quirks);
    if (with_counts) {
        add("port_count", value_type::number, device_field::port_count);
        add("connected_count", value_type::number, device_field::connected_count);
    }
}

scope_facts connection_facts() {
    scope_facts result{rule_scope::connection, {}};
    auto& out = result.facts;
    add_port_facts(out, "source", fact_group::source);
    add_port_facts(out, "dest", fact_group::dest);
    const auto link_fact = [&](std::string_view name, value_type type, link_field field) {
        out.push_back(fact(fmt::format("link.{}", name), type, fact_group::link, field));
    };
    link_fact("kind", value_type::string, link_field::kind);
    link_fact("direction_conflict", value_type::boolean, link_field::direction_conflict);
    link_fact("polarity", value_type::number, link_field::polarity);
    link_fact("cold", value_type::string, link_field::cold);
    link_fact("cold_grounded_at", value_type::string, link_field::cold_grounded_at);
    link_fact("isolated", value_type::boolean, link_field::isolated);
    link_fact("mated", value_type::boolean, link_field::mated);
    link_fact("unmated_reason", value_type::string, link_field::unmated_reason);
    link_fact("unbalanced_receiving", value_type::boolean, link_field::unbalanced_receiving);
    link_fact("length_m", value_type::number, link_field::length_m);
    link_fact("cables", value_type::string_list, link_field::cables);
    link_fact("capacitance_pf", value_type::number, link_field::capacitance_pf);
    link_fact("treble_corner_hz", value_type::number, link_field::treble_corner_hz);
    link_fact("resonance_hz", value_type::number, link_field::resonance_hz);
    link_fact("divider_loss_db", value_type::number, link_field::divider_loss_db);
    link_fact("level_change_db", value_type::number, link_field::level_change_db);
    const auto signal_fact = [&](std::string_view name, value_type type, signal_field field) {
        out.push_back(fact(fmt::format("signal.{}", name), type, fact_group::signal, field));
    };
    signal_fact("level_dbu", value_type::number, signal_field::level_dbu);
    signal_fact("source_level_dbu", value_type::number, signal_field::source_level_dbu);
    signal_fact("headroom_db", value_type::number, signal_field::headroom_db);
    signal_fact("noise_dbu", value_type::number, signal_field::noise_dbu);
    signal_fact("snr_db", value_type::number, signal_field::snr_db);
    signal_fact("polarity", value_type::number, signal_field::polarity);
    signal_fact("origin_signal", value_type::string, signal_field::origin_signal);
    return result;
}

scope_facts path_facts() {
    scope_facts result{rule_scope::path, {}};
    auto& out = result.facts;
    add_port_facts(out, "path.source", fact_group::path_source);
    add_port_facts(out, "path.sink", fact_group::path_sink);
    out.push_back(fact("path", value_type::string, fact_group::path, path_field::display, true));
    const auto add = [&](std::string_view name, value_type type, path_field field) {
        out.push_back(fact(fmt::format("path.{}", name), type, fact_group::path, field));
    };
    add("hops", value_type::number, path_field::hops);
    add("categories", value_type::string_list, path_field::categories);
    add("has_di", value_type::boolean, path_field::has_di);
    add("polarity", value_type::number, path_field::polarity);
    add("length_m", value_type::number, path_field::length_m);
    add("unbalanced_length_m", value_type::number, path_field::unbalanced_length_m);
    add("min_headroom_db", value_type::number, path_field::min_headroom_db);
    add("snr_db", value_type::number, path_field::snr_db);
    return result;
}

scope_facts port_facts() {
    scope_facts result{rule_scope::port, {}};
    add_port_facts(result.facts, "port", fact_group::port);
    result.facts.push_back(fact("port.connected", value_type::boolean, fact_group::port, port_field::connected));
    add_device_facts(result.facts, false);
    return result;
}

scope_facts device_facts() {
    scope_facts result{rule_scope::device, {}};
    add_device_facts(result.facts, true);
    return result;
}

scope_facts rig_facts() {
    scope_facts result{rule_scope::rig, {}};
    result.facts.push_back(fact("rig.name", value_type::string, fact_group::rig, rig_field::name));
    result.facts.push_back(fact("rig.device_count", value_type::number, fact_group::rig, rig_field::device_count));
    result.facts.push_back(
        fact("rig.connection_count", value_type::number, fact_group::rig, rig_field::connection_count));
    result.facts.push_back(fact("rig.cycle_count", value_type::number, fact_group::rig, rig_field::cycle_count));
    return result;
}

scope_facts cycle_facts() {
    scope_facts result{rule_scope::cycle, {}};
    result.facts.push_back(fact("cycle", value_type::string, fact_group::cycle, cycle_field::display, true));
    result.facts.push_back(fact("cycle.devices", value_type::string_list, fact_group::cycle, cycle_field::devices));
    result.facts.push_back(fact("cycle.length", value_type::number, fact_group::cycle, cycle_field::length));
    return result;
}

/// Every spelling of an enum, indexed by its value; `last` is its last enumerator.
template <class Enum, Enum last> std::span<const std::string_view> spellings_of() {
    static const auto table = [] {
        std::array<std::string_view, static_cast<std::size_t>(last) + 1> made;
        for (std::size_t k = 0; k < made.size(); ++k) made[k] = to_string(static_cast<Enum>(k));
        return made;
    }();
    return table;
}

// The closed sets that closed-set facts are drawn from.
constexpr auto directions = &spellings_of<port_direction, port_direction::insert>;
constexpr auto interfaces = &spellings_of<interface_kind, interface_kind::impedance_balanced>;
constexpr auto signal_classes = &spellings_of<signal_class, signal_class::headphone>;
constexpr auto combo_faces = &spellings_of<combo_face, combo_face::jack>;
constexpr auto categories = &spellings_of<gear_category, gear_category::other>;
constexpr auto powers = &spellings_of<power_kind, power_kind::passive>;
constexpr auto link_kinds = &spellings_of<link_kind, link_kind::unbalanced>;
constexpr auto cold_states = &spellings_of<cold_state, cold_state::none>;
constexpr auto ground_sites = &spellings_of<ground_site, ground_site::far>;

template <class Field> bool is(const fact_definition& f, Field field) {
    return f.field == static_cast<std::uint8_t>(field);
}

template <auto Binder, class T>
void bind_column(const run_data& run, const subject* subjects, std::span<const std::uint16_t> at, T* out) {
    for (const auto i : at) out[i] = Binder(run, subjects[i]);
}

template <auto Binder> void set_number(fact_definition& f) {
    f.number = Binder;
    f.number_column = &bind_column<Binder, double>;
}

template <auto Binder> void set_flag(fact_definition& f) {
    f.flag = Binder;
    f.flag_column = &bind_column<Binder, std::int8_t>;
}

/// A closed-set fact: its binder gives the index into `spellings`, the enum's values in order.
template <auto Binder> void set_code(fact_definition& f, std::span<const std::string_view> spellings) {
    f.code = Binder;
    f.code_column = &bind_column<Binder, std::uint8_t>;
    f.spellings = spellings;
}

template <bool Dest> void set_port_binders(fact_definition& f) {
    switch (static_cast<port_field>(f.field)) {
        case port_field::impedance_ohm:
            set_number<&port_number<Dest, port_field::impedance_ohm>>(f);
            break;
        case port_field::nominal_dbu:
            set_number<&port_number<Dest, port_field::nominal_dbu>>(f);
            break;
        case port_field::max_dbu:
            set_number<&port_number<Dest, port_field::max_dbu>>(f);
            break;
        case port_field::cmrr_db:
            set_number<&port_number<Dest, port_field::cmrr_db>>(f);
            break;
        case port_field::gain_min_db:
            set_number<&port_number<Dest, port_field::gain_min_db>>(f);
            break;
        case port_field::gain_max_db:
            set_number<&port_number<Dest, port_field::gain_max_db>>(f);
            break;
        case port_field::pad_db:
            set_number<&port_number<Dest, port_field::pad_db>>(f);
            break;
        case port_field::gain_db:
            set_number<&port_number<Dest, port_field::gain_db>>(f);
            break;
        case port_field::sensitivity_dbv_pa:
            set_number<&port_number<Dest, port_field::sensitivity_dbv_pa>>(f);
            break;
        case port_field::inductance_h:
            set_number<&port_number<Dest, port_field::inductance_h>>(f);
            break;
        case port_field::stereo:
            set_flag<&port_flag<Dest, port_field::stereo>>(f);
            break;
        case port_field::phantom:
            set_flag<&port_flag<Dest, port_field::phantom>>(f);
            break;
        case port_field::phantom_capable:
            set_flag<&port_flag<Dest, port_field::phantom_capable>>(f);
            break;
        case port_field::pad_engaged:
            set_flag<&port_flag<Dest, port_field::pad_engaged>>(f);
            break;
        case port_field::connected:
            set_flag<&port_flag<Dest, port_field::connected>>(f);
            break;
        case port_field::direction:
            set_code<&port_code<Dest, port_field::direction>>(f, directions());
            break;
        case port_field::interface:
            set_code<&port_code<Dest, port_field::interface>>(f, interfaces());
            break;
        case port_field::signal:
            set_code<&port_code<Dest, port_field::signal>>(f, signal_classes());
            break;
        case port_field::face:
            set_code<&port_code<Dest, port_field::face>>(f, combo_faces());
            break;
        case port_field::gear_category:
            set_code<&port_code<Dest, port_field::gear_category>>(f, categories());
            break;
        case port_field::gear_power:
            set_code<&port_code<Dest, port_field::gear_power>>(f, powers());
            break;
        default:
            break;
    }
}

void set_binders(fact_definition& f) {
    switch (f.group) {
        case fact_group::source:
        case fact_group::port:
        case fact_group::path_source:
            set_port_binders<false>(f);
            break;
        case fact_group::dest:
        case fact_group::path_sink:
            set_port_binders<true>(f);
            break;
        case fact_group::device:
            if (is(f, device_field::gear_category))
                set_code<&device_code<device_field::gear_category>>(f, categories());
            if (is(f, device_field::gear_power)) set_code<&device_code<device_field::gear_power>>(f, powers());
            break;
        case fact_group::link:
            switch (static_cast<link_field>(f.field)) {
                case link_field::length_m:
                    set_number<&link_number<link_field::length_m>>(f);
                    break;
                case link_field::polarity:
                    set_number<&link_number<link_field::polarity>>(f);
                    break;
                case link_field::capacitance_pf:
                    set_number<&link_number<link_field::capacitance_pf>>(f);
                    break;
                case link_field::treble_corner_hz:
                    set_number<&link_number<link_field::treble_corner_hz>>(f);
                    break;
                case link_field::resonance_hz:
                    set_number<&link_number<link_field::resonance_hz>>(f);
                    break;
                case link_field::divider_loss_db:
                    set_number<&link_number<link_field::divider_loss_db>>(f);
                    break;
                case link_field::level_change_db:
                    set_number<&link_number<link_field::level_change_db>>(f);
                    break;
                case link_field::direction_conflict:
                    set_flag<&link_flag<link_field::direction_conflict>>(f);
                    break;
                case link_field::isolated:
                    set_flag<&link_flag<link_field::isolated>>(f);
                    break;
                case link_field::mated:
                    set_flag<&link_flag<link_field::mated>>(f);
                    break;
                case link_field::unbalanced_receiving:
                    set_flag<&link_flag<link_field::unbalanced_receiving>>(f);
                    break;
                case link_field::kind:
                    set_code<&link_code<link_field::kind>>(f, link_kinds());
                    break;
                case link_field::cold:
                    set_code<&link_code<link_field::cold>>(f, cold_states());
                    break;
                case link_field::cold_grounded_at:
                    set_code<&link_code<link_field::cold_grounded_at>>(f, ground_sites());
                    break;
                default:
                    break;
            }
            break;
        case fact_group::signal:
            switch (static_cast<signal_field>(f.field)) {
                case signal_field::level_dbu:
                    set_number<&signal_number<signal_field::level_dbu>>(f);
                    break;
                case signal_field::source_level_dbu:
                    set_number<&signal_number<signal_field::source_level_dbu>>(f);
                    break;
                case signal_field::headroom_db:
                    set_number<&signal_number<signal_field::headroom_db>>(f);
                    break;
                case signal_field::noise_dbu:
                    set_number<&signal_number<signal_field::noise_dbu>>(f);
                    break;
                case signal_field::snr_db:
                    set_number<&signal_number<signal_field::snr_db>>(f);
                    break;
                case signal_field::polarity:
                    set_number<&signal_number<signal_field::polarity>>(f);
                    break;
                case signal_field::origin_signal:
                    set_code<&origin_signal_code>(f, signal_classes());
                    break;
            }
            break;
        case fact_group::path:
            if (is(f, path_field::polarity)) set_number<&path_number<path_field::polarity>>(f);
            if (is(f, path_field::hops)) set_number<&path_number<path_field::hops>>(f);
            break;
        default:
            break;
    }
}

/// Sets what the engine needs to know about binding a fact: its typed binders and closed set of
/// values, if any, whether it reads the subject's ports, and whether its value is transient.
void classify(fact_definition& f) {
    f.transient = f.display || (f.group == fact_group::link && is(f, link_field::cables)) ||
                  (f.group == fact_group::path && is(f, path_field::categories)) ||
                  (f.group == fact_group::cycle && is(f, cycle_field::devices));
    if (f.display) {
        f.reads_ports = f.group != fact_group::path && f.group != fact_group::cycle;
        return;
    }
    set_binders(f);
    switch (f.group) {
        case fact_group::source:
        case fact_group::dest:
        case fact_group::port:
        case fact_group::path_source:
        case fact_group::path_sink:
            f.reads_ports = true;
            break;
        case fact_group::link:
            f.reads_ports = is(f, link_field::unbalanced_receiving) || is(f, link_field::divider_loss_db);
            break;
        default:
            break;
    }
}

/// The tables with every fact classified.
scope_facts classified(scope_facts table) {
    for (auto& f : table.facts) classify(f);
    return table;
}

template <class Quantity> value optional_value(const std::optional<Quantity>& quantity) {
    return quantity ? value::of(quantity->value()) : value();
}

void append_display(std::string& into, const rig& r, port_ref ref) {
    into.append(r.devices[ref.device].id).append(".").append(r.port_at(ref).id);
}

value bind_port(port_field field, const port_view& p, const run_data& run, std::string& display) {
    if (!p.valid()) return value();
    const gear& g = *p.gear_of;
    switch (field) {
        case port_field::display:
            display.clear();
            append_display(display, run.model(), p.ref);
            return value::of(std::string_view(display));
        case port_field::device:
            return value::of(std::string_view(p.owner->id));
        case port_field::port:
            return value::of(std::string_view(p.target->id));
        case port_field::connector:
            return value::of(connector_name(p.target->connector));
        case port_field::gear_id:
            return value::of(std::string_view(g.id));
        case port_field::gear_manufacturer:
            return value::of(std::string_view(g.manufacturer));
        case port_field::gear_model:
            return value::of(std::string_view(g.model));
        case port_field::gear_quirks:
            return value::of(run.quirks_of(p.owner->gear));
        default:
            break; // the typed fields, bound by fact_definition's binders
    }
    return value();
}

value bind_device(device_field field, std::size_t device_index, const run_data& run) {
    const rig& r = run.model();
    const device& d = r.devices[device_index];
    const gear& g = r.gear_of(d);
    switch (field) {
        case device_field::id:
            return value::of(std::string_view(d.id));
        case device_field::label:
            return value::of(std::string_view(d.label));
        case device_field::gear_id:
            return value::of(std::string_view(g.id));
        case device_field::gear_manufacturer:
            return value::of(std::string_view(g.manufacturer));
        case device_field::gear_model:
            return value::of(std::string_view(g.model));
        case device_field::gear_quirks:
            return value::of(run.quirks_of(d.gear));
        case device_field::port_count:
            return value::of(g.ports.size());
        case device_field::connected_count:
            return value::of(run.connected_count(device_index));
        default:
            break; // the typed fields, bound by fact_definition's binders
    }
    return value();
}

value bind_link(link_field field, const subject& s, const run_data& run, scratch& buffers) {
    switch (field) {
        case link_field::cables:
            buffers.cables.clear();
            for (const auto index : s.connection_of->chain) buffers.cables.push_back(run.model().cables[index].id);
            return value::of(std::span<const std::string_view>(buffers.cables));
        case link_field::unmated_reason:
            if (s.link_of == nullptr || s.link_of->unmated_reason.empty()) return value();
            return value::of(std::string_view(s.link_of->unmated_reason));
        default:
            break; // the typed fields, bound by fact_definition's binders
    }
    return value();
}

value bind_path(path_field field, const subject& s, const run_data& run, scratch& buffers) {
    if (s.path == nullptr) return value();
    const signal_path& path = *s.path;
    const rig& r = run.model();
    const auto& links = run.links().links;
    const auto signals = run.analysed().signals();
    switch (field) {
        case path_field::display:
            buffers.path_display.clear();
            append_display(buffers.path_display, r, path.source);
            buffers.path_display.append(" -> ");
            append_display(buffers.path_display, r, path.sink);
            return value::of(std::string_view(buffers.path_display));
        case path_field::categories: {
            buffers.categories.clear();
            buffers.categories.push_back(to_string(r.gear_of(r.devices[path.source.device]).category));
            for (const auto index : path.links)
                buffers.categories.push_back(to_string(r.gear_of(r.devices[links[index].destination.device]).category));
            return value::of(std::span<const std::string_view>(buffers.categories));
        }
        case path_field::has_di: {
            if (path.isolated) return value::of(true);
            if (r.gear_of(r.devices[path.source.device]).category == gear_category::di) return value::of(true);
            for (const auto index : path.links)
                if (r.gear_of(r.devices[links[index].destination.device]).category == gear_category::di)
                    return value::of(true);
            return value::of(false);
        }
        case path_field::length_m:
        case path_field::unbalanced_length_m: {
            // A run that does not carry the signal balanced is what picks up hum and noise.
            const bool unbalanced_only = field == path_field::unbalanced_length_m;
            double total = 0.0;
            for (const auto index : path.links) {
                const link& l = links[index];
                if (unbalanced_only && l.kind == link_kind::balanced) continue;
                const auto& length = r.connections[l.connection].length;
                if (!length) return value();
                total += length->value();
            }
            return value::of(total);
        }
        case path_field::min_headroom_db: {
            double lowest = std::numeric_limits<double>::infinity();
            for (const auto index : path.links)
                if (index < signals.size() && signals[index].headroom)
                    lowest = std::min(lowest, signals[index].headroom->value());
            return std::isfinite(lowest) ? value::of(lowest) : value();
        }
        case path_field::snr_db:
            if (path.links.empty() || path.links.back() >= signals.size()) return value();
            return optional_value(signals[path.links.back()].snr);
        default:
            break; // the typed fields, bound by fact_definition's binders
    }
    return value();
}

value bind_cycle(cycle_field field, const subject& s, const run_data& run, scratch& buffers) {
    if (s.cycle == nullptr) return value();
    const rig& r = run.model();
    const auto& links = run.links().links;
    switch (field) {
        case cycle_field::devices:
            buffers.devices.clear();
            for (const auto index : s.cycle->links) buffers.devices.push_back(r.devices[links[index].source.device].id);
            return value::of(std::span<const std::string_view>(buffers.devices));
        case cycle_field::display:
            buffers.cycle_display.clear();
            for (const auto index : s.cycle->links)
                buffers.cycle_display.append(r.devices[links[index].source.device].id).append(" -> ");
            if (!s.cycle->links.empty())
                buffers.cycle_display.append(r.devices[links[s.cycle->links.front()].source.device].id);
            return value::of(std::string_view(buffers.cycle_display));
        case cycle_field::length:
            return value::of(s.cycle->links.size());
    }
    return value();
}

value bind_rig(rig_field field, const run_data& run) {
    const rig& r = run.model();
    switch (field) {
        case rig_field::name:
            return value::of(std::string_view(r.name));
        case rig_field::device_count:
            return value::of(r.devices.size());
        case rig_field::connection_count:
            return value::of(r.connections.size());
        case rig_field::cycle_count:
            return value::of(run.analysed().cycles().size());
    }
    return value();
}

} // namespace

const scope_facts& facts_of(rule_scope scope) {
    static const std::array<scope_facts, scope_count> tables{
        classified(connection_facts()), classified(path_facts()), classified(port_facts()),
        classified(device_facts()),     classified(rig_facts()),  classified(cycle_facts()),
    };
    return tables[scope_index(scope)];
}

expr::fact_schema make_schema(rule_scope scope, std::span<const std::string> param_names) {
    const auto& table = facts_of(scope);
    expr::fact_schema schema;
    for (std::uint32_t slot = 0; slot < table.facts.size(); ++slot) {
        const auto& f = table.facts[slot];
        if (f.display)
            schema.set_display(f.name, slot);
        else
            schema.add_field(f.name, f.type, slot);
        // `{device}` prints the device id, which is a field of its own.
        if (f.group == fact_group::device && f.field == static_cast<std::uint8_t>(device_field::id))
            schema.set_display("device", slot);
    }
    const auto base = static_cast<std::uint32_t>(table.facts.size());
    for (std::uint32_t i = 0; i < param_names.size(); ++i)
        schema.add_field(fmt::format("params.{}", param_names[i]), value_type::number, base + i);
    return schema;
}

expr::fact_schema make_notice_schema(rule_scope scope, std::span<const std::string> param_names) {
    auto schema = make_schema(scope, param_names);
    for (std::size_t k = 0; k < std::size(notice_facts); ++k)
        schema.add_field(notice_facts[k].name, notice_facts[k].type,
                         notice_slot(scope, param_names.size(), static_cast<notice_field>(k)));
    return schema;
}

std::string_view connector_name(connector c) {
    // Connector spellings are made once, so that binding `connector` never formats a string.
    static const auto names = [] {
        std::array<std::array<std::string, 2>, all_connector_types.size()> table;
        for (const auto type : all_connector_types)
            for (const auto gender : {connector_gender::male, connector_gender::female})
                table[static_cast<std::size_t>(type)][static_cast<std::size_t>(gender)] =
                    to_string(connector{type, gender});
        return table;
    }();
    return names[static_cast<std::size_t>(c.type)][static_cast<std::size_t>(c.gender)];
}

run_data::run_data(const analysed_rig& analysed) : analysed_(analysed), rig_(analysed.rig()), links_(analysed.links()) {
    quirks_.reserve(rig_.gear.size());
    for (const auto& g : rig_.gear) quirks_.emplace_back(g.quirks.begin(), g.quirks.end());
}

const run_data::port_tables& run_data::ports() const {
    if (ports_) return *ports_;
    port_tables& made = ports_.emplace();
    made.base.reserve(rig_.devices.size() + 1);
    std::size_t total = 0;
    for (const auto& d : rig_.devices) {
        made.base.push_back(total);
        total += rig_.gear_of(d).ports.size();
    }
    made.base.push_back(total);
    made.connected.assign(total, 0);
    made.arriving_face.assign(total, 0);
    made.device_connected.assign(rig_.devices.size(), 0);
    for (const auto& conn : rig_.connections)
        for (const auto& end : conn.ends) {
            auto& flag = made.connected[made.base[end.port.device] + end.port.port];
            if (flag == 0) ++made.device_connected[end.port.device];
            flag = 1;
        }
    for (const auto& l : links_.links) {
        auto& face = made.arriving_face[made.base[l.destination.device] + l.destination.port];
        if (face == 0 && l.destination_face) face = static_cast<std::uint8_t>(*l.destination_face) + 1;
    }
    return made;
}

port_ref run_data::port_at(std::size_t flat) const {
    // The bases ascend and end with the total: the device is the last base not above `flat`.
    const auto& base = ports().base;
    const auto after = std::upper_bound(base.begin(), base.end(), flat);
    const auto device = static_cast<std::size_t>(after - base.begin()) - 1;
    return {device, flat - base[device]};
}

std::optional<combo_face> run_data::arriving_face(port_ref ref) const {
    const auto face = ports().arriving_face[flat_port(ref)];
    if (face == 0) return std::nullopt;
    return static_cast<combo_face>(face - 1);
}

value bind_fact(const fact_definition& f, const run_data& run, const subject& s, scratch& buffers) {
    if (f.code != nullptr) {
        const auto k = f.code(run, s);
        return k < f.spellings.size() ? value::of(f.spellings[k]) : value();
    }
    if (f.number != nullptr) {
        const double x = f.number(run, s);
        return std::isnan(x) ? value() : value::of(x);
    }
    if (f.flag != nullptr) {
        const auto b = f.flag(run, s);
        return b < 0 ? value() : value::of(b != 0);
    }
    switch (f.group) {
        case fact_group::source:
        case fact_group::port:
        case fact_group::path_source:
            return bind_port(static_cast<port_field>(f.field), s.source, run, buffers.source_display);
        case fact_group::dest:
        case fact_group::path_sink:
            return bind_port(static_cast<port_field>(f.field), s.dest, run, buffers.dest_display);
        case fact_group::link:
            return bind_link(static_cast<link_field>(f.field), s, run, buffers);
        case fact_group::signal:
            break; // every signal fact is typed
        case fact_group::path:
            return bind_path(static_cast<path_field>(f.field), s, run, buffers);
        case fact_group::device:
            return bind_device(static_cast<device_field>(f.field), s.device_index, run);
        case fact_group::rig:
            return bind_rig(static_cast<rig_field>(f.field), run);
        case fact_group::cycle:
            return bind_cycle(static_cast<cycle_field>(f.field), s, run, buffers);
    }
    return value();
}

} // namespace rigcheck::rules_detail
