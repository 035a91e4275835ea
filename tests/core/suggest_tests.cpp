// Unit tests for load/suggest.hpp: near-match suggestions, and their cost on hostile ids.
#include <rigcheck/core/suggest.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace rigcheck;

namespace {

/// The optimal string alignment distance by the textbook table, to hold the banded one to.
std::size_t reference_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

} // namespace

TEST_CASE("the edit distance counts a transposition as one edit", "[suggest]") {
    CHECK(edit_distance("lenght", "length") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
    std::mt19937 random(7);
    std::uniform_int_distribution<int> letter('a', 'd');
    std::uniform_int_distribution<std::size_t> size(0, 12);
    for (int trial = 0; trial < 2000; ++trial) {
        std::string a(size(random), ' ');
        std::string b(size(random), ' ');
        for (auto& c : a) c = static_cast<char>(letter(random));
        for (auto& c : b) c = static_cast<char>(letter(random));
        INFO(a << " / " << b);
        CHECK(edit_distance(a, b) == reference_distance(a, b));
    }
}

TEST_CASE("suggestions offer the closest tier of near matches", "[suggest]") {
    const std::vector<std::string_view> keys{"length", "ignore", "cable", "from", "to", "ends"};
    CHECK(did_you_mean("lenght", keys) == "; did you mean `length`?");
    CHECK(did_you_mean("zzzzzz", keys).empty());
    const std::vector<std::string_view> cables{"xlr", "trs", "ts"};
    CHECK(near_matches("xrl", cables) == std::vector<std::string_view>{"xlr"});
    const std::vector<std::string_view> devices{"desk-main", "desk-monitor"};
    CHECK(near_matches("desk", devices).size() == 2); // prefixes are offered too
}

TEST_CASE("ids too long to be typos get no suggestion, however many candidates there are", "[suggest]") {
    const std::string long_id(65, 'a');
    const std::vector<std::string_view> candidates{long_id};
    CHECK(near_matches(long_id, candidates).empty());
    std::vector<std::string> many;
    for (int i = 0; i < 5000; ++i) many.push_back("device-" + std::to_string(i));
    const std::vector<std::string_view> views(many.begin(), many.end());
    // Bounded per call: the budget stops the scan, and what is found is still a close match.
    for (const auto match : near_matches("device-12x", views)) CHECK(edit_distance(match, "device-12x") <= 3);
}
