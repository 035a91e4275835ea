// Builds the located YAML tree from yaml-cpp parser events and enforces the input limits.
#include <rigcheck/load/detail/yaml_tree.hpp>

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
    return {static_cast<std::uint32_t>(mark.line) + 1, static_cast<std::uint32_t>(mark.column) + 1,
            mark.pos < 0 ? 0U : static_cast<std::uint32_t>(mark.pos)};
}

/// The byte offset of a mark, or npos when yaml-cpp gave none.
std::size_t to_offset(const YAML::Mark& mark) {
    return mark.pos < 0 ? std::string_view::npos : static_cast<std::size_t>(mark.pos);
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_break(char c) { return c == '\n' || c == '\r'; }

/// The position of byte `to`, given that byte `from` (from <= to) is at `at`.
source_position advance(std::string_view text, std::size_t from, source_position at, std::size_t to) {
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++at.line;
            at.column = 1;
        } else {
            ++at.column;
        }
    }
    at.offset = static_cast<std::uint32_t>(std::min(to, text.size()));
    return at;
}

/// The position of byte `to`, given that byte `from` (to <= from) is at `at`. `to` must lie on
/// a line whose start is found by walking back; at.line counts the line breaks crossed.
source_position retreat(std::string_view text, std::size_t from, source_position at, std::size_t to) {
    for (std::size_t i = to; i < from && i < text.size(); ++i)
        if (text[i] == '\n') --at.line;
    const auto line_break = to == 0 ? std::string_view::npos : text.rfind('\n', to - 1);
    const std::size_t line_start = line_break == std::string_view::npos ? 0 : line_break + 1;
    at.column = static_cast<std::uint32_t>(to - line_start) + 1;
    at.offset = static_cast<std::uint32_t>(to);
    return at;
}

/// Skips node properties (`&anchor`, `!tag`), blanks, line breaks and comments from `offset`.
std::size_t skip_properties(std::string_view text, std::size_t offset) {
    while (offset < text.size()) {
        const char c = text[offset];
        if (is_blank(c) || is_break(c)) {
            ++offset;
        } else if (c == '#') {
            while (offset < text.size() && text[offset] != '\n') ++offset;
        } else if (c == '&' || c == '!') {
            while (offset < text.size() && !is_blank(text[offset]) && !is_break(text[offset])) ++offset;
        } else {
            break;
        }
    }
    return offset;
}

/// yaml-cpp reports an empty value (`key:` with nothing after it) at the token after it, which
/// may be lines further on. This tells whether a null event's mark points at a null written in
/// the text (`~`, `null`, or bare node properties such as `&anchor`) instead.
bool is_written_null(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return false;
    std::size_t at = offset;
    if (text[at] == '&' || text[at] == '!') {
        // Properties with nothing after them on their line are an empty node of their own.
        while (at < text.size() && !is_blank(text[at]) && !is_break(text[at])) ++at;
        while (at < text.size() && is_blank(text[at])) ++at;
        if (at >= text.size() || is_break(text[at]) || text[at] == '#' || text[at] == ',' || text[at] == ']' ||
            text[at] == '}')
            return true;
    }
    std::size_t length = 0;
    if (text[at] == '~') length = 1;
    for (const std::string_view word : {"null", "Null", "NULL"})
        if (text.substr(at, 4) == word) length = 4;
    if (length == 0) return false;
    std::size_t end = at + length;
    if (end < text.size() && !(is_blank(text[end]) || is_break(text[end]) || text[end] == ',' || text[end] == ']' ||
                               text[end] == '}' || text[end] == '#'))
        return false;
    // `null: 1` is the next key, not a value.
    while (end < text.size() && is_blank(text[end])) ++end;
    return !(end < text.size() && text[end] == ':');
}

