// Unit tests for the version macros: the generated header agrees with the CMake project version,
// its parts with its string, and CHANGELOG.md has a section for the version being built.
#include <rigcheck/core/version.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace {

const std::string source_dir = RIGCHECK_SOURCE_DIR;

} // namespace

TEST_CASE("the version header carries the project version", "[version]") {
    CHECK(std::string(RIGCHECK_VERSION_STRING) == RIGCHECK_PROJECT_VERSION);
    CHECK(std::string(rigcheck::version_string) == RIGCHECK_VERSION_STRING);
    const std::string from_parts = std::to_string(RIGCHECK_VERSION_MAJOR) + "." +
                                   std::to_string(RIGCHECK_VERSION_MINOR) + "." +
                                   std::to_string(RIGCHECK_VERSION_PATCH);
    CHECK(from_parts == rigcheck::version_string);
}

TEST_CASE("CHANGELOG.md has a section for the version being built", "[version]") {
    std::ifstream in(source_dir + "/CHANGELOG.md");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const std::string heading = std::string("\n## [") + rigcheck::version_string + "]";
    CHECK(text.str().find(heading) != std::string::npos);
}
