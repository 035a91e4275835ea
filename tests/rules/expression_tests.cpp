// Unit tests for the rule expression language: parsing and precedence, located syntax and type
// errors, evaluation with unknown values, the step budget, hostile inputs and templates.
//
// Every expression is compiled as if it were written at line 12, column 11 of a rule file, so an
// error at byte offset N of a one-line expression is expected at column 11 + N. Values are
// compared through their template rendering ("7", "true", "unknown"), which keeps the tables
// short and exact.
#include <rigcheck/rules/expression.hpp>

#include <rigcheck/rules/detail/expression_syntax.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <limits>
#include <string>
#include <vector>

using namespace rigcheck;
using namespace rigcheck::expr;

namespace {

enum slot : std::uint32_t {
    link_kind,
    link_length_m,
    link_isolated,
    link_polarity,
    params_short_run_max_m,
    source_display,
    source_gear_manufacturer,
    source_gear_quirks,
    signal_level_dbu,
    path_categories,
    test_numbers,
    dest_display,
    dest_phantom,
    slot_total,
};

const source_position expression_start{12, 11};

fact_schema connection_schema() {
    fact_schema schema;
    schema.add_field("link.kind", value_type::string, link_kind);
    schema.add_field("link.length_m", value_type::number, link_length_m);
    schema.add_field("link.isolated", value_type::boolean, link_isolated);
    schema.add_field("link.polarity", value_type::number, link_polarity);
    schema.add_field("params.short_run_max_m", value_type::number, params_short_run_max_m);
    schema.add_field("source.gear.manufacturer", value_type::string, source_gear_manufacturer);
    schema.add_field("source.gear.quirks", value_type::string_list, source_gear_quirks);
    schema.add_field("signal.level_dbu", value_type::number, signal_level_dbu);
    schema.add_field("path.categories", value_type::string_list, path_categories);
    schema.add_field("test.numbers", value_type::number_list, test_numbers);
    schema.add_field("dest.phantom", value_type::boolean, dest_phantom);
    schema.set_display("source", source_display);
    schema.set_display("dest", dest_display);
    return schema;
}

/// Facts with every value known; the storage the views point into lives as long as the test.
struct known_facts {
    std::array<std::string_view, 2> quirks{"pin3-hot", "ld-1"};
    std::array<std::string_view, 3> categories{"keyboard", "di", "console"};
    std::vector<double> numbers{1, 2, 3, 4};
    std::vector<value> facts;

    known_facts() {
        facts.resize(slot_total);
        facts[link_kind] = value::of("unbalanced-to-balanced");
        facts[link_length_m] = value::of(12.0);
        facts[link_isolated] = value::of(false);
        facts[link_polarity] = value::of(-1);
        facts[params_short_run_max_m] = value::of(3);
        facts[source_display] = value::of("desk.out-1");
        facts[source_gear_manufacturer] = value::of("Acme");
        facts[source_gear_quirks] = value::of(std::span<const std::string_view>(quirks));
        facts[signal_level_dbu] = value::of(-2.0186);
        facts[path_categories] = value::of(std::span<const std::string_view>(categories));
        facts[test_numbers] = value::of(std::span<const double>(numbers));
        facts[dest_display] = value::of("stagebox.in-1");
        facts[dest_phantom] = value::of(true);
    }
};

expression_origin origin() { return expression_origin{"rules/acme.yaml", expression_start}; }

program compile_ok(std::string_view text, std::optional<value_type> expected = std::nullopt) {
    std::vector<input_error> errors;
    auto compiled = compile(text, connection_schema(), origin(), expected, errors);
    INFO(text);
    INFO((errors.empty() ? std::string() : errors.front().message));
    REQUIRE(errors.empty());
    REQUIRE(compiled);
    return *compiled;
}

std::string run(std::string_view text, std::span<const value> facts) {
    const program p = compile_ok(text);
    const evaluation_result result = evaluate(p, facts);
    REQUIRE_FALSE(result.budget_exceeded);
    return to_string(result.result);
}

std::string run(std::string_view text) {
    known_facts known;
    return run(text, known.facts);
}

/// Compiles `text`, which must fail with exactly one error, and returns it.
input_error single_error(std::string_view text, std::optional<value_type> expected = std::nullopt) {
    std::vector<input_error> errors;
    const auto compiled = compile(text, connection_schema(), origin(), expected, errors);
    INFO(text);
    CHECK_FALSE(compiled);
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().location.file == "rules/acme.yaml");
    return errors.front();
}