/// The offset of the `-` that opened an empty block-sequence item, found by walking back from
/// the next token over blanks, line breaks and comments.
std::optional<std::size_t> find_entry_indicator(std::string_view text, std::size_t next) {
    std::size_t end = std::min(next, text.size());
    while (true) {
        const auto line_break = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
        const std::size_t line_start = line_break == std::string_view::npos ? 0 : line_break + 1;
        std::string_view line = text.substr(line_start, end - line_start);
        // A comment starts at a `#` at the start of the line or after a blank.
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) {
                line = line.substr(0, i);
                break;
            }
        }
        while (!line.empty() && (is_blank(line.back()) || line.back() == '\r')) line.remove_suffix(1);
        if (!line.empty()) {
            if (line.back() != '-') return std::nullopt;
            return line_start + line.size() - 1;
        }
        if (line_start == 0) return std::nullopt;
        end = line_start - 1;
    }
}

/// Whether the quoted scalar opened at `open` has its closing quote. yaml-cpp 0.7 silently ends
/// an unterminated quoted scalar at the end of the input, swallowing the rest of the file.
bool quoted_scalar_is_closed(std::string_view text, std::size_t open) {
    const char quote = text[open];
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;
            continue;
        }
        if (text[i] != quote) continue;
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
            ++i; // '' is an escaped quote inside a single-quoted scalar
            continue;
        }
        return true;
    }
    return false;
}

/// A hint for a parser error on a line indented with a tab: yaml-cpp reports such lines as
/// "illegal map value" and the like, which does not say what is wrong.
std::string tab_indentation_hint(std::string_view text, std::size_t offset, source_position at) {
    if (offset == std::string_view::npos || offset > text.size() || !at.known()) return {};
    const auto line_break = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t line_start = line_break == std::string_view::npos ? 0 : line_break + 1;
    const auto indentation_end = text.find_first_not_of(" \t", line_start);
    const auto indentation = text.substr(line_start, std::min(indentation_end, text.size()) - line_start);
    if (indentation.find('\t') == std::string_view::npos) return {};
    return fmt::format("; line {} is indented with a tab, which YAML does not allow", at.line);
}

/// yaml-cpp reports a bad escape sequence after reading it; this finds the `\` that starts it, so
/// the error points at the escape. The longest escape, `\UXXXXXXXX`, spans ten bytes.
std::optional<std::size_t> escape_start(std::string_view text, std::size_t offset, const std::string& message) {
    const bool escape_error = message.starts_with(YAML::ErrorMsg::INVALID_ESCAPE) ||
                              message.starts_with(YAML::ErrorMsg::INVALID_HEX) ||
                              message.starts_with(YAML::ErrorMsg::INVALID_UNICODE);
    if (!escape_error || offset == std::string_view::npos || offset == 0) return std::nullopt;
    const std::size_t end = std::min(offset, text.size());
    const std::size_t begin = end > 11 ? end - 11 : 0;
    const auto backslash = text.substr(begin, end - begin).rfind('\\');
    if (backslash == std::string_view::npos) return std::nullopt;
    return begin + backslash;
}

bool only_whitespace_from(std::string_view text, std::size_t offset) {
    if (offset == std::string_view::npos || offset >= text.size()) return true;
    return text.find_first_not_of(" \t\r\n", offset) == std::string_view::npos;
}

} // namespace

class yaml_tree_builder final : public YAML::EventHandler {
public:
    yaml_tree_builder(yaml_document& document, std::string_view text, const yaml_limits& limits,
                      std::vector<input_error>& errors)
        : document_(document), text_(text), limits_(limits), errors_(errors) {}

    void OnDocumentStart(const YAML::Mark& mark) override {
        ++documents_;
        if (documents_ > 1)
            fail(error_code::multiple_documents, to_position(mark),
                 "a rigcheck file holds one YAML document; this is a second one");
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        yaml_node node;
        node.kind = yaml_kind::null;
        node.position = null_position(mark);
        const node_id id = add(std::move(node), anchor);
        if (open_.empty() && !is_written_null(text_, to_offset(mark))) {
            // An empty document (`---` alone): there is no root to read.
            empty_root_ = true;
        }
        finish(id, 1);
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
        if (!node.plain) note_quoted_scalar(mark);
        finish(add(std::move(node), anchor), 1);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        open(yaml_kind::sequence, mark, anchor, style == YAML::EmitterStyle::Flow);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        open(yaml_kind::mapping, mark, anchor, style == YAML::EmitterStyle::Flow);
    }
    void OnMapEnd() override {
        check_duplicate_keys(open_.back().id);
        close();
    }

