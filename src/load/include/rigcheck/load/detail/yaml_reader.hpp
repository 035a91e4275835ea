// Typed, located reading of a yaml_document: the building blocks every file loader shares.
//
// Each reader checks the node's shape and reports a located `input_error` naming the field and
// what it expected, then returns nothing so the caller can carry on and find further errors in
// the same pass. Mapping views refuse unknown keys and suggest the nearest known one.
#pragma once

#include <rigcheck/load/detail/yaml_tree.hpp>

#include <rigcheck/load/quantity_parser.hpp>
#include <rigcheck/core/suggest.hpp>
#include <rigcheck/core/ids.hpp>

#include <fmt/format.h>

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::load {

class load_context {
public:
    load_context(const yaml_document& document, std::vector<input_error>& errors)
        : document_(document), errors_(errors) {}

    [[nodiscard]] const yaml_document& document() const { return document_; }
    [[nodiscard]] const yaml_node& at(node_id id) const { return document_.at(id); }
    [[nodiscard]] source_position position(node_id id) const { return document_.position(id); }
    [[nodiscard]] source_location location(node_id id) const { return document_.location(id); }
    /// Every error reported so far, kept or not; compare two counts to see whether a step failed.
    [[nodiscard]] std::size_t error_count() const { return errors_.size() + dropped_; }
    /// Errors past `max_reported_input_errors` of this document are counted, not kept (docs/robustness.md#limits).
    [[nodiscard]] std::size_t dropped_errors() const { return dropped_; }
    /// False once the limit is reached: a caller may skip making an expensive message.
    [[nodiscard]] bool accepting_errors() const { return kept_ < max_reported_input_errors; }

    void error(error_code code, node_id at, std::string message) {
        if (!accepting_errors()) {
            ++dropped_;
            return;
        }
        ++kept_;
        errors_.push_back({code, document_.location(at), std::move(message)});
    }

    /// The node's kind after following aliases, as a word for messages.
    [[nodiscard]] std::string_view kind_name(node_id id) const;

    [[nodiscard]] bool is_mapping(node_id id) const { return at(id).kind == yaml_kind::mapping; }
    [[nodiscard]] bool is_sequence(node_id id) const { return at(id).kind == yaml_kind::sequence; }
    [[nodiscard]] bool is_scalar(node_id id) const { return at(id).kind == yaml_kind::scalar; }

    /// Reports and returns false unless the node is of `kind`. `what` names the field.
    bool expect(node_id id, yaml_kind kind, std::string_view what);

    std::optional<std::string> read_string(node_id id, std::string_view what);
    /// A string that must be a valid id of `kind` (model/ids.hpp); an invalid one is reported at
    /// the node and read as nothing.
    std::optional<std::string> read_id(node_id id, id_kind kind);
    std::optional<bool> read_bool(node_id id, std::string_view what); ///< true/false, on/off, yes/no
    std::optional<double> read_number(node_id id, std::string_view what);
    std::optional<std::vector<std::string>> read_string_list(node_id id, std::string_view what);

    /// A quantity through one of the parse_* functions of quantity_parser.hpp.
    template <class Quantity>
    std::optional<Quantity> read_quantity(node_id id, std::string_view what,
                                          std::optional<Quantity> (*parse)(std::string_view, std::string&)) {
        const auto text = scalar_text(id, what);
        if (!text) return std::nullopt;
        std::string message;
        auto parsed = parse(*text, message);
        if (!parsed) error(error_code::invalid_unit, id, fmt::format("`{}`: {}", what, message));
        return parsed;
    }

    /// One spelling out of a closed set (`names` in enum order), or an error listing them.
    std::optional<std::size_t> read_choice(node_id id, std::string_view what, std::span<const std::string_view> names);

    /// read_choice for an enum whose names are listed in enumerator order.
    template <class Enum>
    std::optional<Enum> read_enum(node_id id, std::string_view what, std::span<const std::string_view> names) {
        const auto index = read_choice(id, what, names);
        if (!index) return std::nullopt;
        return static_cast<Enum>(*index);
    }

private:
    std::optional<std::string_view> scalar_text(node_id id, std::string_view what);

    const yaml_document& document_;
    std::vector<input_error>& errors_;
    std::size_t kept_ = 0;
    std::size_t dropped_ = 0;
};

/// A mapping node with its keys checked against a closed set.
class mapping_view {
public:
    /// Reports a wrong type or unknown keys. `what` names the object ("port `in-1`").
    mapping_view(load_context& context, node_id map, std::string_view what,
                 std::span<const std::string_view> known_keys);

    [[nodiscard]] bool valid() const { return valid_; }
    [[nodiscard]] node_id node() const { return map_; }
    /// The value node of `key`, or no_node.
    [[nodiscard]] node_id find(std::string_view key) const;
    /// The key node of `key`, or no_node (for errors that point at the key).
    [[nodiscard]] node_id find_key(std::string_view key) const;
    /// Like find, but reports a missing key at the mapping.
    node_id require(std::string_view key);

private:
    load_context& context_;
    node_id map_;
    std::string what_;
    bool valid_ = false;
};

} // namespace rigcheck::load
