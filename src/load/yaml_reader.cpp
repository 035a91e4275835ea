// Located, typed readers over the YAML tree.
#include <rigcheck/load/detail/yaml_reader.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace rigcheck::load {

std::string_view load_context::kind_name(node_id id) const {
    switch (at(id).kind) {
        case yaml_kind::null:
            return "nothing";
        case yaml_kind::scalar:
            return "a scalar";
        case yaml_kind::sequence:
            return "a list";
        case yaml_kind::mapping:
            return "a mapping";
        case yaml_kind::alias:
            break;
    }
    return "an alias";
}

bool load_context::expect(node_id id, yaml_kind kind, std::string_view what) {
    if (at(id).kind == kind) return true;
    const std::string_view expected = kind == yaml_kind::mapping    ? "a mapping"
                                      : kind == yaml_kind::sequence ? "a list"
                                                                    : "a scalar";
    // A key name is quoted as code (`devices`); a description ("a connection", "device `kbd`") is not.
    const bool is_key_name = what.find_first_of(" `") == std::string_view::npos;
    error(error_code::wrong_type, id,
          is_key_name ? fmt::format("`{}` must be {}, not {}", what, expected, kind_name(id))
                      : fmt::format("{} must be {}, not {}", what, expected, kind_name(id)));
    return false;
}

std::optional<std::string_view> load_context::scalar_text(node_id id, std::string_view what) {
    if (!expect(id, yaml_kind::scalar, what)) return std::nullopt;
    return std::string_view(at(id).text);
}

std::optional<std::string> load_context::read_string(node_id id, std::string_view what) {
    const auto text = scalar_text(id, what);
    if (!text) return std::nullopt;
    return std::string(*text);
}

std::optional<std::string> load_context::read_id(node_id id, id_kind kind) {
    auto text = read_string(id, to_string(kind));
    if (!text) return std::nullopt;
    if (const auto problem = id_problem(kind, *text)) {
        error(error_code::invalid_value, id,
              fmt::format("invalid {} `{}`: it {}", to_string(kind), printable_text(*text), *problem));
        return std::nullopt;
    }
    return text;
}

std::optional<bool> load_context::read_bool(node_id id, std::string_view what) {
    const auto text = scalar_text(id, what);
    if (!text) return std::nullopt;
    // YAML 1.1 spellings are accepted because `phantom: on` is how engineers write it.
    static constexpr std::string_view truthy[] = {"true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"};
    static constexpr std::string_view falsy[] = {"false", "False", "FALSE", "off", "Off", "OFF", "no", "No", "NO"};
    if (std::find(std::begin(truthy), std::end(truthy), *text) != std::end(truthy)) return true;
    if (std::find(std::begin(falsy), std::end(falsy), *text) != std::end(falsy)) return false;
    error(error_code::invalid_value, id, fmt::format("`{}` must be true/false (or on/off), not `{}`", what, *text));
    return std::nullopt;
}

std::optional<double> load_context::read_number(node_id id, std::string_view what) {
    const auto text = scalar_text(id, what);
    if (!text) return std::nullopt;
    double value = 0.0;
    std::string_view digits = *text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    const auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (status != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value) || digits.empty() ||
        std::isalpha(static_cast<unsigned char>(digits.front()))) {
        error(error_code::invalid_value, id, fmt::format("`{}` must be a finite number, not `{}`", what, *text));
        return std::nullopt;
    }
    return value;
}

std::optional<std::vector<std::string>> load_context::read_string_list(node_id id, std::string_view what) {
    if (!expect(id, yaml_kind::sequence, what)) return std::nullopt;
    std::vector<std::string> result;
    bool ok = true;
    document_.for_each_child(id, [&](node_id child) {
        if (auto text = read_string(child, what))
            result.push_back(std::move(*text));
        else
            ok = false;
    });
    if (!ok) return std::nullopt;
    return result;
}

std::optional<std::size_t> load_context::read_choice(node_id id, std::string_view what,
                                                     std::span<const std::string_view> names) {
    const auto text = scalar_text(id, what);
    if (!text) return std::nullopt;
    const auto found = std::find(names.begin(), names.end(), *text);
    if (found != names.end()) return static_cast<std::size_t>(found - names.begin());
    if (!accepting_errors()) {
        error(error_code::invalid_value, id, {});
        return std::nullopt;
    }
    std::string list;
    for (const auto name : names) list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
    error(error_code::invalid_value, id,
          fmt::format("`{}` must be one of {}; `{}` is not{}", what, list, printable_text(*text),
                      did_you_mean(*text, names)));
    return std::nullopt;
}

mapping_view::mapping_view(load_context& context, node_id map, std::string_view what,
                           std::span<const std::string_view> known_keys)
    : context_(context), map_(map), what_(what) {
    if (!context.expect(map, yaml_kind::mapping, what)) return;
    valid_ = true;
    context.document().for_each_entry(map, [&](node_id key, node_id) {
        const auto& key_node = context.at(key);
        if (key_node.kind != yaml_kind::scalar) {
            context.error(error_code::wrong_type, key, fmt::format("keys of {} must be scalars", what));
            return;
        }
        if (std::find(known_keys.begin(), known_keys.end(), key_node.text) != known_keys.end()) return;
        if (key_node.text == "<<" && key_node.plain) {
            // yaml-cpp keeps YAML 1.1 merge keys as ordinary keys; say so rather than "unknown key".
            context.error(error_code::unknown_key, key,
                          fmt::format("merge keys (`<<`) are not supported in {}; write the keys out, or use an alias "
                                      "for the whole value",
                                      what));
            return;
        }
        if (!context.accepting_errors()) {
            context.error(error_code::unknown_key, key, {}); // counted; past the limit nobody reads it
            return;
        }
        context.error(error_code::unknown_key, key,
                      fmt::format("unknown key `{}` in {}{}", printable_text(key_node.text), what,
                                  did_you_mean(key_node.text, known_keys)));
    });
}

node_id mapping_view::find_key(std::string_view key) const {
    if (!valid_) return no_node;
    node_id found = no_node;
    context_.document().for_each_entry(map_, [&](node_id k, node_id) {
        if (found == no_node && context_.at(k).kind == yaml_kind::scalar && context_.at(k).text == key) found = k;
    });
    return found;
}

node_id mapping_view::find(std::string_view key) const {
    const node_id k = find_key(key);
    return k == no_node ? no_node : context_.document().raw(k).next_sibling;
}

node_id mapping_view::require(std::string_view key) {
    const node_id value = find(key);
    if (valid_ && value == no_node)
        context_.error(error_code::missing_key, map_, fmt::format("{} needs `{}`", what_, key));
    return value;
}

} // namespace rigcheck::load
