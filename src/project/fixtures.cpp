// The rule-fixture harness behind `rigcheck test-rules`: reads `# expect:` annotations, checks
// each fixture like `rigcheck check` would, and reports every difference at its line.
#include <rigcheck/project/fixtures.hpp>

#include <rigcheck/load/loader.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <system_error>

namespace rigcheck {
namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

/// The comment of a YAML line, or nothing: a `#` at the start or after a blank, outside quotes.
std::optional<std::string_view> comment_of(std::string_view line) {
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            // A quote only opens a scalar at the start of a value, not inside a plain word.
            if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t' || line[i - 1] == '[' || line[i - 1] == '{' ||
                line[i - 1] == ',' || line[i - 1] == ':')
                quote = c;
            continue;
        }
        if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(i + 1);
    }
    return std::nullopt;
}

void parse_annotation(std::string_view segment, std::uint32_t line, std::vector<fixture_expectation>& into) {
    segment = trim(segment);
    bool exempt = false;
    if (segment.starts_with("expect-exempt:")) {
        exempt = true;
        segment.remove_prefix(std::string_view("expect-exempt:").size());
    } else if (segment.starts_with("expect:")) {
        segment.remove_prefix(std::string_view("expect:").size());
    } else {
        return;
    }
    while (!segment.empty()) {
        const auto comma = segment.find(',');
        auto item = trim(segment.substr(0, comma));
        // `RULE at FILE:LINE`: a diagnostic pointing into another file.
        if (const auto at = item.find(" at "); at != std::string_view::npos) {
            const auto where = trim(item.substr(at + 4));
            const auto colon = where.rfind(':');
            std::uint32_t elsewhere = 0;
            if (colon != std::string_view::npos) {
                for (const char c : where.substr(colon + 1)) {
                    if (c < '0' || c > '9') {
                        elsewhere = 0;
                        break;
                    }
                    elsewhere = elsewhere * 10 + static_cast<std::uint32_t>(c - '0');
                }
            }
            const auto id = trim(item.substr(0, at));
            if (!id.empty() && elsewhere != 0)
                into.push_back({elsewhere, std::string(id), exempt, std::string(where.substr(0, colon))});
        } else if (!item.empty()) {
            into.push_back({line, std::string(item), exempt, {}});
        }
        if (comma == std::string_view::npos) break;
        segment.remove_prefix(comma + 1);
    }
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

bool has_yaml_extension(const std::filesystem::path& path) {
    const auto extension = path.extension();
    return extension == ".yaml" || extension == ".yml";
}

} // namespace

std::vector<fixture_expectation> parse_fixture_expectations(std::string_view text) {
    std::vector<fixture_expectation> result;
    const auto lines = lines_of(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto comment = comment_of(lines[i]);
        if (!comment) continue;
        // `# expect: a # expect-exempt: b` holds two annotations.
        std::string_view rest = *comment;
        while (true) {
            const auto hash = rest.find('#');
            parse_annotation(rest.substr(0, hash), static_cast<std::uint32_t>(i + 1), result);
            if (hash == std::string_view::npos) break;
            rest.remove_prefix(hash + 1);
        }
    }
    return result;
}

bool looks_like_rig(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    for (const auto raw : lines_of(text)) {
        const auto line = trim(raw);
        if (line.empty() || line.front() == '#' || line == "---") continue;
        if (!line.starts_with("rigcheck:")) return false;
        auto value = trim(line.substr(std::string_view("rigcheck:").size()));
        if (const auto comment = value.find('#'); comment != std::string_view::npos)
            value = trim(value.substr(0, comment));
        return value == "1";
    }
    return false;
}

std::vector<std::filesystem::path> collect_fixtures(const std::vector<std::filesystem::path>& paths,
                                                    std::vector<input_error>& errors) {
    std::vector<std::filesystem::path> result;
    for (const auto& path : paths) {
        std::error_code status;
        if (std::filesystem::is_regular_file(path, status)) {
            result.push_back(path);
            continue;
        }
        if (!std::filesystem::is_directory(path, status)) {
            errors.push_back(
                {error_code::io, {path.string(), 0, 0}, fmt::format("no such file or directory: {}", path.string())});
            continue;
        }
        std::vector<std::filesystem::path> found;
        for (std::filesystem::recursive_directory_iterator it(path, status), end; !status && it != end;
             it.increment(status)) {
            if (!it->is_regular_file(status) || !has_yaml_extension(it->path())) continue;
            if (it->path().filename() == config_file_name) continue;
            std::vector<input_error> ignored;
            const auto text = read_input_file(it->path(), ignored);
            if (text && looks_like_rig(*text)) found.push_back(it->path());
        }
        if (status)
            errors.push_back({error_code::io,
                              {path.string(), 0, 0},
                              fmt::format("cannot read {}: {}", path.string(), status.message())});
        std::sort(found.begin(), found.end());
        result.insert(result.end(), found.begin(), found.end());
    }
    return result;
}

