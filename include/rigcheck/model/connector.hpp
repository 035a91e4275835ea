// Connector types, their contacts, genders and mating at contact level (docs/formats.md#connectors-and-mating).
//
// Mating is not a yes/no question: the seed's hazards live in which contacts touch. A TS plug in
// a TRS socket bridges the socket's ring to its sleeve; a TRS plug in a TS socket leaves its ring
// floating; a combo socket presents its XLR or its jack face depending on the plug. `mate()`
// therefore returns the contact-to-contact touches of a junction, which link tracing follows.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

enum class connector_type : std::uint8_t {
    xlr3,
    xlr4,
    xlr5,
    ts_6_35,
    ts_3_5,
    trs_6_35,
    trs_3_5,
    trrs_3_5,
    rca,
    combo,
    speakon_nl2,
    speakon_nl4,
    db25,
    bantam,
};

inline constexpr std::array all_connector_types{
    connector_type::xlr3,   connector_type::xlr4,     connector_type::xlr5,        connector_type::ts_6_35,
    connector_type::ts_3_5, connector_type::trs_6_35, connector_type::trs_3_5,     connector_type::trrs_3_5,
    connector_type::rca,    connector_type::combo,    connector_type::speakon_nl2, connector_type::speakon_nl4,
    connector_type::db25,   connector_type::bantam,
};

enum class connector_gender : std::uint8_t { male, female };

/// A contact of a connector, as an index into `contact_names(type)`.
using contact_index = std::uint8_t;

/// A concrete connector: a type and a gender. Combo sockets are always female.
struct connector {
    connector_type type;
    connector_gender gender;
    friend bool operator==(const connector&, const connector&) = default;
};

/// The face of a combo socket that a plug selects.
enum class combo_face : std::uint8_t { xlr, jack };

std::string_view to_string(connector_type type); ///< "xlr3", "ts-6.35", ...
std::string_view to_string(connector_gender g);  ///< "male" / "female"
std::string to_string(connector c);              ///< "xlr3-female"
std::string_view to_string(combo_face face);     ///< "xlr" / "jack"
std::optional<connector_type> parse_connector_type(std::string_view text);
/// Parses "TYPE-male" / "TYPE-female", or "combo" / "combo-female" (a combo is only ever a socket,
/// so "combo-male" is refused).
std::optional<connector> parse_connector(std::string_view text);
std::optional<combo_face> parse_combo_face(std::string_view text);
/// Every connector type's spelling, in enum order, for "expected one of" messages.
std::span<const std::string_view> connector_type_names();

/// The contact names of a connector type, in index order ("1","2","3"; "T","R","S"; ...).
/// A combo socket has the XLR face's contacts 1..3 followed by the jack face's T, R, S.
std::span<const std::string_view> contact_names(connector_type type);
std::optional<contact_index> find_contact(connector_type type, std::string_view name);

/// The connector a combo face behaves as, and where its contacts start in the combo's list.
connector face_connector(combo_face face);
contact_index face_contact_offset(combo_face face);

/// One touch between a contact of the first connector and a contact of the second.
struct contact_touch {
    contact_index first;
    contact_index second;
    friend bool operator==(const contact_touch&, const contact_touch&) = default;
};

/// The result of pushing two connectors together.
struct mating {
    std::vector<contact_touch> touches; ///< which contacts meet
    std::optional<combo_face> face;     ///< set when one side is a combo socket
};

/// How two connectors mate, or nothing when they do not: same type and opposite gender, plus the
/// physical exceptions of docs/formats.md#connectors-and-mating (TS/TRS of the same size, combo faces). Symmetric: the
/// touch pairs are always (contact of `a`, contact of `b`).
std::optional<mating> mate(connector a, connector b);

/// Why two connectors do not mate, as one sentence for messages ("3.5 mm and 6.35 mm connectors
/// never mate", "both are male"); empty when they do mate.
std::string mating_failure_reason(connector a, connector b);

} // namespace rigcheck
