// Rule engine benchmark, docs/performance.md P3.
//
// The builtin rule pack over a generated rig of 1,000,000 connections, next to the same rules
// written by hand in C++ (builtin_rules_by_hand.hpp) over the same analysed rig in this binary.
// `P3/engine` is `evaluate_rules`: deciding the conditions and exemptions (the builtin pack's by
// their native form, src/rules/native_conditions.hpp), supersession and ignores, into a record
// of which rule fired on which subject.
// `P3/hand_written` evaluates the same predicates and counts the findings per rule. `P3/ratio`
// interleaves the two and reports engine / hand-written (target <= 2). Describing the findings
// (a message, fix, subject and location for each of the 280,000) is the work of reports, not of
// the predicates; `P3/engine_and_text` is `run_rules`, both steps as `rigcheck check` runs them,
// and `P3/ratio_with_text` sets that against the same baseline, so the whole cost is on record.
// `P3/ratio_interpreted` decides the same rules without the native form, by the batch form and
// the evaluator alone: what a user pack of the same shape costs.
// Before timing anything the benchmark checks that both give the same number of findings for
// every rule, and stops with an error if they do not.
#include "builtin_rules_by_hand.hpp"
#include <rigcheck/rules/detail/engine_without_native.hpp>
#include <rigcheck/rules/detail/native_conditions.hpp>

#include <rigcheck/load/generator.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/project/fixtures.hpp>
#include <rigcheck/rules/engine.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

using namespace rigcheck;

struct fixture {
    std::shared_ptr<const analysed_rig> analysed;
    std::shared_ptr<const rule_set> rules;
    bench::builtin_params params;
    bench::hand_counts expected;
};

/// The analysed rig and the builtin rules, made once; checks that both sides agree.
const fixture& setup() {
    static const fixture made = [] {
        fixture f;
        const auto& builtin = builtin_rule_set();
        if (!builtin.rules) {
            std::fprintf(stderr, "the builtin rule set did not load\n");
            std::exit(1);
        }
        f.rules = builtin.rules;
        f.params = bench::builtin_params::of(*f.rules);
        generator_options options;
        // RIGCHECK_P3_CONNECTIONS overrides the size, e.g. for a profiler run on a smaller rig.
        const char* size = std::getenv("RIGCHECK_P3_CONNECTIONS");
        options.connections = size != nullptr ? std::strtoull(size, nullptr, 10) : 1'000'000;
        options.seed = 2024;
        options.unbalanced_share = 0.25;
        f.analysed = analyse(generate_rig(options));
        const auto engine = bench::count_engine_findings(*f.rules, evaluate_rules(*f.rules, *f.analysed));
        f.expected = bench::run_builtin_rules_by_hand(*f.analysed, f.params);
        bool same = engine.exempted == f.expected.exempted;
        for (std::size_t k = 0; k < bench::builtin_rule_count; ++k) {
            if (engine.findings[k] != f.expected.findings[k]) same = false;
            if (engine.findings[k] != 0 || f.expected.findings[k] != 0)
                std::fprintf(stderr, "  %-24s engine %8zu  hand-written %8zu\n", bench::builtin_rule_ids[k].data(),
                             engine.findings[k], f.expected.findings[k]);
        }
        std::fprintf(stderr, "  %-24s engine %8zu  hand-written %8zu\n", "(exempted)", engine.exempted,
                     f.expected.exempted);
        if (!same) {
            std::fprintf(stderr, "P3: the engine and the hand-written rules disagree\n");
            std::exit(1);
        }
        return f;
    }();
    return made;
}

void set_counters(benchmark::State& state, const fixture& f) {
    state.counters["connections"] = static_cast<double>(f.analysed->rig().connections.size());
    state.counters["paths"] = static_cast<double>(f.analysed->paths().size());
    state.counters["findings"] = static_cast<double>(f.expected.total());
    state.counters["exempted"] = static_cast<double>(f.expected.exempted);
}

void p3_engine(benchmark::State& state) {
    const auto& f = setup();
    for (auto _ : state) {
        auto evaluation = evaluate_rules(*f.rules, *f.analysed);
        benchmark::DoNotOptimize(evaluation.findings.data());
    }
    set_counters(state, f);
}

void p3_engine_and_text(benchmark::State& state) {
    const auto& f = setup();
    for (auto _ : state) {
        auto run = run_rules(*f.rules, *f.analysed);
        benchmark::DoNotOptimize(run.diagnostics.data());
    }
    set_counters(state, f);
}

void p3_hand_written(benchmark::State& state) {
    const auto& f = setup();
    for (auto _ : state) {
        auto counts = bench::run_builtin_rules_by_hand(*f.analysed, f.params);
        benchmark::DoNotOptimize(counts);
    }
    set_counters(state, f);
}

/// `engine` and the hand-written rules interleaved, so they see the same machine state; the
/// iteration time is the engine's.
template <class Engine> void interleaved(benchmark::State& state, Engine&& engine) {
    using clock = std::chrono::steady_clock;
    const auto& f = setup();
    double engine_seconds = 0.0;
    double hand_seconds = 0.0;
    for (auto _ : state) {
        const auto t0 = clock::now();
        auto counts = bench::run_builtin_rules_by_hand(*f.analysed, f.params);
        benchmark::DoNotOptimize(counts);
        const auto t1 = clock::now();
        engine(f);
        const auto t2 = clock::now();
        const double seconds = std::chrono::duration<double>(t2 - t1).count();
        hand_seconds += std::chrono::duration<double>(t1 - t0).count();
        engine_seconds += seconds;
        state.SetIterationTime(seconds);
    }
    state.counters["hand_ms"] = benchmark::Counter(hand_seconds * 1e3, benchmark::Counter::kAvgIterations);
    state.counters["engine_ms"] = benchmark::Counter(engine_seconds * 1e3, benchmark::Counter::kAvgIterations);
    state.counters["ratio"] = engine_seconds / hand_seconds;
    set_counters(state, f);
}

