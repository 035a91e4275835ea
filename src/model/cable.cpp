// Cable member functions and the builtin cables of docs/formats.md#cables-and-adapters.
//
// The builtin cables are written here the way users write them in YAML: ends by connector
// spelling, nets and shield bonds as "end.contact" names. They are resolved to indices once, on
// first use, so the table below reads like the spec's and a typo cannot silently misplace a wire.
#include <rigcheck/model/cable.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace rigcheck {

std::optional<std::uint8_t> cable::find_end(std::string_view name) const {
    const auto found =
        std::find_if(ends.begin(), ends.end(), [name](const cable_end& end) { return end.name == name; });
    if (found == ends.end()) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(found - ends.begin());
}

impedance cable::series_at(cable_contact contact) const {
    impedance total{0.0};
    for (const auto& resistor : series) {
        if (resistor.at == contact) {
            total += resistor.resistance;
        }
    }
    return total;
}

std::string cable::contact_name(cable_contact contact) const {
    if (contact.end >= ends.size()) {
        return fmt::format("end{}.{}", contact.end, contact.contact);
    }
    const auto& end = ends[contact.end];
    const auto names = contact_names(end.connector.type);
    if (contact.contact >= names.size()) {
        return fmt::format("{}.{}", end.name, contact.contact);
    }
    return fmt::format("{}.{}", end.name, names[contact.contact]);
}

