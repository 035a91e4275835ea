// Near-match suggestions for misspelt keys and ids ("did you mean `length`?").
//
// Shared by the YAML loader, the rig builder and the rule-language type checker, so every
// "unknown X" message suggests alike.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidates close enough to `wrong` to suggest, best first (at most `limit`).
std::vector<std::string_view> near_matches(std::string_view wrong, std::span<const std::string_view> candidates,
                                           std::size_t limit = 3);

/// "; did you mean `x`?" or "; did you mean one of `x`, `y`?", or "" when nothing is close.
std::string did_you_mean(std::string_view wrong, std::span<const std::string_view> candidates);

} // namespace rigcheck
