// Reading `.rigcheck.yaml` configurations, finding them, and parsing `--param` / `--rule`.
//
// Rule ids and param names cannot be checked here: they depend on the packs, which the
// configuration itself may add. They are kept with their locations and checked when the rule set
// compiles, so an unknown id is still reported at the configuration's line and column.
#include <rigcheck/project/config.hpp>

#include "config_keys.hpp"

#include <rigcheck/load/detail/catalog_reader.hpp>
#include <rigcheck/load/detail/yaml_reader.hpp>

#include <rigcheck/load/loader.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <system_error>

namespace rigcheck {
namespace {

using load::load_context;
using load::mapping_view;
using load::no_node;
using load::node_id;
using load::yaml_kind;

using config_detail::config_keys;
using config_detail::fail_on_names;
using config_detail::levels;

/// `off`, or `false`, which is how a YAML 1.1 reader spells an unquoted off.
std::optional<std::optional<severity>> parse_level(std::string_view text) {
    if (text == "off" || text == "false" || text == "False" || text == "FALSE" || text == "Off" || text == "OFF")
        return std::optional<severity>();
    if (auto level = parse_severity(text)) return level;
    return std::nullopt;
}

std::optional<double> parse_finite(std::string_view text) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double number = 0.0;
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || status != std::errc() || end != text.data() + text.size() || !std::isfinite(number))
        return std::nullopt;
    return number;
}

std::vector<config_file_entry> read_paths(load_context& context, node_id n, std::string_view what,
                                          const std::filesystem::path& base,
                                          const std::optional<std::filesystem::path>& root) {
    std::vector<config_file_entry> paths;
    if (!context.expect(n, yaml_kind::sequence, what)) return paths;
    context.document().for_each_child(n, [&](node_id child) {
        if (auto text = context.read_string(child, what)) {
            const std::filesystem::path named(*text);
            auto path = named.is_absolute() ? named : base / named;
            // A discovered configuration may come from a pull request: it names only the
            // project's files (docs/robustness.md#trust-boundaries).
            if (const auto problem = check_named_path(path, root); problem != named_path_problem::none) {
                context.error(problem == named_path_problem::outside_root ? error_code::path_outside_root
                                                                          : error_code::invalid_value,
                              child,
                              describe_named_path_problem(problem, what == "packs" ? "the rule pack" : "the catalog",
                                                          path.string(), root));
                return;
            }
            paths.push_back({std::move(path), context.location(child)});
        }
    });
    return paths;
}

} // namespace

std::optional<fail_on_level> parse_fail_on(std::string_view text) {
    if (text == "never") return fail_on_level{};
    if (auto level = parse_severity(text)) return fail_on_level{level};
    return std::nullopt;
}

config_load_result load_config_text(std::string_view text, const std::filesystem::path& file_name,
                                    const std::optional<std::filesystem::path>& project_root) {
    config_load_result result;
    const std::string file = file_name.string();
    const auto document = load::yaml_document::parse(text, file, {}, result.errors);
    if (!result.errors.empty()) return result;
    if (document.empty()) {
        result.errors.push_back(
            {error_code::version, {file, 1, 1}, "the file is empty; a configuration starts with `rigcheck-config: 1`"});
        return result;
    }
    load_context context(document, result.errors);
    if (!load::check_version_key(context, document.root(), "rigcheck-config", "config")) return result;
    mapping_view root(context, document.root(), "a configuration", config_keys);
    if (!root.valid()) return result;

    project_config config;
    config.file = file_name;
    const auto base = file_name.parent_path();
    if (const auto n = root.find("packs"); n != no_node)
        config.packs = read_paths(context, n, "packs", base, project_root);
    if (const auto n = root.find("catalogs"); n != no_node)
        config.catalogs = read_paths(context, n, "catalogs", base, project_root);
    if (const auto n = root.find("rules"); n != no_node && context.expect(n, yaml_kind::mapping, "rules")) {
        context.document().for_each_entry(n, [&](node_id key, node_id value) {
            const auto id = context.read_string(key, "rule id");
            if (!id) return;
            if (!context.is_scalar(value)) {
                context.expect(value, yaml_kind::scalar, fmt::format("rules.{}", *id));
                return;
            }
            const auto& text = context.at(value).text;
            const auto level = parse_level(text);
            if (!level) {
                context.error(error_code::invalid_value, value,
                              fmt::format("`rules.{}` must be error, warning, info or off; `{}` is not{}", *id, text,
                                          did_you_mean(text, levels)));
                return;
            }
            config.rules.push_back({*id, *level, context.location(key)});
        });
    }
    if (const auto n = root.find("params"); n != no_node && context.expect(n, yaml_kind::mapping, "params")) {
        context.document().for_each_entry(n, [&](node_id key, node_id value) {
            const auto name = context.read_string(key, "param name");
            if (!name) return;
            if (const auto number = context.read_number(value, fmt::format("params.{}", *name)))
                config.params.push_back({*name, *number, context.location(key)});
        });
    }
    if (const auto n = root.find("fail-on"); n != no_node) {
        if (const auto index = context.read_choice(n, "fail-on", fail_on_names))
            config.fail_on = parse_fail_on(fail_on_names[*index]);
    }
    result.dropped_errors = document.dropped_errors() + context.dropped_errors();
    if (result.errors.empty()) result.loaded = std::move(config);
    return result;
}

config_load_result load_config_file(const std::filesystem::path& file,
                                    const std::optional<std::filesystem::path>& root) {
    config_load_result result;
    const auto text = read_input_file(file, result.errors);
    if (!text) return result;
    return load_config_text(*text, file, root);
}

std::optional<std::filesystem::path> find_config_from(const std::filesystem::path& directory) {
    std::error_code status;
    auto current = std::filesystem::absolute(directory, status);
    if (status) return std::nullopt;
    current = current.lexically_normal();
    while (true) {
        const auto candidate = current / config_file_name;
        if (std::filesystem::is_regular_file(candidate, status)) return candidate;
        const auto parent = current.parent_path();
        if (parent == current || parent.empty()) return std::nullopt;
        current = parent;
    }
}

std::optional<std::filesystem::path> find_config_for(const std::filesystem::path& rig_file) {
    auto directory = rig_file.parent_path();
    if (directory.empty()) directory = ".";
    return find_config_from(directory);
}

std::optional<param_setting> parse_param_assignment(std::string_view text, std::vector<input_error>& errors) {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) {
        errors.push_back({error_code::usage, {}, fmt::format("--param `{}`: expected NAME=VALUE", text)});
        return std::nullopt;
    }
    const auto name = text.substr(0, equals);
    const auto number = parse_finite(text.substr(equals + 1));
    if (!number) {
        errors.push_back({error_code::usage,
                          {},
                          fmt::format("--param `{}`: `{}` is not a finite number", text, text.substr(equals + 1))});
        return std::nullopt;
    }
    return param_setting{std::string(name), *number, {}};
}

std::optional<severity_setting> parse_rule_assignment(std::string_view text, std::vector<input_error>& errors) {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) {
        errors.push_back({error_code::usage, {}, fmt::format("--rule `{}`: expected ID=error|warning|info|off", text)});
        return std::nullopt;
    }
    const auto value = text.substr(equals + 1);
    const auto level = parse_level(value);
    if (!level) {
        errors.push_back({error_code::usage,
                          {},
                          fmt::format("--rule `{}`: `{}` must be error, warning, info or off{}", text, value,
                                      did_you_mean(value, levels))});
        return std::nullopt;
    }
    return severity_setting{std::string(text.substr(0, equals)), *level, {}};
}

} // namespace rigcheck