struct located {
    error_code code;
    std::uint32_t line;
    std::uint32_t column;
};

void check_error(std::string_view text, located expected, std::optional<value_type> wanted = std::nullopt) {
    const input_error error = single_error(text, wanted);
    INFO(text << " -> " << error.message);
    CHECK(error.code == expected.code);
    CHECK(error.location.line == expected.line);
    CHECK(error.location.column == expected.column);
}

struct case_row {
    const char* text;
    const char* expected;
};

void check_table(std::span<const case_row> rows, std::span<const value> facts) {
    for (const case_row& row : rows) {
        INFO(row.text);
        CHECK(run(row.text, facts) == row.expected);
    }
}

} // namespace

TEST_CASE("value construction and types", "[expression]") {
    CHECK(value().is_unknown());
    CHECK(value::of("text").type() == value_type::string);
    CHECK(value::of(3).type() == value_type::number);
    CHECK(value::of(true).type() == value_type::boolean);
    CHECK(value::of(std::numeric_limits<double>::quiet_NaN()).is_unknown());
    CHECK(value::of(std::numeric_limits<double>::infinity()).is_unknown());
    CHECK(value::of(true).is_true());
    CHECK_FALSE(value::unknown().is_true());
    CHECK(to_string(value::of(15)) == "15");
    CHECK(to_string(value::of(2.5)) == "2.5");
    CHECK(to_string(value::of(-2.0186)) == "-2.02");
    CHECK(to_string(value::of(-0.001)) == "0");
    CHECK(to_string(value::unknown()) == "unknown");
    CHECK(to_string(value_type::string_list) == "list<string>");
}

TEST_CASE("fact schema", "[expression]") {
    const fact_schema schema = connection_schema();
    CHECK(schema.slot_count() == slot_total);
    CHECK(schema.is_object("link"));
    CHECK(schema.is_object("source.gear"));
    CHECK_FALSE(schema.is_object("link.kind"));
    CHECK_FALSE(schema.is_object("lin"));
    REQUIRE(schema.find_field("link.kind"));
    CHECK(schema.find_field("link.kind")->slot == link_kind);
    fact_schema bad;
    CHECK_THROWS_AS(bad.add_field("link.length-m", value_type::number, 0), std::invalid_argument);
    CHECK_THROWS_AS(bad.add_field("link..kind", value_type::string, 0), std::invalid_argument);
}

TEST_CASE("operator precedence follows CEL", "[expression][parser]") {
    const std::array<case_row, 24> rows{{
        {"1 + 2 * 3 == 7", "true"},
        {"(1 + 2) * 3", "9"},
        {"!true || true", "true"},
        {"!(true || true)", "false"},
        {"true || false && false", "true"},
        {"false && true || true", "true"},
        {"-2 * 3", "-6"},
        {"- 2 - 3", "-5"},
        {"--2", "2"},
        {"2 - 1 - 1", "0"},
        {"8 / 4 / 2", "1"},
        {"7 % 4 * 2", "6"},
        {"1 < 2 == true", "true"},
        {"2 < 1 == false", "true"},
        {"1 + 2 < 4 && 3 > 2 || false", "true"},
        {"true ? 1 : false ? 2 : 3", "1"},
        {"false ? 1 : true ? 2 : 3", "2"},
        {"false ? 1 : false ? 2 : 3", "3"},
        {"1 < 2 ? 'yes' : 'no'", "yes"},
        {"false || true ? 1 : 2", "1"},
        {"'ld-1' in source.gear.quirks == true", "true"},
        {"-abs(-3)", "-3"},
        {"-link.length_m", "-12"},
        {"!source.gear.quirks.exists(q, q == 'x') && true", "true"},
    }};
    check_table(rows, known_facts().facts);
}

