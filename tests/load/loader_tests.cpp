// The YAML loader: one test per error class, each asserting the exact 1-based line and column,
// and the builtin catalog's coverage of docs/formats.md#gear.
#include <rigcheck/load/loader.hpp>
#include <rigcheck/load/builder.hpp>
#include <rigcheck/load/builtin_catalog.hpp>
#include <rigcheck/model/catalog.hpp>

#include <rigcheck/load/detail/yaml_tree.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace rigcheck;
using Catch::Matchers::Contains;

namespace {

/// A rig with one inline gear and two devices, into which a test splices its own text.
std::string rig_with(std::string_view devices_and_connections) {
    return std::string(R"(rigcheck: 1
name: test
gear:
  - id: test/box
    power: mains-earthed
    ports:
      - {id: out, direction: out, connector: xlr3-male, interface: balanced, signal: line}
      - {id: in, direction: in, connector: xlr3-female, interface: balanced, signal: mic, gain: 0..60 dB, phantom: p48}
)") + std::string(devices_and_connections);
}

input_error single_error(std::string_view text) {
    const auto result = load_rig_text(text, "rig.yaml");
    INFO(text);
    for (const auto& e : result.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(result.errors.size() == 1);
    REQUIRE_FALSE(result.loaded);
    return result.errors.front();
}

/// The byte offset of a 1-based line and column in `text`.
std::uint32_t offset_of(std::string_view text, std::uint32_t line, std::uint32_t column) {
    std::size_t start = 0;
    for (std::uint32_t l = 1; l < line; ++l) start = text.find('\n', start) + 1;
    return static_cast<std::uint32_t>(start + column - 1);
}

void check_error(std::string_view text, error_code code, std::uint32_t line, std::uint32_t column,
                 std::string_view message_part) {
    const auto error = single_error(text);
    CHECK(error_id(error.code) == error_id(code));
    CHECK(error.location.file == "rig.yaml");
    CHECK(error.location.line == line);
    CHECK(error.location.column == column);
    // Every located error also carries the byte offset of the same place.
    CHECK(error.location.offset == offset_of(text, line, column));
    CHECK_THAT(error.message, Contains(std::string(message_part)));
}

} // namespace

TEST_CASE("positions in the model carry the byte offset of their line and column", "[loader]") {
    const std::string text = rig_with(R"(devices:
  a: {gear: test/box}
  b: {gear: test/box}
connections:
  - {from: a.out, to: b.in, cable: xlr}
)");
    const auto result = load_rig_text(text, "rig.yaml");
    REQUIRE(result.loaded);
    const rig& r = *result.loaded;
    const auto& connection = r.connections.at(0).position;
    CHECK(connection.line == 13);
    CHECK(connection.column == 5);
    CHECK(connection.offset == text.find("{from: a.out"));
    const auto& device = r.devices.at(1).position;
    CHECK(device.offset == offset_of(text, device.line, device.column));
    const auto& port = r.gear.at(r.find_gear("test/box").value()).ports.at(1).position;
    CHECK(port.offset == text.find("{id: in"));
}

TEST_CASE("a valid rig loads with resolved references", "[loader]") {
    const auto result = load_rig_text(rig_with(R"(devices:
  a: {gear: test/box}
  b: {gear: test/box, settings: {in: {gain: 30 dB, phantom: on}}}
connections:
  - from: a.out
    to: b.in
    cable: [xlr, xlr-polarity-reverse]
    length: 5 m
)"),
                                      "rig.yaml");
    for (const auto& e : result.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(result.loaded);
    const rig& r = *result.loaded;
    REQUIRE(r.connections.size() == 1);
    const auto& c = r.connections.front();
    CHECK(c.position == source_position{13, 5});
    CHECK(c.chain.size() == 2);
    CHECK(r.cables[c.chain[1]].id == "xlr-polarity-reverse");
    CHECK(c.length->value() == 5.0);
    CHECK(r.port_name(c.ends[0].port) == "a.out");
    CHECK(r.port_name(c.ends[1].port) == "b.in");
    CHECK(r.devices[1].settings[1].gain->value() == 30.0);
    CHECK(r.devices[1].settings[1].phantom_on);
    CHECK(r.devices[0].position == source_position{10, 3});
}

TEST_CASE("syntax errors are located", "[loader][errors]") {
    check_error("rigcheck: 1\nname: [unclosed\n", error_code::yaml_syntax, 3, 1, "invalid YAML");
}

TEST_CASE("unknown keys suggest the nearest known key", "[loader][errors]") {
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box}\nconnections:\n"
                         "  - from: a.out\n    to: b.in\n    cable: xlr\n    lenght: 3 m\n"),
                error_code::unknown_key, 16, 5, "unknown key `lenght` in a connection; did you mean `length`?");
}

TEST_CASE("wrong types name the field and what it expected", "[loader][errors]") {
    check_error(rig_with("devices: [a, b]\n"), error_code::wrong_type, 9, 10,
                "`devices` must be a mapping, not a list");
}

