// Reading, splitting and vetting the files a text report quotes (source_excerpts.hpp).
#include <rigcheck/report/source_excerpts.hpp>

#include <rigcheck/load/file_kind.hpp>
#include <rigcheck/load/loader.hpp>

namespace rigcheck {

source_excerpts::source_excerpts(std::vector<std::filesystem::path> roots, std::vector<std::filesystem::path> trusted)
    : roots_(std::move(roots)), trusted_(std::move(trusted)) {}

bool source_excerpts::may_quote(const std::filesystem::path& file) const {
    std::error_code status;
    const auto resolved = std::filesystem::weakly_canonical(file, status);
    if (status) return false;
    for (const auto& t : trusted_) {
        const auto trusted = std::filesystem::weakly_canonical(t, status);
        if (!status && trusted == resolved) return true;
    }
    if (roots_.empty()) return true;
    for (const auto& root : roots_)
        if (check_named_path(file, root) == named_path_problem::none) return true;
    return false;
}

source_excerpts::cached_file source_excerpts::load(const std::string& file) const {
    cached_file result;
    if (!may_quote(file)) return result;
    std::vector<input_error> ignored; // the check itself reports why a file cannot be read
    std::optional<std::string> text = read_input_file(file, ignored);
    if (!text || !detect_file_kind(*text)) return result;
    result.text = std::move(*text);
    std::size_t start = 0;
    for (std::size_t at = 0; at < result.text.size(); ++at) {
        const char c = result.text[at];
        if (c != '\n' && c != '\r') continue;
        result.line_starts.push_back(start);
        result.line_ends.push_back(at);
        if (c == '\r' && at + 1 < result.text.size() && result.text[at + 1] == '\n') ++at;
        start = at + 1;
    }
    if (start < result.text.size()) {
        result.line_starts.push_back(start);
        result.line_ends.push_back(result.text.size());
    }
    return result;
}

std::optional<std::string> source_excerpts::line(const std::string& file, std::uint32_t number) {
    std::lock_guard lock(mutex_);
    auto found = files_.find(file);
    if (found == files_.end()) found = files_.emplace(file, load(file)).first;
    const cached_file& cached = found->second;
    if (number == 0 || number > cached.line_starts.size()) return std::nullopt;
    const std::size_t begin = cached.line_starts[number - 1];
    return cached.text.substr(begin, cached.line_ends[number - 1] - begin);
}

} // namespace rigcheck
