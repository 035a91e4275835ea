// Builds the located YAML tree from yaml-cpp parser events and enforces the input limits.
#include "load/yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

#include <algorithm>
#include <istream>
#include <streambuf>
#include <unordered_map>

namespace rigcheck::load {
namespace {

/// Raised inside the event handler to abandon parsing at a located error.
struct stop_parsing {
    input_error error;
};

/// Reads a string_view without copying it into a stringstream.
class view_buffer : public std::streambuf {
public:
    explicit view_buffer(std::string_view text) {
        char* begin = const_cast<char*>(text.data());
        setg(begin, begin, begin + text.size());
    }
};

source_position to_position(const YAML::Mark& mark) {
    if (mark.line < 0 || mark.column < 0) return {};
    return {static_cast<std::uint32_t>(mark.line) + 1, static_cast<std::uint32_t>(mark.column) + 1};
}

} // namespace

class yaml_tree_builder final : public YAML::EventHandler {
public:
    yaml_tree_builder(yaml_document& document, const yaml_limits& limits, std::vector<input_error>& errors)
        : document_(document), limits_(limits), errors_(errors) {}

    void OnDocumentStart(const YAML::Mark& mark) override {
        ++documents_;
        if (documents_ > 1) fail(error_code::multiple_documents, to_position(mark),
                                 "a rigcheck file holds one YAML document; this is a second one");
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        yaml_node node;
        node.kind = yaml_kind::null;
        node.position = to_position(mark);
        finish(add(std::move(node), anchor), 1);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        const auto position = to_position(mark);
        const auto found = anchors_.find(anchor);
        if (found == anchors_.end()) fail(error_code::yaml_syntax, position, "alias to an unknown anchor");
        const node_id target = found->second;
        if (std::any_of(open_.begin(), open_.end(), [&](const open_container& c) { return c.id == target; }))
            fail(error_code::alias_cycle, position, "this alias refers to a node that contains it (an alias cycle)");
        yaml_node node;
        node.kind = yaml_kind::alias;
        node.position = position;
        node.alias_target = target;
        finish(add(std::move(node), 0), expanded_[target]);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        yaml_node node;
        node.kind = yaml_kind::scalar;
        node.position = to_position(mark);
        // yaml-cpp tags plain scalars "?" and quoted or block scalars "!"; rigcheck needs the
        // difference, e.g. to refuse an unquoted ratio that YAML 1.1 reads as a number.
        node.plain = tag == "?";
        node.text = value;
        finish(add(std::move(node), anchor), 1);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(yaml_kind::sequence, mark, anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(yaml_kind::mapping, mark, anchor);
    }
    void OnMapEnd() override {
        check_duplicate_keys(open_.back().id);
        close();
    }

    [[noreturn]] void fail(error_code code, source_position position, std::string message) {
        throw stop_parsing{input_error{code, {document_.file_, position.line, position.column}, std::move(message)}};
    }

private:
    struct open_container {
        node_id id;
        node_id last_child = no_node;
        std::uint64_t expanded = 1;
    };

    node_id add(yaml_node node, YAML::anchor_t anchor) {
        const auto id = static_cast<node_id>(document_.nodes_.size());
        document_.nodes_.push_back(std::move(node));
        expanded_.push_back(1);
        if (anchor != 0) anchors_[anchor] = id;
        return id;
    }

    void open(yaml_kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        const auto position = to_position(mark);
        if (open_.size() + 1 > limits_.max_depth)
            fail(error_code::depth_limit, position,
                 fmt::format("nesting is deeper than the limit of {} levels", limits_.max_depth));
        yaml_node node;
        node.kind = kind;
        node.position = position;
        open_.push_back({add(std::move(node), anchor)});
    }

    void close() {
        const open_container done = open_.back();
        open_.pop_back();
        expanded_[done.id] = done.expanded;
        finish(done.id, done.expanded);
    }

    /// Links a completed node into its parent and charges its expanded size to the budget.
    void finish(node_id id, std::uint64_t expanded) {
        if (expanded > limits_.max_expanded_nodes)
            fail(error_code::node_limit, document_.nodes_[id].position,
                 fmt::format("the document expands to more than {} nodes (an alias bomb?)", limits_.max_expanded_nodes));
        if (open_.empty()) {
            document_.root_ = id;
            return;
        }
        open_container& parent = open_.back();
        if (parent.last_child == no_node) document_.nodes_[parent.id].first_child = id;
        else document_.nodes_[parent.last_child].next_sibling = id;
        parent.last_child = id;
        ++document_.nodes_[parent.id].child_count;
        parent.expanded += expanded;
        if (parent.expanded > limits_.max_expanded_nodes)
            fail(error_code::node_limit, document_.nodes_[id].position,
                 fmt::format("the document expands to more than {} nodes (an alias bomb?)", limits_.max_expanded_nodes));
    }

    /// yaml-cpp 0.7 silently accepts duplicate keys; rigcheck reports the later one.
    void check_duplicate_keys(node_id map) {
        const yaml_node& node = document_.nodes_[map];
        if (node.child_count < 4) return;
        std::vector<std::pair<std::string_view, node_id>> keys;
        keys.reserve(node.child_count / 2);
        for (node_id key = node.first_child; key != no_node;) {
            const node_id resolved = document_.resolve(key);
            if (document_.nodes_[resolved].kind == yaml_kind::scalar) keys.emplace_back(document_.nodes_[resolved].text, key);
            key = document_.nodes_[document_.nodes_[key].next_sibling].next_sibling;
        }
        // Stable sort keeps file order among equal keys, so the second of a pair is the later one.
        std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 1; i < keys.size(); ++i) {
            if (keys[i].first != keys[i - 1].first) continue;
            // Not fatal: the tree stays usable (lookups take the first), so the loader can go on
            // to report the file's other mistakes in the same run.
            const auto& first = document_.nodes_[keys[i - 1].second].position;
            const auto& second = document_.nodes_[keys[i].second].position;
            errors_.push_back({error_code::duplicate_key, {document_.file_, second.line, second.column},
                               fmt::format("duplicate key `{}`; it is first defined at line {}", keys[i].first, first.line)});
        }
    }

