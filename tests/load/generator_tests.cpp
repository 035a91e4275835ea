// Unit tests for load/generator.hpp: synthetic rigs of any size, in memory and as rig files.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/generator.hpp>
#include <rigcheck/load/loader.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace rigcheck;

TEST_CASE("the generator is deterministic and makes exactly the connections asked for", "[load][generator]") {
    generator_options options;
    options.connections = 1234;
    options.seed = 99;
    const rig a = generate_rig(options);
    const rig b = generate_rig(options);
    CHECK(a.connections.size() == 1234);
    REQUIRE(a.devices.size() == b.devices.size());
    for (std::size_t i = 0; i < a.devices.size(); ++i) CHECK(a.devices[i].id == b.devices[i].id);
    CHECK(generate_rig_yaml(options) == generate_rig_yaml(options));
    options.seed = 100;
    CHECK(generate_rig_yaml(options) != generate_rig_yaml(generator_options{1234, 99}));

    const auto analysed = analyse(generate_rig(options));
    std::size_t unbalanced = 0;
    for (const auto& l : analysed->links().links) {
        CHECK(l.kind != link_kind::unmated);
        if (l.kind == link_kind::unbalanced_to_balanced) ++unbalanced;
    }
    // About a quarter of the links are driven unbalanced.
    CHECK(unbalanced > analysed->links().links.size() / 8);
    CHECK(unbalanced < analysed->links().links.size() / 2);
    CHECK(analysed->cycles().empty());
    CHECK_FALSE(analysed->paths().empty());
}

TEST_CASE("the generated rig file loads with the builtin catalog and mates everywhere", "[load][generator]") {
    generator_options options;
    options.connections = 500;
    options.seed = 3;
    const std::string text = generate_rig_yaml(options);
    load_options load;
    load.catalogs.push_back(std::string(RIGCHECK_SOURCE_DIR) + "/catalog/generic.yaml");
    auto loaded = load_rig_text(text, "generated.yaml", load);
    for (const auto& e : loaded.errors) INFO(to_string(e));
    REQUIRE(loaded.errors.empty());
    REQUIRE(loaded.loaded);
    CHECK(loaded.loaded->connections.size() == 500);
    const auto analysed = analyse(std::move(*loaded.loaded));
    for (const auto& l : analysed->links().links) {
        INFO(analysed->rig().port_name(l.source) << " -> " << analysed->rig().port_name(l.destination));
        CHECK(l.mated);
        CHECK(l.kind != link_kind::no_signal);
        CHECK(l.kind != link_kind::shorted);
    }
}
