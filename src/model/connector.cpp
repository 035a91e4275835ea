// Connector spellings, contact lists and contact-level mating (docs/formats.md#connectors-and-mating).
//
// Mating is computed from the plug's side: the male connector goes into the female one, and the
// touches are then reported in the caller's argument order, which keeps `mate()` symmetric. The
// physical exceptions live in one place, `plug_into_socket`, so the TS/TRS bridging and the combo
// faces are easy to check against the spec.
#include <rigcheck/model/connector.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

namespace rigcheck {

namespace {

// In the order of `connector_type`.
constexpr std::array<std::string_view, 14> type_names{
    "xlr3",     "xlr4", "xlr5",  "ts-6.35",     "ts-3.5",      "trs-6.35", "trs-3.5",
    "trrs-3.5", "rca",  "combo", "speakon-nl2", "speakon-nl4", "db25",     "bantam",
};
static_assert(type_names.size() == all_connector_types.size());

constexpr std::array<std::string_view, 2> combo_face_names{"xlr", "jack"};

constexpr std::array<std::string_view, 3> xlr3_contacts{"1", "2", "3"};
constexpr std::array<std::string_view, 4> xlr4_contacts{"1", "2", "3", "4"};
constexpr std::array<std::string_view, 5> xlr5_contacts{"1", "2", "3", "4", "5"};
constexpr std::array<std::string_view, 2> ts_contacts{"T", "S"};
constexpr std::array<std::string_view, 3> trs_contacts{"T", "R", "S"};
constexpr std::array<std::string_view, 4> trrs_contacts{"T", "R1", "R2", "S"};
// The combo's XLR face first, then its jack face: `face_contact_offset` depends on this order.
constexpr std::array<std::string_view, 6> combo_contacts{"1", "2", "3", "T", "R", "S"};
constexpr std::array<std::string_view, 2> speakon_nl2_contacts{"1+", "1-"};
constexpr std::array<std::string_view, 4> speakon_nl4_contacts{"1+", "1-", "2+", "2-"};
constexpr std::array<std::string_view, 25> db25_contacts{
    "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10", "11", "12", "13",
    "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25",
};

// Contact indices shared by the TS/TRS family, fixed by the contact lists above.
constexpr contact_index ts_tip = 0;
constexpr contact_index ts_sleeve = 1;
constexpr contact_index trs_tip = 0;
constexpr contact_index trs_ring = 1;
constexpr contact_index trs_sleeve = 2;

enum class jack_size : std::uint8_t { none, mm_3_5, mm_6_35 };

jack_size size_of(connector_type type) {
    switch (type) {
        case connector_type::ts_6_35:
        case connector_type::trs_6_35:
        case connector_type::combo: // its jack face
            return jack_size::mm_6_35;
        case connector_type::ts_3_5:
        case connector_type::trs_3_5:
        case connector_type::trrs_3_5:
            return jack_size::mm_3_5;
        default:
            return jack_size::none;
    }
}

bool is_ts(connector_type type) { return type == connector_type::ts_6_35 || type == connector_type::ts_3_5; }
bool is_trs(connector_type type) { return type == connector_type::trs_6_35 || type == connector_type::trs_3_5; }

std::vector<contact_touch> straight(connector_type type, contact_index offset = 0) {
    std::vector<contact_touch> touches;
    const auto count = contact_names(type).size();
    touches.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto index = static_cast<contact_index>(i);
        touches.push_back({index, static_cast<contact_index>(index + offset)});
    }
    return touches;
}

// A TS plug in a TRS socket: the plug's sleeve spans the socket's ring and sleeve, tying the
// ring to ground (docs/formats.md#connectors-and-mating; the seed's shorted-cold hazard, F1.5, F6.1).
std::vector<contact_touch> ts_plug_in_trs_socket(contact_index socket_offset = 0) {
    return {
        {ts_tip, static_cast<contact_index>(trs_tip + socket_offset)},
        {ts_sleeve, static_cast<contact_index>(trs_ring + socket_offset)},
        {ts_sleeve, static_cast<contact_index>(trs_sleeve + socket_offset)},
    };
}

/// The touches (plug contact, socket contact) of a plug pushed into a socket, or nothing.
std::optional<mating> plug_into_socket(connector_type plug, connector_type socket) {
    if (plug == connector_type::combo) {
        return std::nullopt; // a combo is only ever a socket
    }
    if (socket == connector_type::combo) {
        if (plug == connector_type::xlr3) {
            return mating{straight(connector_type::xlr3, face_contact_offset(combo_face::xlr)), combo_face::xlr};
        }
        const auto jack_offset = face_contact_offset(combo_face::jack);
        if (plug == connector_type::trs_6_35) {
            return mating{straight(connector_type::trs_6_35, jack_offset), combo_face::jack};
        }
        if (plug == connector_type::ts_6_35) {
            // The jack face is a TRS socket, so a TS plug bridges its ring to the sleeve.
            return mating{ts_plug_in_trs_socket(jack_offset), combo_face::jack};
        }
        return std::nullopt;
    }
    if (plug == socket) {
        return mating{straight(plug), std::nullopt};
    }
    if (size_of(plug) != size_of(socket)) {
        return std::nullopt; // 3.5 mm and 6.35 mm never mate
    }
    if (is_ts(plug) && is_trs(socket)) {
        return mating{ts_plug_in_trs_socket(), std::nullopt};
    }
    if (is_trs(plug) && is_ts(socket)) {
        // The plug's ring has no socket contact to meet, so it floats.
        return mating{{{trs_tip, ts_tip}, {trs_sleeve, ts_sleeve}}, std::nullopt};
    }
    return std::nullopt;
}

std::string_view article_for(connector_type type) {
    // "an xlr3", "an rca": the letters are spoken ("ex", "ar").
    const auto name = to_string(type);
    return (name.starts_with('x') || name.starts_with('r')) ? "an" : "a";
}

} // namespace