    yaml_document& document_;
    const yaml_limits& limits_;
    std::vector<input_error>& errors_;
    std::vector<open_container> open_;
    std::vector<std::uint64_t> expanded_;
    std::unordered_map<YAML::anchor_t, node_id> anchors_;
    int documents_ = 0;
};

std::optional<source_position> find_invalid_utf8(std::string_view text) {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    for (std::size_t i = 0; i < size;) {
        const unsigned char lead = bytes[i];
        std::size_t length = 0;
        std::uint32_t minimum = 0;
        std::uint32_t code_point = 0;
        if (lead < 0x80) { length = 1; code_point = lead; }
        else if ((lead & 0xE0) == 0xC0) { length = 2; code_point = lead & 0x1F; minimum = 0x80; }
        else if ((lead & 0xF0) == 0xE0) { length = 3; code_point = lead & 0x0F; minimum = 0x800; }
        else if ((lead & 0xF8) == 0xF0) { length = 4; code_point = lead & 0x07; minimum = 0x10000; }
        else return source_position{line, column};
        if (i + length > size) return source_position{line, column};
        for (std::size_t k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80) return source_position{line, column};
            code_point = (code_point << 6) | (bytes[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
        if (length > 1 && (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)))
            return source_position{line, column};
        if (lead == '\n') { ++line; column = 1; }
        else ++column;
        i += length;
    }
    return std::nullopt;
}

yaml_document yaml_document::parse(std::string_view text, const std::string& file, const yaml_limits& limits,
                                   std::vector<input_error>& errors) {
    yaml_document document;
    document.file_ = file;
    const auto error_at = [&](error_code code, source_position position, std::string message) {
        errors.push_back({code, {file, position.line, position.column}, std::move(message)});
        document.nodes_.clear();
        document.root_ = no_node;
    };
    if (text.size() > limits.max_file_bytes) {
        error_at(error_code::file_too_large, {1, 1},
                 fmt::format("the file is {} bytes, larger than the limit of {} bytes (64 MiB)", text.size(), limits.max_file_bytes));
        return document;
    }
    if (const auto bad = find_invalid_utf8(text)) {
        error_at(error_code::not_utf8, *bad, "the file is not UTF-8 text: invalid byte sequence here");
        return document;
    }
    // A UTF-8 byte-order mark is harmless; drop it so columns on line 1 stay right.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    document.nodes_.reserve(text.size() / 12 + 16);
    view_buffer buffer(text);
    std::istream stream(&buffer);
    yaml_tree_builder builder(document, limits, errors);
    try {
        YAML::Parser parser(stream);
        if (parser.HandleNextDocument(builder)) {
            while (parser.HandleNextDocument(builder)) {}
        }
    } catch (const stop_parsing& stop) {
        errors.push_back(stop.error);
        document.nodes_.clear();
        document.root_ = no_node;
    } catch (const YAML::Exception& e) {
        auto position = to_position(e.mark);
        if (!position.known()) position = {1, 1};
        error_at(error_code::yaml_syntax, position, fmt::format("invalid YAML: {}", e.msg));
    }
    return document;
}

} // namespace rigcheck::load