TEST_CASE("dangling references list near matches", "[loader][errors]") {
    check_error(rig_with("devices:\n  a: {gear: test/bx}\n"), error_code::unknown_reference, 10, 13,
                "unknown gear `test/bx`; did you mean `test/box`?");
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box}\nconnections:\n"
                         "  - {from: a.out, to: c.in, cable: xlr}\n"),
                error_code::unknown_reference, 13, 23, "unknown device `c`; did you mean one of `a`, `b`?");
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box}\nconnections:\n"
                         "  - {from: a.out, to: b.inn, cable: xlr}\n"),
                error_code::unknown_reference, 13, 23, "has no port `inn`; did you mean `in`?");
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box}\nconnections:\n"
                         "  - {from: a.out, to: b.in, cable: xrl}\n"),
                error_code::unknown_reference, 13, 36, "unknown cable `xrl`; did you mean `xlr`?");
}

TEST_CASE("a port used twice is reported at the later connection", "[loader][errors]") {
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box}\n  c: {gear: test/box}\nconnections:\n"
                         "  - {from: a.out, to: b.in, cable: xlr}\n  - {from: a.out, to: c.in, cable: xlr}\n"),
                error_code::port_reused, 15, 12, "port `a.out` is already used by the connection at line 14");
}

TEST_CASE("an ignore needs a reason", "[loader][errors]") {
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box}\nconnections:\n"
                         "  - from: a.out\n    to: b.in\n    cable: xlr\n    ignore:\n      - {rule: missing-di}\n"),
                error_code::missing_key, 17, 9, "needs a `reason`");
}

TEST_CASE("the version key is required", "[loader][errors]") {
    check_error("name: x\ndevices: {}\n", error_code::version, 1, 1, "missing `rigcheck: 1`");
    check_error("rigcheck: 2\n", error_code::version, 1, 11, "unsupported format version `2`");
    check_error("rigcheck-catalog: 1\n", error_code::version, 1, 1, "this is a catalog file, not a rig file");
    check_error("", error_code::version, 1, 1, "the file is empty");
}

TEST_CASE("duplicate keys are errors at the second key", "[loader][errors]") {
    check_error("rigcheck: 1\nname: a\nname: b\n", error_code::duplicate_key, 3, 1,
                "duplicate key `name`; it is first defined at line 2");
    check_error(rig_with("devices:\n  a: {gear: test/box, gear: test/box}\n"), error_code::duplicate_key, 10, 23,
                "duplicate key `gear`");
}

TEST_CASE("alias cycles and alias bombs are refused", "[loader][errors]") {
    check_error("rigcheck: 1\nname: &a [*a]\n", error_code::alias_cycle, 2, 11, "alias cycle");
    std::string bomb = "rigcheck: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i)
        bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + [&] {
            std::string s;
            for (int k = 0; k < 10; ++k) s += (k ? ", *a" : "*a") + std::to_string(i - 1);
            return s;
        }() + "]\n";
    const auto error = single_error(bomb);
    CHECK(error.code == error_code::node_limit);
    CHECK(error.location.line >= 8);
}

TEST_CASE("nesting deeper than 64 is refused at its position", "[loader][errors]") {
    check_error("rigcheck: 1\nname: " + std::string(64, '[') + std::string(64, ']') + "\n", error_code::depth_limit, 2,
                70, "deeper than the limit of 64");
    const auto deep = single_error("rigcheck: 1\nname: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
    CHECK(deep.code == error_code::depth_limit);
    CHECK(deep.location.line == 2);
}

TEST_CASE("non-UTF-8 text is refused at the first bad byte", "[loader][errors]") {
    check_error("rigcheck: 1\nname: caf\xE9\n", error_code::not_utf8, 2, 10, "not UTF-8");
}

TEST_CASE("several YAML documents are refused", "[loader][errors]") {
    check_error("rigcheck: 1\n---\nrigcheck: 1\n", error_code::multiple_documents, 2, 1, "second one");
}

TEST_CASE("values with units are checked", "[loader][errors]") {
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box}\nconnections:\n"
                         "  - {from: a.out, to: b.in, cable: xlr, length: .nan}\n"),
                error_code::invalid_unit, 13, 49, "`length`");
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box}\nconnections:\n"
                         "  - {from: a.out, to: b.in, cable: xlr, length: -3 m}\n"),
                error_code::invalid_value, 13, 49, "`length` must be positive");
    check_error(rig_with("devices:\n  a: {gear: test/box}\n  b: {gear: test/box, settings: {in: {gain: 3 m}}}\n"),
                error_code::invalid_unit, 11, 45, "accepted units: dB");
}