TEST_CASE("every operator and function evaluates", "[expression][evaluator]") {
    known_facts known;
    const std::array<case_row, 62> rows{{
        // literals
        {"42", "42"},
        {"2.5e1", "25"},
        {"'single'", "single"},
        {"\"double\"", "double"},
        {"'it\\'s'", "it's"},
        {"\"say \\\"hi\\\"\"", "say \"hi\""},
        {"'back\\\\slash'", "back\\slash"},
        {"size('a\\nb')", "3"},
        {"true", "true"},
        {"null", "unknown"},
        {"['a', 'b']", "[a, b]"},
        {"[1, -2.5,]", "[1, -2.5]"},
        {"[]", "[]"},
        // arithmetic
        {"7 + 3", "10"},
        {"7 - 3", "4"},
        {"7 * 3", "21"},
        {"7 / 2", "3.5"},
        {"7 % 3", "1"},
        {"-7 % 3", "-1"},
        {"1 / 0", "unknown"},
        {"5 % 0", "unknown"},
        // relations
        {"1 < 2", "true"},
        {"2 <= 2", "true"},
        {"3 > 2", "true"},
        {"2 >= 3", "false"},
        {"'abc' < 'abd'", "true"},
        {"'b' > 'abc'", "true"},
        {"link.kind == 'unbalanced-to-balanced'", "true"},
        {"link.kind != 'balanced'", "true"},
        {"true == false", "false"},
        {"source.gear.quirks == ['pin3-hot', 'ld-1']", "true"},
        {"source.gear.quirks == []", "false"},
        {"test.numbers != [1, 2, 3, 4]", "false"},
        {"2 in test.numbers", "true"},
        {"9 in test.numbers", "false"},
        {"'di' in path.categories", "true"},
        {"'x' in []", "false"},
        // logic
        {"true && false", "false"},
        {"false || true", "true"},
        {"!false", "true"},
        // access
        {"path.categories[1]", "di"},
        {"test.numbers[3]", "4"},
        {"test.numbers[4]", "unknown"},
        {"test.numbers[-1]", "unknown"},
        {"test.numbers[0.5]", "unknown"},
        // functions
        {"has(link.length_m)", "true"},
        {"size(path.categories)", "3"},
        {"path.categories.size()", "3"},
        {"size('Röde')", "4"},
        {"link.kind.size()", "22"},
        {"link.kind.startsWith('unbalanced')", "true"},
        {"link.kind.endsWith('-balanced')", "true"},
        {"link.kind.contains('to')", "true"},
        {"link.kind.contains('xyz')", "false"},
        {"abs(link.polarity)", "1"},
        {"min(3, link.length_m)", "3"},
        {"max(3, link.length_m)", "12"},
        // macros
        {"source.gear.quirks.exists(q, q == 'ld-1')", "true"},
        {"source.gear.quirks.all(q, q.size() > 3)", "true"},
        {"test.numbers.all(n, n < 4)", "false"},
        {"test.numbers.exists(a, test.numbers.exists(b, a + b == 8))", "true"},
        {"test.numbers.exists(n, n > 4)", "false"},
    }};
    check_table(rows, known.facts);
}

TEST_CASE("glob patterns", "[expression][evaluator]") {
    const std::array<case_row, 16> rows{{
        {"'X-1000'.glob('X-1*')", "true"},
        {"'X-1000'.glob('X-2*')", "false"},
        {"'out-l'.glob('out-?')", "true"},
        {"'out-lr'.glob('out-?')", "false"},
        {"'out-l'.glob('out-[lr]')", "true"},
        {"'out-x'.glob('out-[lr]')", "false"},
        {"'in-7'.glob('in-[0-9]')", "true"},
        {"'in-7'.glob('in-[!0-9]')", "false"},
        {"'Röde'.glob('R?de')", "true"},
        {"''.glob('*')", "true"},
        {"'abc'.glob('')", "false"},
        {"'a[b'.glob('a[b')", "true"},
        {"'a]'.glob('a[]]')", "true"},
        {"'a*'.glob('a[*]')", "true"},
        {"'abcabd'.glob('*ab?')", "true"},
        {"'mississippi'.glob('m*iss*ppi')", "true"},
    }};
    check_table(rows, known_facts().facts);
}

