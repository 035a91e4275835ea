// The JSON Schemas (draft-07) of the four file kinds, built from the loaders' own definitions.
//
// What a schema lists comes from where rigcheck decides it, so that the two cannot drift apart:
// the properties of each object from its loader's key array (load::keys, the pack and config
// keys), enum values from the model's spellings, id patterns from the id rules (core/ids.hpp),
// unit patterns from the quantity parser's units. What only a schema says is written here: the
// description and shape of each key, the required keys, the conditions on combo ports.
//
// Each schema is self-contained, since an editor reads one file: the definitions that several
// kinds share (gear, ports, cables, unit strings) are built once and copied into every schema
// that refers to them. schemas/*.schema.json are this output, committed for editors that read
// the repository; a test keeps them byte for byte equal to it (schemas/README.md).
#include <rigcheck/project/schemas.hpp>
#include <rigcheck/project/detail/schema_properties.hpp>

#include "config_keys.hpp"

#include <rigcheck/load/detail/catalog_reader.hpp>
#include <rigcheck/rules/detail/pack_keys.hpp>

#include <rigcheck/core/diagnostic.hpp>
#include <rigcheck/core/ids.hpp>
#include <rigcheck/load/quantity_parser.hpp>
#include <rigcheck/model/connector.hpp>
#include <rigcheck/model/gear.hpp>
#include <rigcheck/model/pinout.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace rigcheck {
namespace schema_detail {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view draft = "http://json-schema.org/draft-07/schema#";
constexpr std::string_view base_url = "https://rigcheck.dev/schemas/";

json ref(std::string_view definition) { return json::object({{"$ref", fmt::format("#/definitions/{}", definition)}}); }

/// A value that takes the shape of a definition, with what it means where it is used.
json ref(std::string_view definition, std::string_view description) {
    auto result = ref(definition);
    result["description"] = description;
    return result;
}

json strings(std::span<const std::string_view> values) {
    auto result = json::array();
    for (const auto value : values) result.push_back(value);
    return result;
}

json required(std::initializer_list<std::string_view> keys) { return strings(std::span(keys.begin(), keys.size())); }

json string_shape() { return json::object({{"type", "string"}}); }

/// `{"required": [key]}`, the building block of the schemas' conditions.
json requiring(std::string_view key) { return json::object({{"required", required({key})}}); }

json array_of(std::string_view definition) { return json::object({{"type", "array"}, {"items", ref(definition)}}); }

/// An object whose keys take one definition's shape and whose values another's.
json map_of(std::string_view key_definition, std::string_view value_definition) {
    return json::object(
        {{"type", "object"}, {"propertyNames", ref(key_definition)}, {"additionalProperties", ref(value_definition)}});
}

json non_empty_string(std::string_view description) {
    return json::object({{"description", description}, {"type", "string"}, {"minLength", 1}});
}

/// A list of non-empty strings, each described.
json string_list_shape(std::string_view item_description) {
    return json::object({{"type", "array"}, {"items", non_empty_string(item_description)}});
}

json path_list_shape() { return string_list_shape("A path, relative to the directory of this file."); }

/// A format's version key: the integer 1.
json version_shape() { return json::object({{"type", "integer"}, {"const", 1}}); }

// ---- Values with units (docs/formats.md#values-with-units)
// ----------------------------------------------------------------- A bare number is read in the base unit, and YAML
// `length: 15` is a number, so each quantity accepts a JSON number as well as a string.

constexpr std::string_view unsigned_number = R"((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)";
constexpr std::string_view blanks = R"([ \t]*)";

std::string signed_number() { return fmt::format("[+-]?{}", unsigned_number); }
std::string nonnegative_number() { return fmt::format(R"(\+?{})", unsigned_number); }

/// Decibel values take either sign; a linear value (metres, ohms, volts) is never negative.
bool is_decibel(std::string_view unit) { return unit.starts_with("dB"); }

std::string regex_escaped(std::string_view text) {
    std::string result;
    for (const char c : text) {
        if (std::string_view(R"(\^$.|?*+()[]{})").find(c) != std::string_view::npos) result += '\\';
        result += c;
    }
    return result;
}

/// Units as one term of a pattern: `(?:m|cm)`, `mV/Pa`, with `?` after it when it may be left out.
std::string unit_alternatives(std::span<const std::string_view> units, bool optional) {
    std::string alternatives;
    for (const auto unit : units) {
        if (!alternatives.empty()) alternatives += '|';
        alternatives += regex_escaped(unit);
    }
    if (units.size() == 1 && (units.front().size() == 1 || !optional)) return alternatives + (optional ? "?" : "");
    return fmt::format("(?:{}){}", alternatives, optional ? "?" : "");
}

/// A quantity's strings: a number, blanks, a unit. The units of the base unit's family (decibel
/// or linear) come first, and may be left out; a quantity with both (a level in dBu or in volts)
/// then takes the other family's units, which must be written.
std::string unit_pattern(quantity_kind kind) {
    const auto units = unit_spellings(kind);
    std::vector<std::string_view> base_family;
    std::vector<std::string_view> other_family;
    for (const auto unit : units)
        (is_decibel(unit) == is_decibel(units.front()) ? base_family : other_family).push_back(unit);
    const auto number = [](std::string_view unit) { return is_decibel(unit) ? signed_number() : nonnegative_number(); };
    auto pattern = fmt::format("{}{}{}", number(base_family.front()), blanks, unit_alternatives(base_family, true));
    if (!other_family.empty())
        pattern += fmt::format("|{}{}{}", number(other_family.front()), blanks, unit_alternatives(other_family, false));
    return pattern;
}

enum class lower_bound { none, zero, above_zero };

struct quantity_definition {
    std::string_view name;
    quantity_kind kind;
    lower_bound bound; ///< of the quantity as a plain number
    std::string_view description;
};

constexpr quantity_definition quantities[] = {
    {"length", quantity_kind::length, lower_bound::zero,
     "A length: a number in metres, or a string with one of the units m, cm, mm, ft, in (`15 m`, `50 ft`). Never "
     "negative."},
    {"level", quantity_kind::level, lower_bound::none,
     "A signal level: a number in dBu, or a string in dBu, dBV (dBu = dBV + 2.2185), or rms V / mV (`+4 dBu`, "
     "`-10 dBV`, `775 mV`)."},
    {"gain", quantity_kind::gain, lower_bound::none,
     "A gain, pad or CMRR: a number in dB, or a string with the unit dB (`20 dB`, `-6 dB`)."},
    {"impedance", quantity_kind::impedance, lower_bound::zero,
     "An impedance or resistance: a number in ohms, or a string with one of the units ohm, Ω, k, kohm, kΩ, M, "
     "Mohm, MΩ (`600 ohm`, `10 kohm`, `1 MΩ`). Never negative."},
    {"capacitance", quantity_kind::capacitance_per_length, lower_bound::zero,
     "A cable capacitance per length: a number in pF/m, or a string in pF/m or pF/ft (`100 pF/m`, `30 pF/ft`). "
     "Never negative."},
    {"voltage", quantity_kind::voltage, lower_bound::zero,
     "A voltage: a number in volts, or a string with the unit V (`48 V`)."},
    {"sensitivity", quantity_kind::sensitivity, lower_bound::none,
     "A microphone sensitivity: a number in dBV/Pa, or a string in dBV/Pa or mV/Pa (`-54.5 dBV/Pa`, "
     "`1.9 mV/Pa`)."},
    {"soundPressure", quantity_kind::sound_pressure, lower_bound::none,
     "A sound pressure: a number in dB SPL, or a string with the unit `dB SPL` (`100 dB SPL`)."},
    {"frequency", quantity_kind::frequency, lower_bound::zero,
     "A frequency: a number in Hz, or a string in Hz or kHz (`20 kHz`). Never negative."},
    {"inductance", quantity_kind::inductance, lower_bound::above_zero,
     "An inductance: a number in henries, or a string in H or mH (`2.5 H`, `800 mH`). Always positive."},
};

json quantity(const quantity_definition& q) {
    auto number = json::object({{"type", "number"}});
    if (q.bound == lower_bound::zero) number["minimum"] = 0;
    if (q.bound == lower_bound::above_zero) number["exclusiveMinimum"] = 0;
    const auto text = json::object({{"type", "string"}, {"pattern", fmt::format("^(?:{})$", unit_pattern(q.kind))}});
    return json::object({{"description", q.description}, {"anyOf", json::array({text, number})}});
}

/// The quantities, and the two values with units that are not a number and a unit.
void add_quantities(json& definitions) {
    for (const auto& q : quantities) definitions[std::string(q.name)] = quantity(q);
    definitions["gainRange"] = json::object({
        {"description", "A gain range `LOW..HIGH dB`, for example `0..60 dB` or `-10..46 dB`."},
        {"type", "string"},
        {"pattern", fmt::format(R"(^{0}{1}\.\.{1}{0}{1}{2}$)", signed_number(), blanks,
                                unit_alternatives(unit_spellings(quantity_kind::gain), true))},
    });
    definitions["ratio"] = json::object({
        {"description",
         "A transformer ratio, a QUOTED string \"N:1\" (`ratio: \"12:1\"` is -21.58 dB). Unquoted, "
         "YAML 1.1 reads 12:1 as the number 721, which is invalid."},
        {"type", "string"},
        {"pattern", R"(^\d+(\.\d+)?:1$)"},
    });
}

/// The definitions that are unit quantities: a schema that uses one carries them all.
std::set<std::string> quantity_names() {
    std::set<std::string> names{"gainRange", "ratio"};
    for (const auto& q : quantities) names.emplace(q.name);
    return names;
}

// ---- Enumerations and identifiers (docs/formats.md#connectors-and-mating, #pinouts, #gear, docs/rule-packs.md)
// -----------------------------------------

/// Every plug and socket, `TYPE-male` and `TYPE-female`, but the combo's: a combo is only ever a
/// socket, and is written `combo` (or `combo-female`).
json plugs_and_sockets() {
    auto result = json::array();
    for (const auto type : all_connector_types) {
        if (type == connector_type::combo) continue;
        for (const auto gender : {connector_gender::male, connector_gender::female})
            result.push_back(to_string(connector{type, gender}));
    }
    return result;
}

/// How a combo socket is written: `combo`, or with its (only) gender stated.
json combo_spellings() {
    return json::array({to_string(connector{connector_type::combo, connector_gender::female}),
                        fmt::format("{}-{}", to_string(connector_type::combo), to_string(connector_gender::female))});
}

json enumeration(std::string_view description, json values) {
    return json::object({{"description", description}, {"enum", std::move(values)}});
}

/// Most severe first, as the docs list them.
json severities() {
    auto result = json::array();
    for (const auto level : {severity::error, severity::warning, severity::info}) result.push_back(to_string(level));
    return result;
}

json scopes() {
    auto result = json::array();
    // `cycle` is the last scope.
    for (int s = 0; s <= static_cast<int>(rule_scope::cycle); ++s)
        result.push_back(to_string(static_cast<rule_scope>(s)));
    return result;
}

void add_enumerations(json& definitions) {
    auto connectors = plugs_and_sockets();
    for (const auto& combo : combo_spellings()) connectors.push_back(combo);
    definitions["connector"] = enumeration(
        "A port's connector, `TYPE-male` (a plug) or `TYPE-female` (a panel jack), or `combo`: an XLR-female and "
        "trs-6.35 socket in one, whose fields per face go under `faces`.",
        connectors);
    definitions["cableConnector"] = enumeration(
        "The connector at a cable end, `TYPE-male` (a plug) or `TYPE-female` (a line socket).", plugs_and_sockets());
    definitions["direction"] =
        enumeration("`in`, `out`, or `insert` (send on the tip and return on the ring of one jack, by default).",
                    strings(port_direction_names()));
    definitions["interface"] = enumeration(
        "The drive of an output or the receiver of an input: `unbalanced`; `balanced` (active, its cold must not be "
        "grounded, -6.02 dB driven single-ended); `balanced-transformer` and `impedance-balanced` (cold may be "
        "grounded, level unchanged); `balanced-servo` (cross-coupled: ground the cold only at the source end).",
        strings(interface_kind_names()));
    definitions["signal"] =
        enumeration("The signal class, which sets the defaults of nominal level, impedance and max level.",
                    strings(signal_class_names()));
    definitions["power"] = enumeration(
        "How the gear is powered; two `mains-earthed` devices joined by an unbalanced link risk a ground loop.",
        strings(power_kind_names()));
    definitions["category"] =
        enumeration("What kind of gear this is; visible to rules as `gear.category`.", strings(gear_category_names()));
    definitions["phantom"] =
        enumeration("Phantom power the input can supply: `p48`, `p24` or `p12`.", strings(phantom_kind_names()));
    definitions["isolation"] = enumeration(
        "`transformer`: the path is galvanically isolated, which breaks ground loops; `none` (the default): it is "
        "not.",
        strings(isolation_kind_names()));
    definitions["severity"] = enumeration("`error`, `warning` or `info`.", severities());
    definitions["scope"] = enumeration(
        "What the rule is checked on, once per subject: `connection`, `path` (source output to sink input), `port`, "
        "`device`, `rig`, or `cycle` (a loop in the signal graph, as `feedback-loop` uses).",
        scopes());
    definitions["ruleLevel"] = json::object({
        {"description",
         "A rule's severity in this project: `error`, `warning`, `info`, or `off` to disable it. (A "
         "YAML 1.1 reader turns an unquoted off into false, which means the same.)"},
        {"anyOf",
         json::array({json::object({{"enum", strings(config_detail::levels)}}), json::object({{"const", false}})})},
    });
    definitions["failOn"] = enumeration(
        "The lowest severity that makes `rigcheck check` exit 1: `error` (the default), `warning`, `info`, or "
        "`never`.",
        strings(config_detail::fail_on_names));
    const auto pinouts = named_pinouts();
    definitions["pinoutName"] = enumeration("A named pinout (docs/formats.md#pinouts).", strings(pinouts));
    definitions["flag"] = json::object({
        {"description", "A switch: `on`/`off`, or `true`/`false`."},
        {"anyOf", json::array({json::object({{"type", "boolean"}}), json::object({{"enum", {"on", "off"}}})})},
    });
}

/// A contact of any connector (connector.cpp's contact lists) and a contact's signal role
/// (pinout.hpp), as patterns.
constexpr std::string_view contact_pattern = "(?:[1-9]|1[0-9]|2[0-5]|[12][+-]|T|R|R1|R2|S)";
constexpr std::string_view role_pattern = R"((?:ch[1-9][0-9]*\.)?(?:hot|cold|ground|left|right|send|return|nc))";
/// A cable end's name.
constexpr std::string_view end_name_pattern = R"([^.\s]+)";

json id_definition(id_kind kind, std::string_view description) {
    return json::object({{"description", description}, {"type", "string"}, {"pattern", id_pattern(kind)}});
}

json id_definition(id_kind kind) { return id_definition(kind, id_description(kind)); }

std::string_view without_prefix(std::string_view text, std::string_view prefix) {
    if (!text.starts_with(prefix))
        throw std::logic_error(fmt::format("schema: `{}` does not start with `{}`", text, prefix));
    return text.substr(prefix.size());
}

std::string_view without_suffix(std::string_view text, std::string_view suffix) {
    if (!text.ends_with(suffix))
        throw std::logic_error(fmt::format("schema: `{}` does not end with `{}`", text, suffix));
    return text.substr(0, text.size() - suffix.size());
}

/// `DEVICE.PORT`: a device id, a dot and a port id; the device id's look-ahead, which refuses
/// `->`, then covers the whole reference.
std::string port_ref_pattern() {
    return std::string(without_suffix(id_pattern(id_kind::device), "$")) + R"(\.)" +
           std::string(without_prefix(id_pattern(id_kind::port), "^(?!.*->)"));
}

void add_identifiers(json& definitions) {
    definitions["gearId"] = id_definition(id_kind::gear);
    // The schema's description leaves out the id rule's last clause, which the pattern shows.
    definitions["cableId"] =
        id_definition(id_kind::cable,
                      "A cable id: a builtin one (`xlr`, `ts-to-xlr-male`, ...) or one defined in a catalog or the "
                      "rig (`house/xlr-to-ts-100r`).");
    definitions["deviceId"] = id_definition(id_kind::device);
    definitions["portId"] = id_definition(id_kind::port);
    definitions["portRef"] = json::object({
        {"description", "A port of a device in the rig, `DEVICE.PORT` (`desk.in-1`)."},
        {"type", "string"},
        {"pattern", port_ref_pattern()},
    });
    definitions["cableContact"] = json::object({
        {"description", "A contact of a cable end, `END.CONTACT` (`a.2`, `b.T`, `send.S`)."},
        {"type", "string"},
        {"pattern", fmt::format(R"(^{}\.{}$)", end_name_pattern, contact_pattern)},
    });
    definitions["ruleId"] = id_definition(id_kind::rule);
    definitions["exemptionId"] = id_definition(id_kind::exemption);
    definitions["paramName"] = id_definition(id_kind::param);
    definitions["params"] = json::object({
        {"description", "Parameters: name -> plain number."},
        {"type", "object"},
        {"propertyNames", ref("paramName")},
        {"additionalProperties",
         json::object({{"description", "The parameter's value, a plain number."}, {"type", "number"}})},
    });
    definitions["pinoutMap"] = json::object({
        {"description",
         "An explicit pinout: contact -> role (`{1: ground, 2: cold, 3: hot}`). Roles are hot, cold, "
         "ground, left, right, send, return, nc, optionally on a channel (`ch3.hot`)."},
        {"type", "object"},
        {"minProperties", 1},
        {"propertyNames", json::object({{"pattern", fmt::format("^{}$", contact_pattern)}})},
        {"additionalProperties",
         json::object({{"description",
                        "The contact's role: hot, cold, ground, left, right, send, return or nc, "
                        "optionally `chN.`-prefixed."},
                       {"type", "string"},
                       {"pattern", fmt::format("^{}$", role_pattern)}})},
    });
    definitions["pinout"] = json::object({
        {"description",
         "Which signal role each contact carries: a named pinout (`xlr-pin2-hot`, `xlr-pin3-hot`, "
         "`trs-balanced`, ...) or an explicit map. Left out, it follows from the connector, interface "
         "and direction."},
        {"anyOf", json::array({ref("pinoutName"), ref("pinoutMap")})},
    });
}

// ---- The properties of each object ---------------------------------------------------------------
// A table per object describes its keys; which keys exist, and in what order the schemas list
// them, is the loader's key array.

/// A property's schema: its description after a `$ref`, or before the fields of its shape.
json described(const property& p) {
    if (!p.definition.empty()) return ref(p.definition, p.description);
    auto result = json::object({{"description", p.description}});
    const auto shape = p.shape();
    for (const auto& item : shape.items()) result[item.key()] = item.value();
    return result;
}

/// The properties of `keys`, each as the first of `tables` that describes it.
json properties(std::string_view object, std::span<const std::string_view> keys,
                std::initializer_list<std::span<const property>> tables) {
    auto result = json::object();
    for (const auto key : keys) {
        const property* found = nullptr;
        for (const auto table : tables) {
            const auto it = std::find_if(table.begin(), table.end(), [&](const property& p) { return p.key == key; });
            if (it != table.end()) {
                found = &*it;
                break;
            }
        }
        if (!found) throw std::logic_error(fmt::format("schema: `{}` key `{}` has no description", object, key));
        result[std::string(key)] = described(*found);
    }
    return result;
}

/// The schemas list a port's shared face fields before `faces`, which holds them per face; the
/// loader's key array keeps a port's own keys together.
std::vector<std::string_view> faces_last(std::span<const std::string_view> keys) {
    std::vector<std::string_view> ordered;
    for (const auto key : keys)
        if (key != "faces") ordered.push_back(key);
    if (std::find(keys.begin(), keys.end(), "faces") != keys.end()) ordered.push_back("faces");
    return ordered;
}

// Gear (docs/formats.md#gear).

constexpr property face_properties[] = {
    {"interface", "The drive of an output or the receiver of an input.", "interface"},
    {"signal", "The signal class; it sets the defaults of nominal, impedance and max.", "signal"},
    {"pinout",
     "Contact -> role: a named pinout or an explicit map. Left out, it follows from connector, interface "
     "and direction.",
     "pinout"},
    {"nominal",
     "The nominal level; the signal class's default when left out. An output that no internal path "
     "feeds is a source at this level.",
     "level"},
    {"max", "Input: the clip level. Output: the maximum output level.", "level"},
    {"impedance", "Input: the load impedance. Output: the source impedance.", "impedance"},
    {"gain", "The input gain range of a preamp (`0..60 dB`); the rig's `settings` choose a gain within it.",
     "gainRange"},
    {"pad", "A switchable pad (`20 dB`), engaged by the rig's `settings`.", "gain"},
    {"cmrr", "Common-mode rejection of a balanced input (`60 dB`).", "gain"},
    {"sensitivity",
     "A microphone output's sensitivity (`-54.5 dBV/Pa`); its level is then set by the device's "
     "`spl`.",
     "sensitivity"},
    {"inductance", "Source inductance of an output such as a passive pickup (`2.5 H`), for the cable resonance.",
     "inductance"},
};

constexpr property combo_face_properties[] = {
    {"xlr", "The XLR face, selected by an xlr3-male plug.", "portFace"},
    {"jack", "The jack face, selected by a ts-6.35-male or trs-6.35-male plug.", "portFace"},
};

json faces_shape() {
    return json::object({
        {"type", "object"},
        {"properties", properties("faces", load::keys::combo_faces, {combo_face_properties})},
        {"required", strings(load::keys::combo_faces)},
        {"additionalProperties", false},
    });
}

constexpr property port_properties[] = {
    {"id", "The port id, unique within the gear (`in-1`, `main-l`).", "portId"},
    {"direction", "`in`, `out` or `insert`.", "direction"},
    {"connector", "`TYPE-male`, `TYPE-female`, or `combo`.", "connector"},
    {"phantom", "The phantom power this input can supply; on a combo it reaches only the XLR face.", "phantom"},
    {"faces",
     "Combo ports only: each face's fields. Fields outside `faces` are shared; the mating plug decides "
     "which face applies.",
     {},
     faces_shape},
};

constexpr property path_properties[] = {
    {"from", "The port the signal enters by.", "portId"},
    {"to", "The port the signal leaves by.", "portId"},
    {"gain",
     "A fixed gain (`0 dB`), or `setting`: the gain comes from the rig's `settings` of the `from` port.",
     {},
     [] {
         return json::object({{"anyOf", json::array({json::object({{"const", "setting"}}), ref("gain")})}});
     }},
    {"ratio", "A transformer ratio, quoted: `\"12:1\"` is -21.58 dB.", "ratio"},
    {"isolation", "`transformer`: galvanic isolation, which breaks ground loops.", "isolation"},
};

constexpr property gear_properties[] = {
    {"id", "The gear id, unique, `vendor/model`.", "gearId"},
    {"manufacturer", "The manufacturer's name.", {}, string_shape},
    {"model", "The model name.", {}, string_shape},
    {"description", "What the gear is.", {}, string_shape},
    {"category", "The kind of gear: mic, ribbon-mic, di, mixer, ...", "category"},
    {"power", "How the gear is powered.", "power"},
    {"quirks",
     "Free tags, visible to rules as `gear.quirks` (`[pin3-hot]`).",
     {},
     [] {
         return json::object({{"type", "array"}, {"uniqueItems", true}, {"items", non_empty_string("A quirk tag.")}});
     }},
    {"ports", "The gear's ports.", {}, [] { return array_of("port"); }},
    {"paths", "Internal signal flow, needed for level propagation.", {}, [] { return array_of("path"); }},
};

/// A combo port: its connector is one of the combo's spellings.
json combo_condition() {
    return json::object({
        {"properties", json::object({{"connector", json::object({{"enum", combo_spellings()}})}})},
        {"required", required({"connector"})},
    });
}

/// On a combo, a field not given on the port must be given on both faces.
json face_needs(std::string_view field) {
    auto condition = combo_condition();
    condition["not"] = requiring(field);
    auto faces = json::object();
    for (const auto face : load::keys::combo_faces) faces[std::string(face)] = requiring(field);
    return json::object({
        {"if", condition},
        {"then", json::object({{"properties", json::object({{"faces", json::object({{"properties", faces}})}})}})},
    });
}

void add_gear(json& definitions) {
    definitions["portFace"] = json::object({
        {"description", "The electrical description of one face of a combo socket."},
        {"type", "object"},
        {"properties", properties("portFace", load::keys::face, {face_properties})},
        {"additionalProperties", false},
    });
    // A combo is an input with faces and no pinout of its own; any other port names its
    // interface and signal and has no faces.
    const auto input = json::object({{"direction", json::object({{"const", to_string(port_direction::in)}})}});
    const auto combo = json::object({
        {"if", combo_condition()},
        {"then",
         json::object({{"properties", input}, {"required", required({"faces"})}, {"not", requiring("pinout")}})},
        {"else", json::object({{"required", required({"interface", "signal"})}, {"not", requiring("faces")}})},
    });
    definitions["port"] = json::object({
        {"description", "A port of the gear: its connector and pinout, and its electrical description."},
        {"type", "object"},
        {"properties", properties("port", faces_last(load::keys::port), {port_properties, face_properties})},
        {"required", required({"id", "direction", "connector"})},
        {"additionalProperties", false},
        {"allOf", json::array({combo, face_needs("interface"), face_needs("signal")})},
    });
    definitions["path"] = json::object({
        {"description", "Internal signal flow from one port of the gear to another."},
        {"type", "object"},
        {"properties", properties("path", load::keys::path, {path_properties})},
        {"required", required({"from", "to"})},
        {"additionalProperties", false},
    });
    definitions["gear"] = json::object({
        {"description", "A piece of audio gear: its ports and its internal signal paths."},
        {"type", "object"},
        {"properties", properties("gear", load::keys::gear, {gear_properties})},
        {"required", required({"id", "ports"})},
        {"additionalProperties", false},
    });
}

// Cables (docs/formats.md#cables-and-adapters).

constexpr property cable_properties[] = {
    {"id", "The cable id, unique.", "cableId"},
    {"description", "What the cable is.", {}, string_shape},
    {"ends",
     "End name -> connector. Two or more ends; two-ended cables name them `a` (first) and `b` (last).",
     {},
     [] {
         return json::object({{"type", "object"},
                              {"minProperties", 2},
                              {"propertyNames", json::object({{"pattern", fmt::format("^{}$", end_name_pattern)}})},
                              {"additionalProperties", ref("cableConnector", "The connector at this end.")}});
     }},
    {"wiring",
     "The nets: each entry lists the contacts it joins (`[a.1, a.3, b.S]`).",
     {},
     [] {
         return json::object({{"type", "array"},
                              {"items", json::object({{"description", "One net: two or more contacts joined together."},
                                                      {"type", "array"},
                                                      {"minItems", 2},
                                                      {"uniqueItems", true},
                                                      {"items", ref("cableContact")}})}});
     }},
    {"shield",
     "The contacts the shield is bonded to; leave an end out to lift the shield there.",
     {},
     [] {
         return json::object({{"type", "array"}, {"uniqueItems", true}, {"items", ref("cableContact")}});
     }},
    {"series",
     "Series resistors: contact -> resistance (`{a.2: 100 ohm}`).",
     {},
     [] {
         return json::object(
             {{"type", "object"},
              {"propertyNames", ref("cableContact")},
              {"additionalProperties", ref("impedance", "The resistance between the contact and its net.")}});
     }},
    {"capacitance", "Capacitance per length; 100 pF/m by default.", "capacitance"},
    {"adapter",
     "`true`: a zero-length adapter.",
     {},
     [] {
         return json::object({{"type", "boolean"}});
     }},
};

/// What a rig and a catalog both define.
constexpr property library_properties[] = {
    {"gear", "Gear definitions.", {}, [] { return array_of("gear"); }},
    {"cables", "Cable and adapter definitions.", {}, [] { return array_of("cable"); }},
};

void add_cables(json& definitions) {
    definitions["cable"] = json::object({
        {"description",
         "A cable or adapter: its named ends, the nets that join their contacts, its shield, series "
         "resistors and capacitance."},
        {"type", "object"},
        {"properties", properties("cable", load::keys::cable, {cable_properties})},
        {"required", required({"id", "ends", "wiring"})},
        {"additionalProperties", false},
    });
}

// Rigs (docs/formats.md#rigs).

constexpr property setting_properties[] = {
    {"gain", "The gain of every `gain: setting` path leaving this port; within the port's gain range.", "gain"},
    {"pad", "`on`: subtract the port's pad.", "flag"},
    {"phantom", "`on`: phantom power is switched on; the port must be able to supply it.", "flag"},
};

constexpr property device_properties[] = {
    {"gear", "The device's gear: a builtin `generic/...` id, or one from an included catalog or the rig's `gear`.",
     "gearId"},
    {"label", "A display label (`Yamaha S70XS`).", {}, string_shape},
    {"power", "Overrides the gear's power.", "power"},
    {"spl", "The sound pressure this device's microphones are driven at; 94 dB SPL by default.", "soundPressure"},
    {"settings", "Input port id -> its settings (gain, pad, phantom).", {}, [] { return map_of("portId", "setting"); }},
};

constexpr property ignore_properties[] = {
    {"rule", "The rule to suppress.", "ruleId"},
    {"reason",
     "Why the rule does not apply here; required.",
     {},
     [] {
         return json::object({{"type", "string"}, {"pattern", R"(\S)"}});
     }},
};

constexpr property connection_properties[] = {
    {"from", "`DEVICE.PORT` at the cable's first end.", "portRef"},
    {"to", "`DEVICE.PORT` at the cable's last end.", "portRef"},
    {"ends",
     "Cable end name -> `DEVICE.PORT`, for multi-end cables (`{a: desk.ins-1, send: comp.in, return: "
     "comp.out}`).",
     {},
     [] {
         return json::object({{"type", "object"},
                              {"minProperties", 2},
                              {"propertyNames", json::object({{"pattern", fmt::format("^{}$", end_name_pattern)}})},
                              {"additionalProperties", ref("portRef", "The port this cable end plugs into.")}});
     }},
    {"cable",
     "A cable id, or a list of ids for a chain of cables and adapters, first to last.",
     {},
     [] {
         const auto chain = json::object({{"type", "array"}, {"minItems", 1}, {"items", ref("cableId")}});
         return json::object({{"anyOf", json::array({ref("cableId"), chain})}});
     }},
    {"length", "The run's length; rules that need one skip a connection without it.", "length"},
    {"ignore", "Rules to suppress on this connection, each with a reason.", {}, [] { return array_of("ignore"); }},
};

void add_rigs(json& definitions) {
    definitions["setting"] = json::object({
        {"description", "The settings of one input port."},
        {"type", "object"},
        {"properties", properties("setting", load::keys::setting, {setting_properties})},
        {"additionalProperties", false},
    });
    definitions["device"] = json::object({
        {"description", "A device of the rig: an instance of a gear."},
        {"type", "object"},
        {"properties", properties("device", load::keys::device, {device_properties})},
        {"required", required({"gear"})},
        {"additionalProperties", false},
    });
    definitions["ignore"] = json::object({
        {"description", "Suppresses one rule's diagnostics on this connection."},
        {"type", "object"},
        {"properties", properties("ignore", load::keys::ignore, {ignore_properties})},
        {"required", required({"rule", "reason"})},
        {"additionalProperties", false},
    });
    // `from` and `to`, or `ends`: never both.
    const auto two_ends = json::object({{"required", required({"from", "to"})}, {"not", requiring("ends")}});
    const auto named_ends = json::object({
        {"required", required({"ends"})},
        {"not", json::object({{"anyOf", json::array({requiring("from"), requiring("to")})}})},
    });
    definitions["connection"] = json::object({
        {"description",
         "A cable (or a chain of cables) between ports: `from` and `to`, or `ends` for a cable with "
         "more than two ends."},
        {"type", "object"},
        {"properties", properties("connection", load::keys::connection, {connection_properties})},
        {"required", required({"cable"})},
        {"additionalProperties", false},
        {"oneOf", json::array({two_ends, named_ends})},
    });
}

// Rule packs (docs/rule-packs.md).

constexpr property exemption_properties[] = {
    {"id", "The exemption id; unique across all packs and rules.", "exemptionId"},
    {"description", "What the exemption allows, and why.", {}, string_shape},
    {"when", "The condition under which the exemption holds.", "expression"},
};

constexpr property rule_properties[] = {
    {"id", "The rule id; unique across all packs and exemptions.", "ruleId"},
    {"scope", "What the rule is checked on.", "scope"},
    {"severity", "The severity of its diagnostics.", "severity"},
    {"description", "What the rule checks, and why.", {}, string_shape},
    {"when", "The condition that makes the rule fire.", "expression"},
    {"unless",
     "Exemption ids, builtin or from any loaded pack; the rule does not fire when one of them holds.",
     {},
     [] { return array_of("exemptionId"); }},
    {"supersedes",
     "Rule ids silenced on the same subject when this rule fires.",
     {},
     [] { return array_of("ruleId"); }},
    {"message",
     "The diagnostic's message; `{expr}` interpolates, with an optional format "
     "(`{signal.level_dbu:.1f}`).",
     {},
     [] {
         return json::object({{"type", "string"}, {"minLength", 1}});
     }},
    {"fix", "How to fix it; interpolated like `message`.", {}, string_shape},
    {"tags", "Free tags.", {}, [] { return string_list_shape("A tag."); }},
};

/// `match`: a glob on each gear field it names.
json match_shape() {
    auto globs = json::object();
    for (const auto field : rules_detail::keys::match)
        globs[std::string(field)] =
            json::object({{"description", fmt::format("A glob on the gear's `{}`.", field)}, {"type", "string"}});
    return json::object(
        {{"type", "object"}, {"minProperties", 1}, {"properties", globs}, {"additionalProperties", false}});
}

constexpr property gear_override_properties[] = {
    {"match",
     "Gear field -> glob (`{manufacturer: Acme, model: \"X-1*\"}`); every field named must match.",
     {},
     match_shape},
    {"set",
     "Gear fields to replace on matching gear (`{quirks: [pin3-hot]}`).",
     {},
     [] {
         return json::object({{"type", "object"},
                              {"minProperties", 1},
                              {"properties", properties("set", rules_detail::keys::set, {gear_properties})},
                              {"additionalProperties", false}});
     }},
    {"ports",
     "Port id glob -> port fields to set on each matching port of matching gear (`\"out-*\": {pinout: "
     "xlr-pin3-hot}`).",
     {},
     [] {
         return json::object({{"type", "object"}, {"minProperties", 1}, {"additionalProperties", ref("portPatch")}});
     }},
};

void add_packs(json& definitions) {
    definitions["expression"] = json::object({
        {"description", "An expression in rigcheck's CEL subset, type-checked when the pack loads."},
        {"type", "string"},
        {"minLength", 1},
    });
    definitions["exemption"] = json::object({
        {"description", "A named condition that rules can list under `unless`."},
        {"type", "object"},
        {"properties", properties("exemption", rules_detail::keys::exemption, {exemption_properties})},
        {"required", required({"id", "description", "when"})},
        {"additionalProperties", false},
    });
    definitions["rule"] = json::object({
        {"description", "A rule: when its condition holds on a subject, it reports a diagnostic."},
        {"type", "object"},
        {"properties", properties("rule", rules_detail::keys::rule, {rule_properties})},
        {"required", required({"id", "scope", "severity", "description", "when", "message"})},
        {"additionalProperties", false},
    });
    definitions["portPatch"] = json::object({
        {"description", "Port fields to set on every matching port."},
        {"type", "object"},
        {"properties",
         properties("portPatch", faces_last(rules_detail::keys::port_patch), {port_properties, face_properties})},
        {"minProperties", 1},
        {"additionalProperties", false},
    });
    definitions["gearOverride"] = json::object({
        {"description", "A quirk overlay, applied to all gear (builtin, catalog, inline) after loading."},
        {"type", "object"},
        {"properties", properties("gearOverride", rules_detail::keys::override_entry, {gear_override_properties})},
        {"required", required({"match"})},
        {"anyOf", json::array({requiring("set"), requiring("ports")})},
        {"additionalProperties", false},
    });
}

// ---- The four kinds of file (docs/formats.md#files-and-version-keys)
// ------------------------------------------------------------

constexpr property rig_properties[] = {
    {"rigcheck", "The rig format version; must be 1.", {}, version_shape},
    {"name", "The rig's name.", {}, string_shape},
    {"include", "Catalog files to load, relative to this file.", {}, path_list_shape},
    {"devices", "Device id -> device.", {}, [] { return map_of("deviceId", "device"); }},
    {"connections", "The cables between devices.", {}, [] { return array_of("connection"); }},
};

constexpr property catalog_properties[] = {
    {"rigcheck-catalog", "The catalog format version; must be 1.", {}, version_shape},
};

constexpr property pack_properties[] = {
    {"rigcheck-rules", "The rule pack format version; must be 1.", {}, version_shape},
    // The loader only needs a name; the schema asks for one written like a rule id.
    {"pack",
     "The pack's name (`acme-quirks`).",
     {},
     [] {
         return json::object({{"type", "string"}, {"pattern", "^[a-z0-9]+(-[a-z0-9]+)*$"}});
     }},
    {"description", "What the pack is for.", {}, string_shape},
    {"params", "New params of this pack, or new values of existing ones; plain numbers.", "params"},
    {"exemptions", "Named conditions that rules can list under `unless`.", {}, [] { return array_of("exemption"); }},
    {"rules", "The pack's rules.", {}, [] { return array_of("rule"); }},
    {"gear-overrides",
     "Quirk overlays applied to all gear after loading.",
     {},
     [] { return array_of("gearOverride"); }},
};

constexpr property config_properties[] = {
    {"rigcheck-config", "The configuration format version; must be 1.", {}, version_shape},
    {"packs", "Rule pack files to load, relative to this file.", {}, path_list_shape},
    {"catalogs", "Catalog files to load, relative to this file.", {}, path_list_shape},
    {"rules", "Rule id -> `error`, `warning`, `info` or `off`.", {}, [] { return map_of("ruleId", "ruleLevel"); }},
    {"params", "Param values; they override the packs' and are overridden by --param.", "params"},
    {"fail-on", "The lowest severity that makes `rigcheck check` exit 1.", "failOn"},
};

constexpr described_object rig_object{"rig", load::keys::rig, rig_properties, library_properties};
constexpr described_object catalog_object{"catalog", load::keys::catalog, catalog_properties, library_properties};
constexpr described_object pack_object{"pack", rules_detail::keys::pack, pack_properties};
constexpr described_object config_object{"config", config_detail::config_keys, config_properties};

/// Every object, each with the loader keys its table describes.
constexpr described_object objects[] = {
    rig_object,
    catalog_object,
    pack_object,
    config_object,
    {"gear", load::keys::gear, gear_properties},
    {"port", load::keys::port, port_properties, face_properties},
    {"portFace", load::keys::face, face_properties},
    {"faces", load::keys::combo_faces, combo_face_properties},
    {"path", load::keys::path, path_properties},
    {"cable", load::keys::cable, cable_properties},
    {"device", load::keys::device, device_properties},
    {"setting", load::keys::setting, setting_properties},
    {"connection", load::keys::connection, connection_properties},
    {"ignore", load::keys::ignore, ignore_properties},
    {"exemption", rules_detail::keys::exemption, exemption_properties},
    {"rule", rules_detail::keys::rule, rule_properties},
    {"gearOverride", rules_detail::keys::override_entry, gear_override_properties},
    {"gearOverride.match", rules_detail::keys::match, gear_properties, {}, true},
    {"gearOverride.set", rules_detail::keys::set, gear_properties, {}, true},
    {"portPatch", rules_detail::keys::port_patch, port_properties, face_properties, true},
};

struct file_kind_schema {
    std::string_view kind;
    std::string_view title;
    std::string_view description;
    const described_object& object;
    std::vector<std::string_view> required_besides_version = {};
};

const file_kind_schema file_kinds[] = {
    {"rig", "rigcheck rig", "A rig: devices (instances of gear) and the cables between them.", rig_object},
    {"catalog", "rigcheck catalog", "A catalog of reusable gear and cable definitions.", catalog_object},
    {"pack", "rigcheck rule pack", "A rule pack: params, exemptions, rules and gear overrides.", pack_object, {"pack"}},
    {"config", "rigcheck configuration",
     "A `.rigcheck.yaml` configuration, found from the rig's directory upward or given with --config.", config_object},
};

/// Every definition, in the order the schemas list them.
json all_definitions() {
    auto definitions = json::object();
    add_quantities(definitions);
    add_enumerations(definitions);
    add_identifiers(definitions);
    add_gear(definitions);
    add_cables(definitions);
    add_rigs(definitions);
    add_packs(definitions);
    return definitions;
}

/// The names of the definitions `node` refers to.
void collect_references(const json& node, std::vector<std::string>& into) {
    if (node.is_object()) {
        for (const auto& item : node.items()) {
            if (item.key() == "$ref") {
                const auto target = item.value().get<std::string>();
                into.push_back(target.substr(target.rfind('/') + 1));
            } else {
                collect_references(item.value(), into);
            }
        }
    } else if (node.is_array()) {
        for (const auto& value : node) collect_references(value, into);
    }
}

/// Every definition reachable from `root`, in the order of `definitions`; all unit quantities
/// once any is used, so that a file's editor offers every unit string.
json needed_definitions(const json& root, const json& definitions) {
    static const auto quantity_set = quantity_names();
    std::set<std::string> needed;
    std::vector<std::string> pending;
    collect_references(root, pending);
    while (!pending.empty()) {
        const auto name = pending.back();
        pending.pop_back();
        if (!needed.insert(name).second) continue;
        collect_references(definitions.at(name), pending);
        if (quantity_set.count(name)) pending.insert(pending.end(), quantity_set.begin(), quantity_set.end());
    }
    auto result = json::object();
    for (const auto& item : definitions.items())
        if (needed.count(item.key())) result[item.key()] = item.value();
    return result;
}

/// The version key, which comes first in each loader's keys, and the others the kind requires.
json required_keys(const file_kind_schema& file) {
    auto keys = required({file.object.loader_keys.front()});
    for (const auto key : file.required_besides_version) keys.push_back(key);
    return keys;
}

json build_schema(const file_kind_schema& file, const json& definitions) {
    const auto& object = file.object;
    const auto body = json::object({
        {"type", "object"},
        {"properties", properties(object.name, object.loader_keys, {object.properties, object.shared_properties})},
        {"required", required_keys(file)},
        {"additionalProperties", false},
    });
    auto schema = json::object({
        {"$schema", draft},
        {"$id", fmt::format("{}{}.schema.json", base_url, file.kind)},
        {"title", file.title},
        {"description", file.description},
    });
    for (const auto& item : body.items()) schema[item.key()] = item.value();
    if (auto needed = needed_definitions(body, definitions); !needed.empty()) schema["definitions"] = std::move(needed);
    return schema;
}

/// The text of each kind's schema, in the order of `kinds`. Refuses to build while a loader key
/// goes undescribed or a description names no key, rather than publish a schema that misleads an
/// editor: the tests build every schema, so such a change cannot pass them.
std::vector<std::string> build_schema_texts(std::span<const std::string_view> kinds) {
    std::string problems;
    for (const auto& object : objects)
        for (const auto& problem : description_problems(object)) problems += "\n  " + problem;
    if (!problems.empty()) throw std::logic_error("the JSON Schemas do not describe the loaders' keys:" + problems);
    const auto definitions = all_definitions();
    std::vector<std::string> texts;
    for (const auto kind : kinds) {
        const auto file = std::find_if(std::begin(file_kinds), std::end(file_kinds),
                                       [&](const file_kind_schema& f) { return f.kind == kind; });
        if (file == std::end(file_kinds)) throw std::logic_error(fmt::format("schema: no file kind `{}`", kind));
        // The layout of Python's json.dumps(indent=2, ensure_ascii=False), which wrote the first
        // committed schemas: two-space indent, `": "`, UTF-8 text rather than \u escapes.
        texts.push_back(build_schema(*file, definitions).dump(2) + "\n");
    }
    return texts;
}

} // namespace