TEST_CASE("settings are checked against the port", "[loader][errors]") {
    check_error(rig_with("devices:\n  b: {gear: test/box, settings: {in: {gain: 70 dB}}}\n"), error_code::invalid_value,
                10, 45, "outside the range");
    check_error(rig_with("devices:\n  b: {gear: test/box, settings: {out: {gain: 10 dB}}}\n"),
                error_code::invalid_value, 10, 34, "is an output");
}

TEST_CASE("gear definitions are checked", "[loader][errors]") {
    const std::string head = "rigcheck: 1\ngear:\n  - id: t/x\n    ports:\n";
    check_error(
        head + "      - {id: o, direction: out, connector: ts-6.35-female, interface: balanced, signal: line}\n",
        error_code::invalid_value, 5, 9, "has no cold contact");
    check_error(head + "      - {id: o, direction: out, connector: xlr3-mail, interface: balanced, signal: line}\n",
                error_code::invalid_value, 5, 44, "is not a connector");
    check_error(
        head + "      - {id: o, direction: sideways, connector: xlr3-male, interface: balanced, signal: line}\n",
        error_code::invalid_value, 5, 28, "must be one of in, out, insert");
    check_error(head + "      - {id: o, direction: out, connector: xlr5-male, interface: balanced, signal: line}\n",
                error_code::missing_key, 5, 9, "needs an explicit `pinout`");
    check_error(head +
                    "      - {id: i, direction: in, connector: ts-6.35-female, interface: unbalanced, signal: line}\n"
                    "      - {id: o, direction: out, connector: ts-6.35-female, interface: unbalanced, signal: line}\n"
                    "    paths:\n      - {from: i, to: o, ratio: 12:1}\n",
                error_code::invalid_value, 8, 33, "must be quoted");
}

// ---- Trust and robustness (docs/robustness.md#limits, #trust-boundaries)
// ---------------------------------------------------

TEST_CASE("a file with more errors than the limit keeps 200 and counts the rest", "[loader][limits]") {
    std::string text = "rigcheck: 1\ndevices:\n";
    for (int i = 0; i < 1000; ++i) text += "  d" + std::to_string(i) + ": {gear: generic/dynamic-mic, lable: x}\n";
    const auto result = load_rig_text(text, "rig.yaml");
    CHECK_FALSE(result.loaded);
    CHECK(result.errors.size() == max_reported_input_errors);
    CHECK(result.dropped_errors == 1000 - max_reported_input_errors);
    CHECK(result.errors.front().location.line == 3);
    CHECK(result.errors.back().location.line == 202);
}

TEST_CASE("paths named inside files must stay under the root", "[loader][paths]") {
    const auto root = std::filesystem::path(RIGCHECK_SOURCE_DIR) / "tests";
    CHECK(check_named_path(root / "bad-input" / "accepted" / "minimal.yaml", root) == named_path_problem::none);
    CHECK(check_named_path(root / "bad-input" / "no-such-file.yaml", root) == named_path_problem::none);
    CHECK(check_named_path(root / ".." / "README.md", root) == named_path_problem::outside_root);
    CHECK(check_named_path("/etc/passwd", root) == named_path_problem::outside_root);
    CHECK(check_named_path("/etc/passwd", std::nullopt) == named_path_problem::none);
    CHECK(check_named_path(std::string("a\0b", 3), std::nullopt) == named_path_problem::control_character);
    CHECK(check_named_path("a\x7f", root) == named_path_problem::control_character);
    // A root that is a prefix of another directory's name is not its parent.
    CHECK(check_named_path(std::filesystem::path(RIGCHECK_SOURCE_DIR) / "tests-other" / "x.yaml", root) ==
          named_path_problem::outside_root);
}

TEST_CASE("an include outside the root is refused at its list item and not read", "[loader][paths]") {
    load_options options;
    options.root = std::filesystem::path(RIGCHECK_SOURCE_DIR) / "examples";
    const auto result =
        load_rig_text("rigcheck: 1\ninclude: [../catalog/generic.yaml]\ndevices: {}\n",
                      (std::filesystem::path(RIGCHECK_SOURCE_DIR) / "examples" / "rig.yaml").string(), options);
    REQUIRE(result.errors.size() == 1);
    CHECK(error_id(result.errors.front().code) == "path-outside-root");
    CHECK(result.errors.front().location.line == 2);
    CHECK(result.errors.front().location.column == 11);
    CHECK(result.files_read.empty());
}

TEST_CASE("a document of more nodes than the limit is refused at the node that passes it", "[loader][limits]") {
    std::vector<input_error> errors;
    load::yaml_limits limits;
    limits.max_nodes = 10;
    const auto document =
        load::yaml_document::parse("a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", "big.yaml", limits, errors);
    CHECK(document.empty());
    REQUIRE(errors.size() == 1);
    CHECK(error_id(errors[0].code) == "node-limit");
    CHECK(errors[0].message == "the document has more than 10 nodes, the limit for one file");
    CHECK(errors[0].location.line == 1);
    CHECK(errors[0].location.column == 26);
}
