// A located YAML tree built from yaml-cpp's event parser, with the guards yaml-cpp 0.7 lacks.
//
// yaml-cpp's own node tree accepts duplicate keys, builds cyclic graphs from self-referencing
// aliases and reports its depth errors at 0:0. Building our own compact tree from parser events
// lets rigcheck reject all of these at their exact 1-based position, count expanded nodes (alias
// bombs), and keep one flat node array instead of a heap-allocated node per value.
//
// Positions are 1-based lines and 1-based byte columns (a tab is one column, a multibyte UTF-8
// character as many columns as it has bytes), as compilers report them. An empty value
// (`key:` with nothing after it) is located at its key, and an empty block-sequence item at its
// `-`, since there is no text of its own to point at.
#pragma once

#include <rigcheck/core/errors.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::load {

enum class yaml_kind : std::uint8_t { null, scalar, sequence, mapping, alias };

using node_id = std::uint32_t;
inline constexpr node_id no_node = std::numeric_limits<node_id>::max();

struct yaml_node {
    yaml_kind kind = yaml_kind::null;
    bool plain = true; ///< a scalar written without quotes (or a block scalar: false)
    source_position position;
    node_id first_child = no_node; ///< mapping children alternate key, value
    node_id next_sibling = no_node;
    node_id alias_target = no_node; ///< for aliases: the anchored node
    std::uint32_t child_count = 0;
    std::string text; ///< scalars only
};

/// Limits that protect against hostile input (docs/robustness.md).
struct yaml_limits {
    std::size_t max_file_bytes = 64u * 1024u * 1024u; ///< docs/robustness.md#limits: 64 MiB
    std::uint32_t max_depth = 64;                     ///< docs/robustness.md#limits
    /// Nodes written in the text. A rig of 100,000 connections has about a million; the limit
    /// stops a file that is one long flow list early, before its tree costs gigabytes.
    std::uint64_t max_nodes = 4'000'000;
    std::uint64_t max_expanded_nodes = 20'000'000; ///< counts alias expansions
};

class yaml_document {
public:
    /// Parses `text`. A fatal error (syntax, limits, cycles) leaves the document empty; a
    /// duplicate key is reported in `errors` but keeps the tree, so callers can read on.
    static yaml_document parse(std::string_view text, const std::string& file, const yaml_limits& limits,
                               std::vector<input_error>& errors);

    [[nodiscard]] bool empty() const { return root_ == no_node; }
    [[nodiscard]] node_id root() const { return root_; }
    [[nodiscard]] const std::string& file() const { return file_; }

    /// The node, with aliases followed to their anchored node.
    [[nodiscard]] const yaml_node& at(node_id id) const { return nodes_[resolve(id)]; }
    [[nodiscard]] node_id resolve(node_id id) const {
        while (nodes_[id].kind == yaml_kind::alias) id = nodes_[id].alias_target;
        return id;
    }
    /// The position where the node was written (an alias's own position, not its anchor's).
    [[nodiscard]] source_position position(node_id id) const { return nodes_[id].position; }
    [[nodiscard]] source_location location(node_id id) const { return located(file_, nodes_[id].position); }
    [[nodiscard]] const yaml_node& raw(node_id id) const { return nodes_[id]; }

    /// Children of a sequence (resolved ids are not applied: use `at`).
    template <class Visit> void for_each_child(node_id id, Visit&& visit) const {
        for (node_id child = at(id).first_child; child != no_node; child = nodes_[child].next_sibling) visit(child);
    }
    /// Key/value pairs of a mapping.
    template <class Visit> void for_each_entry(node_id id, Visit&& visit) const {
        for (node_id key = at(id).first_child; key != no_node;) {
            const node_id value = nodes_[key].next_sibling;
            visit(key, value);
            key = nodes_[value].next_sibling;
        }
    }
    [[nodiscard]] std::size_t node_count() const { return nodes_.size(); }
    /// Duplicate-key errors past `max_reported_input_errors`, counted but not kept.
    [[nodiscard]] std::size_t dropped_errors() const { return dropped_errors_; }

private:
    friend class yaml_tree_builder;
    std::string file_;
    std::vector<yaml_node> nodes_;
    node_id root_ = no_node;
    std::size_t dropped_errors_ = 0;
};

/// Checks that `text` is UTF-8; returns the 1-based position of the first bad byte, if any.
std::optional<source_position> find_invalid_utf8(std::string_view text);

/// A character that YAML does not allow in a stream.
struct forbidden_character {
    source_position position;
    error_code code; ///< not_utf8 for bytes that are not UTF-8 (or NUL), else yaml_syntax
    std::string message;
};

/// Checks that `text` is UTF-8 and holds no control character other than tab, LF and CR.
std::optional<forbidden_character> find_forbidden_character(std::string_view text);

} // namespace rigcheck::load
