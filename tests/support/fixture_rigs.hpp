// The rig files the cross-check tests run over: every rule fixture under rules/ and every
// example rig, sorted so that failures name files in a stable order.
#pragma once

#include <algorithm>
#include <filesystem>
#include <vector>

namespace rigcheck::testing {

/// Rule fixtures (rules/**/*.yaml but the rule and pack files) and examples/*.yaml.
inline std::vector<std::filesystem::path> fixture_and_example_rigs() {
    namespace fs = std::filesystem;
    const fs::path root = RIGCHECK_SOURCE_DIR;
    std::vector<fs::path> rigs;
    for (const auto& entry : fs::recursive_directory_iterator(root / "rules")) {
        const auto name = entry.path().filename().string();
        if (entry.is_regular_file() && entry.path().extension() == ".yaml" && !name.ends_with(".rule.yaml") &&
            !name.ends_with(".pack.yaml"))
            rigs.push_back(entry.path());
    }
    for (const auto& entry : fs::directory_iterator(root / "examples"))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") rigs.push_back(entry.path());
    std::sort(rigs.begin(), rigs.end());
    return rigs;
}

} // namespace rigcheck::testing
