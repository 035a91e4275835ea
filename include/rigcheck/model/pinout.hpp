// Pinouts: which signal role each contact of a port carries (docs/formats.md#pinouts).
//
// A pinout is the bridge between a connector's contacts and the electrical meaning link tracing
// needs: hot, cold, ground, left, right, send, return, or not connected. Multi-channel connectors
// prefix a channel ("ch3.hot"). The named pinouts and the defaults that follow from connector,
// interface and direction live here, so every loader and the builder agree on them.
#pragma once

#include <rigcheck/model/connector.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

enum class signal_role_kind : std::uint8_t { hot, cold, ground, left, right, send, return_, nc };

/// A role, optionally on a numbered channel (channel 0 means "no channel prefix").
struct signal_role {
    signal_role_kind kind = signal_role_kind::nc;
    std::uint8_t channel = 0;
    friend bool operator==(const signal_role&, const signal_role&) = default;
};

std::string to_string(signal_role role); ///< "hot", "ch3.cold", "return"
std::optional<signal_role> parse_signal_role(std::string_view text);

/// A role for every contact of one connector type, indexed by contact.
struct pinout {
    std::string name;               ///< the named pinout, or "custom" for an explicit map
    std::vector<signal_role> roles; ///< one per contact of the port's connector (or combo face)

    [[nodiscard]] bool is_stereo() const; ///< has both left and right roles (docs/formats.md#pinouts)
    /// The first contact with this role, if any.
    [[nodiscard]] std::optional<contact_index> contact_of(signal_role role) const;
    friend bool operator==(const pinout&, const pinout&) = default;
};

/// The names of the builtin pinouts, in the order of docs/formats.md#pinouts.
std::vector<std::string_view> named_pinouts();

/// A named pinout for a connector type, or nothing when the name is unknown or does not fit the
/// connector (e.g. `db25-aes59` on an XLR).
std::optional<pinout> named_pinout(std::string_view name, connector_type type);

} // namespace rigcheck
