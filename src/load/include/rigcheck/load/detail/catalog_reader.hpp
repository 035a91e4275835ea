// Reading gear and cable definitions: shared by catalogs and a rig's inline `gear`/`cables`.
#pragma once

#include <rigcheck/load/detail/yaml_reader.hpp>

#include <rigcheck/model/cable.hpp>
#include <rigcheck/model/catalog.hpp>
#include <rigcheck/model/gear.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace rigcheck::load {

std::optional<gear> read_gear(load_context& context, node_id node);
std::optional<cable> read_cable(load_context& context, node_id node);
/// Reads a `gear:` list and a `cables:` list into `into`, reporting ids defined twice.
void read_gear_list(load_context& context, node_id list, std::vector<gear>& into);
void read_cable_list(load_context& context, node_id list, std::vector<cable>& into);

/// Checks the version key (`rigcheck: 1`, `rigcheck-catalog: 1`, ...) of a file's root mapping.
/// Names the file's actual kind when another kind's key is present.
bool check_version_key(load_context& context, node_id root, std::string_view version_key, std::string_view kind);

/// The keys each object of the file formats accepts; the JSON Schemas list the same.
namespace keys {
inline constexpr std::string_view catalog[] = {"rigcheck-catalog", "gear", "cables"};
inline constexpr std::string_view gear[] = {"id", "manufacturer", "model", "description", "category", "power",
                                            "quirks", "ports", "paths"};
inline constexpr std::string_view port[] = {"id", "direction", "connector", "interface", "signal", "pinout", "nominal",
                                            "max", "impedance", "gain", "pad", "phantom", "cmrr", "sensitivity",
                                            "inductance", "faces"};
inline constexpr std::string_view port_face[] = {"interface", "signal", "pinout", "nominal", "max", "impedance",
                                                 "gain", "pad", "cmrr", "sensitivity", "inductance"};
inline constexpr std::string_view combo_faces[] = {"xlr", "jack"};
inline constexpr std::string_view path[] = {"from", "to", "gain", "ratio", "isolation"};
inline constexpr std::string_view cable[] = {"id", "description", "ends", "wiring", "shield", "series",
                                             "capacitance", "adapter"};
inline constexpr std::string_view rig[] = {"rigcheck", "name", "include", "gear", "cables", "devices", "connections"};
inline constexpr std::string_view device[] = {"gear", "label", "power", "spl", "settings"};
inline constexpr std::string_view setting[] = {"gain", "pad", "phantom"};
inline constexpr std::string_view connection[] = {"from", "to", "ends", "cable", "length", "ignore"};
inline constexpr std::string_view ignore[] = {"rule", "reason"};
} // namespace keys

} // namespace rigcheck::load
