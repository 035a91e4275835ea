// Propagation benchmarks, docs/performance.md P1 and P2.
//
// P1: a full propagation over a generated rig of 1,000,000 connections, against a bare
// topological sweep over the same CSR arrays (each node takes the highest of its inputs times the
// edge gain: the least a propagation can do). Both run in this binary on the same graph, and
// `P1/ratio` reports full / bare from interleaved runs (target <= 3). `P1/full_with_signals` also
// derives every link's dB values (level, headroom, noise, SNR), which readers need but the sweep
// itself does not.
// P2: one gain change in a generated rig of 100,000 connections, each change reaching at most a
// few dozen ports downstream; the time per iteration is the time per change (target <= 5 us).
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/generator.hpp>

#include <rigcheck/analysis/detail/analysis_state.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

namespace {

using namespace rigcheck;

/// The generated rigs, analysed once per process (generating and tracing a million connections
/// takes seconds; only propagation is measured).
const std::shared_ptr<const analysed_rig>& analysed_of_size(std::size_t connections) {
    static std::shared_ptr<const analysed_rig> large;
    static std::shared_ptr<const analysed_rig> medium;
    auto& slot = connections >= 1'000'000 ? large : medium;
    if (!slot) {
        generator_options options;
        options.connections = connections;
        options.seed = 2024;
        options.unbalanced_share = 0.25;
        options.chain_depth = 3;
        options.mixer_inputs = 8;
        slot = analyse(generate_rig(options));
    }
    return slot;
}

/// Each edge's gain as a plain factor: a soundcheck edge's fixed part stands in for its rule.
std::vector<double> plain_gains(const analysed_rig& a) {
    const auto& edges = rigcheck::detail::analysis_access::state(a).edges;
    std::vector<double> gains = edges.gain;
    for (double& g : gains)
        if (g < 0.0) g = edges.soundcheck_gains[detail::soundcheck_index(g)].fixed;
    return gains;
}

/// The baseline: the bare CSR topological sweep, over the arrays the library built.
void bare_sweep(const detail::signal_graph& g, const std::vector<double>& gains, std::vector<double>& levels) {
    const std::uint32_t n = g.node_count;
    for (std::uint32_t v = 0; v < n; ++v) {
        double best = g.base_level[v];
        for (std::uint32_t e = g.in_offsets[v]; e < g.in_offsets[v + 1]; ++e)
            best = std::max(best, levels[g.edge_source[e] & detail::source_bits] * gains[e]);
        levels[v] = best;
    }
}

void set_graph_counters(benchmark::State& state, const analysed_rig& a) {
    state.counters["connections"] = static_cast<double>(a.rig().connections.size());
    state.counters["ports"] = static_cast<double>(rigcheck::detail::analysis_access::state(a).graph->node_count);
    state.counters["edges"] =
        static_cast<double>(rigcheck::detail::analysis_access::state(a).graph->edge_source.size());
}

void p1_full_propagation(benchmark::State& state) {
    const auto& a = analysed_of_size(1'000'000);
    analysis_session session(a);
    for (auto _ : state) {
        session.recompute_all();
        benchmark::ClobberMemory();
    }
    set_graph_counters(state, *a);
}

void p1_bare_csr_sweep(benchmark::State& state) {
    const auto& a = analysed_of_size(1'000'000);
    const auto& g = *rigcheck::detail::analysis_access::state(*a).graph;
    const std::vector<double> gains = plain_gains(*a);
    std::vector<double> levels(g.node_count, 0.0);
    for (auto _ : state) {
        bare_sweep(g, gains, levels);
        benchmark::DoNotOptimize(levels.data());
        benchmark::ClobberMemory();
    }
    set_graph_counters(state, *a);
}

void p1_full_with_signals(benchmark::State& state) {
    const auto& a = analysed_of_size(1'000'000);
    analysis_session session(a);
    const std::size_t links = a->links().links.size();
    for (auto _ : state) {
        session.recompute_all();
        for (std::size_t i = 0; i < links; ++i) benchmark::DoNotOptimize(session.signal(i).level);
    }
    set_graph_counters(state, *a);
}

/// Full and bare sweeps interleaved, so both see the same machine state; the iteration time is
/// the full propagation's, and `ratio` is full / bare.
void p1_ratio(benchmark::State& state) {
    using clock = std::chrono::steady_clock;
    const auto& a = analysed_of_size(1'000'000);
    const auto& g = *rigcheck::detail::analysis_access::state(*a).graph;
    analysis_session session(a);
    const std::vector<double> gains = plain_gains(*a);
    std::vector<double> levels(g.node_count, 0.0);
    double full_seconds = 0.0;
    double bare_seconds = 0.0;
    for (auto _ : state) {
        const auto t0 = clock::now();
        bare_sweep(g, gains, levels);
        benchmark::DoNotOptimize(levels.data());
        benchmark::ClobberMemory();
        const auto t1 = clock::now();
        session.recompute_all();
        benchmark::ClobberMemory();
        const auto t2 = clock::now();
        const double full = std::chrono::duration<double>(t2 - t1).count();
        bare_seconds += std::chrono::duration<double>(t1 - t0).count();
        full_seconds += full;
        state.SetIterationTime(full);
    }
    state.counters["bare_ms"] = benchmark::Counter(bare_seconds * 1e3, benchmark::Counter::kAvgIterations);
    state.counters["full_ms"] = benchmark::Counter(full_seconds * 1e3, benchmark::Counter::kAvgIterations);
    state.counters["ratio"] = full_seconds / bare_seconds;
    set_graph_counters(state, *a);
}

/// Every input with a gain range whose `gain: setting` paths lead on (the generated channels and
/// mixer inputs), in a fixed shuffled order.
std::vector<port_ref> gain_controls(const rig& r) {
    std::vector<port_ref> controls;
    for (std::size_t d = 0; d < r.devices.size(); ++d) {
        const auto& g = r.gear_of(r.devices[d]);
        for (const auto& path : g.paths)
            if (boost::variant2::holds_alternative<gain_from_setting>(path.transfer_gain) &&
                g.ports[path.from].face().gain)
                controls.push_back({d, path.from});
    }
    std::sort(controls.begin(), controls.end());
    controls.erase(std::unique(controls.begin(), controls.end()), controls.end());
    std::uint64_t state = 0x2545f4914f6cdd1dull;
    for (std::size_t i = controls.size(); i > 1; --i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::swap(controls[i - 1], controls[state % i]);
    }
    return controls;
}

void p2_one_gain_change(benchmark::State& state) {
    const auto& a = analysed_of_size(100'000);
    analysis_session session(a);
    const auto controls = gain_controls(a->rig());
    std::size_t i = 0;
    std::size_t recomputed = 0;
    std::size_t most = 0;
    std::size_t changes = 0;
    for (auto _ : state) {
        const port_ref port = controls[i % controls.size()];
        // Alternate between two gains, so every change really changes something.
        session.set_gain(port, gain((i / controls.size()) % 2 == 0 ? 12.0 : 24.0));
        ++i;
        const std::size_t size = session.last_update_size();
        recomputed += size;
        most = std::max(most, size);
        ++changes;
    }
    state.counters["ports_recomputed_avg"] =
        static_cast<double>(recomputed) / static_cast<double>(std::max<std::size_t>(changes, 1));
    state.counters["ports_recomputed_max"] = static_cast<double>(most);
    state.counters["controls"] = static_cast<double>(controls.size());
    set_graph_counters(state, *a);
}

} // namespace

BENCHMARK(p1_full_propagation)->Name("P1/full_propagation")->Unit(benchmark::kMillisecond);
BENCHMARK(p1_bare_csr_sweep)->Name("P1/bare_csr_sweep")->Unit(benchmark::kMillisecond);
BENCHMARK(p1_ratio)->Name("P1/ratio")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(p1_full_with_signals)->Name("P1/full_with_signals")->Unit(benchmark::kMillisecond);
BENCHMARK(p2_one_gain_change)->Name("P2/one_gain_change")->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
