// Helpers shared by the report writers, kept out of the public headers.
//
// Every format has to answer the same small questions the same way (which file a diagnostic
// belongs to when its location names none, how a document is serialised), and answering them in
// one place keeps the formats consistent with each other.
#pragma once

#include <rigcheck/core/diagnostic.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace rigcheck::report_detail {

/// The location with its file filled in from the report's file when the location names none:
/// diagnostics of builder-made rigs, or load errors raised before a position was known.
inline source_location located_in(const source_location& location, const std::string& report_file) {
    source_location resolved = location;
    if (resolved.file.empty()) {
        resolved.file = report_file;
    }
    return resolved;
}

/// Pretty-printed with two spaces and a trailing newline. Bytes that are not UTF-8 (a rig file
/// may hold anything) become U+FFFD instead of aborting the whole report.
inline std::string dump_document(const nlohmann::ordered_json& document) {
    return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace rigcheck::report_detail
