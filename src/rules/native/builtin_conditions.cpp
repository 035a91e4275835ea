// The builtin pack's conditions of the connection and path scopes as C++, for the engine's
// native form (native_conditions.hpp). Generated from rules/ by tools/native_rules: run
// `cmake --build build --target native_rules` after changing a builtin condition; the test
// native-conditions-current fails while this file differs from what the rules make.
#include "rules/native_conditions.hpp"

#include <array>

namespace rigcheck::rules_detail {
namespace {

// The fields as the generator numbered them.
static_assert(static_cast<int>(link_field::cold) == 3);
static_assert(static_cast<int>(link_field::cold_grounded_at) == 4);
static_assert(static_cast<int>(link_field::direction_conflict) == 1);
static_assert(static_cast<int>(link_field::isolated) == 5);
static_assert(static_cast<int>(link_field::kind) == 0);
static_assert(static_cast<int>(link_field::length_m) == 9);
static_assert(static_cast<int>(link_field::resonance_hz) == 13);
static_assert(static_cast<int>(link_field::treble_corner_hz) == 12);
static_assert(static_cast<int>(link_field::unbalanced_receiving) == 8);
static_assert(static_cast<int>(path_field::polarity) == 4);
static_assert(static_cast<int>(port_field::direction) == 4);
static_assert(static_cast<int>(port_field::gain_max_db) == 15);
static_assert(static_cast<int>(port_field::gain_min_db) == 14);
static_assert(static_cast<int>(port_field::gear_category) == 25);
static_assert(static_cast<int>(port_field::gear_power) == 26);
static_assert(static_cast<int>(port_field::impedance_ohm) == 8);
static_assert(static_cast<int>(port_field::interface) == 5);
static_assert(static_cast<int>(port_field::nominal_dbu) == 9);
static_assert(static_cast<int>(port_field::phantom) == 11);
static_assert(static_cast<int>(port_field::signal) == 6);
static_assert(static_cast<int>(signal_field::headroom_db) == 2);
static_assert(static_cast<int>(signal_field::level_dbu) == 0);

// The params the conditions read as params[i].
constexpr std::array<std::string_view, 8> param_names{
    "short_run_max_m",
    "high_level_min_dbu",
    "unbalanced_max_m",
    "level_tolerance_db",
    "line_target_dbu",
    "bridging_ratio",
    "min_treble_corner_hz",
    "min_resonance_hz",
};

constexpr std::array<std::string_view, 19> connection_conditions{
    "link.kind == 'balanced-to-unbalanced'",  // 0: balanced-to-unbalanced
    "link.kind == 'balanced-to-unbalanced' && link.cold == 'grounded' && (source.interface == 'balanced'\n    || (source.interface == 'balanced-servo' && link.cold_grounded_at == 'far'))",  // 1: cold-grounded
    "link.kind == 'unmated'",  // 2: connector-mismatch
    "link.direction_conflict",  // 3: direction-conflict
    "link.kind in ['balanced', 'unbalanced-to-balanced', 'balanced-to-unbalanced', 'unbalanced', 'stereo-to-mono'] && link.unbalanced_receiving && source.gear.power == 'mains-earthed' && dest.gear.power == 'mains-earthed' && !link.isolated",  // 4: ground-loop-risk
    "link.length_m <= params.short_run_max_m && signal.level_dbu >= params.high_level_min_dbu",  // 5: exemption short-run-high-level
    "link.kind in ['balanced', 'unbalanced-to-balanced', 'balanced-to-unbalanced', 'unbalanced', 'stereo-to-mono'] && (link.treble_corner_hz < params.min_treble_corner_hz || link.resonance_hz < params.min_resonance_hz)",  // 6: hi-z-cable-loss
    "link.kind in ['balanced', 'unbalanced-to-balanced', 'balanced-to-unbalanced', 'unbalanced', 'stereo-to-mono'] && source.signal in ['mic', 'instrument', 'line', 'consumer-line', 'phono'] && source.direction != 'insert' && dest.impedance_ohm < params.bridging_ratio * source.impedance_ohm",  // 7: impedance-bridging
    "link.kind in ['balanced', 'unbalanced-to-balanced', 'balanced-to-unbalanced', 'unbalanced', 'stereo-to-mono'] && signal.headroom_db < 0",  // 8: input-overload
    "link.kind in ['balanced', 'unbalanced-to-balanced', 'balanced-to-unbalanced', 'unbalanced', 'stereo-to-mono'] && dest.gear.power != 'passive' && (has(dest.gain_min_db) && has(dest.gain_max_db)\n    ? (signal.level_dbu + dest.gain_max_db < params.line_target_dbu - params.level_tolerance_db\n       || signal.level_dbu + dest.gain_min_db > params.line_target_dbu + params.level_tolerance_db)\n    : abs(signal.level_dbu - dest.nominal_dbu) > params.level_tolerance_db)",  // 9: level-mismatch
    "link.kind != 'unmated' && source.interface == 'unbalanced' && dest.signal == 'mic' && (source.signal == 'instrument'\n    || (source.signal in ['line', 'consumer-line'] && link.length_m > params.short_run_max_m))",  // 10: missing-di
    "link.kind == 'no-signal'",  // 11: no-signal
    "link.kind != 'unmated' && dest.phantom && (source.interface == 'unbalanced' || link.cold == 'grounded' || source.gear.category == 'ribbon-mic')",  // 12: phantom-hazard
    "link.kind != 'unmated' && source.signal == 'phono' && dest.signal != 'phono'",  // 13: phono-needs-preamp
    "link.kind == 'shorted'",  // 14: shorted-output
    "link.kind != 'unmated' && source.signal == 'speaker' && dest.signal != 'speaker'",  // 15: speaker-into-line
    "link.kind == 'stereo-to-mono'",  // 16: stereo-into-mono
    "link.kind in ['balanced', 'unbalanced-to-balanced', 'balanced-to-unbalanced', 'unbalanced', 'stereo-to-mono'] && link.unbalanced_receiving && link.length_m > params.unbalanced_max_m",  // 17: unbalanced-long-run
    "link.kind == 'unbalanced-to-balanced'",  // 18: unbalanced-to-balanced
};

void decide_connection(const run_data& run, std::size_t first, std::size_t count, const double* params, std::uint64_t* held) {
    (void)params;
    subject s;
    for (std::size_t i = 0; i < count; ++i) {
        binders::make_connection_subject(run, first + i, s);
        binders::make_connection_ports(run, s);
        std::uint64_t bits = 0;
        // balanced-to-unbalanced
        bits |= std::uint64_t{native::code_in(binders::link_code<link_field::kind>(run, s), 0x40U)} << 0;
        // cold-grounded
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0x40U)
            && native::code_in(binders::link_code<link_field::cold>(run, s), 0x4U)
            && (native::code_in(binders::port_code<false, port_field::interface>(run, s), 0x2U)
            || (native::code_in(binders::port_code<false, port_field::interface>(run, s), 0x8U)
            && native::code_in(binders::link_code<link_field::cold_grounded_at>(run, s), 0x2U))))} << 1;
        // connector-mismatch
        bits |= std::uint64_t{native::code_in(binders::link_code<link_field::kind>(run, s), 0x1U)} << 2;
        // direction-conflict
        bits |= std::uint64_t{native::is_true(binders::link_flag<link_field::direction_conflict>(run, s))} << 3;
        // ground-loop-risk
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xf8U)
            && native::is_true(binders::link_flag<link_field::unbalanced_receiving>(run, s))
            && native::code_in(binders::port_code<false, port_field::gear_power>(run, s), 0x1U)
            && native::code_in(binders::port_code<true, port_field::gear_power>(run, s), 0x1U)
            && native::is_false(binders::link_flag<link_field::isolated>(run, s)))} << 4;
        // exemption short-run-high-level
        bits |= std::uint64_t{(native::less_equal(binders::link_number<link_field::length_m>(run, s), params[0])
            && native::greater_equal(binders::signal_number<signal_field::level_dbu>(run, s), params[1]))} << 5;
        // hi-z-cable-loss
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xf8U)
            && (native::less(binders::link_number<link_field::treble_corner_hz>(run, s), params[6])
            || native::less(binders::link_number<link_field::resonance_hz>(run, s), params[7])))} << 6;
        // impedance-bridging
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xf8U)
            && native::code_in(binders::port_code<false, port_field::signal>(run, s), 0x1fU)
            && native::code_in(binders::port_code<false, port_field::direction>(run, s), 0x3U)
            && native::less(binders::port_number<true, port_field::impedance_ohm>(run, s), native::multiply(params[5], binders::port_number<false, port_field::impedance_ohm>(run, s))))} << 7;
        // input-overload
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xf8U)
            && native::less(binders::signal_number<signal_field::headroom_db>(run, s), 0.0))} << 8;
        // level-mismatch
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xf8U)
            && native::code_in(binders::port_code<true, port_field::gear_power>(run, s), 0xfU)
            && ((native::known_number(binders::port_number<true, port_field::gain_min_db>(run, s))
            && native::known_number(binders::port_number<true, port_field::gain_max_db>(run, s))) ? (native::less(native::add(binders::signal_number<signal_field::level_dbu>(run, s), binders::port_number<true, port_field::gain_max_db>(run, s)), native::subtract(params[4], params[3]))
            || native::greater(native::add(binders::signal_number<signal_field::level_dbu>(run, s), binders::port_number<true, port_field::gain_min_db>(run, s)), native::add(params[4], params[3]))) : native::greater(std::fabs(native::subtract(binders::signal_number<signal_field::level_dbu>(run, s), binders::port_number<true, port_field::nominal_dbu>(run, s))), params[3])))} << 9;
        // missing-di
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xfeU)
            && native::code_in(binders::port_code<false, port_field::interface>(run, s), 0x1U)
            && native::code_in(binders::port_code<true, port_field::signal>(run, s), 0x1U)
            && (native::code_in(binders::port_code<false, port_field::signal>(run, s), 0x2U)
            || (native::code_in(binders::port_code<false, port_field::signal>(run, s), 0xcU)
            && native::greater(binders::link_number<link_field::length_m>(run, s), params[0]))))} << 10;
        // no-signal
        bits |= std::uint64_t{native::code_in(binders::link_code<link_field::kind>(run, s), 0x2U)} << 11;
        // phantom-hazard
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xfeU)
            && native::is_true(binders::port_flag<true, port_field::phantom>(run, s))
            && (native::code_in(binders::port_code<false, port_field::interface>(run, s), 0x1U)
            || native::code_in(binders::link_code<link_field::cold>(run, s), 0x4U)
            || native::code_in(binders::port_code<false, port_field::gear_category>(run, s), 0x2U)))} << 12;
        // phono-needs-preamp
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xfeU)
            && native::code_in(binders::port_code<false, port_field::signal>(run, s), 0x10U)
            && native::code_in(binders::port_code<true, port_field::signal>(run, s), 0x6fU))} << 13;
        // shorted-output
        bits |= std::uint64_t{native::code_in(binders::link_code<link_field::kind>(run, s), 0x4U)} << 14;
        // speaker-into-line
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xfeU)
            && native::code_in(binders::port_code<false, port_field::signal>(run, s), 0x20U)
            && native::code_in(binders::port_code<true, port_field::signal>(run, s), 0x5fU))} << 15;
        // stereo-into-mono
        bits |= std::uint64_t{native::code_in(binders::link_code<link_field::kind>(run, s), 0x8U)} << 16;
        // unbalanced-long-run
        bits |= std::uint64_t{(native::code_in(binders::link_code<link_field::kind>(run, s), 0xf8U)
            && native::is_true(binders::link_flag<link_field::unbalanced_receiving>(run, s))
            && native::greater(binders::link_number<link_field::length_m>(run, s), params[2]))} << 17;
        // unbalanced-to-balanced
        bits |= std::uint64_t{native::code_in(binders::link_code<link_field::kind>(run, s), 0x20U)} << 18;
        held[i] = bits;
    }
}

constexpr std::array<std::string_view, 1> path_conditions{
    "path.polarity == -1",  // 0: polarity-inverted
};

void decide_path(const run_data& run, std::size_t first, std::size_t count, const double* params, std::uint64_t* held) {
    (void)params;
    subject s;
    for (std::size_t i = 0; i < count; ++i) {
        binders::make_path_subject(run, first + i, s);
        std::uint64_t bits = 0;
        // polarity-inverted
        bits |= std::uint64_t{native::equal(binders::path_number<path_field::polarity>(run, s), (-1.0))} << 0;
        held[i] = bits;
    }
}

} // namespace

std::span<const native_scope> native_scopes() {
    static const std::array<native_scope, 2> scopes{{
    {rule_scope::connection, connection_conditions, param_names, &decide_connection},
    {rule_scope::path, path_conditions, param_names, &decide_path},
    }};
    return scopes;
}

} // namespace rigcheck::rules_detail
