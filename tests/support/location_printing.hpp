// Makes Catch print a source_location as file:line:col in failure messages.
#pragma once

#include <rigcheck/core/source_location.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace Catch {
template <> struct StringMaker<rigcheck::source_location> {
    static std::string convert(const rigcheck::source_location& location) { return rigcheck::to_string(location); }
};
} // namespace Catch
