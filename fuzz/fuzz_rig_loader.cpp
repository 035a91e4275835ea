// libFuzzer target for the YAML front end: rig and catalog loading on arbitrary bytes.
//
// Beyond "no crash, no sanitizer report", it checks what docs/robustness.md#limits promises of every result: a
// rig comes back exactly when there are no errors, and every error about the input points at a
// real place in it (a 1-based line of the text, a column no further than one past that line's
// end). A violation aborts, so libFuzzer keeps the input.
#include <rigcheck/load/loader.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

// A file name in a directory that does not exist, so relative `include`s find nothing on disk.
const std::string fuzz_file = "/nonexistent-rigcheck-fuzz/input.yaml";

/// Byte lengths of the lines as the loader counts them: LF, CRLF and a lone CR end a line, and a
/// leading UTF-8 byte-order mark takes no columns.
std::vector<std::size_t> line_lengths(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::size_t> lengths{0};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
            lengths.push_back(0);
        else if (text[i] != '\r')
            ++lengths.back();
    }
    return lengths;
}

[[noreturn]] void violated(const char* what, const rigcheck::input_error& error) {
    std::fprintf(stderr, "invariant violated: %s: %s\n", what, rigcheck::to_string(error).c_str());
    std::abort();
}

template <class Result> void check_result(const Result& result, std::string_view text) {
    if (result.loaded.has_value() == !result.errors.empty()) {
        std::fprintf(stderr, "invariant violated: loaded=%d with %zu errors\n", result.loaded.has_value(),
                     result.errors.size());
        std::abort();
    }
    const auto lengths = line_lengths(text);
    for (const auto& error : result.errors) {
        if (error.message.empty()) violated("empty message", error);
        if (error.location.file != fuzz_file) continue; // an absolute `include` of a real file
        if (error.code == rigcheck::error_code::io) continue;
        if (error.location.line == 0 || error.location.column == 0) violated("unlocated error", error);
        // Line lengths.size() + 1 is allowed: yaml-cpp reports the end of the input there.
        if (error.location.line > lengths.size() + 1) violated("line past the end of the text", error);
        if (error.location.line <= lengths.size() && error.location.column > lengths[error.location.line - 1] + 1)
            violated("column past the end of its line", error);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_result(rigcheck::load_rig_text(text, fuzz_file), text);
    check_result(rigcheck::load_catalog_text(text, fuzz_file), text);
    return 0;
}