std::size_t fixture_run::passed() const {
    return static_cast<std::size_t>(
        std::count_if(fixtures.begin(), fixtures.end(), [](const auto& f) { return f.passed(); }));
}

std::size_t fixture_run::failed() const { return fixtures.size() - passed(); }

fixture_outcome run_fixture(const std::filesystem::path& file, const checker& rules) {
    fixture_outcome outcome;
    outcome.file = file.string();
    std::vector<input_error> read_errors;
    const auto text = read_input_file(file, read_errors);
    const auto expectations = text ? parse_fixture_expectations(*text) : std::vector<fixture_expectation>{};
    const auto checked = rules.check(file);

    // (file, line, rule); the file is the fixture's own name, or another file as the report names it.
    using key = std::tuple<std::string, std::uint32_t, std::string>;
    const auto normal = [](const std::string& name) {
        std::error_code status;
        const auto canonical = std::filesystem::weakly_canonical(name, status);
        return status ? std::filesystem::path(name).lexically_normal().string() : canonical.string();
    };
    const std::string own = normal(outcome.file);
    std::set<key> expected;
    std::set<key> expected_exempt;
    for (const auto& e : expectations) {
        const std::string where = e.file.empty() ? own : normal((file.parent_path() / e.file).string());
        (e.exempt ? expected_exempt : expected).insert({where, e.line, e.rule});
    }
    std::set<key> actual;
    std::set<key> actual_exempt;
    // (line, text) so that failures print in line order, whatever produced them.
    std::vector<std::pair<std::uint32_t, std::string>> failures;
    for (const auto& d : checked.report.diagnostics) {
        const key found{normal(d.location.file), d.location.line, d.rule};
        actual.insert(found);
        if (!expected.count(found))
            failures.emplace_back(
                std::get<0>(found) == own ? d.location.line : 0,
                fmt::format("{}:{}: unexpected {}: {}", d.location.file, d.location.line, d.rule, d.message));
    }
    for (const auto& r : checked.report.exempted)
        actual_exempt.insert({normal(r.location.file), r.location.line, r.rule});
    for (const auto& [where, line, rule] : expected)
        if (!actual.count({where, line, rule}))
            failures.emplace_back(where == own ? line : 0,
                                  fmt::format("{}:{}: missing {}", where == own ? outcome.file : where, line, rule));
    for (const auto& [where, line, rule] : expected_exempt)
        if (!actual_exempt.count({where, line, rule}))
            failures.emplace_back(
                where == own ? line : 0,
                fmt::format("{}:{}: missing exemption of {}", where == own ? outcome.file : where, line, rule));
    std::stable_sort(failures.begin(), failures.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [line, message] : failures) outcome.failures.push_back(std::move(message));
    return outcome;
}

fixture_run run_fixtures(const std::vector<std::filesystem::path>& paths, const check_settings& settings) {
    fixture_run run;
    const auto files = collect_fixtures(paths, run.errors);
    const checker rules(settings);
    std::set<std::string> reported_contexts;
    for (const auto& file : files) {
        // A bad pack or configuration is not a failing fixture: the whole run is invalid.
        const auto context = rules.context_for(file);
        if (!context->errors.empty()) {
            const std::string key = context->config ? context->config->string() : std::string();
            if (reported_contexts.insert(key).second)
                run.errors.insert(run.errors.end(), context->errors.begin(), context->errors.end());
            continue;
        }
        run.fixtures.push_back(run_fixture(file, rules));
    }
    return run;
}

std::optional<std::filesystem::path> find_example_fixture(std::string_view rule_id,
                                                          const std::vector<std::filesystem::path>& roots) {
    std::vector<input_error> ignored;
    for (const auto& root : roots) {
        std::error_code status;
        if (!std::filesystem::exists(root, status)) continue;
        for (const auto& file : collect_fixtures({root}, ignored)) {
            const auto text = read_input_file(file, ignored);
            if (!text) continue;
            const auto expectations = parse_fixture_expectations(*text);
            if (std::any_of(expectations.begin(), expectations.end(),
                            [&](const fixture_expectation& e) { return !e.exempt && e.rule == rule_id; }))
                return file;
        }
    }
    return std::nullopt;
}

} // namespace rigcheck
