// Unit tests for report/source_excerpts.hpp: which files a text report quotes, and their lines.
#include <rigcheck/report/source_excerpts.hpp>

#include <catch2/catch.hpp>

#include "scratch_directory.hpp"

using namespace rigcheck;
using rigcheck::testing::scratch_directory;

TEST_CASE("excerpts come from rigcheck files inside the root", "[excerpts]") {
    const scratch_directory project;
    const scratch_directory elsewhere;
    project.write("rig.yaml", "rigcheck: 1\nname: x\r\ndevices: {}\rconnections: []");
    project.write("secret.yaml", "password: hunter2\n");
    elsewhere.write("rig.yaml", "rigcheck: 1\nname: far\n");
    source_excerpts excerpts({project.path()}, {});
    const auto rig = (project.path() / "rig.yaml").string();
    CHECK(excerpts.line(rig, 1) == "rigcheck: 1");
    CHECK(excerpts.line(rig, 2) == "name: x");         // CRLF
    CHECK(excerpts.line(rig, 3) == "devices: {}");     // a lone CR ends a line too
    CHECK(excerpts.line(rig, 4) == "connections: []"); // no final line break
    CHECK_FALSE(excerpts.line(rig, 5));
    CHECK_FALSE(excerpts.line(rig, 0));
    CHECK_FALSE(excerpts.line((project.path() / "secret.yaml").string(), 1)); // no version key
    CHECK_FALSE(excerpts.line((elsewhere.path() / "rig.yaml").string(), 1));  // outside the root
    CHECK_FALSE(excerpts.line("/etc/passwd", 1));
    CHECK_FALSE(excerpts.line((project.path() / "missing.yaml").string(), 1));
}

TEST_CASE("files the command line named may be quoted wherever they are", "[excerpts]") {
    const scratch_directory project;
    const scratch_directory elsewhere;
    elsewhere.write("rig.yaml", "rigcheck: 1\nname: far\n");
    const auto far = elsewhere.path() / "rig.yaml";
    source_excerpts excerpts({project.path()}, {far});
    CHECK(excerpts.line(far.string(), 2) == "name: far");
}
