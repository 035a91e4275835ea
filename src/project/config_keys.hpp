// The keys and value spellings of a `.rigcheck.yaml` configuration, shared by its loader
// (config.cpp), which accepts nothing else, and the JSON Schema generator (schemas.cpp).
#pragma once

#include <string_view>

namespace rigcheck::config_detail {

inline constexpr std::string_view config_keys[] = {"rigcheck-config", "packs",  "catalogs",
                                                   "rules",           "params", "fail-on"};
/// A rule's level under `rules` (`off` disables it); a YAML 1.1 `false` means `off` as well.
inline constexpr std::string_view levels[] = {"error", "warning", "info", "off"};
inline constexpr std::string_view fail_on_names[] = {"error", "warning", "info", "never"};

} // namespace rigcheck::config_detail