TEST_CASE("unknown values follow docs/analysis.md", "[expression][evaluator]") {
    known_facts known;
    known.facts[link_length_m] = value::unknown();
    known.facts[link_isolated] = value::unknown();
    known.facts[source_gear_quirks] = value::unknown();
    const std::array<case_row, 28> rows{{
        {"link.length_m", "unknown"},
        {"link.length_m + 1", "unknown"},
        {"-link.length_m", "unknown"},
        {"abs(link.length_m)", "unknown"},
        {"min(link.length_m, 1)", "unknown"},
        {"link.length_m > 3", "false"},
        {"link.length_m <= 3", "false"},
        {"!(link.length_m < 3)", "true"},
        {"link.length_m == 3", "false"},
        {"link.length_m != 3", "false"},
        {"link.length_m == null", "true"},
        {"null == link.length_m", "true"},
        {"link.length_m != null", "false"},
        {"link.kind == null", "false"},
        {"null == null", "true"},
        {"has(link.length_m)", "false"},
        {"has(link.kind)", "true"},
        {"link.length_m > 3 || true", "true"},
        {"link.isolated || true", "true"},
        {"link.isolated && true", "false"},
        {"!link.isolated", "unknown"},
        {"link.isolated ? 1 : 2", "unknown"},
        {"true ? link.length_m : 2", "unknown"},
        {"'x' in source.gear.quirks", "false"},
        {"source.gear.quirks.exists(q, q == 'ld-1')", "unknown"},
        {"size(source.gear.quirks)", "unknown"},
        {"test.numbers.exists(n, link.length_m > n)", "false"},
        {"link.kind == 'unbalanced-to-balanced' && link.length_m > params.short_run_max_m", "false"},
    }};
    check_table(rows, known.facts);
}

TEST_CASE("facts of the wrong type or outside the span read as unknown", "[expression][evaluator]") {
    known_facts known;
    known.facts[link_length_m] = value::of("twelve");
    CHECK(run("link.length_m", known.facts) == "unknown");
    CHECK(run("has(link.length_m)", known.facts) == "false");
    const std::vector<value> too_few{value::of("balanced")};
    CHECK(run("link.kind", too_few) == "balanced");
    CHECK(run("link.length_m", too_few) == "unknown");
    CHECK(to_string(evaluate(program(), too_few).result) == "unknown");
}

TEST_CASE("results have their static types", "[expression][checker]") {
    CHECK(compile_ok("link.length_m * 2").result_type() == value_type::number);
    CHECK(compile_ok("link.kind").result_type() == value_type::string);
    CHECK(compile_ok("source.gear.quirks").result_type() == value_type::string_list);
    CHECK(compile_ok("[1]").result_type() == value_type::number_list);
    CHECK(compile_ok("link.length_m > 1", value_type::boolean).result_type() == value_type::boolean);
    CHECK_FALSE(compile_ok("null").result_type());
    CHECK(compile_ok("[]", value_type::number_list).result_type() == value_type::number_list);
    CHECK(compile_ok("link.kind == 'x'").text() == "link.kind == 'x'");
}

TEST_CASE("syntax errors are located at the offending token", "[expression][parser]") {
    const error_code syntax = error_code::expression_syntax;
    // unterminated string: at its opening quote
    check_error("link.kind == 'balanced", {syntax, 12, 24});
    // unexpected token
    check_error("link.kind == )", {syntax, 12, 24});
    check_error("link.kind 'x'", {syntax, 12, 21});
    check_error("1 +", {syntax, 12, 14});
    // missing `)`: where it was expected, here the end of the text
    check_error("(1 + 2", {syntax, 12, 17});
    check_error("abs(1", {syntax, 12, 16});
    check_error("[1, 2", {syntax, 12, 16});
    // bad numbers: at the number
    check_error("link.length_m > 3m", {syntax, 12, 27});
    check_error("1. + 2", {syntax, 12, 11});
    check_error("2 * 1e+", {syntax, 12, 15});
    check_error("1e999 > 2", {syntax, 12, 11});
    check_error(".5 > 1", {syntax, 12, 11});
    // operators that are not in the language
    check_error("link.kind = 'x'", {syntax, 12, 21});
    check_error("true & false", {syntax, 12, 16});
    check_error("true | false", {syntax, 12, 16});
    check_error("link.kind == 'a' # comment", {syntax, 12, 28});
    check_error("'a\\q'", {syntax, 12, 13});
    check_error("link.", {syntax, 12, 16});
    // as in CEL, the middle of `?:` is not itself a conditional
    check_error("true ? false ? 1 : 2 : 3", {syntax, 12, 24});

    const input_error missing = single_error("(1 + 2");
    CHECK(missing.message == "expected `)` to close `(`, found the end of the expression");
    const input_error number = single_error("link.length_m > 3m");
    CHECK(number.message ==
          "malformed number `3m`; numbers are plain decimals such as `3`, `2.5` or `1e3`, "
          "without units");
    const input_error unterminated = single_error("link.kind == 'balanced");
    CHECK(unterminated.message == "unterminated string: no closing ' on this line");
}