std::span<const described_object> described_objects() { return objects; }

std::vector<std::string> description_problems(const described_object& object) {
    std::vector<std::string> problems;
    const auto describes = [](std::span<const property> table, std::string_view key) {
        return std::any_of(table.begin(), table.end(), [&](const property& p) { return p.key == key; });
    };
    for (const auto key : object.loader_keys)
        if (!describes(object.properties, key) && !describes(object.shared_properties, key))
            problems.push_back(fmt::format("`{}` key `{}` has no description", object.name, key));
    if (object.borrowed) return problems;
    const auto is_key = [&](std::string_view key) {
        return std::find(object.loader_keys.begin(), object.loader_keys.end(), key) != object.loader_keys.end();
    };
    for (const auto table : {object.properties, object.shared_properties})
        for (const auto& p : table)
            if (!is_key(p.key))
                problems.push_back(
                    fmt::format("`{}` describes `{}`, which its loader does not accept", object.name, p.key));
    return problems;
}

} // namespace schema_detail

std::span<const std::string_view> schema_kinds() {
    static constexpr std::array<std::string_view, 4> kinds{"rig", "catalog", "pack", "config"};
    return kinds;
}

std::optional<std::string_view> json_schema(std::string_view kind) {
    const auto kinds = schema_kinds();
    const auto found = std::find(kinds.begin(), kinds.end(), kind);
    if (found == kinds.end()) return std::nullopt;
    // Built once, on first use; a function-local static is initialised once even across threads.
    static const auto texts = schema_detail::build_schema_texts(kinds);
    return texts.at(static_cast<std::size_t>(found - kinds.begin()));
}

} // namespace rigcheck
