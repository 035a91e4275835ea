// Unit tests for load/file_kind.hpp: which rigcheck version key a text shows.
#include <rigcheck/load/file_kind.hpp>

#include <catch2/catch.hpp>

using namespace rigcheck;

TEST_CASE("the version key names the kind of a rigcheck file", "[file-kind]") {
    CHECK(detect_file_kind("rigcheck: 1\nname: x\n") == file_kind::rig);
    CHECK(detect_file_kind("rigcheck-catalog: 1\n") == file_kind::catalog);
    CHECK(detect_file_kind("rigcheck-rules: 1\n") == file_kind::pack);
    CHECK(detect_file_kind("rigcheck-config: 1\n") == file_kind::config);
    CHECK(version_key(file_kind::pack) == "rigcheck-rules");
}

TEST_CASE("comments, a byte-order mark, directives and --- come before the first key", "[file-kind]") {
    CHECK(detect_file_kind("\xEF\xBB\xBF# a rig\n%YAML 1.1\n---\nrigcheck: 1\n") == file_kind::rig);
    CHECK(detect_file_kind("--- # start\nrigcheck: 1\n") == file_kind::rig);
    CHECK(detect_file_kind("\"rigcheck\": 1\n") == file_kind::rig);
    CHECK(detect_file_kind("{rigcheck: 1, name: x}\n") == file_kind::rig);
    CHECK(detect_file_kind("rigcheck : 1\r\n") == file_kind::rig);
}

TEST_CASE("other YAML is not a rigcheck file", "[file-kind]") {
    CHECK_FALSE(detect_file_kind("root:x:0:0:root:/root:/bin/bash\n"));
    CHECK_FALSE(detect_file_kind("name: ci\non: push\n"));
    CHECK_FALSE(detect_file_kind("  rigcheck: 1\n")); // not a top-level key
    CHECK_FALSE(detect_file_kind("rigcheck-extra: 1\n"));
    CHECK_FALSE(detect_file_kind("- rigcheck: 1\n"));
    CHECK_FALSE(detect_file_kind("a: 1\n---\nrigcheck: 1\n")); // a later document does not count
    CHECK_FALSE(detect_file_kind(""));
}

TEST_CASE("a version key that is not the first key still shows, unless the first is asked for", "[file-kind]") {
    const char* text = "name: x\nrigcheck: 1\n";
    CHECK(detect_file_kind(text) == file_kind::rig);
    CHECK_FALSE(detect_file_kind(text, true));
}
