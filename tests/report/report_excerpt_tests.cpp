// Tests of the source excerpt in the text report on lines that are not ordinary YAML lines.
//
// A minified or generated rig can hold a whole file on one line, and an error on it can point at
// column 50,000. The report must stay readable (a window of the line around the caret, `...` at
// each cut) and bounded in size, with the caret still under the character the column names.
#include <rigcheck/report/report.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace rigcheck;

/// The report of one diagnostic at `column` of line 1, whose text is `line`.
std::string render_at(const std::string& line, std::uint32_t column) {
    report_input input;
    diagnostic finding;
    finding.rule = "some-rule";
    finding.severity = severity::warning;
    finding.message = "message";
    finding.location = {"rig.yaml", 1, column};
    input.files = {file_report{"rig.yaml", {finding}, {}}};
    text_options options;
    options.source_line = [line](const std::string&, std::uint32_t number) -> std::optional<std::string> {
        return number == 1 ? std::optional<std::string>(line) : std::nullopt;
    };
    return render_text(input, options);
}

/// The excerpt's two lines (source and caret), without the gutters.
std::vector<std::string> excerpt_of(const std::string& report) {
    std::vector<std::string> lines;
    std::size_t start = report.find('\n') + 1;
    for (int index = 0; index < 2; ++index) {
        const std::size_t end = report.find('\n', start);
        const std::string line = report.substr(start, end - start);
        lines.push_back(line.substr(line.find('|') + 2));
        start = end + 1;
    }
    return lines;
}

/// `count` characters: digits cycling 0-9, so that a window's position is visible in its text.
std::string digits(std::size_t count) {
    std::string text;
    for (std::size_t index = 0; index < count; ++index) {
        text += static_cast<char>('0' + index % 10);
    }
    return text;
}

} // namespace

TEST_CASE("a line of 200 characters is shown whole", "[report][text][excerpt]") {
    const std::string line = digits(200);
    const auto excerpt = excerpt_of(render_at(line, 200));
    CHECK(excerpt[0] == line);
    CHECK(excerpt[1] == std::string(199, ' ') + "^");
}

TEST_CASE("a long line is cut to a window around the caret", "[report][text][excerpt]") {
    const std::string line = digits(100000);

    SECTION("in the middle: cut at both ends, 80 characters either side of the caret") {
        const auto excerpt = excerpt_of(render_at(line, 50001)); // character index 50000
        CHECK(excerpt[0] == "..." + line.substr(49920, 160) + "...");
        CHECK(excerpt[1] == std::string(3 + 80, ' ') + "^");
        CHECK(excerpt[0][excerpt[1].size() - 1] == line[50000]);
    }
    SECTION("near the start: cut only at the end") {
        const auto excerpt = excerpt_of(render_at(line, 11));
        CHECK(excerpt[0] == line.substr(0, 160) + "...");
        CHECK(excerpt[1] == std::string(10, ' ') + "^");
    }
    SECTION("near the end: cut only at the start") {
        const auto excerpt = excerpt_of(render_at(line, 99991));
        CHECK(excerpt[0] == "..." + line.substr(100000 - 160));
        CHECK(excerpt[1] == std::string(3 + 150, ' ') + "^");
    }
    SECTION("the whole report stays small") { CHECK(render_at(line, 50001).size() < 500); }
}

TEST_CASE("a long line of multi-byte characters is cut between characters", "[report][text][excerpt]") {
    std::string line;
    for (int index = 0; index < 300; ++index) {
        line += "\xC3\xA4"; // "ä": two bytes, one character
    }
    // Byte column 301 is character index 150.
    const auto excerpt = excerpt_of(render_at(line, 301));
    std::string expected_window;
    for (int index = 0; index < 160; ++index) {
        expected_window += "\xC3\xA4";
    }
    CHECK(excerpt[0] == "..." + expected_window + "...");
    CHECK(excerpt[1] == std::string(3 + 80, ' ') + "^");
}

TEST_CASE("a column far past the end of the line does not pad without bound", "[report][text][excerpt]") {
    const auto near = excerpt_of(render_at("ab", 6));
    CHECK(near[1] == "     ^");
    const auto far = excerpt_of(render_at("ab", 4000000));
    CHECK(far[0] == "ab");
    CHECK(far[1] == std::string(2 + 80, ' ') + "^");
}
