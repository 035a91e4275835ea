// Unit tests for project/schemas.hpp: the JSON Schemas of the four file kinds.
#include <rigcheck/project/schemas.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace rigcheck;

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
        CHECK(committed.str() == *text);
    }
    CHECK_FALSE(json_schema("report"));
}
