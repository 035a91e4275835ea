// The builtin catalog: generic gear parsed once from the embedded catalog/generic.yaml, plus the
// builtin cables defined in code.
#include <rigcheck/load/builtin_catalog.hpp>
#include <rigcheck/load/loader.hpp>

#include <rigcheck/core/detail/embedded_file.hpp>

#include <span>

#include <algorithm>
#include <stdexcept>

namespace rigcheck::detail {
/// The embedded catalog/generic.yaml (cmake/embed.cmake).
std::span<const embedded_file> builtin_catalog_files();
} // namespace rigcheck::detail

namespace rigcheck {

const catalog& builtin_catalog() {
    // Parsed on first use, not at start-up, so commands that never need gear stay fast. A
    // function-local static is initialised once and thread-safely.
    static const catalog instance = [] {
        catalog result;
        const auto files = detail::builtin_catalog_files();
        const auto found =
            std::find_if(files.begin(), files.end(), [](const auto& f) { return f.path == "catalog/generic.yaml"; });
        if (found != files.end()) {
            auto loaded = load_catalog_text(found->text, "builtin:catalog/generic.yaml");
            if (!loaded.loaded) throw load_error(std::move(loaded.errors));
            result = std::move(*loaded.loaded);
        }
        for (const auto& c : builtin_cables()) result.cables.push_back(c);
        return result;
    }();
    return instance;
}

} // namespace rigcheck