void p3_ratio(benchmark::State& state) {
    interleaved(state, [](const fixture& f) {
        auto evaluation = evaluate_rules(*f.rules, *f.analysed);
        benchmark::DoNotOptimize(evaluation.findings.data());
    });
}

void p3_ratio_with_text(benchmark::State& state) {
    interleaved(state, [](const fixture& f) {
        auto run = run_rules(*f.rules, *f.analysed);
        benchmark::DoNotOptimize(run.diagnostics.data());
    });
}

void p3_ratio_interpreted(benchmark::State& state) {
    interleaved(state, [](const fixture& f) {
        auto evaluation = rules_detail::evaluate_rules_without_native(*f.rules, *f.analysed);
        benchmark::DoNotOptimize(evaluation.findings.data());
    });
}

} // namespace

BENCHMARK(p3_engine)->Name("P3/engine")->Unit(benchmark::kMillisecond);
BENCHMARK(p3_hand_written)->Name("P3/hand_written")->Unit(benchmark::kMillisecond);
BENCHMARK(p3_engine_and_text)->Name("P3/engine_and_text")->Unit(benchmark::kMillisecond);
BENCHMARK(p3_ratio)->Name("P3/ratio")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(p3_ratio_interpreted)->Name("P3/ratio_interpreted")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(p3_ratio_with_text)->Name("P3/ratio_with_text")->UseManualTime()->Unit(benchmark::kMillisecond);

namespace {

bool has_ignores(const rig& r) {
    return std::any_of(r.connections.begin(), r.connections.end(),
                       [](const connection& c) { return !c.ignores.empty(); });
}

/// `--verify SOURCE_DIR`: the hand-written rules must find what the engine finds, rule by rule,
/// on every rule fixture, every example and a generated rig, both as `evaluate_rules` decides
/// (what P3 times) and as `run_rules` describes; and each rule they implement must fire
/// somewhere. ctest runs it as bench.p3_baseline, so the baseline cannot drift from the pack.
int verify(const std::filesystem::path& source_dir) {
    const auto& builtin = *builtin_rule_set().rules;
    const auto params = bench::builtin_params::of(builtin);
    std::array<std::size_t, bench::builtin_rule_count> fired{};
    int failures = 0;
    const auto compare = [&](const analysed_rig& analysed, const std::string& what) {
        const auto decided = bench::count_engine_findings(builtin, evaluate_rules(builtin, analysed));
        const auto run = run_rules(builtin, analysed);
        const auto described = bench::count_engine_findings(run.diagnostics, run.exempted);
        const auto hand = bench::run_builtin_rules_by_hand(analysed, params);
        for (std::size_t k = 0; k < bench::builtin_rule_count; ++k) {
            fired[k] += hand.findings[k];
            if (hand.findings[k] != decided.findings[k] || hand.findings[k] != described.findings[k]) {
                std::fprintf(stderr, "%s: %s: hand-written %zu, engine %zu, described %zu\n", what.c_str(),
                             bench::builtin_rule_ids[k].data(), hand.findings[k], decided.findings[k],
                             described.findings[k]);
                ++failures;
            }
        }
        if (hand.exempted != decided.exempted || hand.exempted != described.exempted) {
            std::fprintf(stderr, "%s: exempted: hand-written %zu, engine %zu, described %zu\n", what.c_str(),
                         hand.exempted, decided.exempted, described.exempted);
            ++failures;
        }
    };
    std::vector<input_error> ignored;
    std::size_t compared = 0;
    for (const auto& file : collect_fixtures({source_dir / "rules", source_dir / "examples"}, ignored)) {
        auto loaded = load_rig_file(file);
        // The baseline leaves out `ignore` entries (a generated rig has none), so rigs with them sit out.
        if (!loaded.loaded || has_ignores(*loaded.loaded)) continue;
        compare(*analyse(std::move(*loaded.loaded)), file.string());
        ++compared;
    }
    generator_options options;
    options.connections = 20'000;
    options.seed = 7;
    options.unbalanced_share = 0.4;
    compare(*analyse(generate_rig(options)), "generated");
    for (std::size_t k = 0; k < bench::builtin_rule_count; ++k)
        if (fired[k] == 0 && bench::builtin_rule_ids[k] != "path-limit") {
            std::fprintf(stderr, "%s fired nowhere: its predicate was not exercised\n",
                         bench::builtin_rule_ids[k].data());
            ++failures;
        }
    if (compared < 30) {
        std::fprintf(stderr, "only %zu rigs compared\n", compared);
        ++failures;
    }
    for (const auto& rule : bench::rules_beyond_baseline(builtin))
        std::fprintf(stderr, "note: the baseline does not implement %s; P3 times it on the engine's side only\n",
                     rule.c_str());
    std::fprintf(stderr, "%zu rigs and a generated one compared, %d differences\n", compared, failures);
    return failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string_view(argv[1]) == "--verify") return verify(argv[2]);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
