// Edit-distance suggestions for unknown keys and ids.
#include <rigcheck/load/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace rigcheck {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment distance in three rolling rows: typos are usually one
    // transposition ("lenght"), which plain Levenshtein would count as two edits.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    std::iota(previous.begin(), previous.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::vector<std::string_view> near_matches(std::string_view wrong, std::span<const std::string_view> candidates,
                                           std::size_t limit) {
    // Allow roughly one edit per three characters, at least two: close enough to be a typo,
    // far enough apart that unrelated short ids are not offered.
    const std::size_t allowed = std::max<std::size_t>(2, wrong.size() / 3);
    std::vector<std::pair<std::size_t, std::string_view>> scored;
    for (const auto candidate : candidates) {
        const auto distance = edit_distance(wrong, candidate);
        const bool prefix = candidate.size() > wrong.size() && candidate.substr(0, wrong.size()) == wrong && wrong.size() >= 3;
        if (distance <= allowed || prefix) scored.emplace_back(prefix ? std::min(distance, allowed) : distance, candidate);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string_view> result;
    // Offer only the closest tier: "xrl" should suggest `xlr` (one transposition), not `trs` too.
    const std::size_t best = scored.empty() ? 0 : scored.front().first;
    for (const auto& [distance, candidate] : scored) {
        if (result.size() == limit || distance > best) break;
        if (std::find(result.begin(), result.end(), candidate) == result.end()) result.push_back(candidate);
    }
    return result;
}

std::string did_you_mean(std::string_view wrong, std::span<const std::string_view> candidates) {
    const auto matches = near_matches(wrong, candidates);
    if (matches.empty()) return {};
    if (matches.size() == 1) return fmt::format("; did you mean `{}`?", matches.front());
    std::string list;
    for (const auto match : matches) list += fmt::format("{}`{}`", list.empty() ? "" : ", ", match);
    return fmt::format("; did you mean one of {}?", list);
}

} // namespace rigcheck
