// The compiler-style text report, for people reading a terminal or a CI log.
//
// Each diagnostic prints as `file:line:col: severity: message [rule-id]`, the form editors and
// terminals already know how to jump to, followed by the offending source line with a caret
// under the column, the fix, and the related locations as `note:` lines. A summary line closes
// the report. Columns are byte offsets into the line (as the YAML front end counts them); the
// caret is placed by counting characters, not bytes, so it stays under its target on lines with
// multi-byte UTF-8 text, and tabs are copied so it stays aligned on tab-indented lines too.
#include <rigcheck/report/report.hpp>

#include "report_common.hpp"

#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>

namespace rigcheck {

namespace {

using report_detail::located_in;

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// Applies ANSI styles only when colour is on, so that plain output carries no escape bytes.
class palette {
public:
    explicit palette(bool enabled) : enabled_(enabled) {}

    [[nodiscard]] std::string paint(std::string_view text, fmt::text_style style) const {
        if (!enabled_) {
            return std::string(text);
        }
        return fmt::format("{}", fmt::styled(text, style));
    }

private:
    bool enabled_;
};

const fmt::text_style location_style = fmt::emphasis::bold;
const fmt::text_style note_style = fmt::emphasis::bold;
const fmt::text_style caret_style = fmt::fg(fmt::terminal_color::green) | fmt::emphasis::bold;

fmt::text_style severity_style(severity level) {
    switch (level) {
        case severity::error:
            return fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold;
        case severity::warning:
            return fmt::fg(fmt::terminal_color::magenta) | fmt::emphasis::bold;
        case severity::info:
            return fmt::fg(fmt::terminal_color::cyan) | fmt::emphasis::bold;
    }
    return fmt::emphasis::bold;
}

/// Control characters from a rig file (an ESC in a device name, say) must not reach the
/// terminal, where they could rewrite the screen; each becomes one visible U+FFFD.
std::string printable(std::string_view text, bool keep_line_breaks) {
    std::string result;
    result.reserve(text.size());
    for (const char character : text) {
        const auto byte = static_cast<unsigned char>(character);
        const bool allowed = character == '\t' || (keep_line_breaks && character == '\n');
        if ((byte < 0x20 || byte == 0x7F) && !allowed) {
            result += replacement_character;
        } else {
            result += character;
        }
    }
    return result;
}

/// A source line is shown whole up to this many characters. A longer one (minified or generated
/// YAML can put a whole file on one line) is cut to a window around the caret, so that a report
/// never prints megabytes for one diagnostic.
constexpr std::size_t longest_shown_line = 200;
/// Characters kept on each side of the caret in such a window.
constexpr std::size_t window_context = 80;
constexpr std::string_view ellipsis = "...";

bool starts_character(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; // not a UTF-8 continuation byte
}

/// Byte offset of the `index`-th character (0-based) of `line`, or its size when there are fewer.
std::size_t byte_offset_of_character(std::string_view line, std::size_t index) {
    std::size_t seen = 0;
    for (std::size_t offset = 0; offset < line.size(); ++offset) {
        if (starts_character(line[offset])) {
            if (seen == index) {
                return offset;
            }
            ++seen;
        }
    }
    return line.size();
}

std::size_t count_characters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), starts_character));
}

/// The part of a source line that is shown, and the whitespace that puts a caret under the
/// 1-based byte column. Tabs are copied so the caret stays aligned on tab-indented lines.
struct excerpt {
    std::string shown;
    std::string caret_padding;
};

