// Unit tests for project/fixtures.hpp: reading `# expect:` annotations and running rule fixtures.
#include <rigcheck/project/fixtures.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace rigcheck;

namespace {
const std::string source_dir = RIGCHECK_SOURCE_DIR;
} // namespace

TEST_CASE("the fixture annotations are read from trailing comments", "[rules][fixtures]") {
    const auto expectations = parse_fixture_expectations(
        "rigcheck: 1  # expect: rig-rule\n"
        "name: \"a # not a comment\"\n"
        "  - from: a.b   # expect: one, two\n"
        "    to: c.d  #expect-exempt: three # expect: four\n"
        "# expected: nothing\n");
    REQUIRE(expectations.size() == 5);
    CHECK(expectations[0] == fixture_expectation{1, "rig-rule", false});
    CHECK(expectations[1] == fixture_expectation{3, "one", false});
    CHECK(expectations[2] == fixture_expectation{3, "two", false});
    CHECK(expectations[3] == fixture_expectation{4, "three", true});
    CHECK(expectations[4] == fixture_expectation{4, "four", false});
    // A diagnostic that points into another file: `RULE at FILE:LINE`.
    const auto elsewhere = parse_fixture_expectations("rigcheck: 1 # expect: rule-budget at pack.yaml:12, one\n");
    REQUIRE(elsewhere.size() == 2);
    CHECK(elsewhere[0] == fixture_expectation{12, "rule-budget", false, "pack.yaml"});
    CHECK(elsewhere[1] == fixture_expectation{1, "one", false, ""});
    CHECK(looks_like_rig("# yaml-language-server: x\n\nrigcheck: 1 # a rig\nname: x\n"));
    CHECK_FALSE(looks_like_rig("rigcheck-rules: 1\n"));
    CHECK_FALSE(looks_like_rig("name: x\nrigcheck: 1\n"));
}

TEST_CASE("test-rules passes annotated fixtures and reports every difference", "[rules][fixtures]") {
    const auto dir = source_dir + "/tests/rules/fixtures";
    const auto passing = run_fixtures({dir + "/pass"}, {});
    CHECK(passing.errors.empty());
    REQUIRE(passing.fixtures.size() == 1);
    CHECK(passing.fixtures[0].failures.empty());
    CHECK(passing.passed() == 1);

    const auto failing = run_fixtures({dir + "/fail/runs.yaml"}, {});
    REQUIRE(failing.fixtures.size() == 1);
    const auto file = dir + "/fail/runs.yaml";
    CHECK(failing.fixtures[0].failures ==
          std::vector<std::string>{file + ":15: unexpected quiet-long-run: desk.main-l -> rec.in-1 is 10 m",
                                   file + ":19: missing quiet-long-run"});
    CHECK(failing.failed() == 1);

    // Collecting a directory finds the rigs and skips the pack and the configuration.
    std::vector<input_error> errors;
    const auto found = collect_fixtures({dir}, errors);
    CHECK(errors.empty());
    REQUIRE(found.size() == 2);
    CHECK(found[0].filename() == "runs.yaml");
    CHECK(found[0].parent_path().filename() == "fail");

    // The first annotated fixture in collection order is the example.
    CHECK(find_example_fixture("quiet-long-run", {dir}) == std::filesystem::path(dir + "/fail/runs.yaml"));
    CHECK(find_example_fixture("quiet-long-run", {dir + "/pass"}) == std::filesystem::path(dir + "/pass/runs.yaml"));
    CHECK_FALSE(find_example_fixture("no-such-rule", {dir}));
}
