// Top-level key scanning for file_kind.hpp.
#include <rigcheck/load/file_kind.hpp>

#include <array>
#include <fstream>
#include <string>

namespace rigcheck {
namespace {

constexpr std::array<std::pair<std::string_view, file_kind>, 4> kinds{{
    {"rigcheck", file_kind::rig},
    {"rigcheck-catalog", file_kind::catalog},
    {"rigcheck-rules", file_kind::pack},
    {"rigcheck-config", file_kind::config},
}};

/// The kind of a key written at the start of `text` (`rigcheck:`, `"rigcheck-rules":`), if any.
std::optional<file_kind> key_kind(std::string_view text) {
    char quote = 0;
    if (!text.empty() && (text.front() == '"' || text.front() == '\'')) {
        quote = text.front();
        text.remove_prefix(1);
    }
    const auto end = quote != 0 ? text.find(quote) : text.find(':');
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view key = text.substr(0, end);
    if (quote == 0)
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    std::string_view rest = text.substr(end + (quote != 0 ? 1 : 0));
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (rest.empty() || rest.front() != ':') return std::nullopt;
    for (const auto& [name, kind] : kinds)
        if (key == name) return kind;
    return std::nullopt;
}

} // namespace

std::string_view version_key(file_kind kind) {
    for (const auto& [name, k] : kinds)
        if (k == kind) return name;
    return {};
}

std::optional<file_kind> detect_file_kind(std::string_view text, bool first_key_only) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    bool in_document = false;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.starts_with("---")) {
            if (in_document) return std::nullopt; // a second document
            in_document = true;
            line.remove_prefix(3);
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        } else if (line.starts_with("...")) {
            return std::nullopt;
        }
        if (line.empty() || line.front() == '#' || (!in_document && line.front() == '%')) continue;
        // Only keys written at the start of a line are top-level ones.
        if (line.front() == ' ' || line.front() == '\t') continue;
        in_document = true;
        if (line.front() == '{') {
            // A flow mapping: its first key only.
            line.remove_prefix(1);
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
            return key_kind(line);
        }
        if (const auto kind = key_kind(line)) return kind;
        if (first_key_only) return std::nullopt;
    }
    return std::nullopt;
}

std::optional<file_kind> detect_file_kind_of(const std::filesystem::path& file, bool first_key_only) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) return std::nullopt;
    std::string head(64 * 1024, '\0');
    stream.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(stream.gcount()));
    return detect_file_kind(head, first_key_only);
}

} // namespace rigcheck