TEST_CASE("positions in multi-line expressions restart at column 1 after a newline", "[expression][parser]") {
    check_error("link.kind == 'a' &&\n  link.length_m > $", {error_code::expression_syntax, 13, 19});
    check_error("link.kind == 'a' &&\n\n    link.lenght_m > 1", {error_code::expression_type, 14, 10});
    std::vector<input_error> errors;
    CHECK_FALSE(compile("1 +", connection_schema(), expression_origin{"code", {}}, std::nullopt, errors));
    REQUIRE(errors.size() == 1);
    CHECK_FALSE(errors.front().location.known());
}

TEST_CASE("type errors are located at the offending token", "[expression][checker]") {
    const error_code type = error_code::expression_type;
    const std::optional<value_type> condition = value_type::boolean;

    SECTION("unknown fields suggest the nearest known one") {
        const input_error typo = single_error("link.lenght_m > 3");
        CHECK(typo.code == type);
        CHECK(typo.location.line == 12);
        CHECK(typo.location.column == 16);
        CHECK(typo.message == "unknown field `link.lenght_m`; did you mean `link.length_m`?");
        const input_error root = single_error("lnk.length_m > 3");
        CHECK(root.location.column == 11);
        CHECK(root.message == "unknown field `lnk.length_m`; did you mean `link.length_m`?");
        const input_error far = single_error("nothing_like_it > 3");
        CHECK(far.message == "unknown field `nothing_like_it`");
        check_error("link.length_m.x > 1", {type, 12, 25});
        CHECK(single_error("link.length_m.x > 1").message == "`link.length_m` is a number and has no field `x`");
    }
    SECTION("objects are not values") {
        check_error("link > 3", {type, 12, 11});
        CHECK(single_error("link > 3").message ==
              "`link` is a group of facts, not a value; name one of its fields, such as `link.kind`");
        check_error("source == 'desk.out-1'", {type, 12, 11});
    }
    SECTION("operand type mismatches") {
        check_error("'a' + 1", {type, 12, 15});
        CHECK(single_error("'a' + 1").message == "operator `+` needs two numbers, but got a string and a number");
        check_error("link.length_m && true", {type, 12, 25});
        CHECK(single_error("link.length_m && true").message ==
              "operator `&&` needs bool operands, but the left operand is a number");
        check_error("true || 'x'", {type, 12, 16});
        check_error("link.kind == 3", {type, 12, 21});
        CHECK(single_error("link.kind == 3").message == "cannot compare a string with a number using `==`");
        check_error("link.length_m < 'long'", {type, 12, 25});
        check_error("true < false", {type, 12, 16});
        check_error("!link.length_m", {type, 12, 11});
        check_error("-link.kind", {type, 12, 11});
        check_error("'a' + 'b'", {type, 12, 15});
        check_error("'x' in link.kind", {type, 12, 15});
        check_error("3 in source.gear.quirks", {type, 12, 13});
        check_error("null + 1", {type, 12, 16});
        check_error("true ? 1 : 'a'", {type, 12, 16});
        check_error("link.length_m ? 1 : 2", {type, 12, 11});
        check_error("link.kind[0]", {type, 12, 20});
        check_error("test.numbers['a']", {type, 12, 24});
    }
    SECTION("a condition must be a bool") {
        check_error("link.length_m + 1", {type, 12, 11}, condition);
        CHECK(single_error("link.length_m + 1", condition).message ==
              "a condition must be a bool, but this expression is a number");
        check_error("  link.kind", {type, 12, 13}, condition);
        check_error("null", {type, 12, 11}, condition);
        check_error("link.kind", {type, 12, 11}, value_type::number);
    }
    SECTION("unknown functions and methods") {
        check_error("sise(link.kind) > 1", {type, 12, 11});
        CHECK(single_error("sise(link.kind) > 1").message == "unknown function `sise`; did you mean `size`?");
        check_error("link.kind.startswith('x')", {type, 12, 21});
        CHECK(single_error("link.kind.startswith('x')").message ==
              "unknown function `startswith`; did you mean `startsWith`?");
        check_error("matches(link.kind)", {type, 12, 11});
        check_error("startsWith(link.kind, 'x')", {type, 12, 11});
        check_error("link.length_m.abs() > 1", {type, 12, 25});
    }
    SECTION("argument counts") {
        check_error("abs(1, 2) > 0", {type, 12, 11});
        CHECK(single_error("abs(1, 2) > 0").message == "`abs` takes 1 argument, but 2 were given; write `abs(number)`");
        check_error("min(1) > 0", {type, 12, 11});
        check_error("link.kind.startsWith()", {type, 12, 21});
        check_error("has()", {type, 12, 11});
        check_error("path.categories.size(1) > 0", {type, 12, 27});
        check_error("source.gear.quirks.exists(q)", {type, 12, 30});
    }
    SECTION("argument types") {
        check_error("abs(link.kind) > 0", {type, 12, 15});
        check_error("max(1, true) > 0", {type, 12, 18});
        check_error("link.kind.startsWith(1)", {type, 12, 32});
        check_error("link.length_m.startsWith('1')", {type, 12, 11});
        check_error("size(3) > 0", {type, 12, 16});
        check_error("has(null)", {type, 12, 15});
        check_error("source.gear.quirks.contains('x')", {type, 12, 11});
        check_error("source.gear.quirks.exists(1, true)", {type, 12, 37});
        check_error("source.gear.quirks.exists(q, q > 1)", {type, 12, 42});
        check_error("source.gear.quirks.exists(q, q)", {type, 12, 40});
        check_error("link.kind.exists(q, true)", {type, 12, 11});
        check_error("q == 'x'", {type, 12, 11});
    }
    SECTION("list literals") {
        check_error("[1, 'a']", {type, 12, 15});
        check_error("[1, link.length_m]", {type, 12, 15});
        check_error("[true]", {type, 12, 12});
        check_error("[[1]]", {type, 12, 12});
    }
    SECTION("independent mistakes are all reported, without cascades") {
        std::vector<input_error> errors;
        CHECK_FALSE(compile("lnk.x > 1 && 'a' + 1 > 0 && abs(foo) > 1", connection_schema(), origin(),
                            value_type::boolean, errors));
        REQUIRE(errors.size() == 3);
        CHECK(errors[0].location.column == 11);
        CHECK(errors[1].location.column == 28);
        CHECK(errors[2].location.column == 43);
    }
}

