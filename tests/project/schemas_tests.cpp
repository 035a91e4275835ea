// Unit tests for project/schemas.hpp: the JSON Schemas of the four file kinds.
#include <rigcheck/project/schemas.hpp>
#include <rigcheck/project/detail/schema_properties.hpp>

#include <rigcheck/model/connector.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace rigcheck;

namespace {

nlohmann::json parsed_schema(std::string_view kind) {
    const auto text = json_schema(kind);
    REQUIRE(text);
    return nlohmann::json::parse(*text);
}

/// Where the properties of a described object sit in a schema: `definitions/NAME/properties`, a
/// file kind's own `properties`, or nested (`gearOverride.match`, a port's `faces`).
nlohmann::json::json_pointer properties_of(std::string_view object) {
    const auto kinds = schema_kinds();
    if (std::find(kinds.begin(), kinds.end(), object) != kinds.end())
        return nlohmann::json::json_pointer("/properties");
    if (object == "faces") return nlohmann::json::json_pointer("/definitions/port/properties/faces/properties");
    std::string path(object);
    std::replace(path.begin(), path.end(), '.', '/');
    const auto dot = object.find('.');
    if (dot != std::string_view::npos) path.insert(dot + 1, "properties/");
    return nlohmann::json::json_pointer("/definitions/" + path + "/properties");
}

} // namespace

TEST_CASE("each file kind has its draft-07 schema, and what the repository holds is the same", "[project][schemas]") {
    REQUIRE(schema_kinds().size() == 4);
    for (const auto kind : schema_kinds()) {
        INFO(kind);
        const auto text = json_schema(kind);
        REQUIRE(text);
        const auto schema = nlohmann::json::parse(*text);
        CHECK(schema["$schema"] == "http://json-schema.org/draft-07/schema#");
        std::ifstream file(std::string(RIGCHECK_SOURCE_DIR) + "/schemas/" + std::string(kind) + ".schema.json");
        std::stringstream committed;
        committed << file.rdbuf();
        // `rigcheck schema KIND > schemas/KIND.schema.json` (tools/write-schemas) writes them again.
        CHECK(committed.str() == *text);
    }
    CHECK_FALSE(json_schema("report"));
}

TEST_CASE("every key a loader accepts has a description, and every description is of a loader key",
          "[project][schemas]") {
    REQUIRE_FALSE(schema_detail::described_objects().empty());
    for (const auto& object : schema_detail::described_objects()) {
        INFO(object.name);
        const auto problems = schema_detail::description_problems(object);
        for (const auto& problem : problems) UNSCOPED_INFO(problem);
        CHECK(problems.empty());
    }
}

TEST_CASE("a key without a description, or a description without a key, is a problem", "[project][schemas]") {
    static constexpr std::string_view keys[] = {"id", "colour"};
    static constexpr schema_detail::property table[] = {{"id", "The id.", "ruleId"}, {"flavour", "A flavour.", "flag"}};
    schema_detail::described_object object{"widget", keys, table};
    const auto problems = schema_detail::description_problems(object);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == "`widget` key `colour` has no description");
    CHECK(problems[1] == "`widget` describes `flavour`, which its loader does not accept");
    // Borrowed tables (another object's) may describe more than the object takes.
    object.borrowed = true;
    CHECK(schema_detail::description_problems(object).size() == 1);
}

TEST_CASE("each object of the schemas lists exactly the keys its loader accepts", "[project][schemas]") {
    const auto kinds = schema_kinds();
    for (const auto& object : schema_detail::described_objects()) {
        INFO(object.name);
        const std::set<std::string> expected(object.loader_keys.begin(), object.loader_keys.end());
        // A file kind's own properties are in its own schema; a definition is in each that uses it.
        const bool is_kind = std::find(kinds.begin(), kinds.end(), object.name) != kinds.end();
        int found = 0;
        for (const auto kind : kinds) {
            if (is_kind && kind != object.name) continue;
            const auto schema = parsed_schema(kind);
            const auto where = properties_of(object.name);
            if (!schema.contains(where)) continue;
            ++found;
            std::set<std::string> listed;
            for (const auto& item : schema.at(where).items()) listed.insert(item.key());
            CHECK(listed == expected);
        }
        CHECK(found > 0);
    }
}

TEST_CASE("the connector spellings the schemas offer are the ones the loader reads", "[project][schemas]") {
    const auto schema = parsed_schema("rig");
    const auto& ports = schema.at("/definitions/connector/enum"_json_pointer);
    const auto& cable_ends = schema.at("/definitions/cableConnector/enum"_json_pointer);
    // Every type as a plug and a socket, but the combo, which is a socket written two ways.
    CHECK(ports.size() == 2 * (all_connector_types.size() - 1) + 2);
    CHECK(cable_ends.size() == ports.size() - 2);
    for (const auto& spelling : ports) {
        INFO(spelling);
        CHECK(parse_connector(spelling.get<std::string>()));
    }
}