namespace {

struct end_spec {
    std::string_view name;
    std::string_view connector;
};

struct series_spec {
    std::string_view contact;
    double ohms;
};

struct cable_spec {
    std::string_view id;
    std::string_view description;
    std::vector<end_spec> ends;
    std::vector<std::vector<std::string_view>> wiring;
    std::vector<std::string_view> shield;
    std::vector<series_spec> series = {};
    bool adapter = false;
};

cable_contact resolve(const cable& result, std::string_view name) {
    const auto dot = name.find('.');
    if (dot == std::string_view::npos) {
        throw std::logic_error(fmt::format("builtin cable {}: contact `{}` names no end", result.id, name));
    }
    const auto end = result.find_end(name.substr(0, dot));
    const auto contact = end ? find_contact(result.ends[*end].connector.type, name.substr(dot + 1)) : std::nullopt;
    if (!contact) {
        throw std::logic_error(fmt::format("builtin cable {}: no contact `{}`", result.id, name));
    }
    return {*end, *contact};
}

cable build(const cable_spec& spec) {
    cable result;
    result.id = spec.id;
    result.description = spec.description;
    result.adapter = spec.adapter;
    for (const auto& end : spec.ends) {
        const auto parsed = parse_connector(end.connector);
        if (!parsed) {
            throw std::logic_error(fmt::format("builtin cable {}: bad connector `{}`", spec.id, end.connector));
        }
        result.ends.push_back({std::string(end.name), *parsed});
    }
    for (const auto& net : spec.wiring) {
        auto& contacts = result.wiring.emplace_back();
        for (const auto name : net) {
            contacts.push_back(resolve(result, name));
        }
    }
    for (const auto name : spec.shield) {
        result.shield.push_back(resolve(result, name));
    }
    for (const auto& resistor : spec.series) {
        result.series.push_back({resolve(result, resistor.contact), impedance(resistor.ohms)});
    }
    return result;
}

std::vector<cable> make_builtin_cables() {
    // The table of docs/formats.md#cables-and-adapters, in its order. Shields are bonded to the ground contact at every
    // end.
    const std::vector<cable_spec> specs{
        {"xlr",
         "Balanced microphone/line cable, pin for pin",
         {{"a", "xlr3-female"}, {"b", "xlr3-male"}},
         {{"a.1", "b.1"}, {"a.2", "b.2"}, {"a.3", "b.3"}},
         {"a.1", "b.1"}},
        {"xlr-polarity-reverse",
         "Cross-connect adapter swapping pins 2 and 3, for gear wired pin 3 hot (F4.2)",
         {{"a", "xlr3-female"}, {"b", "xlr3-male"}},
         {{"a.1", "b.1"}, {"a.2", "b.3"}, {"a.3", "b.2"}},
         {"a.1", "b.1"},
         {},
         true},
        {"trs",
         "Balanced (or stereo) 6.35 mm TRS patch cable, straight through",
         {{"a", "trs-6.35-male"}, {"b", "trs-6.35-male"}},
         {{"a.T", "b.T"}, {"a.R", "b.R"}, {"a.S", "b.S"}},
         {"a.S", "b.S"}},
        {"ts",
         "Unbalanced 6.35 mm TS instrument cable",
         {{"a", "ts-6.35-male"}, {"b", "ts-6.35-male"}},
         {{"a.T", "b.T"}, {"a.S", "b.S"}},
         {"a.S", "b.S"}},
        {"trs-3.5",
         "3.5 mm TRS cable, straight through",
         {{"a", "trs-3.5-male"}, {"b", "trs-3.5-male"}},
         {{"a.T", "b.T"}, {"a.R", "b.R"}, {"a.S", "b.S"}},
         {"a.S", "b.S"}},
        {"ts-3.5",
         "3.5 mm TS cable, straight through",
         {{"a", "ts-3.5-male"}, {"b", "ts-3.5-male"}},
         {{"a.T", "b.T"}, {"a.S", "b.S"}},
         {"a.S", "b.S"}},
        {"rca",
         "Unbalanced RCA (phono) cable",
         {{"a", "rca-male"}, {"b", "rca-male"}},
         {{"a.T", "b.T"}, {"a.S", "b.S"}},
         {"a.S", "b.S"}},
        {"rca-to-ts",
         "Unbalanced RCA to 6.35 mm TS cable",
         {{"a", "rca-male"}, {"b", "ts-6.35-male"}},
         {{"a.T", "b.T"}, {"a.S", "b.S"}},
         {"a.S", "b.S"}},
        {"ts-to-xlr-male",
         "Unbalanced TS into a balanced XLR input: tip to pin 2, sleeve to pins 1 and 3 (F1.6, F6.4)",
         {{"a", "ts-6.35-male"}, {"b", "xlr3-male"}},
         {{"a.T", "b.2"}, {"a.S", "b.1", "b.3"}},
         {"a.S", "b.1"}},
        {"trs-to-xlr-male",
         "Balanced TRS to XLR male: tip to pin 2, ring to pin 3, sleeve to pin 1 (F4.5)",
         {{"a", "trs-6.35-male"}, {"b", "xlr3-male"}},
         {{"a.T", "b.2"}, {"a.R", "b.3"}, {"a.S", "b.1"}},
         {"a.S", "b.1"}},
        {"xlr-female-to-trs",
         "Balanced XLR female to TRS: pin 2 to tip, pin 3 to ring, pin 1 to sleeve (F4.5)",
         {{"a", "xlr3-female"}, {"b", "trs-6.35-male"}},
         {{"a.2", "b.T"}, {"a.3", "b.R"}, {"a.1", "b.S"}},
         {"a.1", "b.S"}},
        {"xlr-female-to-ts",
         "Unbalancing cable with pin 3 tied to the sleeve: shorts the cold leg of an active balanced output (F1.5)",
         {{"a", "xlr3-female"}, {"b", "ts-6.35-male"}},
         {{"a.2", "b.T"}, {"a.1", "a.3", "b.S"}},
         {"a.1", "b.S"}},
        {"xlr-female-to-ts-pin3-open",
         "Unbalancing cable with pin 3 left unconnected, safe for active balanced outputs (F1.5)",
         {{"a", "xlr3-female"}, {"b", "ts-6.35-male"}},
         {{"a.2", "b.T"}, {"a.1", "b.S"}},
         {"a.1", "b.S"}},
        {"xlr-female-to-ts-safe",
         "The seed's unbalancing adapter: 100 ohm in series with pins 2 and 3, limiting the current when "
         "pin 3 meets the sleeve (F1.5)",
         {{"a", "xlr3-female"}, {"b", "ts-6.35-male"}},
         {{"a.2", "b.T"}, {"a.1", "a.3", "b.S"}},
         {"a.1", "b.S"},
         {{"a.2", 100.0}, {"a.3", 100.0}}},
        {"trs-3.5-to-2rca",
         "Stereo 3.5 mm TRS breakout to two RCA plugs: tip left, ring right (F4.5)",
         {{"a", "trs-3.5-male"}, {"left", "rca-male"}, {"right", "rca-male"}},
         {{"a.T", "left.T"}, {"a.R", "right.T"}, {"a.S", "left.S", "right.S"}},
         {"a.S", "left.S", "right.S"}},
        {"insert-y",
         "Insert Y-cable: tip send, ring return on the TRS plug (F4.5)",
         {{"a", "trs-6.35-male"}, {"send", "ts-6.35-male"}, {"return", "ts-6.35-male"}},
         {{"a.T", "send.T"}, {"a.R", "return.T"}, {"a.S", "send.S", "return.S"}},
         {"a.S", "send.S", "return.S"}},
        {"trs-3.5-to-xlr-male",
         "3.5 mm \"dual mono\" plug into XLR: tip and ring to pin 2, sleeve to pins 1 and 3 (F6.9, F1.6)",
         {{"a", "trs-3.5-male"}, {"b", "xlr3-male"}},
         {{"a.T", "a.R", "b.2"}, {"a.S", "b.1", "b.3"}},
         {"a.S", "b.1"}},
    };
    std::vector<cable> cables;
    cables.reserve(specs.size());
    for (const auto& spec : specs) {
        cables.push_back(build(spec));
    }
    return cables;
}

} // namespace

const std::vector<cable>& builtin_cables() {
    static const std::vector<cable> cables = make_builtin_cables();
    return cables;
}

} // namespace rigcheck
