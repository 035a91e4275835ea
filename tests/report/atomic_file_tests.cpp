// Tests of report/atomic_file.hpp: atomic writes, under real I/O failures too, and what an output
// is never written over.
//
// A disk that fills up in the middle of a report is the failure `--output` is written atomically
// for. RLIMIT_FSIZE makes write(2) fail with EFBIG past a given size, exactly as a full disk
// fails it with ENOSPC, after part of the content is already in the temporary file: the old
// report must survive untouched and nothing partial may be left in the directory. Catch runs each
// test case in a process of its own under ctest, and the limit is restored on every exit anyway.
#include <rigcheck/report/atomic_file.hpp>

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <sys/stat.h>

#include <sys/resource.h>
#include <unistd.h>

#include "scratch_directory.hpp"

namespace {

namespace fs = std::filesystem;
using rigcheck::write_file_atomically;

using rigcheck::testing::scratch_directory;

std::string read_file(const fs::path& path) {
    std::ifstream stream(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, std::string_view content) {
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    stream.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::size_t entries_in(const fs::path& directory) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(directory), fs::directory_iterator()));
}

/// Caps the size of files this process writes, and puts the old cap and SIGXFSZ back after.
class file_size_cap {
public:
    explicit file_size_cap(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &saved_);
        previous_handler_ = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of a killed process
        rlimit capped = saved_;
        capped.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &capped);
    }
    file_size_cap(const file_size_cap&) = delete;
    file_size_cap& operator=(const file_size_cap&) = delete;
    ~file_size_cap() {
        ::setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previous_handler_);
    }

private:
    rlimit saved_{};
    void (*previous_handler_)(int) = SIG_DFL;
};

} // namespace

TEST_CASE("a write that fails halfway keeps the old report and leaves nothing partial", "[report][atomic]") {
    scratch_directory scratch;
    const fs::path target = scratch.path() / "rigcheck.sarif";
    { std::ofstream(target, std::ios::binary) << "old report\n"; }
    const std::string content(64 * 1024, 'x');
    {
        const file_size_cap cap(4096);
        try {
            write_file_atomically(target, content);
            FAIL("expected the write to fail past 4096 bytes");
        } catch (const std::system_error& error) {
            CHECK(error.code() == std::errc::file_too_large);
            CHECK(std::string(error.what()).find(target.string()) != std::string::npos);
        }
    }
    CHECK(read_file(target) == "old report\n");
    CHECK(entries_in(scratch.path()) == 1);

    // With the cap lifted the same write goes through, so the cap was what failed it.
    write_file_atomically(target, content);
    CHECK(read_file(target) == content);
    CHECK(entries_in(scratch.path()) == 1);
}

TEST_CASE("a write that fails halfway creates no file where there was none", "[report][atomic]") {
    scratch_directory scratch;
    const fs::path target = scratch.path() / "report.json";
    {
        const file_size_cap cap(100);
        CHECK_THROWS_AS(write_file_atomically(target, std::string(1000, '{')), std::system_error);
    }
    CHECK_FALSE(fs::exists(target));
    CHECK(entries_in(scratch.path()) == 0);
}

