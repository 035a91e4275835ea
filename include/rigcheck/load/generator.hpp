// Synthetic rigs of any size, for benchmarks and property tests (docs/performance.md).
//
// A generated rig is a set of stages. Each stage feeds `mixer_inputs` chains into one mixer:
// a source (a microphone, or a keyboard for an unbalanced chain) followed by `chain_depth`
// channel processors, each with a `gain: setting` path, then a mixer input; the mixer's main
// output feeds a powered monitor, whose thru feeds a second. Chains give propagation depth, the mixer gives
// fan-in, and every change of one processor's gain reaches a small, bounded downstream cone.
// The same seed always gives the same rig. `generate_rig` builds the rig in memory from gear
// defined in code (it needs no catalog); `generate_rig_yaml` writes an equivalent rig file that
// uses only the builtin catalog's `generic/...` gear and builtin cables.
#pragma once

#include <rigcheck/model/rig.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace rigcheck {

struct generator_options {
    std::size_t connections = 1000; ///< exactly this many connections
    std::uint64_t seed = 1;
    double unbalanced_share = 0.25; ///< share of links driven by an unbalanced output (0..1)
    std::size_t chain_depth = 3;    ///< processors between a source and its mixer input (>= 0)
    std::size_t mixer_inputs = 8;   ///< chains per mixer (>= 1)
    double preset_gain_share = 0.5; ///< share of gain controls given a setting; the rest are set at soundcheck
};

/// A rig built in memory, with gear named `gen/...` defined in code and the builtin `xlr` and
/// `ts` cables.
rig generate_rig(const generator_options& options);

/// A rig file (`rigcheck: 1`) using only builtin gear ids and builtin cables. The plan is the
/// same as `generate_rig`'s; `generic/mixer` has eight mic inputs, so `mixer_inputs` must be <= 8.
std::string generate_rig_yaml(const generator_options& options);

} // namespace rigcheck
