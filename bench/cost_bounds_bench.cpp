// The cost bounds of docs/robustness.md#limits, shown over growing sizes of hostile input.
//
// Each case builds an input that once cost far more than its size, at several sizes, and times
// the work rigcheck does on it next to parsing the same text with yaml-cpp alone (`YAML::Load`),
// the cheapest thing that reads every byte. `ratio` (work / parse) staying flat as the input grows
// is what "bounded by the input's size, not its shape" means:
//
// - `cost/suggestions/N`: N devices and N connections whose device ids are all mistyped, ids of
//   60 bytes that differ in their last few characters, so every reference asks for a suggestion
//   among N similar ids (800 x 800 once took 101 s);
// - `cost/cable_ends/E`: one connection of a cable with E ends, half outputs and half inputs, so
//   (E/2)^2 links (at most 64 ends: 1,024 links; a 1000-ended cable once took 29 s);
// - `cost/rule_budget/N`: two rules that nest `exists` over 22 quirks, about 70,000 steps per
//   link, over N links: the run's budget of 10^8 steps caps the time once N passes about 700,
//   whatever N is (100 such rules over 400 links once took 16.5 s). `steps` is the run's total.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>

namespace {

using namespace rigcheck;

std::string padded_id(std::size_t i) {
    std::string id = "stage-left-microphone-channel-number-" + std::string(17, 'x') + std::to_string(1000000 + i);
    return id;
}

std::string suggestion_rig(std::size_t n) {
    std::string text = "rigcheck: 1\ndevices:\n";
    for (std::size_t i = 0; i < n; ++i) text += "  " + padded_id(i) + ": {gear: generic/dynamic-mic}\n";
    text += "  desk: {gear: generic/stage-box}\nconnections:\n";
    for (std::size_t i = 0; i < n; ++i) {
        std::string typo = padded_id(i);
        typo[typo.size() - 2] = 'q';
        text += "  - {from: " + typo + ".out, to: desk.in-" + std::to_string(i % 16 + 1) + ", cable: xlr}\n";
    }
    return text;
}

std::string many_ended_rig(std::size_t ends) {
    const std::size_t half = ends / 2;
    std::string text = "rigcheck: 1\ngear:\n  - id: octo/box\n    category: other\n    ports:\n";
    for (std::size_t i = 0; i < half; ++i)
        text += "      - {id: out-" + std::to_string(i) +
                ", direction: out, connector: xlr3-male, interface: balanced, signal: line}\n";
    for (std::size_t i = 0; i < half; ++i)
        text += "      - {id: in-" + std::to_string(i) +
                ", direction: in, connector: xlr3-female, interface: balanced, signal: line}\n";
    text += "cables:\n  - id: house/octopus\n    ends:\n";
    for (std::size_t i = 0; i < half; ++i) text += "      o" + std::to_string(i) + ": xlr3-female\n";
    for (std::size_t i = 0; i < half; ++i) text += "      i" + std::to_string(i) + ": xlr3-male\n";
    text += "    wiring:\n";
    for (const char* pin : {"1", "2", "3"}) {
        text += "      - [";
        for (std::size_t i = 0; i < half; ++i) text += (i ? ", o" : "o") + std::to_string(i) + "." + pin;
        for (std::size_t i = 0; i < half; ++i) text += ", i" + std::to_string(i) + "." + pin;
        text += "]\n";
    }
    text += "devices:\n  box: {gear: octo/box}\nconnections:\n  - cable: house/octopus\n    ends:\n";
    for (std::size_t i = 0; i < half; ++i)
        text += "      o" + std::to_string(i) + ": box.out-" + std::to_string(i) + "\n";
    for (std::size_t i = 0; i < half; ++i)
        text += "      i" + std::to_string(i) + ": box.in-" + std::to_string(i) + "\n";
    return text;
}

std::string expensive_rig(std::size_t links) {
    std::string text = "rigcheck: 1\ngear:\n  - id: budget/sources\n    category: other\n    quirks: [";
    for (int i = 0; i < 22; ++i) text += (i ? ", q" : "q") + std::to_string(i);
    text += "]\n    ports:\n";
    for (std::size_t i = 0; i < links; ++i)
        text += "      - {id: out-" + std::to_string(i) +
                ", direction: out, connector: xlr3-male, interface: balanced, signal: line}\n";
    text += "  - id: budget/sinks\n    category: other\n    ports:\n";
    for (std::size_t i = 0; i < links; ++i)
        text += "      - {id: in-" + std::to_string(i) +
                ", direction: in, connector: xlr3-female, interface: balanced, signal: line}\n";
    text += "devices:\n  src: {gear: budget/sources}\n  dst: {gear: budget/sinks}\nconnections:\n";
    for (std::size_t i = 0; i < links; ++i)
        text += "  - {from: src.out-" + std::to_string(i) + ", to: dst.in-" + std::to_string(i) + ", cable: xlr}\n";
    return text;
}

constexpr const char* expensive_pack = R"pack(rigcheck-rules: 1
pack: budget-bench
rules:
  - id: budget-bench-one
    scope: connection
    severity: info
    description: expensive
    when: "source.gear.quirks.exists(a, source.gear.quirks.exists(b, source.gear.quirks.exists(c, a == b && b == c && c == 'never')))"
    message: "x"
  - id: budget-bench-two
    scope: connection
    severity: info
    description: expensive
    when: "source.gear.quirks.exists(a, source.gear.quirks.exists(b, source.gear.quirks.exists(c, a == c && c == b && b == 'never')))"
    message: "x"
)pack";

