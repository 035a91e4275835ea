// Unit tests for core/errors.hpp: every error id is stable, unique and documented in one place.
#include <rigcheck/core/errors.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace rigcheck;

TEST_CASE("every error code has a unique id, and docs/errors.md documents each one", "[core][errors]") {
    std::ifstream file(std::string(RIGCHECK_SOURCE_DIR) + "/docs/errors.md");
    std::stringstream text;
    text << file.rdbuf();
    const std::string docs = text.str();
    REQUIRE_FALSE(docs.empty());
    std::set<std::string> ids;
    for (int code = 0; code <= static_cast<int>(error_code::usage); ++code) {
        const std::string id(error_id(static_cast<error_code>(code)));
        INFO(id);
        CHECK(id != "unknown");
        CHECK(ids.insert(id).second);
        CHECK(docs.find("## " + id + "\n") != std::string::npos);             // its section
        CHECK(docs.find("[`" + id + "`](#" + id + ")") != std::string::npos); // its row in the index
    }
}

TEST_CASE("an input error prints compiler-style, degrading when its location is unknown", "[core][errors]") {
    CHECK(to_string(input_error{error_code::unknown_key, {"rig.yaml", 12, 5}, "unknown key `lenght`"}) ==
          "rig.yaml:12:5: unknown key `lenght` [rigcheck.unknown-key]");
    CHECK(to_string(input_error{error_code::io, {"rig.yaml", 0, 0}, "cannot read"}) ==
          "rig.yaml: cannot read [rigcheck.io]");
    CHECK(to_string(input_error{error_code::usage, {}, "--param x"}) == "--param x [rigcheck.usage]");
    const load_error error(
        {{error_code::version, {"a.yaml", 1, 1}, "no version"}, {error_code::io, {"b.yaml", 0, 0}, "gone"}});
    CHECK(error.errors().size() == 2);
    CHECK(std::string(error.what()).find("a.yaml:1:1: no version") != std::string::npos);
}
