// The default rendering of numbers in templates (docs/rule-packs.md): up to two decimals, trailing zeros
// trimmed. Whole numbers take a shorter route than the others; both must print the same way.
#include <rigcheck/rules/expression.hpp>

#include <catch2/catch.hpp>

using rigcheck::expr::to_string;
using rigcheck::expr::value;

TEST_CASE("whole numbers print as the trimmed two-decimal form would", "[expr][render]") {
    CHECK(to_string(value::of(3.0)) == "3");
    CHECK(to_string(value::of(-7.0)) == "-7");
    CHECK(to_string(value::of(0.0)) == "0");
    CHECK(to_string(value::of(-0.0)) == "0");
    CHECK(to_string(value::of(123456789012345.0)) == "123456789012345");
    CHECK(to_string(value::of(-999999999999999.0)) == "-999999999999999");
    // From 1e15 on, %g takes over.
    CHECK(to_string(value::of(1e15)) == "1e+15");
}

TEST_CASE("numbers that only round to whole numbers still take the decimal form", "[expr][render]") {
    CHECK(to_string(value::of(2.999)) == "3");
    CHECK(to_string(value::of(-2.996)) == "-3");
    CHECK(to_string(value::of(0.004)) == "0");
    CHECK(to_string(value::of(-0.004)) == "0");
    CHECK(to_string(value::of(4.5)) == "4.5");
    CHECK(to_string(value::of(10.25)) == "10.25");
}