    [[noreturn]] void fail(error_code code, source_position position, std::string message) {
        throw stop_parsing{input_error{code, located(document_.file_, position), std::move(message)}};
    }

    [[nodiscard]] bool empty_root() const { return empty_root_; }

    /// An error for a quoted scalar that runs to the end of the input. Such a scalar swallows
    /// everything after it, so only the last quoted scalar can be one.
    [[nodiscard]] std::optional<input_error> unterminated_quote() const {
        if (last_quoted_offset_ == std::string_view::npos) return std::nullopt;
        const std::size_t open = skip_properties(text_, last_quoted_offset_);
        if (open >= text_.size() || (text_[open] != '"' && text_[open] != '\'')) return std::nullopt;
        if (quoted_scalar_is_closed(text_, open)) return std::nullopt;
        const auto at = advance(text_, last_quoted_offset_, last_quoted_position_, open);
        return input_error{error_code::yaml_syntax, located(document_.file_, at),
                           fmt::format("invalid YAML: this quoted string is never closed (its closing {} is missing)",
                                       text_[open] == '"' ? "`\"`" : "`'`")};
    }

    /// For an "end of flow not found" error at the end of the input, the bracket left open: yaml-cpp
    /// reports the error where it gave up, at the end of the file, which can be far from the
    /// bracket that lacks its partner.
    [[nodiscard]] std::string unclosed_flow_hint(const YAML::Exception& e) const {
        const bool sequence = e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW;
        const bool mapping = e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW;
        if ((!sequence && !mapping) || open_.empty() || !only_whitespace_from(text_, to_offset(e.mark))) return {};
        const open_container& innermost = open_.back();
        const yaml_node& node = document_.nodes_[innermost.id];
        if (!innermost.flow || node.kind != (sequence ? yaml_kind::sequence : yaml_kind::mapping)) return {};
        return fmt::format("; the `{}` at line {}, column {} is never closed", sequence ? '[' : '{', node.position.line,
                           node.position.column);
    }

private:
    struct open_container {
        node_id id;
        bool flow = false;
        node_id last_child = no_node;
        std::uint64_t expanded = 1;
    };

    /// Remembers where the last quoted (or block) scalar starts, to find one never closed.
    void note_quoted_scalar(const YAML::Mark& mark) {
        last_quoted_offset_ = to_offset(mark);
        last_quoted_position_ = to_position(mark);
    }

    /// Where to locate a null: yaml-cpp marks an empty value at the next token, which can be on a
    /// later line and belong to another key. An empty mapping value is located at its key, and an
    /// empty block-sequence item at its `-`.
    source_position null_position(const YAML::Mark& mark) const {
        const auto position = to_position(mark);
        const auto offset = to_offset(mark);
        if (open_.empty() || offset == std::string_view::npos || is_written_null(text_, offset)) return position;
        const open_container& parent = open_.back();
        const yaml_node& parent_node = document_.nodes_[parent.id];
        if (parent_node.kind == yaml_kind::mapping) {
            const bool is_value = parent_node.child_count % 2 == 1;
            if (is_value) return document_.nodes_[parent.last_child].position;
            return position;
        }
        if (parent_node.kind == yaml_kind::sequence && !parent.flow) {
            if (const auto dash = find_entry_indicator(text_, offset); dash && position.known())
                return retreat(text_, offset, position, *dash);
        }
        return position;
    }

    node_id add(yaml_node node, YAML::anchor_t anchor) {
        const auto id = static_cast<node_id>(document_.nodes_.size());
        if (id >= limits_.max_nodes)
            fail(error_code::node_limit, node.position,
                 fmt::format("the document has more than {} nodes, the limit for one file", limits_.max_nodes));
        document_.nodes_.push_back(std::move(node));
        expanded_.push_back(1);
        if (anchor != 0) anchors_[anchor] = id;
        return id;
    }

