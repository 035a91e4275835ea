// Unit tests for model/ids.hpp: the shape of every kind of id, and its printing in messages.
#include <rigcheck/core/ids.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace rigcheck;

TEST_CASE("device ids refuse what would make DEVICE.PORT and subjects ambiguous", "[ids]") {
    CHECK(valid_id(id_kind::device, "desk"));
    CHECK(valid_id(id_kind::device, "vox-1"));
    CHECK(valid_id(id_kind::device, "Bühne_2"));
    CHECK(id_problem(id_kind::device, "") == "must not be empty");
    CHECK(id_problem(id_kind::device, "desk.a") == "must not contain `.` (it separates DEVICE.PORT)");
    CHECK(id_problem(id_kind::device, "a->kbd") == "must not contain `->` (it separates a subject's ends)");
    CHECK(id_problem(id_kind::device, "a kbd") == "must not contain a blank or a line break");
    CHECK(id_problem(id_kind::device, "a\nb") == "must not contain a blank or a line break");
    CHECK(id_problem(id_kind::device,
                     "a\x01"
                     "b") == "must not contain a control character");
    CHECK(id_problem(id_kind::device,
                     "a\xC2\xA0"
                     "b") == "must not contain a blank or a line break"); // U+00A0
    CHECK(valid_id(id_kind::device, "a-b>c"));                            // a hyphen or a `>` alone is fine
}

TEST_CASE("port ids may hold dots, since DEVICE.PORT splits at the first one", "[ids]") {
    CHECK(valid_id(id_kind::port, "in-3.5"));
    CHECK_FALSE(valid_id(id_kind::port, ""));
    CHECK_FALSE(valid_id(id_kind::port, "out->x"));
    CHECK_FALSE(valid_id(id_kind::port, "in 1"));
}

TEST_CASE("gear ids are vendor/model, cable ids have no blanks", "[ids]") {
    CHECK(valid_id(id_kind::gear, "generic/dynamic-mic"));
    CHECK(valid_id(id_kind::gear, "shure/sm58"));
    CHECK_FALSE(valid_id(id_kind::gear, "sm58"));
    CHECK_FALSE(valid_id(id_kind::gear, "/sm58"));
    CHECK_FALSE(valid_id(id_kind::gear, "shure/"));
    CHECK_FALSE(valid_id(id_kind::gear, "a/b/c"));
    CHECK_FALSE(valid_id(id_kind::gear, "a b/c"));
    CHECK(valid_id(id_kind::cable, "xlr-female-to-ts-pin3-open"));
    CHECK(valid_id(id_kind::cable, "house/xlr-to-ts-100r"));
    CHECK_FALSE(valid_id(id_kind::cable, "my cable"));
}

TEST_CASE("rule and exemption ids are lower-case words joined by single hyphens", "[ids]") {
    for (const auto kind : {id_kind::rule, id_kind::exemption}) {
        CHECK(valid_id(kind, "missing-di"));
        CHECK(valid_id(kind, "p48"));
        CHECK_FALSE(valid_id(kind, ""));
        CHECK_FALSE(valid_id(kind, "Missing-DI"));
        CHECK_FALSE(valid_id(kind, "-lead"));
        CHECK_FALSE(valid_id(kind, "trail-"));
        CHECK_FALSE(valid_id(kind, "double--hyphen"));
        CHECK_FALSE(valid_id(kind, "x] [invalid-input"));
        CHECK_FALSE(valid_id(kind, "two\nlines"));
    }
    CHECK(valid_id(id_kind::param, "short_run_max_m"));
    CHECK_FALSE(valid_id(id_kind::param, "1st"));
    CHECK_FALSE(valid_id(id_kind::param, "max-m"));
}

TEST_CASE("the schema patterns are published for every kind", "[ids]") {
    CHECK(id_pattern(id_kind::device) == R"(^(?!.*->)[^.\s\u0000-\u001f\u007f-\u009f]+$)");
    CHECK(id_pattern(id_kind::port) == R"(^(?!.*->)[^\s\u0000-\u001f\u007f-\u009f]+$)");
    CHECK(id_pattern(id_kind::rule) == "^[a-z0-9]+(-[a-z0-9]+)*$");
    CHECK(id_pattern(id_kind::param) == "^[A-Za-z_][A-Za-z0-9_]*$");
}

TEST_CASE("printable_text escapes control characters and cuts long text", "[ids]") {
    CHECK(printable_text("desk") == "desk");
    CHECK(printable_text("a\nb\tc\rd") == "a\\nb\\tc\\rd");
    CHECK(printable_text(std::string("a\0b", 3)) == "a\\x00b");
    CHECK(printable_text("\x1b[2J") == "\\x1b[2J");
    CHECK(printable_text("Bühne") == "Bühne");
    CHECK(printable_text("\xff") == "\\xff");
    const std::string long_id(200, 'x');
    CHECK(printable_text(long_id) == std::string(80, 'x') + "...");
}
