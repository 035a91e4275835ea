// Load-time resource limits of rule packs (docs/robustness.md#limits, docs/robustness.md): a macro over list
// literals whose worst case exceeds the evaluation step budget, and an over-long glob in a gear
// override, are refused where they are written rather than left to slow every check down.
#include <rigcheck/rules/expression.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace rigcheck;

expr::fact_schema schema_with_length() {
    expr::fact_schema schema;
    schema.add_field("link.length_m", expr::value_type::number, 0);
    return schema;
}

/// "[1,1,...,1]" with `count` elements.
std::string ones(std::size_t count) {
    std::string list = "[";
    for (std::size_t i = 0; i < count; ++i) list += i == 0 ? "1" : ",1";
    return list + "]";
}

std::vector<input_error> compile_errors(const std::string& text) {
    std::vector<input_error> errors;
    const auto compiled = expr::compile(text, schema_with_length(), expr::expression_origin{"pack.yaml", {4, 11}},
                                        expr::value_type::boolean, errors);
    CHECK(compiled.has_value() == errors.empty());
    return errors;
}

rule_set_load_result load_pack(const std::string& text) {
    rule_set_options options;
    options.builtin_packs = false;
    options.packs.push_back({"limits.yaml", text});
    return load_rule_set(options);
}

std::string override_pack(const std::string& model_glob, const std::string& port_glob) {
    return "rigcheck-rules: 1\npack: limits\ngear-overrides:\n  - match: {model: \"" + model_glob +
           "\"}\n    ports:\n      \"" + port_glob + "\": {pinout: xlr-pin3-hot}\n";
}

} // namespace

TEST_CASE("nested macros over list literals are refused when their worst case passes the step budget",
          "[expression][limits]") {
    // Inner: 2 + 300 * (1 + 3) = 1202 steps; outer: 2 + 300 * (1 + 1202) = 360902.
    const std::string list = ones(300);
    const auto errors = compile_errors(list + ".exists(a, " + list + ".exists(b, a == b))");
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().code == error_code::limit_exceeded);
    CHECK(errors.front().message ==
          "`exists` may take up to 360902 evaluation steps over its list literals, more than the budget of 100000");
    // The outer `exists` follows the 601 characters of the list and its `.`: column 11 + 602.
    CHECK(errors.front().location.line == 4);
    CHECK(errors.front().location.column == 613);

    // `all` is charged alike. Of four nested levels over 250 elements, the third from the
    // outside is the first to cross (2 + 250 * (1 + 1002) = 250752) and the only one reported:
    // the two around it see a failed predicate.
    const std::string big = ones(250);
    const auto deep =
        compile_errors(big + ".all(a, " + big + ".all(b, " + big + ".all(c, " + big + ".all(d, a == d))))");
    REQUIRE(deep.size() == 1);
    CHECK(deep.front().message ==
          "`all` may take up to 250752 evaluation steps over its list literals, more than the budget of 100000");
    CHECK(deep.front().location.column == 11 + 501 + 8 + 501 + 8 + 501 + 1);
}

TEST_CASE("macros over list literals within the step budget still compile", "[expression][limits]") {
    // 2 + 2000 * 4 = 8002 steps, and 2 + 100 * (1 + 2 + 100 * 4) = 40302 for two levels.
    CHECK(compile_errors(ones(2000) + ".exists(a, a == link.length_m)").empty());
    CHECK(compile_errors(ones(100) + ".exists(a, " + ones(100) + ".all(b, a == b))").empty());
    // Lists the rig supplies are not known at load time, so they count as one element here;
    // the evaluator's step budget bounds them when they are long.
}

TEST_CASE("globs in gear overrides are limited to 256 bytes", "[rules][limits]") {
    const std::string at_limit(256, '*');
    const auto accepted = load_pack(override_pack(at_limit, "out-" + std::string(252, '?')));
    for (const auto& e : accepted.errors) UNSCOPED_INFO(to_string(e));
    CHECK(accepted.rules);

    const auto model = load_pack(override_pack(std::string(257, '*'), "out-*"));
    REQUIRE(model.errors.size() == 1);
    CHECK(model.errors.front().code == error_code::limit_exceeded);
    CHECK(model.errors.front().message == "glob is 257 bytes long, over the limit of 256 bytes");
    CHECK(model.errors.front().location.line == 4);
    CHECK(model.errors.front().location.column == 20);

    const auto port = load_pack(override_pack("X-1*", std::string(300, '?')));
    REQUIRE(port.errors.size() == 1);
    CHECK(port.errors.front().message == "glob is 300 bytes long, over the limit of 256 bytes");
    CHECK(port.errors.front().location.line == 6);
    CHECK(port.errors.front().location.column == 7);
}
