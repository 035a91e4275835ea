// A pack or catalog that a configuration names but that cannot be read is reported at the list
// item naming it (docs/robustness.md#limits: every input error is located); one given by `--pack` or `--catalog`
// has no position, so its message names the option instead.
#include <rigcheck/project/check.hpp>
#include <rigcheck/project/config.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace rigcheck;

namespace {

const std::string corpus = std::string(RIGCHECK_SOURCE_DIR) + "/tests/bad-input";

std::vector<const input_error*> io_errors(const std::vector<input_error>& errors) {
    std::vector<const input_error*> found;
    for (const auto& e : errors)
        if (e.code == error_code::io) found.push_back(&e);
    return found;
}

} // namespace

TEST_CASE("config packs and catalogs keep the position of their list item", "[config][location]") {
    const auto loaded = load_config_text(
        "rigcheck-config: 1\n"
        "packs:\n"
        "  - first.pack.yaml\n"
        "  -   \"second.pack.yaml\"\n"
        "catalogs: [a.yaml,  b.yaml]\n",
        "/proj/.rigcheck.yaml");
    REQUIRE(loaded.errors.empty());
    REQUIRE(loaded.loaded);
    const auto& config = *loaded.loaded;
    REQUIRE(config.packs.size() == 2);
    CHECK(config.packs[0].path == "/proj/first.pack.yaml");
    CHECK(config.packs[0].location.file == "/proj/.rigcheck.yaml");
    CHECK(config.packs[0].location.line == 3);
    CHECK(config.packs[0].location.column == 5);
    CHECK(config.packs[1].path == "/proj/second.pack.yaml");
    CHECK(config.packs[1].location.line == 4);
    CHECK(config.packs[1].location.column == 7);
    REQUIRE(config.catalogs.size() == 2);
    CHECK(config.catalogs[0].path == "/proj/a.yaml");
    CHECK(config.catalogs[0].location.line == 5);
    CHECK(config.catalogs[0].location.column == 12);
    CHECK(config.catalogs[1].path == "/proj/b.yaml");
    CHECK(config.catalogs[1].location.line == 5);
    CHECK(config.catalogs[1].location.column == 21);
}

TEST_CASE("a pack source that cannot be read is reported where it is named", "[config][location]") {
    rule_set_options options;
    options.packs.push_back({"/nonexistent/dir/house.pack.yaml", std::nullopt, {"project.yaml", 7, 9}});
    const auto loaded = load_rule_set(options);
    CHECK_FALSE(loaded.rules);
    const auto errors = io_errors(loaded.errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]->location.file == "project.yaml");
    CHECK(errors[0]->location.line == 7);
    CHECK(errors[0]->location.column == 9);
    CHECK(errors[0]->message ==
          "cannot read the rule pack `/nonexistent/dir/house.pack.yaml`: No such file or directory");
}

TEST_CASE("a pack source without a position keeps the unlocated error on the file", "[config][location]") {
    rule_set_options options;
    options.packs.push_back({"/nonexistent/dir/house.pack.yaml", std::nullopt});
    const auto loaded = load_rule_set(options);
    const auto errors = io_errors(loaded.errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]->location.file == "/nonexistent/dir/house.pack.yaml");
    CHECK(errors[0]->location.line == 0);
}

TEST_CASE("a missing pack named by a configuration is located at its list item", "[config][location]") {
    check_settings settings;
    settings.config = corpus + "/config/missing-pack.yaml";
    const checker check(settings);
    const auto context = check.context_for(corpus + "/accepted/minimal.yaml");
    CHECK_FALSE(context->rules);
    REQUIRE(context->errors.size() == 1);
    const auto& e = context->errors.front();
    CHECK(e.code == error_code::io);
    CHECK(e.location.file == corpus + "/config/missing-pack.yaml");
    CHECK(e.location.line == 4);
    CHECK(e.location.column == 5);
    CHECK(e.message ==
          "cannot read the rule pack `" + corpus + "/config/rules/no-such.pack.yaml`: No such file or directory");
}

TEST_CASE("a missing catalog named by a configuration is located at its list item", "[config][location]") {
    check_settings settings;
    settings.config = corpus + "/config/missing-catalog.yaml";
    const checker check(settings);
    const auto context = check.context_for(corpus + "/accepted/minimal.yaml");
    CHECK_FALSE(context->rules);
    REQUIRE(context->errors.size() == 1);
    const auto& e = context->errors.front();
    CHECK(e.code == error_code::io);
    CHECK(e.location.file == corpus + "/config/missing-catalog.yaml");
    CHECK(e.location.line == 3);
    CHECK(e.location.column == 43);
    CHECK(e.message ==
          "cannot read the catalog `" + corpus + "/config/gear/no-such-catalog.yaml`: No such file or directory");
    // The readable catalog listed before it is still used; the missing one is not passed on to
    // the rig loader, which would report it a second time without a position.
    REQUIRE(context->load.catalogs.size() == 1);
    CHECK(context->load.catalogs[0] == corpus + "/config/../../../catalog/generic.yaml");

    // The rig itself is still checked: the one error is the configuration's.
    const auto result = check.check(corpus + "/accepted/minimal.yaml");
    CHECK(result.invalid_input);
    REQUIRE(result.report.diagnostics.size() == 1);
    CHECK(result.report.diagnostics[0].location.line == 3);
    CHECK(result.report.diagnostics[0].location.column == 43);
}

TEST_CASE("a missing --pack or --catalog names its option", "[config][location]") {
    check_settings settings;
    settings.discover_config = false;
    settings.packs.push_back("/nonexistent/dir/extra.pack.yaml");
    settings.catalogs.push_back("/nonexistent/dir/extra-gear.yaml");
    const checker check(settings);
    const auto context = check.context_for(corpus + "/accepted/minimal.yaml");
    CHECK_FALSE(context->rules);
    const auto errors = io_errors(context->errors);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0]->location.file == "/nonexistent/dir/extra.pack.yaml");
    CHECK(errors[0]->location.line == 0);
    CHECK(errors[0]->message ==
          "--pack `/nonexistent/dir/extra.pack.yaml`: cannot read the rule pack: No such file or directory");
    CHECK(errors[1]->location.file == "/nonexistent/dir/extra-gear.yaml");
    CHECK(errors[1]->location.line == 0);
    CHECK(errors[1]->message ==
          "--catalog `/nonexistent/dir/extra-gear.yaml`: cannot read the catalog: No such file or directory");
}
