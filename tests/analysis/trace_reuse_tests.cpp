// `trace_links` reuses the trace of a port-cable-port combination it has seen before. That must
// give exactly what tracing every connection on its own gives, field by field, on every rig
// fixture, every example and generated rigs in both the catalog and the in-code gear.
#include <rigcheck/load/generator.hpp>
#include <rigcheck/analysis/link.hpp>
#include <rigcheck/load/loader.hpp>

#include <catch2/catch.hpp>

#include "fixture_rigs.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace rigcheck;
namespace fs = std::filesystem;

/// Each connection traced from scratch into its own analysis, then gathered in connection order.
link_analysis trace_one_by_one(const rig& r) {
    link_analysis result;
    result.links_of_connection.resize(r.connections.size());
    for (std::size_t i = 0; i < r.connections.size(); ++i) trace_connection(r, i, result);
    return result;
}

void require_same_links(const rig& r, const std::string& what) {
    INFO(what);
    const auto reused = trace_links(r);
    const auto fresh = trace_one_by_one(r);
    REQUIRE(reused.links.size() == fresh.links.size());
    REQUIRE(reused.conflicts.size() == fresh.conflicts.size());
    REQUIRE(reused.links_of_connection == fresh.links_of_connection);
    for (std::size_t i = 0; i < fresh.links.size(); ++i) {
        const rigcheck::link& a = reused.links[i];
        const rigcheck::link& b = fresh.links[i];
        INFO("link " << i);
        CHECK(a.connection == b.connection);
        CHECK(a.source == b.source);
        CHECK(a.destination == b.destination);
        CHECK(a.source_face == b.source_face);
        CHECK(a.destination_face == b.destination_face);
        CHECK(a.kind == b.kind);
        CHECK(a.polarity == b.polarity);
        CHECK(a.cold == b.cold);
        CHECK(a.cold_grounded_at == b.cold_grounded_at);
        CHECK(a.isolated == b.isolated);
        CHECK(a.mated == b.mated);
        CHECK(a.single_ended_active_drive == b.single_ended_active_drive);
        CHECK(a.series_resistance.value() == b.series_resistance.value());
        CHECK(a.unmated_reason == b.unmated_reason);
    }
    for (std::size_t i = 0; i < fresh.conflicts.size(); ++i) {
        CHECK(reused.conflicts[i].connection == fresh.conflicts[i].connection);
        CHECK(reused.conflicts[i].first == fresh.conflicts[i].first);
        CHECK(reused.conflicts[i].second == fresh.conflicts[i].second);
    }
}

} // namespace

TEST_CASE("trace_links reuses traces without changing any link of the fixtures and examples") {
    const auto rigs = rigcheck::testing::fixture_and_example_rigs();
    std::size_t compared = 0;
    for (const auto& file : rigs) {
        const auto loaded = load_rig_file(file);
        if (!loaded.loaded) continue;
        require_same_links(*loaded.loaded, file.string());
        ++compared;
    }
    CHECK(compared >= 30);
}

TEST_CASE("trace_links reuses traces without changing any link of generated rigs") {
    generator_options options;
    options.connections = 5'000;
    options.seed = 11;
    options.unbalanced_share = 0.5;
    require_same_links(generate_rig(options), "in-code gear");
    const auto loaded = load_rig_text(generate_rig_yaml(options), "generated.yaml");
    REQUIRE(loaded.loaded);
    require_same_links(*loaded.loaded, "builtin catalog gear");
}
