// Edit-distance suggestions for unknown keys and ids.
//
// Suggestions are made for every unknown reference in a file, so their cost must stay linear in
// the file whatever its ids look like (docs/robustness.md#limits): the distance is computed only inside the band
// of edits that could still be close enough, stops as soon as every cell of a row is too far,
// and each call has a fixed budget of cells. Ids too long to be a typo of anything get none.
#include <rigcheck/core/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>

namespace rigcheck {
namespace {

/// Ids longer than this are not suggested for, or suggested (nobody mistypes a 65-byte id).
constexpr std::size_t max_suggested_length = 64;
/// The cells of distance tables one call may fill: about a millisecond.
constexpr std::size_t cell_budget_per_call = 500'000;

/// How many edits a candidate may be from `wrong`: roughly one per three characters, at least
/// two, so a typo is close enough but unrelated short ids are not offered.
std::size_t allowed_edits(std::string_view wrong) { return std::max<std::size_t>(2, wrong.size() / 3); }

/// The optimal string alignment distance of `a` and `b` if it is at most `bound`, else
/// bound + 1. Only the cells within `bound` of the diagonal are computed, each row held by its
/// offset from the diagonal (index k is column i - bound + k), and `cells` is charged for them.
std::size_t bounded_distance(std::string_view a, std::string_view b, std::size_t bound, std::size_t& cells) {
    const std::size_t too_far = bound + 1;
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    if ((n > m ? n - m : m - n) > bound) return too_far;
    const std::size_t width = 2 * bound + 1;
    std::vector<std::size_t> before(width, too_far), previous(width, too_far), current(width, too_far);
    // Row 0: the distance from the empty prefix of `a` to b[0..j) is j.
    for (std::size_t k = bound; k < width && k - bound <= m; ++k) previous[k] = k - bound;
    for (std::size_t i = 1; i <= n; ++i) {
        std::size_t row_best = too_far;
        for (std::size_t k = 0; k < width; ++k) {
            // Column j = i - bound + k, skipped when it lies outside 0..m.
            if (i + k < bound || i + k - bound > m) {
                current[k] = too_far;
                continue;
            }
            const std::size_t j = i + k - bound;
            std::size_t d;
            if (j == 0) {
                d = i;
            } else {
                const std::size_t up = k + 1 < width ? previous[k + 1] : too_far;
                const std::size_t left = k > 0 ? current[k - 1] : too_far;
                const std::size_t diagonal = previous[k] + (a[i - 1] == b[j - 1] ? 0 : 1);
                d = std::min({up + 1, left + 1, diagonal});
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[k] + 1);
            }
            current[k] = std::min(d, too_far);
            row_best = std::min(row_best, current[k]);
        }
        cells += width;
        if (row_best > bound) return too_far;
        std::swap(before, previous);
        std::swap(previous, current);
    }
    // Column m of row n sits at k = m - n + bound.
    return std::min(previous[m + bound - n], too_far);
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::size_t cells = 0;
    return bounded_distance(a, b, std::max(a.size(), b.size()), cells);
}

std::vector<std::string_view> near_matches(std::string_view wrong, std::span<const std::string_view> candidates,
                                           std::size_t limit) {
    std::vector<std::string_view> result;
    if (wrong.empty() || wrong.size() > max_suggested_length || limit == 0) return result;
    const std::size_t allowed = allowed_edits(wrong);
    std::size_t cells = 0;
    std::vector<std::pair<std::size_t, std::string_view>> scored;
    for (const auto candidate : candidates) {
        if (cells > cell_budget_per_call) break;
        if (candidate.size() > max_suggested_length) continue;
        // A candidate that starts with what was written is offered too ("desk" for `desk-main`).
        const bool prefix = wrong.size() >= 3 && candidate.size() > wrong.size() && candidate.starts_with(wrong);
        const std::size_t distance = bounded_distance(wrong, candidate, allowed, cells);
        if (distance <= allowed || prefix)
            scored.emplace_back(prefix ? std::min(distance, allowed) : distance, candidate);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
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
