// Signal-level propagation over a whole rig, and the immutable analysed-rig value (docs/analysis.md, docs/api.md).
//
// `analyse()` traces every link, then propagates nominal level, headroom, polarity, treble corner,
// noise and SNR from every source through links and internal device paths, over a compact CSR
// graph with topologically renumbered ports and struct-of-arrays state. The result is immutable
// and safe to share across threads. Gear apps that recompute after every knob change open an
// `analysis_session`, change a gain, pad or setting, and only the downstream cone is recomputed.
// Cycles are found and reported as data; levels inside a cycle with no source are unknown.
#pragma once

#include <rigcheck/analysis/link.hpp>
#include <rigcheck/model/rig.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace rigcheck {

/// What arrives at a link's destination (docs/analysis.md `signal.*` and `link.*` derived values).
/// Unknown values are empty optionals (`null` in JSON).
struct link_signal {
    std::optional<rigcheck::level> level;         ///< nominal level arriving at the destination
    std::optional<rigcheck::gain> headroom;       ///< destination max - arriving level
    std::optional<rigcheck::level> noise;         ///< noise floor arriving (docs/analysis.md)
    std::optional<rigcheck::gain> snr;            ///< level - noise
    int polarity = 1;                             ///< product of link polarities from the path's source
    std::optional<signal_class> origin_signal;    ///< the signal class where the path began
    std::optional<frequency> treble_corner;       ///< 1/(2*pi*Zout*C), needs a length (F3.4)
    std::optional<frequency> resonance;           ///< 1/(2*pi*sqrt(L*C)) with a source inductance (F3.4)
    std::optional<capacitance> cable_capacitance; ///< capacitance per length * length
};

/// A signal path from a source output to a sink input, through devices (rule scope `path`).
struct signal_path {
    port_ref source;                ///< an output no internal path feeds
    port_ref sink;                  ///< an input that feeds no internal path
    std::vector<std::size_t> links; ///< link indices, source first
    /// True when an internal path along it has `isolation: transformer` (for `path.has_di`).
    bool isolated = false;
};

/// A cycle in the signal graph, as the link indices along it (rule `feedback-loop`).
struct signal_cycle {
    std::vector<std::size_t> links;
};

/// Limits on path enumeration: a ladder of splitters has exponentially many paths.
struct path_limits {
    std::size_t max_paths = 100'000;
};

class analysis_session;

namespace detail {
/// Reaches an analysed rig's compiled graph and values (analysis_state.hpp), for the analysis
/// layer itself and its own tools, such as the P1 benchmark.
struct analysis_access;
} // namespace detail

/// An analysed rig: immutable, shareable across threads.
class analysed_rig {
public:
    [[nodiscard]] const rigcheck::rig& rig() const;
    [[nodiscard]] const link_analysis& links() const;
    /// One per link, parallel to links().links.
    [[nodiscard]] std::span<const link_signal> signals() const;
    [[nodiscard]] std::span<const signal_cycle> cycles() const;
    /// The nominal level at any port, when known (outputs: what leaves; inputs: what arrives;
    /// `insert` ports: what leaves on the send).
    [[nodiscard]] std::optional<level> port_level(port_ref port) const;
    /// The noise floor at any port, when known (docs/analysis.md gives the model).
    [[nodiscard]] std::optional<level> port_noise(port_ref port) const;
    /// Source-to-sink paths, enumerated on first use within `limits`; `truncated` is set when
    /// the limit cut the enumeration short.
    [[nodiscard]] std::span<const signal_path> paths() const;
    [[nodiscard]] bool paths_truncated() const;
    /// The connections that have `ignore` entries, in file order; found once, on first use.
    [[nodiscard]] std::span<const std::size_t> connections_with_ignores() const;

    struct state; ///< the analysis layer's own; defined in its detail headers
    explicit analysed_rig(std::shared_ptr<const state> s);

private:
    friend struct detail::analysis_access;
    std::shared_ptr<const state> state_;
};

/// Traces and propagates a rig. The rig is moved in and owned by the result.
std::shared_ptr<const analysed_rig> analyse(rigcheck::rig r, const path_limits& limits = {});
/// Propagates a rig whose links were already traced (`trace_links(r)`), e.g. by a tool that
/// traces connections itself.
std::shared_ptr<const analysed_rig> analyse(rigcheck::rig r, link_analysis links, const path_limits& limits = {});

/// A mutable view for incremental updates: each change re-propagates only the ports downstream
/// of the changed one. Not thread-safe itself; its snapshots are.
class analysis_session {
public:
    explicit analysis_session(std::shared_ptr<const analysed_rig> base);
    ~analysis_session();
    analysis_session(analysis_session&&) noexcept;
    analysis_session& operator=(analysis_session&&) noexcept;

    /// Sets the gain of an input port's `gain: setting` paths. Throws std::invalid_argument when
    /// the port has no gain range or the gain lies outside it.
    void set_gain(port_ref input, gain value);
    void set_pad(port_ref input, bool engaged);
    void set_phantom(port_ref input, bool on);

    /// Re-propagates every port from scratch, as `analyse` does (for benchmarks and checks).
    void recompute_all();

    [[nodiscard]] std::optional<level> port_level(port_ref port) const;
    [[nodiscard]] std::optional<level> port_noise(port_ref port) const;
    /// What arrives over a link now; throws std::out_of_range for a link the rig does not have.
    [[nodiscard]] link_signal signal(std::size_t link_index) const;
    /// How many ports the last change recomputed (for tests and benchmarks).
    [[nodiscard]] std::size_t last_update_size() const;
    /// An immutable analysed rig with every change so far. Not const: the changes are folded into
    /// the rig the session then shares with the snapshot, so that the next snapshot without
    /// further changes copies nothing.
    [[nodiscard]] std::shared_ptr<const analysed_rig> snapshot();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace rigcheck