TEST_CASE("macro variables are scoped and may shadow facts", "[expression][checker]") {
    CHECK(run("source.gear.quirks.exists(link, link == 'ld-1')") == "true");
    CHECK(run("test.numbers.all(n, path.categories.exists(c, size(c) > n - 2))") == "true");
    CHECK(single_error("source.gear.quirks.exists(q, true) && q == 'x'").code == error_code::expression_type);
}

TEST_CASE("hostile inputs are rejected or bounded", "[expression][limits]") {
    SECTION("nesting beyond 64 levels is a located limit error") {
        const std::string deep = std::string(65, '(') + "1" + std::string(65, ')');
        check_error(deep, {error_code::limit_exceeded, 12, 75});
        const std::string fits = std::string(63, '(') + "1" + std::string(63, ')');
        CHECK(run(fits) == "1");
        check_error(std::string(100, '!') + "true", {error_code::limit_exceeded, 12, 75});
        check_error(std::string(100, '[') + std::string(100, ']'), {error_code::limit_exceeded, 12, 75});
    }
    SECTION("ten thousand nested parentheses neither parse nor overflow the stack") {
        const std::string deep = std::string(10000, '(') + "1" + std::string(10000, ')');
        // Through the public API the length limit answers first ...
        check_error(deep, {error_code::limit_exceeded, 12, 11 + 4096});
        // ... and the parser alone stops at the 65th parenthesis.
        const detail::lex_result lexed = detail::tokenize(deep);
        REQUIRE_FALSE(lexed.error);
        const detail::parse_result parsed = detail::parse(lexed.tokens, deep);
        REQUIRE(parsed.error);
        CHECK(parsed.error->code == error_code::limit_exceeded);
        CHECK(parsed.error->offset == 64);
    }
    SECTION("a long chain of operators counts as nesting") {
        std::string chain = "1";
        for (int i = 0; i < 70; ++i) chain += " + 1";
        // The 64th `+` would make the tree 65 levels high; it is at offset 2 + 4 * 63.
        check_error(chain, {error_code::limit_exceeded, 12, 11 + 254});
    }
    SECTION("a 1 MB expression is rejected at the length limit") {
        std::string huge;
        while (huge.size() < 1024 * 1024) huge += "link.length_m + ";
        huge += "1";
        const input_error error = single_error(huge);
        CHECK(error.code == error_code::limit_exceeded);
        CHECK(error.location.column == 11 + 4096);
        CHECK(error.message == "expression is longer than 4096 bytes");
    }
    SECTION("a huge list literal compiles within the length limit and no further") {
        std::string list = "[";
        for (int i = 0; i < 1300; ++i) list += i == 0 ? "7" : ", 7";
        list += "]";
        REQUIRE(list.size() < max_expression_length);
        CHECK(run("7 in " + list) == "true");
        CHECK(run("size(" + list + ")") == "1300");
        std::string too_long = "[7";
        while (too_long.size() <= max_expression_length) too_long += ", 7";
        too_long += "]";
        CHECK(single_error(too_long).code == error_code::limit_exceeded);
    }
    SECTION("a pathological glob takes time proportional to text times pattern") {
        const program p = compile_ok("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'.glob('*a*a*a*a*a*a*a*a*a*a*a*b')");
        // A backtracking matcher needs billions of steps here; this one fits in a small budget.
        const evaluation_result result = evaluate(p, {}, 5000);
        CHECK_FALSE(result.budget_exceeded);
        CHECK(to_string(result.result) == "false");
    }
}

