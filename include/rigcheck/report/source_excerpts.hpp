// The source lines a text report quotes under each diagnostic, and which files it may quote.
//
// Compiler-style text shows the offending line with a caret. The line comes from the file the
// diagnostic names, read once and kept, and only from a file rigcheck may show (docs/robustness.md#trust-boundaries):
// one that shows a rigcheck version key (so `include: [/etc/passwd]` never prints a line of it), and that lies inside
// the run's project root or was named on the command line. Files over the 64 MiB input limit are never read for an
// excerpt either. Lines end at LF, CRLF or a lone CR, as the YAML loader counts them. Thread-safe: parallel checks
// share one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace rigcheck {

class source_excerpts {
public:
    /// `roots`: the project roots of the run; `trusted`: files the command line named, which may
    /// lie anywhere. With no roots at all, every rigcheck file may be quoted.
    source_excerpts(std::vector<std::filesystem::path> roots, std::vector<std::filesystem::path> trusted);

    /// Line `number` (1-based) of `file` without its line break, or nothing when the file may not
    /// be quoted, cannot be read, or has no such line.
    std::optional<std::string> line(const std::string& file, std::uint32_t number);

private:
    struct cached_file {
        std::string text;
        std::vector<std::size_t> line_starts; ///< byte offset of each line; empty when not shown
        std::vector<std::size_t> line_ends;
    };
    cached_file load(const std::string& file) const;
    [[nodiscard]] bool may_quote(const std::filesystem::path& file) const;

    std::vector<std::filesystem::path> roots_;
    std::vector<std::filesystem::path> trusted_;
    std::mutex mutex_;
    std::map<std::string, cached_file> files_;
};

} // namespace rigcheck