std::string_view to_string(connector_type type) { return type_names.at(static_cast<std::size_t>(type)); }

std::string_view to_string(connector_gender g) { return g == connector_gender::male ? "male" : "female"; }

std::string to_string(connector c) {
    if (c.type == connector_type::combo && c.gender == connector_gender::female) {
        return "combo"; // the spelling users write (docs/formats.md#gear): a combo has no gender to state
    }
    return fmt::format("{}-{}", to_string(c.type), to_string(c.gender));
}

std::string_view to_string(combo_face face) { return combo_face_names.at(static_cast<std::size_t>(face)); }

std::optional<connector_type> parse_connector_type(std::string_view text) {
    const auto found = std::find(type_names.begin(), type_names.end(), text);
    if (found == type_names.end()) {
        return std::nullopt;
    }
    return all_connector_types.at(static_cast<std::size_t>(found - type_names.begin()));
}

std::optional<connector> parse_connector(std::string_view text) {
    if (text == "combo") {
        return connector{connector_type::combo, connector_gender::female};
    }
    const auto dash = text.rfind('-');
    if (dash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto gender_text = text.substr(dash + 1);
    connector_gender gender{};
    if (gender_text == "male") {
        gender = connector_gender::male;
    } else if (gender_text == "female") {
        gender = connector_gender::female;
    } else {
        return std::nullopt;
    }
    const auto type = parse_connector_type(text.substr(0, dash));
    if (!type || (*type == connector_type::combo && gender == connector_gender::male)) {
        return std::nullopt;
    }
    return connector{*type, gender};
}

std::optional<combo_face> parse_combo_face(std::string_view text) {
    if (text == "xlr") {
        return combo_face::xlr;
    }
    if (text == "jack") {
        return combo_face::jack;
    }
    return std::nullopt;
}

std::span<const std::string_view> connector_type_names() { return type_names; }

std::span<const std::string_view> contact_names(connector_type type) {
    switch (type) {
        case connector_type::xlr3:
            return xlr3_contacts;
        case connector_type::xlr4:
            return xlr4_contacts;
        case connector_type::xlr5:
            return xlr5_contacts;
        case connector_type::ts_6_35:
        case connector_type::ts_3_5:
            return ts_contacts;
        case connector_type::trs_6_35:
        case connector_type::trs_3_5:
        case connector_type::bantam:
            return trs_contacts;
        case connector_type::trrs_3_5:
            return trrs_contacts;
        case connector_type::rca:
            return ts_contacts; // centre pin T, shell S
        case connector_type::combo:
            return combo_contacts;
        case connector_type::speakon_nl2:
            return speakon_nl2_contacts;
        case connector_type::speakon_nl4:
            return speakon_nl4_contacts;
        case connector_type::db25:
            return db25_contacts;
    }
    return {};
}

std::optional<contact_index> find_contact(connector_type type, std::string_view name) {
    const auto names = contact_names(type);
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) {
        return std::nullopt;
    }
    return static_cast<contact_index>(found - names.begin());
}

connector face_connector(combo_face face) {
    return face == combo_face::xlr ? connector{connector_type::xlr3, connector_gender::female}
                                   : connector{connector_type::trs_6_35, connector_gender::female};
}

contact_index face_contact_offset(combo_face face) {
    return face == combo_face::xlr ? 0 : static_cast<contact_index>(xlr3_contacts.size());
}

std::optional<mating> mate(connector a, connector b) {
    if (a.gender == b.gender) {
        return std::nullopt;
    }
    const bool a_is_plug = a.gender == connector_gender::male;
    const connector plug = a_is_plug ? a : b;
    const connector socket = a_is_plug ? b : a;
    auto result = plug_into_socket(plug.type, socket.type);
    if (result && !a_is_plug) {
        for (auto& touch : result->touches) {
            std::swap(touch.first, touch.second);
        }
    }
    return result;
}

std::string mating_failure_reason(connector a, connector b) {
    if ((a.type == connector_type::combo && a.gender == connector_gender::male) ||
        (b.type == connector_type::combo && b.gender == connector_gender::male)) {
        return "a combo connector is always a socket; there is no combo plug";
    }
    if (mate(a, b)) {
        return {};
    }
    if (a.gender == b.gender) {
        return fmt::format("both are {}", to_string(a.gender));
    }
    const connector plug = a.gender == connector_gender::male ? a : b;
    const connector socket = a.gender == connector_gender::male ? b : a;
    const auto plug_size = size_of(plug.type);
    const auto socket_size = size_of(socket.type);
    if (plug_size != jack_size::none && socket_size != jack_size::none && plug_size != socket_size) {
        return "3.5 mm and 6.35 mm connectors never mate";
    }
    if (plug.type == connector_type::rca) {
        return "an rca plug mates only with an rca socket";
    }
    if (socket.type == connector_type::rca) {
        return "an rca socket accepts only an rca plug";
    }
    if (socket.type == connector_type::combo) {
        return fmt::format("a combo socket takes an xlr3, ts-6.35 or trs-6.35 plug, not {} {} plug",
                           article_for(plug.type), to_string(plug.type));
    }
    return fmt::format("{} {} plug does not fit {} {} socket", article_for(plug.type), to_string(plug.type),
                       article_for(socket.type), to_string(socket.type));
}

} // namespace rigcheck
