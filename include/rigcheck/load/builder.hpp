// Building rigs in code: the front end gear apps use instead of YAML (docs/api.md).
//
// The YAML loader is a client of this builder too, so a rig built in code is validated exactly
// like a rig loaded from a file: unknown devices, ports, gear and cables are located errors with
// near-match suggestions, a port used twice is an error at the later connection, settings are
// checked against the port. Positions are optional; code-built rigs simply have none.
#pragma once

#include <rigcheck/core/errors.hpp>
#include <rigcheck/model/catalog.hpp>
#include <rigcheck/model/rig.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rigcheck {

/// A piece of text with the position it was written at (unknown for code-built rigs).
struct located_text {
    std::string text;
    source_position position;
    located_text() = default;
    located_text(std::string value, source_position at = {}) : text(std::move(value)), position(at) {}
    located_text(const char* value) : text(value) {}
};

struct setting_spec {
    located_text port; ///< an input port id of the device's gear
    std::optional<rigcheck::gain> gain;
    std::optional<bool> pad;
    std::optional<bool> phantom;
    source_position gain_position, pad_position, phantom_position;
};

struct device_spec {
    located_text id;
    located_text gear; ///< a gear id: inline, from a catalog, or builtin
    std::string label;
    std::optional<power_kind> power;
    std::optional<sound_pressure> spl;
    std::vector<setting_spec> settings;
    source_position position; ///< the entry under `devices`
};

struct connection_spec {
    std::optional<located_text> from;                        ///< "device.port", the chain's first end
    std::optional<located_text> to;                          ///< "device.port", the chain's last end
    std::vector<std::pair<located_text, located_text>> ends; ///< cable end -> "device.port"
    std::vector<located_text> cables;                        ///< the chain, first to last
    source_position cable_position;                          ///< the `cable` key's value, for "missing cable"
    std::optional<rigcheck::length> length;
    std::vector<ignore_entry> ignores;
    source_position position; ///< the list item
};

class rig_builder {
public:
    /// Starts a rig that can use the builtin catalog.
    explicit rig_builder(std::string name = {});

    rig_builder& set_file(std::string file);
    rig_builder& set_name(std::string name);
    /// Makes a catalog's gear and cables available; later catalogs shadow earlier ones.
    rig_builder& add_catalog(const catalog& c);
    /// Inline gear; an id defined twice among inline gear is an error.
    rig_builder& add_gear(gear g);
    rig_builder& add_cable(cable c);
    /// Applied to every gear the rig uses, after loading and before analysis (quirk overlays).
    rig_builder& add_gear_transform(std::function<void(gear&)> transform);

    rig_builder& add_device(device_spec spec);
    /// Convenience: a device by id and gear id.
    rig_builder& add_device(std::string id, std::string gear_id);
    rig_builder& add_connection(connection_spec spec);
    /// Convenience: `from` -> `to` through a chain of cable ids, with an optional length.
    rig_builder& connect(std::string from, std::string to, std::vector<std::string> cable_chain,
                         std::optional<rigcheck::length> length = std::nullopt);

    /// Reports an error found by a front end (e.g. the YAML loader) so it is returned with the rest.
    void report(input_error error);

    /// The errors found so far, in the order found; past `max_reported_input_errors` they are
    /// only counted (`dropped_errors`).
    [[nodiscard]] const std::vector<input_error>& errors() const { return errors_; }
    [[nodiscard]] std::size_t dropped_errors() const { return dropped_; }

    /// Resolves every reference. Returns the rig, or nothing when any error was found.
    std::optional<rig> try_build();
    /// Like try_build, but throws load_error with every error.
    rig build();

private:
    struct impl_state;
    std::string name_;
    std::string file_;
    std::vector<const catalog*> catalogs_;
    std::vector<gear> inline_gear_;
    std::vector<cable> inline_cables_;
    std::vector<std::function<void(gear&)>> transforms_;
    std::vector<device_spec> devices_;
    std::vector<connection_spec> connections_;
    std::vector<input_error> errors_;
    std::size_t reported_ = 0;
    std::size_t dropped_ = 0;
};

} // namespace rigcheck
