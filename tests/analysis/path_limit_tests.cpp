// Path enumeration is bounded (docs/robustness.md#limits): a ladder of splitters has exponentially many
// source-to-sink paths, so enumeration stops at `path_limits::max_paths`, and the rule engine
// reports the cut as a `path-limit` warning instead of passing it over.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

namespace {

const std::string ladder_file = std::string(RIGCHECK_SOURCE_DIR) + "/tests/robustness/ladder-40.yaml";
const std::string small_ladder_file = std::string(RIGCHECK_SOURCE_DIR) + "/tests/robustness/ladder-3.yaml";

rigcheck::rig load_ladder(const std::string& file) {
    auto loaded = rigcheck::load_rig_file(file);
    REQUIRE(loaded.errors.empty());
    REQUIRE(loaded.loaded.has_value());
    return std::move(*loaded.loaded);
}

std::size_t count_rule(const rigcheck::rule_run& run, const std::string& rule) {
    return static_cast<std::size_t>(std::count_if(run.diagnostics.begin(), run.diagnostics.end(),
                                                  [&](const rigcheck::diagnostic& d) { return d.rule == rule; }));
}

} // namespace

TEST_CASE("path enumeration on a 2^40-path ladder stops at the limit and is reported", "[analysis][rules][limits]") {
    const auto analysed = rigcheck::analyse(load_ladder(ladder_file), rigcheck::path_limits{250});
    CHECK(analysed->paths().size() == 250);
    CHECK(analysed->paths_truncated());
    // Every path runs from the one source to the one sink through one cable of each stage.
    for (const auto& path : analysed->paths()) REQUIRE(path.links.size() == 81);

    const auto& builtin = rigcheck::builtin_rule_set();
    REQUIRE(builtin.rules);
    const auto run = rigcheck::run_rules(*builtin.rules, *analysed);
    REQUIRE(count_rule(run, "path-limit") == 1);
    const auto found = std::find_if(run.diagnostics.begin(), run.diagnostics.end(),
                                    [](const rigcheck::diagnostic& d) { return d.rule == "path-limit"; });
    CHECK(found->severity == rigcheck::severity::warning);
    CHECK(found->scope == rigcheck::rule_scope::rig);
    CHECK(found->location.file == ladder_file);
    CHECK(found->location.line == 1);
    CHECK(found->location.column == 1);
    CHECK(found->subject == ladder_file);
    CHECK(found->message ==
          "path enumeration stopped at the limit of 250 source-to-sink paths; the path-scope rules "
          "(polarity-inverted) were checked on those paths only");
    CHECK(run.diagnostics.size() == 1);
}

TEST_CASE("a ladder whose 8 paths fit the limit exactly is complete and reports nothing", "[analysis][rules][limits]") {
    const auto& builtin = rigcheck::builtin_rule_set();
    REQUIRE(builtin.rules);

    const auto exact = rigcheck::analyse(load_ladder(small_ladder_file), rigcheck::path_limits{8});
    CHECK(exact->paths().size() == 8);
    CHECK_FALSE(exact->paths_truncated());
    CHECK(count_rule(rigcheck::run_rules(*builtin.rules, *exact), "path-limit") == 0);

    const auto cut = rigcheck::analyse(load_ladder(small_ladder_file), rigcheck::path_limits{7});
    CHECK(cut->paths().size() == 7);
    CHECK(cut->paths_truncated());
    const auto run = rigcheck::run_rules(*builtin.rules, *cut);
    REQUIRE(count_rule(run, "path-limit") == 1);
    CHECK(run.diagnostics.size() == 1);
    CHECK(run.diagnostics.front().message ==
          "path enumeration stopped at the limit of 7 source-to-sink paths; the path-scope rules "
          "(polarity-inverted) were checked on those paths only");
}

TEST_CASE("the default limit cuts the 2^40-path ladder at 100000 paths", "[analysis][limits]") {
    const auto analysed = rigcheck::analyse(load_ladder(ladder_file));
    CHECK(rigcheck::path_limits{}.max_paths == 100000);
    CHECK(analysed->paths().size() == 100000);
    CHECK(analysed->paths_truncated());
}