/// Times `work` and a yaml-cpp parse of `text`, interleaved, and reports their ratio.
template <class Work> void time_against_parse(benchmark::State& state, const std::string& text, Work&& work) {
    double work_seconds = 0.0;
    double parse_seconds = 0.0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        work();
        const auto middle = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(YAML::Load(text));
        const auto end = std::chrono::steady_clock::now();
        work_seconds += std::chrono::duration<double>(middle - start).count();
        parse_seconds += std::chrono::duration<double>(end - middle).count();
    }
    state.counters["bytes"] = static_cast<double>(text.size());
    state.counters["ratio"] = work_seconds / parse_seconds;
    state.counters["work_ms"] = 1e3 * work_seconds / static_cast<double>(state.iterations());
}

void suggestions(benchmark::State& state) {
    const auto text = suggestion_rig(static_cast<std::size_t>(state.range(0)));
    time_against_parse(state, text, [&] {
        const auto result = load_rig_text(text, "suggestions.yaml");
        if (result.loaded || result.errors.empty()) state.SkipWithError("the typos were not reported");
        benchmark::DoNotOptimize(result.errors.data());
    });
}
BENCHMARK(suggestions)
    ->Name("cost/suggestions")
    ->Arg(100)
    ->Arg(400)
    ->Arg(800)
    ->Arg(1600)
    ->Unit(benchmark::kMillisecond);

void cable_ends(benchmark::State& state) {
    const auto text = many_ended_rig(static_cast<std::size_t>(state.range(0)));
    const auto& rules = *builtin_rule_set().rules;
    time_against_parse(state, text, [&] {
        auto loaded = load_rig_text(text, "octopus.yaml");
        if (!loaded.loaded) {
            state.SkipWithError("the rig did not load");
            return;
        }
        const auto analysed = analyse(std::move(*loaded.loaded));
        benchmark::DoNotOptimize(run_rules(rules, *analysed).diagnostics.size());
    });
}
BENCHMARK(cable_ends)->Name("cost/cable_ends")->Arg(8)->Arg(16)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond);

void rule_budget(benchmark::State& state) {
    const auto text = expensive_rig(static_cast<std::size_t>(state.range(0)));
    rule_set_options options;
    options.packs.push_back({"budget-bench.yaml", std::string(expensive_pack), {}});
    const auto rules = load_rule_set(options).rules;
    auto loaded = load_rig_text(text, "budget.yaml");
    if (!rules || !loaded.loaded) {
        state.SkipWithError("the pack or the rig did not load");
        return;
    }
    const auto analysed = analyse(std::move(*loaded.loaded));
    std::uint64_t steps = 0;
    time_against_parse(state, text, [&] { steps = evaluate_rules(*rules, *analysed).steps; });
    state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(rule_budget)
    ->Name("cost/rule_budget")
    ->Arg(100)
    ->Arg(400)
    ->Arg(800)
    ->Arg(1600)
    ->Arg(3200)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);

} // namespace

BENCHMARK_MAIN();
