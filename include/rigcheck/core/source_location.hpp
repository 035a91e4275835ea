// Where something came from in a user's file: the unit every located error and diagnostic carries.
//
// Lines and columns are 1-based, as users see them in editors and compiler output; columns count
// bytes. A location with line 0 is "unknown": rigs built in code through the builder API have no
// source text. Beside them a position keeps its 0-based byte offset into the file, so that a tool
// holding the text (an editor's language server, which counts UTF-16 units) can find the exact
// place without walking lines again. Two locations are equal when file, line and column are: the
// offset follows from them for a given text.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <utility>

namespace rigcheck {

struct source_location {
    std::string file;         ///< the path as the user gave it; empty when unknown
    std::uint32_t line = 0;   ///< 1-based; 0 when unknown
    std::uint32_t column = 0; ///< 1-based, in bytes; 0 when unknown
    std::uint32_t offset = 0; ///< 0-based byte offset into the file; meaningful only when known()

    [[nodiscard]] bool known() const { return line != 0; }
    friend bool operator==(const source_location& a, const source_location& b) {
        return a.line == b.line && a.column == b.column && a.file == b.file;
    }
};

/// A position inside one file, without the file name; what the model stores per entity.
struct source_position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint32_t offset = 0; ///< 0-based byte offset into the file; meaningful only when known()
    [[nodiscard]] bool known() const { return line != 0; }
    friend bool operator==(const source_position& a, const source_position& b) {
        return a.line == b.line && a.column == b.column;
    }
    friend auto operator<=>(const source_position& a, const source_position& b) {
        if (const auto by_line = a.line <=> b.line; by_line != 0) return by_line;
        return a.column <=> b.column;
    }
};

/// A position in a named file.
inline source_location located(std::string file, source_position at) {
    return source_location{std::move(file), at.line, at.column, at.offset};
}

/// The position part of a location.
inline source_position position_of(const source_location& location) {
    return source_position{location.line, location.column, location.offset};
}

/// "file:line:col", the form compilers and editors recognise.
std::string to_string(const source_location& location);

} // namespace rigcheck
