// End-to-end check benchmark, docs/performance.md P4.
//
// At start it writes generated rig files of 1k, 10k and 100k connections into a fresh temporary
// directory (removed at exit). For each size it measures, in this one run:
// - `P4/yaml_load_file/N`: `YAML::LoadFile` alone, building yaml-cpp's node tree: the baseline;
// - `P4/check/N`: what `rigcheck check --format json` does for one file: load with the builtin
//   catalog, analyse, run the builtin rules and render the JSON report in memory;
// - `P4/ratio/N`: both interleaved, iteration time the check's, counter `ratio` = check / load
//   (target <= 1.5 at 100k; the moonshot is <= 1.0).
// Peak memory is measured in fresh processes: the benchmark runs itself again with
// `--p4-phase load|check|idle FILE`, and reads each child's peak resident set from wait4's
// rusage. Each child is a whole process, so its peak includes the program and its libraries.
// `rss_load_mb` and `rss_check_mb` are those peaks, `rss_ratio` their quotient (target <= 3 at
// 100k), and `rss_idle_mb` the peak of a child that starts and exits without doing either, the
// floor both share. The builtin rule set is compiled once before timing; what it costs per
// process start belongs to P5.
#include <rigcheck/load/generator.hpp>
#include <rigcheck/project/check.hpp>
#include <rigcheck/report/report.hpp>

#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

extern char** environ;