    void open(yaml_kind kind, const YAML::Mark& mark, YAML::anchor_t anchor, bool flow) {
        const auto position = to_position(mark);
        if (open_.size() + 1 > limits_.max_depth)
            fail(error_code::depth_limit, position,
                 fmt::format("nesting is deeper than the limit of {} levels", limits_.max_depth));
        yaml_node node;
        node.kind = kind;
        node.position = position;
        open_.push_back({add(std::move(node), anchor), flow});
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
                 fmt::format("the document expands to more than {} nodes through its aliases",
                             limits_.max_expanded_nodes));
        if (open_.empty()) {
            document_.root_ = id;
            return;
        }
        open_container& parent = open_.back();
        if (parent.last_child == no_node)
            document_.nodes_[parent.id].first_child = id;
        else
            document_.nodes_[parent.last_child].next_sibling = id;
        parent.last_child = id;
        ++document_.nodes_[parent.id].child_count;
        parent.expanded += expanded;
        if (parent.expanded > limits_.max_expanded_nodes)
            fail(error_code::node_limit, document_.nodes_[id].position,
                 fmt::format("the document expands to more than {} nodes through its aliases",
                             limits_.max_expanded_nodes));
    }

    /// yaml-cpp 0.7 silently accepts duplicate keys; rigcheck reports the later one.
    void check_duplicate_keys(node_id map) {
        const yaml_node& node = document_.nodes_[map];
        if (node.child_count < 4) return;
        std::vector<std::pair<std::string_view, node_id>> keys;
        keys.reserve(node.child_count / 2);
        for (node_id key = node.first_child; key != no_node;) {
            const node_id resolved = document_.resolve(key);
            if (document_.nodes_[resolved].kind == yaml_kind::scalar)
                keys.emplace_back(document_.nodes_[resolved].text, key);
            key = document_.nodes_[document_.nodes_[key].next_sibling].next_sibling;
        }
        // Stable sort keeps file order among equal keys, so the first of a run is the original.
        std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::size_t original = 0;
        for (std::size_t i = 1; i < keys.size(); ++i) {
            if (keys[i].first != keys[original].first) {
                original = i;
                continue;
            }
            // Not fatal: the tree stays usable (lookups take the first), so the loader can go on
            // to report the file's other mistakes in the same run.
            if (kept_errors_ >= max_reported_input_errors) {
                ++document_.dropped_errors_;
                continue;
            }
            ++kept_errors_;
            const auto& first = document_.nodes_[keys[original].second].position;
            const auto& again = document_.nodes_[keys[i].second].position;
            errors_.push_back(
                {error_code::duplicate_key, located(document_.file_, again),
                 fmt::format("duplicate key `{}`; it is first defined at line {}", keys[i].first, first.line)});
        }
    }

    yaml_document& document_;
    std::string_view text_;
    const yaml_limits& limits_;
    std::vector<input_error>& errors_;
    std::vector<open_container> open_;
    std::vector<std::uint64_t> expanded_;
    std::unordered_map<YAML::anchor_t, node_id> anchors_;
    int documents_ = 0;
    std::size_t kept_errors_ = 0;
    bool empty_root_ = false;
    std::size_t last_quoted_offset_ = std::string_view::npos;
    source_position last_quoted_position_;
};