TEST_CASE("the step budget bounds every evaluation", "[expression][limits]") {
    std::vector<double> many(1000);
    for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<double>(i);
    known_facts known;
    known.facts[test_numbers] = value::of(std::span<const double>(many));

    const program nested = compile_ok("test.numbers.exists(a, test.numbers.exists(b, a + b < 0))");
    const evaluation_result tripped = evaluate(nested, known.facts);
    CHECK(tripped.budget_exceeded);
    CHECK(tripped.result.is_unknown());

    const program single = compile_ok("test.numbers.exists(a, a < 0)");
    const evaluation_result fits = evaluate(single, known.facts);
    CHECK_FALSE(fits.budget_exceeded);
    CHECK(to_string(fits.result) == "false");
    const evaluation_result tight = evaluate(single, known.facts, 100);
    CHECK(tight.budget_exceeded);
    CHECK(tight.result.is_unknown());

    // A budget that trips inside `||` still yields unknown, not the other operand.
    const program either = compile_ok("test.numbers.exists(a, a < 0) || true");
    CHECK(evaluate(either, known.facts, 100).result.is_unknown());
    CHECK(evaluate(either, known.facts, 100).budget_exceeded);
}

TEST_CASE("typical predicates evaluate repeatedly with the same result", "[expression][evaluator]") {
    const program p = compile_ok("link.kind == 'unbalanced-to-balanced' && link.length_m > params.short_run_max_m",
                                 value_type::boolean);
    known_facts known;
    for (int i = 0; i < 1000; ++i) {
        const evaluation_result r = evaluate(p, known.facts);
        REQUIRE(r.result.is_true());
    }
    known.facts[link_length_m] = value::of(2.0);
    CHECK_FALSE(evaluate(p, known.facts).result.is_true());
}