namespace {

using namespace rigcheck;
namespace fs = std::filesystem;

/// The whole `check --format json` pipeline for one file, without writing the output anywhere.
std::string check_to_json(const checker& rules, const fs::path& file) {
    report_input input;
    input.tool_version = "bench";
    if (const auto& builtin = builtin_rule_set(); builtin.rules) input.rules = builtin.rules->metadata();
    input.files.push_back(rules.check(file).report);
    return render_json(input);
}

check_settings no_config() {
    check_settings settings;
    settings.discover_config = false;
    return settings;
}

/// What a child process does when run as `--p4-phase PHASE FILE`.
int run_phase(const std::string& phase, const fs::path& file) {
    if (phase == "load") {
        const YAML::Node root = YAML::LoadFile(file.string());
        return root.IsMap() ? 0 : 3;
    }
    if (phase == "check") {
        const checker rules(no_config());
        const std::string json = check_to_json(rules, file);
        return json.empty() ? 3 : 0;
    }
    return phase == "idle" ? 0 : 4;
}

/// Runs this binary with `args`; returns the child's peak RSS in MiB, or -1 when it failed.
double run_child(const char* self, const std::vector<std::string>& args) {
    std::vector<char*> argv{const_cast<char*>(self)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0) return -1.0;
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1.0;
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

constexpr std::size_t sizes[] = {1'000, 10'000, 100'000};

fs::path file_for(const fs::path& directory, std::size_t connections) {
    return directory / ("generated-" + std::to_string(connections) + ".yaml");
}

struct sized_file {
    std::size_t connections;
    fs::path path;
    double bytes;
    double rss_idle_mb = 0;
    double rss_load_mb = 0;
    double rss_check_mb = 0;
};

void yaml_load_file(benchmark::State& state, const sized_file* f) {
    for (auto _ : state) {
        YAML::Node root = YAML::LoadFile(f->path.string());
        benchmark::DoNotOptimize(root);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f->bytes));
}

void full_check(benchmark::State& state, const sized_file* f) {
    const checker rules(no_config());
    for (auto _ : state) {
        std::string json = check_to_json(rules, f->path);
        benchmark::DoNotOptimize(json.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f->bytes));
}

void ratio(benchmark::State& state, const sized_file* f) {
    using clock = std::chrono::steady_clock;
    const checker rules(no_config());
    double load_seconds = 0.0;
    double check_seconds = 0.0;
    for (auto _ : state) {
        const auto t0 = clock::now();
        {
            YAML::Node root = YAML::LoadFile(f->path.string());
            benchmark::DoNotOptimize(root);
        }
        const auto t1 = clock::now();
        {
            std::string json = check_to_json(rules, f->path);
            benchmark::DoNotOptimize(json.data());
        }
        const auto t2 = clock::now();
        const double check = std::chrono::duration<double>(t2 - t1).count();
        load_seconds += std::chrono::duration<double>(t1 - t0).count();
        check_seconds += check;
        state.SetIterationTime(check);
    }
    state.counters["load_ms"] = benchmark::Counter(load_seconds * 1e3, benchmark::Counter::kAvgIterations);
    state.counters["check_ms"] = benchmark::Counter(check_seconds * 1e3, benchmark::Counter::kAvgIterations);
    state.counters["ratio"] = check_seconds / load_seconds;
    state.counters["file_mb"] = f->bytes / (1024.0 * 1024.0);
    state.counters["rss_idle_mb"] = f->rss_idle_mb;
    state.counters["rss_load_mb"] = f->rss_load_mb;
    state.counters["rss_check_mb"] = f->rss_check_mb;
    state.counters["rss_ratio"] = f->rss_check_mb / f->rss_load_mb;
}

/// Writes the generated rig files into `directory` (run in a child, see main).
int generate_files(const fs::path& directory) {
    for (const std::size_t connections : sizes) {
        generator_options options;
        options.connections = connections;
        options.seed = 2024;
        std::ofstream out(file_for(directory, connections), std::ios::binary);
        out << generate_rig_yaml(options);
        if (!out.flush()) return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::strcmp(argv[1], "--p4-phase") == 0) return run_phase(argv[2], argv[3]);
    if (argc == 3 && std::strcmp(argv[1], "--p4-generate") == 0) return generate_files(argv[2]);
    // `--write-rig N FILE` writes one generated rig, e.g. bench/p5-20-connections.yaml for P5.
    if (argc == 4 && std::strcmp(argv[1], "--write-rig") == 0) {
        generator_options options;
        options.connections = std::strtoull(argv[2], nullptr, 10);
        options.seed = 2024;
        std::ofstream out(argv[3], std::ios::binary);
        out << generate_rig_yaml(options);
        return out.flush() ? 0 : 1;
    }

    std::string pattern = (fs::temp_directory_path() / "rigcheck-p4-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    const fs::path directory = pattern;
    // Removes the generated files however main returns.
    const std::unique_ptr<const fs::path, void (*)(const fs::path*)> cleanup(&directory, [](const fs::path* d) {
        std::error_code ignored;
        fs::remove_all(*d, ignored);
    });
    // Linux carries a process's peak RSS across exec, and a spawned child starts from its
    // parent's. So the files are generated in a child, and the peaks measured while this process
    // is still small; `rss_idle_mb` shows the floor that leaves.
    if (run_child(argv[0], {"--p4-generate", directory.string()}) < 0) {
        std::fprintf(stderr, "P4: generating the rig files failed\n");
        return 1;
    }
    std::vector<sized_file> files;
    for (const std::size_t connections : sizes) {
        sized_file f{connections, file_for(directory, connections), 0.0};
        f.bytes = static_cast<double>(fs::file_size(f.path));
        f.rss_idle_mb = run_child(argv[0], {"--p4-phase", "idle", f.path.string()});
        f.rss_load_mb = run_child(argv[0], {"--p4-phase", "load", f.path.string()});
        f.rss_check_mb = run_child(argv[0], {"--p4-phase", "check", f.path.string()});
        if (f.rss_idle_mb < 0 || f.rss_load_mb < 0 || f.rss_check_mb < 0) {
            std::fprintf(stderr, "P4: a measuring child failed on %s\n", f.path.c_str());
            return 1;
        }
        files.push_back(f);
    }
    // Every generated file must check cleanly as a rig before it is worth timing.
    {
        const checker rules(no_config());
        for (const auto& f : files) {
            if (rules.check(f.path).invalid_input) {
                std::fprintf(stderr, "P4: the generated file %s does not load\n", f.path.c_str());
                return 1;
            }
        }
    }

    benchmark::Initialize(&argc, argv);
    for (auto& f : files) {
        const std::string n = std::to_string(f.connections);
        benchmark::RegisterBenchmark(("P4/yaml_load_file/" + n).c_str(), yaml_load_file, &f)
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("P4/check/" + n).c_str(), full_check, &f)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("P4/ratio/" + n).c_str(), ratio, &f)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
