// Links against a Conan-built rigcheck and uses its builtin data, which lives inside the library.
#include <rigcheck/model/cable.hpp>
#include <rigcheck/core/version.hpp>

#include <cstdio>

int main() {
    const auto& cables = rigcheck::builtin_cables();
    std::printf("rigcheck %s: %zu builtin cables\n", rigcheck::version_string, cables.size());
    return cables.empty() ? 1 : 0;
}
