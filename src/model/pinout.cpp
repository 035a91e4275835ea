// Signal-role spellings and the named pinouts of docs/formats.md#pinouts.
//
// Each named pinout is stored once, by contact name, together with the connector types it fits.
// `named_pinout` resolves the names against the connector's contact list, so a pinout can only
// ever be handed out with exactly one role per contact of the connector it was asked for.
#include <rigcheck/model/pinout.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

namespace rigcheck {

namespace {

// In the order of `signal_role_kind`.
constexpr std::array<std::string_view, 8> role_kind_names{
    "hot", "cold", "ground", "left", "right", "send", "return", "nc",
};

constexpr std::string_view channel_prefix = "ch";

struct role_at {
    std::string_view contact;
    signal_role role;
};

constexpr signal_role role(signal_role_kind kind, std::uint8_t channel = 0) { return {kind, channel}; }

constexpr auto hot = signal_role_kind::hot;
constexpr auto cold = signal_role_kind::cold;
constexpr auto ground = signal_role_kind::ground;
constexpr auto nc = signal_role_kind::nc;

struct pinout_definition {
    std::string_view name;
    std::vector<connector_type> fits;
    std::vector<role_at> roles; ///< contacts left out are `nc`
};

const std::vector<connector_type> xlr_types{connector_type::xlr3};
const std::vector<connector_type> trs_types{connector_type::trs_6_35, connector_type::trs_3_5, connector_type::bantam};

// One channel of AES59: + - ground pins (F4.6).
std::vector<role_at> aes59_roles() {
    struct channel_pins {
        std::string_view hot_pin, cold_pin, ground_pin;
    };
    constexpr std::array<channel_pins, 8> channels{{
        {"24", "12", "25"},
        {"10", "23", "11"},
        {"21", "9", "22"},
        {"7", "20", "8"},
        {"18", "6", "19"},
        {"4", "17", "5"},
        {"15", "3", "16"},
        {"1", "14", "2"},
    }};
    std::vector<role_at> roles;
    for (std::size_t i = 0; i < channels.size(); ++i) {
        const auto channel = static_cast<std::uint8_t>(i + 1);
        roles.push_back({channels[i].hot_pin, role(hot, channel)});
        roles.push_back({channels[i].cold_pin, role(cold, channel)});
        roles.push_back({channels[i].ground_pin, role(ground, channel)});
    }
    roles.push_back({"13", role(nc)}); // F4.6: pin 13 is not connected
    return roles;
}

const std::vector<pinout_definition>& definitions() {
    static const std::vector<pinout_definition> all{
        // AES14 pin 2 hot, the default for a balanced XLR (F4.2).
        {"xlr-pin2-hot", xlr_types, {{"1", role(ground)}, {"2", role(hot)}, {"3", role(cold)}}},
        // Older gear that wires pin 3 hot (F4.2).
        {"xlr-pin3-hot", xlr_types, {{"1", role(ground)}, {"2", role(cold)}, {"3", role(hot)}}},
        // An unbalanced XLR returns pin 3 to ground (F1.6).
        {"xlr-unbalanced", xlr_types, {{"1", role(ground)}, {"2", role(hot)}, {"3", role(ground)}}},
        // F4.5 balanced mono, stereo, and the two insert conventions.
        {"trs-balanced", trs_types, {{"T", role(hot)}, {"R", role(cold)}, {"S", role(ground)}}},
        {"trs-stereo",
         trs_types,
         {{"T", role(signal_role_kind::left)}, {"R", role(signal_role_kind::right)}, {"S", role(ground)}}},
        {"trs-insert",
         trs_types,
         {{"T", role(signal_role_kind::send)}, {"R", role(signal_role_kind::return_)}, {"S", role(ground)}}},
        {"trs-insert-tip-return",
         trs_types,
         {{"T", role(signal_role_kind::return_)}, {"R", role(signal_role_kind::send)}, {"S", role(ground)}}},
        // On a TRS connector the ring is left out, so it is `nc` (docs/formats.md#pinouts unbalanced TRS row).
        {"ts",
         {connector_type::ts_6_35, connector_type::ts_3_5, connector_type::trs_6_35, connector_type::trs_3_5,
          connector_type::bantam},
         {{"T", role(hot)}, {"S", role(ground)}}},
        {"rca", {connector_type::rca}, {{"T", role(hot)}, {"S", role(ground)}}},
        {"db25-aes59", {connector_type::db25}, aes59_roles()},
    };
    return all;
}

} // namespace

std::string to_string(signal_role value) {
    const auto kind = role_kind_names.at(static_cast<std::size_t>(value.kind));
    if (value.channel == 0) {
        return std::string(kind);
    }
    return fmt::format("{}{}.{}", channel_prefix, value.channel, kind);
}

std::optional<signal_role> parse_signal_role(std::string_view text) {
    std::uint8_t channel = 0;
    if (text.starts_with(channel_prefix)) {
        const auto dot = text.find('.');
        if (dot == std::string_view::npos) {
            return std::nullopt;
        }
        const auto digits = text.substr(channel_prefix.size(), dot - channel_prefix.size());
        // Digits only, no leading zero: "ch03.hot" would not print back the same.
        if (digits.empty() || digits.front() == '0' ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return std::nullopt;
        }
        unsigned number = 0;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
        if (error != std::errc{} || end != digits.data() + digits.size() ||
            number > std::numeric_limits<std::uint8_t>::max()) {
            return std::nullopt;
        }
        channel = static_cast<std::uint8_t>(number);
        text.remove_prefix(dot + 1);
    }
    const auto found = std::find(role_kind_names.begin(), role_kind_names.end(), text);
    if (found == role_kind_names.end()) {
        return std::nullopt;
    }
    return signal_role{static_cast<signal_role_kind>(found - role_kind_names.begin()), channel};
}

bool pinout::is_stereo() const {
    const auto has = [this](signal_role_kind kind) {
        return std::any_of(roles.begin(), roles.end(), [kind](const signal_role& r) { return r.kind == kind; });
    };
    return has(signal_role_kind::left) && has(signal_role_kind::right);
}

std::optional<contact_index> pinout::contact_of(signal_role wanted) const {
    const auto found = std::find(roles.begin(), roles.end(), wanted);
    if (found == roles.end()) {
        return std::nullopt;
    }
    return static_cast<contact_index>(found - roles.begin());
}

std::vector<std::string_view> named_pinouts() {
    std::vector<std::string_view> names;
    for (const auto& definition : definitions()) {
        names.push_back(definition.name);
    }
    return names;
}

std::optional<pinout> named_pinout(std::string_view name, connector_type type) {
    const auto& all = definitions();
    const auto definition =
        std::find_if(all.begin(), all.end(), [name](const pinout_definition& d) { return d.name == name; });
    if (definition == all.end() ||
        std::find(definition->fits.begin(), definition->fits.end(), type) == definition->fits.end()) {
        return std::nullopt;
    }
    pinout result{std::string(definition->name), std::vector<signal_role>(contact_names(type).size(), role(nc))};
    for (const auto& entry : definition->roles) {
        const auto contact = find_contact(type, entry.contact);
        if (!contact) {
            return std::nullopt; // unreachable while `fits` is right; refuse rather than misplace a role
        }
        result.roles[*contact] = entry.role;
    }
    return result;
}

} // namespace rigcheck
