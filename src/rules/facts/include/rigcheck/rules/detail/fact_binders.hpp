// The typed binders of the facts that the rule engine reads most: one function per fact.
//
// Each binder reads one fact of one subject as a number (NaN when unknown), a flag (-1 when
// unknown) or a closed-set code (unknown_code), with no `expr::value` in between. The fact tables
// (facts.cpp) install them as function pointers, so that a batch binds a column in one loop with
// the binder inlined; the native conditions of the builtin pack (native_conditions.hpp) call
// them by name, so that a condition compiled ahead of time reads exactly the facts the batch and
// the evaluator read. The subject makers of the connection and path scopes are here for the same
// reason: one definition, inlined into both.
#pragma once

#include <rigcheck/rules/detail/facts.hpp>

#include <rigcheck/analysis/analysis.hpp>

#include <cmath>
#include <cstdint>
#include <optional>

namespace rigcheck::rules_detail::binders {

// Typed binders. Each is one fact of one object, made as its own function, so that a column is
// bound in one loop with the binder inlined (bind_column) and a single fact by one indirect
// call, neither through a switch.

/// A number as a fact holds it: unknown (NaN) when it is not finite, as `value::of` has it.
inline double known(double x) { return std::isfinite(x) ? x : unknown_number; }

template <class Quantity> double number_or_unknown(const std::optional<Quantity>& quantity) {
    return quantity ? known(quantity->value()) : unknown_number;
}

inline double level_or_unknown(const std::optional<level>& l) { return l ? known(l->dbu()) : unknown_number; }

template <class Enum> std::uint8_t code(Enum value) { return static_cast<std::uint8_t>(value); }

/// The port that a fact of the source or port groups (`Dest` false) or the dest groups reads.
template <bool Dest> const port_view& port_of(const subject& s) {
    if constexpr (Dest)
        return s.dest;
    else
        return s.source;
}

template <bool Dest, port_field Field> double port_number(const run_data&, const subject& s) {
    const port_view& p = port_of<Dest>(s);
    if (!p.valid()) return unknown_number;
    const port_face& face = *p.face;
    if constexpr (Field == port_field::impedance_ohm)
        return known(face.impedance.value());
    else if constexpr (Field == port_field::nominal_dbu)
        return known(face.nominal.dbu());
    else if constexpr (Field == port_field::max_dbu)
        return known(face.max.dbu());
    else if constexpr (Field == port_field::cmrr_db)
        return number_or_unknown(face.cmrr);
    else if constexpr (Field == port_field::gain_min_db)
        // The pad extends the range downwards (rules/README.md `level-mismatch`): it is there to be used.
        return face.gain ? known(face.gain->low.value() - (face.pad ? face.pad->value() : 0.0)) : unknown_number;
    else if constexpr (Field == port_field::gain_max_db)
        return face.gain ? known(face.gain->high.value()) : unknown_number;
    else if constexpr (Field == port_field::pad_db)
        return number_or_unknown(face.pad);
    else if constexpr (Field == port_field::gain_db)
        return p.setting != nullptr ? number_or_unknown(p.setting->gain) : unknown_number;
    else if constexpr (Field == port_field::sensitivity_dbv_pa)
        return face.sensitivity ? known(face.sensitivity->dbv_per_pascal()) : unknown_number;
    else {
        static_assert(Field == port_field::inductance_h);
        return number_or_unknown(face.inductance);
    }
}

template <bool Dest, port_field Field> std::int8_t port_flag(const run_data& run, const subject& s) {
    const port_view& p = port_of<Dest>(s);
    if (!p.valid()) return -1;
    // Phantom power reaches only a combo's XLR face (docs/formats.md#gear), so a jack plug sees none.
    const bool phantom_reaches = !(p.target->is_combo() && p.selected == combo_face::jack);
    bool holds = false;
    if constexpr (Field == port_field::stereo)
        holds = p.face->pinout.is_stereo();
    else if constexpr (Field == port_field::phantom)
        holds = p.setting != nullptr && p.setting->phantom_on && phantom_reaches;
    else if constexpr (Field == port_field::phantom_capable)
        holds = p.target->phantom.has_value() && phantom_reaches;
    else if constexpr (Field == port_field::pad_engaged)
        holds = p.setting != nullptr && p.setting->pad_engaged;
    else {
        static_assert(Field == port_field::connected);
        holds = run.connected(p.ref);
    }
    return holds ? 1 : 0;
}

template <bool Dest, port_field Field> std::uint8_t port_code(const run_data&, const subject& s) {
    const port_view& p = port_of<Dest>(s);
    if (!p.valid()) return unknown_code;
    if constexpr (Field == port_field::direction)
        return code(p.target->direction);
    else if constexpr (Field == port_field::interface)
        return code(p.face->interface);
    else if constexpr (Field == port_field::signal)
        return code(p.face->signal);
    else if constexpr (Field == port_field::face)
        return p.selected ? code(*p.selected) : unknown_code;
    else if constexpr (Field == port_field::gear_category)
        return code(p.gear_of->category);
    else {
        static_assert(Field == port_field::gear_power);
        return code(p.owner->power);
    }
}

template <device_field Field> std::uint8_t device_code(const run_data& run, const subject& s) {
    const device& d = run.model().devices[s.device_index];
    if constexpr (Field == device_field::gear_category)
        return code(run.model().gear_of(d).category);
    else
        return code(d.power);
}

template <link_field Field> double link_number(const run_data& run, const subject& s) {
    // The length is the connection's own, known for a direction conflict too.
    if constexpr (Field == link_field::length_m) {
        return number_or_unknown(s.connection_of->length);
    } else {
        if (s.link_of == nullptr) return unknown_number;
        const link& l = *s.link_of;
        const link_signal* signal = s.signal;
        if constexpr (Field == link_field::polarity) {
            return l.polarity;
        } else if constexpr (Field == link_field::capacitance_pf) {
            if (!signal || !signal->cable_capacitance) return unknown_number;
            return known(signal->cable_capacitance->value() * 1e12);
        } else if constexpr (Field == link_field::treble_corner_hz) {
            return signal ? number_or_unknown(signal->treble_corner) : unknown_number;
        } else if constexpr (Field == link_field::resonance_hz) {
            return signal ? number_or_unknown(signal->resonance) : unknown_number;
        } else if constexpr (Field == link_field::divider_loss_db) {
            if (!l.mated || !s.source.valid() || !s.dest.valid()) return unknown_number;
            const double load = s.dest.face->impedance.value();
            const double total = s.source.face->impedance.value() + l.series_resistance.value() + load;
            if (!(load > 0.0) || !(total > 0.0)) return unknown_number;
            return known(20.0 * std::log10(load / total));
        } else {
            static_assert(Field == link_field::level_change_db);
            if (!signal || !signal->level) return unknown_number;
            const auto leaving = run.analysed().port_level(l.source);
            return leaving ? known(signal->level->dbu() - leaving->dbu()) : unknown_number;
        }
    }
}

template <link_field Field> std::int8_t link_flag(const run_data&, const subject& s) {
    if constexpr (Field == link_field::direction_conflict) {
        return s.conflict != nullptr ? 1 : 0;
    } else {
        if (s.link_of == nullptr) return -1;
        if constexpr (Field == link_field::isolated)
            return s.link_of->isolated ? 1 : 0;
        else if constexpr (Field == link_field::mated)
            return s.link_of->mated ? 1 : 0;
        else {
            static_assert(Field == link_field::unbalanced_receiving);
            if (!s.dest.valid()) return -1;
            return s.dest.face->interface == interface_kind::unbalanced ? 1 : 0;
        }
    }
}

template <link_field Field> std::uint8_t link_code(const run_data&, const subject& s) {
    if (s.link_of == nullptr) return unknown_code;
    if constexpr (Field == link_field::kind)
        return code(s.link_of->kind);
    else if constexpr (Field == link_field::cold)
        return code(s.link_of->cold);
    else {
        static_assert(Field == link_field::cold_grounded_at);
        return s.link_of->cold_grounded_at ? code(*s.link_of->cold_grounded_at) : unknown_code;
    }
}

template <signal_field Field> double signal_number(const run_data& run, const subject& s) {
    if (s.link_of == nullptr || s.signal == nullptr) return unknown_number;
    const link_signal& signal = *s.signal;
    if constexpr (Field == signal_field::level_dbu)
        return level_or_unknown(signal.level);
    else if constexpr (Field == signal_field::source_level_dbu)
        return level_or_unknown(run.analysed().port_level(s.link_of->source));
    else if constexpr (Field == signal_field::headroom_db)
        return number_or_unknown(signal.headroom);
    else if constexpr (Field == signal_field::noise_dbu)
        return level_or_unknown(signal.noise);
    else if constexpr (Field == signal_field::snr_db)
        return number_or_unknown(signal.snr);
    else {
        static_assert(Field == signal_field::polarity);
        return signal.polarity;
    }
}

inline std::uint8_t origin_signal_code(const run_data&, const subject& s) {
    if (s.link_of == nullptr || s.signal == nullptr || !s.signal->origin_signal) return unknown_code;
    return code(*s.signal->origin_signal);
}

/// `path.polarity`: the product of the links' polarities, +1 or -1.
template <path_field Field> double path_number(const run_data& run, const subject& s) {
    static_assert(Field == path_field::polarity || Field == path_field::hops);
    if (s.path == nullptr) return unknown_number;
    if constexpr (Field == path_field::hops) {
        return static_cast<double>(s.path->links.size());
    } else {
        const auto& links = run.links().links;
        int product = 1;
        for (const auto index : s.path->links) product *= links[index].polarity;
        return product;
    }
}

/// Subject `index` of the connection scope: the links, then the direction conflicts
/// (rules/engine.hpp), with their port views.
inline void make_connection_subject(const run_data& run, std::size_t index, subject& s) {
    const link_analysis& links = run.links();
    const rig& r = run.model();
    if (index < links.links.size()) {
        const link& l = links.links[index];
        const auto signals = run.analysed().signals();
        s.link_of = &l;
        s.conflict = nullptr;
        s.signal = index < signals.size() ? &signals[index] : nullptr;
        s.connection_of = &r.connections[l.connection];
    } else {
        const direction_conflict& c = links.conflicts[index - links.links.size()];
        s.link_of = nullptr;
        s.conflict = &c;
        s.signal = nullptr;
        s.connection_of = &r.connections[c.connection];
    }
}

inline void make_connection_ports(const run_data& run, subject& s) {
    if (s.link_of != nullptr) {
        s.source = run.view(s.link_of->source, s.link_of->source_face);
        s.dest = run.view(s.link_of->destination, s.link_of->destination_face);
    } else {
        s.source = run.view(s.conflict->first, std::nullopt);
        s.dest = run.view(s.conflict->second, std::nullopt);
    }
}

/// Subject `index` of the path scope; a path without links is no subject, but is made too.
inline void make_path_subject(const run_data& run, std::size_t index, subject& s) {
    s.path = &run.analysed().paths()[index];
}

inline void make_path_ports(const run_data& run, subject& s) {
    const signal_path& path = *s.path;
    s.source = run.view(path.source, std::nullopt);
    s.dest =
        run.view(path.sink, path.links.empty() ? std::nullopt : run.links().links[path.links.back()].destination_face);
}

} // namespace rigcheck::rules_detail::binders