namespace {

text_template template_ok(std::string_view text) {
    std::vector<input_error> errors;
    auto compiled = compile_template(text, connection_schema(), origin(), errors);
    INFO(text);
    INFO((errors.empty() ? std::string() : errors.front().message));
    REQUIRE(errors.empty());
    REQUIRE(compiled);
    return *compiled;
}

input_error template_error(std::string_view text) {
    std::vector<input_error> errors;
    const auto compiled = compile_template(text, connection_schema(), origin(), errors);
    INFO(text);
    CHECK_FALSE(compiled);
    REQUIRE(errors.size() == 1);
    return errors.front();
}

void check_template_error(std::string_view text, located expected) {
    const input_error error = template_error(text);
    INFO(text << " -> " << error.message);
    CHECK(error.code == expected.code);
    CHECK(error.location.line == expected.line);
    CHECK(error.location.column == expected.column);
}

} // namespace

TEST_CASE("templates interpolate facts", "[expression][template]") {
    known_facts known;
    const auto render_text = [&](std::string_view text) { return render(template_ok(text), known.facts); };

    CHECK(render_text("{source} drives {link.length_m:.1f} m; rated for {params.short_run_max_m} m") ==
          "desk.out-1 drives 12.0 m; rated for 3 m");
    CHECK(render_text("{source} -> {dest}") == "desk.out-1 -> stagebox.in-1");
    CHECK(render_text("{link.length_m + 3}") == "15");
    CHECK(render_text("{link.length_m / 4.8}") == "2.5");
    CHECK(render_text("{signal.level_dbu} dBu") == "-2.02 dBu");
    CHECK(render_text("{signal.level_dbu:+.1f} dBu") == "-2.0 dBu");
    CHECK(render_text("[{link.length_m:>6.1f}]") == "[  12.0]");
    CHECK(render_text("{link.kind:>25}") == "   unbalanced-to-balanced");
    CHECK(render_text("{link.isolated ? 'isolated' : 'earthed'}") == "earthed");
    CHECK(render_text("{(link.length_m > 3 ? 1 : 2):.2f}") == "1.00");
    CHECK(render_text("{link.length_m > 3 ? link.length_m : 0:.2f}") == "12.00");
    CHECK(render_text("quirks {source.gear.quirks}") == "quirks [pin3-hot, ld-1]");
    CHECK(render_text("{test.numbers:.1f}") == "[1.0, 2.0, 3.0, 4.0]");
    CHECK(render_text("{dest.phantom}") == "true");
    CHECK(render_text("{{literal}} and }} {{") == "{literal} and } {");
    CHECK(render_text("{'a:b}'}") == "a:b}");
    CHECK(render_text("no holes") == "no holes");
    CHECK(render_text("") == "");
    CHECK(render(text_template(), known.facts).empty());
    CHECK(template_ok("{source}").text() == "{source}");

    known.facts[link_length_m] = value::unknown();
    CHECK(render_text("{source} drives {link.length_m:.1f} m") == "desk.out-1 drives unknown m");
    CHECK(render_text("{link.length_m * 2}") == "unknown");
    CHECK(render_text("{null}") == "unknown");
}

TEST_CASE("template errors are located in the template", "[expression][template]") {
    // bad format specs, checked against the hole's type at compile time
    check_template_error("{link.length_m:.1q} m", {error_code::expression_syntax, 12, 26});
    check_template_error("{link.kind:.2f}", {error_code::expression_syntax, 12, 22});
    check_template_error("{link.length_m:d}", {error_code::expression_syntax, 12, 26});
    check_template_error("{link.length_m:999999}", {error_code::limit_exceeded, 12, 26});
    CHECK(template_error("{link.length_m:.1q} m").message.starts_with("invalid format spec `.1q` for a number"));
    // expression errors point inside the hole
    check_template_error("drives {link.lenght_m} m", {error_code::expression_type, 12, 24});
    check_template_error("{link}", {error_code::expression_type, 12, 12});
    check_template_error("{source.gear}", {error_code::expression_type, 12, 12});
    check_template_error("{1 +}", {error_code::expression_syntax, 12, 15});
    check_template_error("line one\n  {link.lenght_m}", {error_code::expression_type, 13, 9});
    // template structure
    check_template_error("drives {link.length_m m", {error_code::expression_syntax, 12, 18});
    check_template_error("drives } m", {error_code::expression_syntax, 12, 18});
    check_template_error("empty {} here", {error_code::expression_syntax, 12, 17});
    check_template_error(std::string(5000, 'x'), {error_code::limit_exceeded, 12, 11 + 4096});
}
