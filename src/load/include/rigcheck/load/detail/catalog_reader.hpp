// Reading gear and cable definitions: shared by catalogs and a rig's inline `gear`/`cables`.
#pragma once

#include <rigcheck/load/detail/yaml_reader.hpp>

#include <rigcheck/model/cable.hpp>
#include <rigcheck/model/catalog.hpp>
#include <rigcheck/model/gear.hpp>

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace rigcheck::load {

/// The electrical fields a port or a combo face writes, as written: catalogs resolve them into
/// a `port_face` (an unset field falls back to the port's shared fields, then to the signal
/// class's defaults), and rule packs' gear overrides apply them onto one. This is the one place
/// those fields are read.
struct written_face {
    std::optional<interface_kind> interface;
    std::optional<signal_class> signal;
    /// `pinout`: a named pinout, or an explicit map of contact (as written) -> role. Contacts
    /// are checked against each connector when the fields are resolved or applied.
    node_id pinout_node = no_node;
    std::optional<std::string> pinout_name;
    struct mapped_contact {
        std::string contact;
        node_id key = no_node;
        signal_role role;
    };
    std::optional<std::vector<mapped_contact>> pinout_map;
    std::optional<level> nominal;
    std::optional<level> max;
    std::optional<rigcheck::impedance> impedance;
    node_id impedance_node = no_node; ///< where `impedance` was written, for its errors
    std::optional<gain_range> gain;
    std::optional<rigcheck::gain> pad;
    std::optional<rigcheck::gain> cmrr;
    std::optional<rigcheck::sensitivity> sensitivity;
    std::optional<rigcheck::inductance> inductance;

    /// Takes every field this one leaves unset from `outer`.
    void fill_from(const written_face& outer);
};

/// Reads the fields of keys::face from a port's (or a face's) mapping, reporting each bad value.
written_face read_written_face(load_context& context, const mapping_view& map);

/// A pinout written as a name or a map, for a connector type: nothing when it does not fit.
/// With `context`, what does not fit is reported at the pinout's nodes; without one, quietly.
std::optional<pinout> pinout_for(const written_face& fields, connector_type type, load_context* context,
                                 std::string_view port_name);

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
/// Two key lists as one, in order.
template <std::size_t A, std::size_t B>
constexpr std::array<std::string_view, A + B> joined(const std::string_view (&a)[A], const std::string_view (&b)[B]) {
    std::array<std::string_view, A + B> result{};
    for (std::size_t i = 0; i < A; ++i) result[i] = a[i];
    for (std::size_t i = 0; i < B; ++i) result[A + i] = b[i];
    return result;
}

inline constexpr std::string_view catalog[] = {"rigcheck-catalog", "gear", "cables"};
inline constexpr std::string_view gear[] = {"id",    "manufacturer", "model", "description", "category",
                                            "power", "quirks",       "ports", "paths"};
/// The electrical fields of a port or a combo face (written_face).
inline constexpr std::string_view face[] = {"interface", "signal", "pinout", "nominal",     "max",       "impedance",
                                            "gain",      "pad",    "cmrr",   "sensitivity", "inductance"};
/// A port's own fields, besides keys::face.
inline constexpr std::string_view port_only[] = {"id", "direction", "connector", "phantom", "faces"};
inline constexpr auto port = joined(port_only, face);
inline constexpr std::string_view combo_faces[] = {"xlr", "jack"};
inline constexpr std::string_view path[] = {"from", "to", "gain", "ratio", "isolation"};
inline constexpr std::string_view cable[] = {"id",     "description", "ends",        "wiring",
                                             "shield", "series",      "capacitance", "adapter"};
inline constexpr std::string_view rig[] = {"rigcheck", "name", "include", "gear", "cables", "devices", "connections"};
inline constexpr std::string_view device[] = {"gear", "label", "power", "spl", "settings"};
inline constexpr std::string_view setting[] = {"gain", "pad", "phantom"};
inline constexpr std::string_view connection[] = {"from", "to", "ends", "cable", "length", "ignore"};
inline constexpr std::string_view ignore[] = {"rule", "reason"};
} // namespace keys

} // namespace rigcheck::load
