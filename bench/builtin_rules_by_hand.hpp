// The builtin rule pack written by hand in C++: the baseline of docs/performance.md P3.
//
// Every builtin rule (rules/<id>/<id>.rule.yaml) and the `short-run-high-level` exemption as a
// plain C++ predicate over the same facts the engine binds (docs/rule-facts.md): the link's kind,
// cold state and isolation, the faces the plugs selected, the device's power, the propagated
// signal, the connection's length. Unknown values follow the rule language (an unknown operand
// makes a comparison false), supersession is applied per link as the engine does, and each
// finding is counted per rule. The benchmark times this against `evaluate_rules` on the same
// analysed rig, and a unit test holds both to the same counts, so the baseline cannot drift from
// the pack.
#pragma once

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/core/diagnostic.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::bench {

/// The rules the hand-written version implements, in one fixed order.
enum class builtin_rule : std::uint8_t {
    balanced_to_unbalanced,
    cold_grounded,
    connector_mismatch,
    direction_conflict,
    ground_loop_risk,
    hi_z_cable_loss,
    impedance_bridging,
    input_overload,
    level_mismatch,
    missing_di,
    no_signal,
    phantom_hazard,
    phono_needs_preamp,
    shorted_output,
    speaker_into_line,
    stereo_into_mono,
    unbalanced_long_run,
    unbalanced_to_balanced,
    polarity_inverted,
    feedback_loop,
    path_limit,
};
inline constexpr std::size_t builtin_rule_count = 21;

inline constexpr std::array<std::string_view, builtin_rule_count> builtin_rule_ids{
    "balanced-to-unbalanced",
    "cold-grounded",
    "connector-mismatch",
    "direction-conflict",
    "ground-loop-risk",
    "hi-z-cable-loss",
    "impedance-bridging",
    "input-overload",
    "level-mismatch",
    "missing-di",
    "no-signal",
    "phantom-hazard",
    "phono-needs-preamp",
    "shorted-output",
    "speaker-into-line",
    "stereo-into-mono",
    "unbalanced-long-run",
    "unbalanced-to-balanced",
    "polarity-inverted",
    "feedback-loop",
    "path-limit",
};

/// The builtin pack's params, read from the rule set so both sides use the same values.
struct builtin_params {
    double short_run_max_m = 0;
    double high_level_min_dbu = 0;
    double unbalanced_max_m = 0;
    double level_tolerance_db = 0;
    double line_target_dbu = 0;
    double bridging_ratio = 0;
    double min_treble_corner_hz = 0;
    double min_resonance_hz = 0;

    static builtin_params of(const rule_set& rules) {
        const auto get = [&](std::string_view name) {
            const auto value = rules.param(name);
            if (!value) throw std::runtime_error("the builtin pack lacks a param the baseline reads");
            return *value;
        };
        return {get("short_run_max_m"),      get("high_level_min_dbu"), get("unbalanced_max_m"),
                get("level_tolerance_db"),   get("line_target_dbu"),    get("bridging_ratio"),
                get("min_treble_corner_hz"), get("min_resonance_hz")};
    }
};

/// Findings per rule (after supersession) and exemption records.
struct hand_counts {
    std::array<std::size_t, builtin_rule_count> findings{};
    std::size_t exempted = 0;

    [[nodiscard]] std::size_t total() const {
        std::size_t sum = 0;
        for (const auto n : findings) sum += n;
        return sum;
    }
};

namespace detail {

/// A port as the rules see it: its device, the face its plug selected and its settings.
struct hand_port {
    const device* owner;
    const gear* gear_of;
    const port* target;
    const port_face* face;
    bool phantom; ///< `dest.phantom`: switched on, and reaching the face the plug selected
};

inline hand_port view(const rig& r, port_ref ref, std::optional<combo_face> selected) {
    const device& d = r.devices[ref.device];
    const gear& g = r.gear_of(d);
    const port& p = g.ports[ref.port];
    if (!p.is_combo()) selected.reset();
    const bool reaches = !(p.is_combo() && selected == combo_face::jack);
    const bool on = ref.port < d.settings.size() && d.settings[ref.port].phantom_on;
    return {&d, &g, &p, &p.face(selected), on && reaches};
}

/// The five kinds that carry a signal across (`link.kind in [...]` in the pack).
inline bool carries_signal(link_kind k) {
    return k == link_kind::balanced || k == link_kind::unbalanced_to_balanced ||
           k == link_kind::balanced_to_unbalanced || k == link_kind::unbalanced || k == link_kind::stereo_to_mono;
}

/// `a < b` in the rule language: false when `a` is unknown.
template <class T> bool less(const std::optional<T>& a, double b) { return a && a->value() < b; }

} // namespace detail

/// Evaluates every builtin rule over `analysed` and counts the findings.
inline hand_counts run_builtin_rules_by_hand(const analysed_rig& analysed, const builtin_params& params) {
    using namespace detail;
    using enum builtin_rule;
    hand_counts counts;
    const rig& r = analysed.rig();
    const auto& traced = analysed.links();
    const auto signals = analysed.signals();
    const auto count = [&](builtin_rule rule) { ++counts.findings[static_cast<std::size_t>(rule)]; };

    for (std::size_t i = 0; i < traced.links.size(); ++i) {
        const link& l = traced.links[i];
        const link_signal& s = signals[i];
        const connection& conn = r.connections[l.connection];
        const hand_port src = view(r, l.source, l.source_face);
        const hand_port dst = view(r, l.destination, l.destination_face);
        const link_kind kind = l.kind;
        const bool mated = kind != link_kind::unmated;
        const bool carries = carries_signal(kind);
        const bool unbalanced_receiving = dst.face->interface == interface_kind::unbalanced;
        // NaN stands for unknown: every comparison with it is false, as in the rule language.
        constexpr double unknown = std::numeric_limits<double>::quiet_NaN();
        const double length = conn.length ? conn.length->value() : unknown;
        const double level = s.level ? s.level->dbu() : unknown;
        const bool short_run_high_level = length <= params.short_run_max_m && level >= params.high_level_min_dbu;

        if (kind == link_kind::balanced_to_unbalanced) count(balanced_to_unbalanced);
        if (kind == link_kind::balanced_to_unbalanced && l.cold == cold_state::grounded &&
            (src.face->interface == interface_kind::balanced ||
             (src.face->interface == interface_kind::balanced_servo && l.cold_grounded_at == ground_site::far)))
            count(cold_grounded);
        if (kind == link_kind::unmated) count(connector_mismatch);
        if (carries && unbalanced_receiving && src.owner->power == power_kind::mains_earthed &&
            dst.owner->power == power_kind::mains_earthed && !l.isolated) {
            if (short_run_high_level)
                ++counts.exempted;
            else
                count(ground_loop_risk);
        }
        if (carries &&
            (less(s.treble_corner, params.min_treble_corner_hz) || less(s.resonance, params.min_resonance_hz)))
            count(hi_z_cable_loss);
        const signal_class source_signal = src.face->signal;
        if (carries &&
            (source_signal == signal_class::mic || source_signal == signal_class::instrument ||
             source_signal == signal_class::line || source_signal == signal_class::consumer_line ||
             source_signal == signal_class::phono) &&
            src.target->direction != port_direction::insert &&
            dst.face->impedance.value() < params.bridging_ratio * src.face->impedance.value())
            count(impedance_bridging);
        if (carries && less(s.headroom, 0.0)) count(input_overload);
        bool level_mismatch_fires = false;
        if (carries && dst.owner->power != power_kind::passive && !std::isnan(level)) {
            if (dst.face->gain) {
                const double pad = dst.face->pad ? dst.face->pad->value() : 0.0;
                const double gain_min = dst.face->gain->low.value() - pad;
                const double gain_max = dst.face->gain->high.value();
                level_mismatch_fires = level + gain_max < params.line_target_dbu - params.level_tolerance_db ||
                                       level + gain_min > params.line_target_dbu + params.level_tolerance_db;
            } else {
                level_mismatch_fires = std::abs(level - dst.face->nominal.dbu()) > params.level_tolerance_db;
            }
        }
        const bool missing_di_fires =
            mated && src.face->interface == interface_kind::unbalanced && dst.face->signal == signal_class::mic &&
            (source_signal == signal_class::instrument ||
             ((source_signal == signal_class::line || source_signal == signal_class::consumer_line) &&
              length > params.short_run_max_m));
        if (missing_di_fires) count(missing_di);
        if (kind == link_kind::no_signal) count(no_signal);
        if (mated && dst.phantom &&
            (src.face->interface == interface_kind::unbalanced || l.cold == cold_state::grounded ||
             src.gear_of->category == gear_category::ribbon_mic))
            count(phantom_hazard);
        const bool phono_fires =
            mated && source_signal == signal_class::phono && dst.face->signal != signal_class::phono;
        if (phono_fires) count(phono_needs_preamp);
        if (kind == link_kind::shorted) count(shorted_output);
        const bool speaker_fires =
            mated && source_signal == signal_class::speaker && dst.face->signal != signal_class::speaker;
        if (speaker_fires) count(speaker_into_line);
        // phono-needs-preamp and speaker-into-line supersede level-mismatch on the same link.
        if (level_mismatch_fires && !phono_fires && !speaker_fires) count(level_mismatch);
        if (kind == link_kind::stereo_to_mono) count(stereo_into_mono);
        if (carries && unbalanced_receiving && length > params.unbalanced_max_m) count(unbalanced_long_run);
        if (kind == link_kind::unbalanced_to_balanced) {
            if (short_run_high_level)
                ++counts.exempted;
            else if (!missing_di_fires)
                count(unbalanced_to_balanced); // missing-di supersedes it
        }
    }
    // A direction conflict has no link, so every other connection rule reads an unknown kind.
    counts.findings[static_cast<std::size_t>(direction_conflict)] += traced.conflicts.size();

    for (const auto& path : analysed.paths()) {
        if (path.links.empty()) continue;
        int polarity = 1;
        for (const auto index : path.links) polarity *= traced.links[index].polarity;
        if (polarity == -1) count(polarity_inverted);
    }
    // The engine's own notice that path enumeration stopped at its limit.
    if (analysed.paths_truncated()) count(path_limit);
    for (const auto& cycle : analysed.cycles())
        if (!cycle.links.empty()) count(feedback_loop);
    return counts;
}

/// The index of a rule among builtin_rule_ids, or builtin_rule_count for a rule the baseline does
/// not implement: a builtin rule added since, or a user's. Those are not compared.
inline std::size_t baseline_index(std::string_view rule) {
    std::size_t k = 0;
    while (k < builtin_rule_count && builtin_rule_ids[k] != rule) ++k;
    return k;
}

/// The engine's findings counted the same way, for the rules the baseline implements.
inline void count_engine_finding(hand_counts& counts, std::string_view rule) {
    if (const auto k = baseline_index(rule); k < builtin_rule_count) ++counts.findings[k];
}

inline hand_counts count_engine_findings(const std::vector<diagnostic>& diagnostics,
                                         const std::vector<exemption_record>& exempted) {
    hand_counts counts;
    for (const auto& e : exempted) counts.exempted += baseline_index(e.rule) < builtin_rule_count ? 1 : 0;
    for (const auto& d : diagnostics) count_engine_finding(counts, d.rule);
    return counts;
}

inline hand_counts count_engine_findings(const rule_set& rules, const rule_evaluation& evaluation) {
    hand_counts counts;
    for (const auto& e : evaluation.exempted)
        counts.exempted += baseline_index(rules.rules()[e.rule].id) < builtin_rule_count ? 1 : 0;
    for (const auto& f : evaluation.findings) count_engine_finding(counts, rules.rules()[f.rule].id);
    for (const auto& d : evaluation.notices) count_engine_finding(counts, d.rule);
    return counts;
}

/// The builtin rules the baseline does not implement, which P3 times on the engine's side only.
inline std::vector<std::string> rules_beyond_baseline(const rule_set& rules) {
    std::vector<std::string> beyond;
    for (const auto& rule : rules.rules())
        if (rule.builtin && rule.when != "false" && baseline_index(rule.id) == builtin_rule_count)
            beyond.push_back(rule.id);
    return beyond;
}

} // namespace rigcheck::bench