std::optional<forbidden_character> find_forbidden_character(std::string_view text) {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    const auto not_utf8 = [&] {
        return forbidden_character{{line, column, static_cast<std::uint32_t>(i)},
                                   error_code::not_utf8,
                                   "the file is not UTF-8 text: invalid byte sequence here"};
    };
    for (; i < size;) {
        const unsigned char lead = bytes[i];
        std::size_t length = 0;
        std::uint32_t minimum = 0;
        std::uint32_t code_point = 0;
        if (lead < 0x80) {
            length = 1;
            code_point = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            code_point = lead & 0x1F;
            minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            code_point = lead & 0x0F;
            minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            code_point = lead & 0x07;
            minimum = 0x10000;
        } else
            return not_utf8();
        if (i + length > size) return not_utf8();
        for (std::size_t k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80) return not_utf8();
            code_point = (code_point << 6) | (bytes[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
        if (length > 1 &&
            (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)))
            return not_utf8();
        // NUL is what UTF-16 and binary files are full of; yaml-cpp would even decode such a
        // file as UTF-16. Other control characters are simply not allowed in YAML.
        if (code_point == 0)
            return forbidden_character{{line, column, static_cast<std::uint32_t>(i)},
                                       error_code::not_utf8,
                                       "the file is not UTF-8 text: it holds a NUL byte (is it UTF-16, or binary?)"};
        if ((code_point < 0x20 && code_point != '\t' && code_point != '\n' && code_point != '\r') || code_point == 0x7F)
            return forbidden_character{
                {line, column, static_cast<std::uint32_t>(i)},
                error_code::yaml_syntax,
                fmt::format("invalid YAML: the control character U+{:04X} is not allowed", code_point)};
        if (lead == '\n') {
            ++line;
            column = 1;
        } else
            column += static_cast<std::uint32_t>(length);
        i += length;
    }
    return std::nullopt;
}

std::optional<source_position> find_invalid_utf8(std::string_view text) {
    const auto found = find_forbidden_character(text);
    if (!found || found->code != error_code::not_utf8) return std::nullopt;
    return found->position;
}

yaml_document yaml_document::parse(std::string_view text, const std::string& file, const yaml_limits& limits,
                                   std::vector<input_error>& errors) {
    yaml_document document;
    document.file_ = file;
    const auto error_at = [&](error_code code, source_position position, std::string message) {
        errors.push_back({code, located(file, position), std::move(message)});
        document.nodes_.clear();
        document.root_ = no_node;
    };
    if (text.size() > limits.max_file_bytes) {
        error_at(error_code::file_too_large, {1, 1},
                 fmt::format("the file is {} bytes, larger than the limit of {} bytes (64 MiB)", text.size(),
                             limits.max_file_bytes));
        return document;
    }
    // A UTF-8 byte-order mark is harmless; drop it so columns on line 1 stay right.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    // YAML counts a lone CR as a line break, but yaml-cpp 0.7 does not: a file saved with old
    // Mac line endings would parse as one long line. Replacing each lone CR by LF keeps every
    // byte offset and makes lines count as the user sees them.
    std::string normalized;
    for (std::size_t cr = text.find('\r'); cr != std::string_view::npos; cr = text.find('\r', cr + 1)) {
        if (cr + 1 < text.size() && text[cr + 1] == '\n') continue;
        if (normalized.empty()) normalized.assign(text);
        normalized[cr] = '\n';
    }
    if (!normalized.empty()) text = normalized;
    if (const auto bad = find_forbidden_character(text)) {
        error_at(bad->code, bad->position, bad->message);
        return document;
    }
    document.nodes_.reserve(text.size() / 12 + 16);
    view_buffer buffer(text);
    std::istream stream(&buffer);
    yaml_tree_builder builder(document, text, limits, errors);
    try {
        YAML::Parser parser(stream);
        if (parser.HandleNextDocument(builder)) {
            while (parser.HandleNextDocument(builder)) {}
        }
        if (auto unterminated = builder.unterminated_quote()) {
            errors.push_back(std::move(*unterminated));
            document.nodes_.clear();
            document.root_ = no_node;
        } else if (builder.empty_root()) {
            document.nodes_.clear();
            document.root_ = no_node;
        }
    } catch (const stop_parsing& stop) {
        errors.push_back(stop.error);
        document.nodes_.clear();
        document.root_ = no_node;
    } catch (const YAML::Exception& e) {
        if (auto unterminated = builder.unterminated_quote()) {
            errors.push_back(std::move(*unterminated));
            document.nodes_.clear();
            document.root_ = no_node;
            return document;
        }
        auto position = to_position(e.mark);
        if (const auto escape = escape_start(text, to_offset(e.mark), e.msg); escape && position.known())
            position = retreat(text, to_offset(e.mark), position, *escape);
        if (!position.known()) position = {1, 1};
        error_at(error_code::yaml_syntax, position,
                 fmt::format("invalid YAML: {}{}{}", e.msg, builder.unclosed_flow_hint(e),
                             tab_indentation_hint(text, to_offset(e.mark), position)));
    }
    return document;
}

} // namespace rigcheck::load