TEST_CASE("a directory that cannot be written to fails before touching the target", "[report][atomic]") {
    // /proc/self accepts no new files, even for root, so the temporary file cannot be created.
    const fs::path target = fs::path("/proc/self") / "rigcheck-report.txt";
    try {
        write_file_atomically(target, "content");
        FAIL("expected a system_error");
    } catch (const std::system_error& error) {
        CHECK(std::string(error.what()).find("cannot create a temporary file to write") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(target));
}

// ---- write_output_file: what rigcheck refuses to write over, and what it writes into
// (docs/robustness.md#trust-boundaries)

TEST_CASE("an output that is a file the run reads is refused, and the file is kept", "[report][output]") {
    const scratch_directory directory;
    const auto rig = directory.path() / "rig.yaml";
    directory.write("rig.yaml", "rigcheck: 1\n");
    fs::create_hard_link(rig, directory.path() / "hard.yaml");
    fs::create_symlink("rig.yaml", directory.path() / "soft.sarif");
    const std::vector<fs::path> inputs{rig};
    for (const char* target : {"rig.yaml", "hard.yaml", "soft.sarif"}) {
        INFO(target);
        try {
            rigcheck::write_output_file(directory.path() / target, "report", inputs);
            FAIL("the write was not refused");
        } catch (const rigcheck::output_refused& refused) {
            CHECK_THAT(refused.what(), Catch::Contains("which this run reads"));
        }
        CHECK(read_file(rig) == "rigcheck: 1\n");
    }
}

TEST_CASE("an output over a rigcheck file that the run did not read is refused too", "[report][output]") {
    const scratch_directory directory;
    directory.write("other.yaml", "# a rig\nrigcheck: 1\n");
    CHECK_THROWS_AS(rigcheck::write_output_file(directory.path() / "other.yaml", "report", {}),
                    rigcheck::output_refused);
    CHECK(read_file(directory.path() / "other.yaml") == "# a rig\nrigcheck: 1\n");
    directory.write("old-report.json", "{}\n");
    rigcheck::write_output_file(directory.path() / "old-report.json", "new\n", {});
    CHECK(read_file(directory.path() / "old-report.json") == "new\n");
}

TEST_CASE("a FIFO and a device are written into, not replaced", "[report][output]") {
    const scratch_directory directory;
    const auto fifo = directory.path() / "report.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string received;
    std::thread reader([&] { received = read_file(fifo); });
    rigcheck::write_output_file(fifo, "through the pipe\n", {});
    reader.join();
    CHECK(received == "through the pipe\n");
    CHECK(fs::is_fifo(fs::symlink_status(fifo)));
    rigcheck::write_output_file("/dev/null", "nothing\n", {});
    CHECK(fs::is_character_file(fs::status("/dev/null")));
    if (fs::exists("/dev/full")) {
        CHECK_THROWS_WITH(rigcheck::write_output_file("/dev/full", "too much\n", {}), Catch::Contains("/dev/full"));
        CHECK(fs::is_character_file(fs::status("/dev/full")));
    }
}

TEST_CASE("a directory is not an output", "[report][output]") {
    const scratch_directory directory;
    CHECK_THROWS_WITH(rigcheck::write_output_file(directory.path(), "x", {}), Catch::Contains("is a directory"));
    CHECK_THROWS_AS(rigcheck::write_output_file(directory.path() / "missing" / "x.txt", "x", {}), std::system_error);
    CHECK_FALSE(fs::exists(directory.path() / "missing"));
}

TEST_CASE("write_file_atomically writes and replaces files", "[report][atomic]") {
    scratch_directory scratch;
    const fs::path target = scratch.path() / "report.json";

    write_file_atomically(target, "first\n");
    CHECK(read_file(target) == "first\n");

    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    write_file_atomically(target, "second\n");
    CHECK(read_file(target) == "second\n");
    CHECK(fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(entries_in(scratch.path()) == 1);

    write_file_atomically(target, "");
    CHECK(read_file(target).empty());
}

TEST_CASE("a failure before the rename leaves the old file and no temporary file", "[report][atomic]") {
    scratch_directory scratch;
    const fs::path target = scratch.path() / "report.sarif";
    write_file(target, "old content\n");

    fs::path seen_temporary;
    const auto fail_before_rename = [&](const fs::path& temporary) {
        seen_temporary = temporary;
        // The hook runs after the content is complete on disk and before it replaces the target.
        CHECK(read_file(temporary) == "new content\n");
        CHECK(temporary.parent_path() == target.parent_path());
        throw std::system_error(ENOSPC, std::generic_category(), "simulated failure");
    };
    CHECK_THROWS_AS(write_file_atomically(target, "new content\n", fail_before_rename), std::system_error);

    CHECK_FALSE(seen_temporary.empty());
    CHECK_FALSE(fs::exists(seen_temporary));
    CHECK(read_file(target) == "old content\n");
    CHECK(entries_in(scratch.path()) == 1);
}

TEST_CASE("writing into a missing directory or over a directory fails cleanly", "[report][atomic]") {
    scratch_directory scratch;
    const fs::path missing = scratch.path() / "no-such-dir" / "report.txt";
    try {
        write_file_atomically(missing, "content");
        FAIL("expected a system_error");
    } catch (const std::system_error& error) {
        CHECK(error.code() == std::errc::no_such_file_or_directory);
        CHECK(std::string(error.what()).find(missing.string()) != std::string::npos);
    }
    CHECK_FALSE(fs::exists(missing.parent_path()));

    const fs::path directory = scratch.path() / "taken";
    fs::create_directory(directory);
    CHECK_THROWS_AS(write_file_atomically(directory, "content"), std::system_error);
    CHECK(fs::is_directory(directory));
    CHECK(entries_in(scratch.path()) == 1);
}