excerpt excerpt_for(std::string_view line, std::uint32_t column) {
    // A column past the end of the line (an error at the line break) keeps its distance from the
    // last character, up to a window's half-width, however far out the reported column is.
    const std::size_t caret_offset = column == 0 ? 0 : column - 1;
    const std::size_t caret_byte = std::min(caret_offset, line.size());
    const std::size_t past_end = std::min(caret_offset - caret_byte, window_context);
    const std::size_t caret_character = count_characters(line.substr(0, caret_byte));
    const std::size_t total_characters = count_characters(line);

    std::size_t first_byte = 0;
    std::size_t last_byte = line.size();
    std::string prefix;
    std::string suffix;
    if (total_characters > longest_shown_line) {
        std::size_t first = caret_character > window_context ? caret_character - window_context : 0;
        const std::size_t last = std::min(total_characters, first + 2 * window_context);
        if (last - first < 2 * window_context) {
            first = last > 2 * window_context ? last - 2 * window_context : 0;
        }
        first_byte = byte_offset_of_character(line, first);
        last_byte = byte_offset_of_character(line, last);
        if (first > 0) {
            prefix = ellipsis;
        }
        if (last < total_characters) {
            suffix = ellipsis;
        }
    }

    excerpt result;
    result.shown = prefix + printable(line.substr(first_byte, last_byte - first_byte), false) + suffix;
    result.caret_padding.assign(prefix.size(), ' ');
    for (std::size_t index = first_byte; index < caret_byte; ++index) {
        if (line[index] == '\t') {
            result.caret_padding += '\t';
        } else if (starts_character(line[index])) {
            result.caret_padding += ' ';
        }
    }
    result.caret_padding.append(past_end, ' ');
    return result;
}

void append_excerpt(std::string& out, const source_location& location, const text_options& options,
                    const palette& colors) {
    if (!location.known() || !options.source_line) {
        return;
    }
    const std::optional<std::string> fetched = options.source_line(location.file, location.line);
    if (!fetched) {
        return;
    }
    std::string_view line = *fetched;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    const excerpt shown = excerpt_for(line, location.column);
    const std::string number = fmt::format("{}", location.line);
    const std::size_t gutter_width = std::max<std::size_t>(5, number.size());
    out += fmt::format("{:>{}} |", number, gutter_width);
    if (!shown.shown.empty()) {
        out += fmt::format(" {}", shown.shown);
    }
    out += '\n';
    if (location.column != 0) {
        out += fmt::format("{:>{}} | {}{}\n", "", gutter_width, shown.caret_padding, colors.paint("^", caret_style));
    }
}

void append_diagnostic(std::string& out, const diagnostic& finding, const std::string& report_file,
                       const text_options& options, const palette& colors) {
    const source_location location = located_in(finding.location, report_file);
    out += fmt::format("{} {} {}", colors.paint(printable(to_string(location), false) + ":", location_style),
                       colors.paint(fmt::format("{}:", to_string(finding.severity)), severity_style(finding.severity)),
                       printable(finding.message, true));
    if (!finding.rule.empty()) {
        out += fmt::format(" [{}]", printable(finding.rule, false));
    }
    out += '\n';
    append_excerpt(out, location, options, colors);
    if (!finding.fix.empty()) {
        out += fmt::format("  fix: {}\n", printable(finding.fix, true));
    }
    for (const related_location& related : finding.related) {
        const source_location related_at = located_in(related.location, report_file);
        out +=
            fmt::format("{} {} {}\n", colors.paint(printable(to_string(related_at), false) + ":", location_style),
                        colors.paint("note:", note_style),
                        related.message.empty() ? std::string("related location") : printable(related.message, true));
        append_excerpt(out, related_at, options, colors);
    }
}

std::string counted(std::size_t count, std::string_view singular, std::string_view plural) {
    return fmt::format("{} {}", count, count == 1 ? singular : plural);
}

} // namespace

std::string render_text(const report_input& input, const text_options& options) {
    const palette colors(options.color);
    std::string out;
    for (const file_report& file : input.files) {
        for (const diagnostic& finding : file.diagnostics) {
            append_diagnostic(out, finding, file.file, options, colors);
        }
    }
    const severity_counts counts = count_by_severity(input);
    out +=
        fmt::format("{}, {}, {} in {}\n", counted(counts[static_cast<std::size_t>(severity::error)], "error", "errors"),
                    counted(counts[static_cast<std::size_t>(severity::warning)], "warning", "warnings"),
                    counted(counts[static_cast<std::size_t>(severity::info)], "info", "infos"),
                    counted(input.files.size(), "file", "files"));
    return out;
}

} // namespace rigcheck
