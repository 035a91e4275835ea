// Where something came from in a user's file: the unit every located error and diagnostic carries.
//
// Lines and columns are 1-based, as users see them in editors and compiler output. A location
// with line 0 is "unknown": rigs built in code through the builder API have no source text.
#pragma once

#include <cstdint>
#include <string>

namespace rigcheck {

struct source_location {
    std::string file;         ///< the path as the user gave it; empty when unknown
    std::uint32_t line = 0;   ///< 1-based; 0 when unknown
    std::uint32_t column = 0; ///< 1-based; 0 when unknown

    [[nodiscard]] bool known() const { return line != 0; }
    friend bool operator==(const source_location&, const source_location&) = default;
};

/// A position inside one file, without the file name; what the model stores per entity.
struct source_position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    [[nodiscard]] bool known() const { return line != 0; }
    friend bool operator==(const source_position&, const source_position&) = default;
    friend auto operator<=>(const source_position&, const source_position&) = default;
};

/// "file:line:col", the form compilers and editors recognise.
std::string to_string(const source_location& location);

} // namespace rigcheck
