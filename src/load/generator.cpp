// The synthetic rig generator (see generator.hpp for the shape of a generated rig).
//
// Both front ends share one plan: the devices and connections are drawn once from a splitmix64
// stream (portable, unlike the standard distributions), then either turned straight into a `rig`
// (no builder: a million connections must not wait on per-connection validation, and every
// reference in the plan is valid by construction) or written out as YAML.
#include <rigcheck/load/generator.hpp>

#include <rigcheck/model/cable.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rigcheck {
namespace {

/// splitmix64: tiny, fast and the same on every platform.
class random_stream {
public:
    explicit random_stream(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

enum class role : std::uint8_t { mic, keyboard, channel_balanced, channel_unbalanced, mixer, monitor };
constexpr std::size_t role_count = 6;

/// Whether a role's output is unbalanced (a TS socket) or balanced (XLR).
constexpr bool unbalanced_output(role kind) { return kind == role::keyboard || kind == role::channel_unbalanced; }

// Port indices of the generated gear (and the order of the generic gear's ports they map to).
constexpr std::uint8_t source_out = 0;
constexpr std::uint8_t channel_in = 0;
constexpr std::uint8_t channel_out = 1;
constexpr std::uint8_t monitor_in = 0;
constexpr std::uint8_t monitor_thru = 1;

struct planned_device {
    role kind = role::mic;
    std::string id;
    double spl = 94.0;
    std::vector<std::pair<std::uint8_t, double>> gains; ///< input port -> preset gain, dB
};

struct planned_connection {
    std::uint32_t from_device;
    std::uint8_t from_port;
    std::uint32_t to_device;
    std::uint8_t to_port;
    double length_m;
};

struct plan {
    std::vector<planned_device> devices;
    std::vector<planned_connection> connections;
};

// Preset gains lie inside the XLR face of every generated gain control (0..60 dB), and line
// trims inside the jack face too (-10..40 dB).
constexpr double mic_preset_low_db = 30.0;
constexpr double mic_preset_high_db = 56.0;
constexpr double line_trim_high_db = 6.0;

plan make_plan(const generator_options& options) {
    if (options.mixer_inputs == 0) throw std::invalid_argument("generator: mixer_inputs must be at least 1");
    plan result;
    result.connections.reserve(options.connections);
    random_stream random(options.seed);
    std::size_t counters[role_count] = {};
    static constexpr const char* prefixes[role_count] = {"mic", "kbd", "ch", "chu", "mix", "mon"};
    const auto add_device = [&](role kind) {
        planned_device d;
        d.kind = kind;
        d.id = fmt::format("{}-{}", prefixes[static_cast<int>(kind)], ++counters[static_cast<int>(kind)]);
        result.devices.push_back(std::move(d));
        return static_cast<std::uint32_t>(result.devices.size() - 1);
    };
    // A preset gain is what an engineer would dial in: a mic preamp's 30-56 dB right after a
    // microphone (about -52 dBu to line level, F2.2), a trim of 0-6 dB on a line-level stage.
    const auto maybe_preset = [&](std::uint32_t device, std::uint8_t port, bool after_mic) {
        if (random.uniform() >= options.preset_gain_share) return;
        const double low = after_mic ? mic_preset_low_db : 0.0;
        const double high = after_mic ? mic_preset_high_db : line_trim_high_db;
        result.devices[device].gains.emplace_back(port,
                                                  std::round((low + random.uniform() * (high - low)) * 2.0) / 2.0);
    };
    const auto run_length = [&] { return std::round((1.0 + random.uniform() * 29.0) * 10.0) / 10.0; };
    const auto full = [&] { return result.connections.size() >= options.connections; };
    const auto connect = [&](std::uint32_t from, std::uint8_t from_port, std::uint32_t to, std::uint8_t to_port) {
        result.connections.push_back({from, from_port, to, to_port, run_length()});
    };

    while (!full()) {
        const std::uint32_t mixer = add_device(role::mixer);
        for (std::size_t input = 0; input < options.mixer_inputs && !full(); ++input) {
            const bool unbalanced_source = random.uniform() < options.unbalanced_share;
            std::uint32_t previous = add_device(unbalanced_source ? role::keyboard : role::mic);
            std::uint8_t previous_out = source_out;
            if (!unbalanced_source) result.devices[previous].spl = 88.0 + std::round(random.uniform() * 22.0);
            for (std::size_t stage = 0; stage < options.chain_depth && !full(); ++stage) {
                const bool unbalanced = random.uniform() < options.unbalanced_share;
                const std::uint32_t channel =
                    add_device(unbalanced ? role::channel_unbalanced : role::channel_balanced);
                maybe_preset(channel, channel_in, result.devices[previous].kind == role::mic);
                connect(previous, previous_out, channel, channel_in);
                previous = channel;
                previous_out = channel_out;
            }
            if (full()) break;
            const auto mixer_port = static_cast<std::uint8_t>(input);
            maybe_preset(mixer, mixer_port, result.devices[previous].kind == role::mic);
            connect(previous, previous_out, mixer, mixer_port);
        }
        // The mixer's main output feeds a monitor, whose thru feeds a second one.
        if (full()) break;
        const std::uint32_t first = add_device(role::monitor);
        connect(mixer, static_cast<std::uint8_t>(options.mixer_inputs), first, monitor_in);
        if (full()) break;
        const std::uint32_t second = add_device(role::monitor);
        connect(first, monitor_thru, second, monitor_in);
    }
    return result;
}

// ---- In-memory gear ------------------------------------------------------------------------

port_face make_face(interface_kind interface, signal_class signal, connector_type type, port_direction direction) {
    const signal_class_defaults defaults = defaults_for(signal);
    port_face face;
    face.interface = interface;
    face.signal = signal;
    face.nominal = defaults.nominal;
    face.max = defaults.max;
    face.impedance = direction == port_direction::out ? defaults.output_impedance : defaults.input_impedance;
    if (auto p = default_pinout(type, interface, direction)) face.pinout = std::move(*p);
    return face;
}

port make_port(std::string id, port_direction direction, connector c, port_face face) {
    port p;
    p.id = std::move(id);
    p.direction = direction;
    p.connector = c;
    p.faces = std::move(face);
    return p;
}

/// A combo input: a mic preamp on the XLR face, a line input on the jack face (the example in docs/formats.md#gear).
port make_combo_input(std::string id) {
    combo_faces faces;
    faces.xlr = make_face(interface_kind::balanced, signal_class::mic, connector_type::xlr3, port_direction::in);
    faces.xlr.impedance = impedance(3e3); // F3.2: mic preamps 1.5-3 kohm
    faces.xlr.gain = gain_range{gain(0.0), gain(60.0)};
    faces.xlr.pad = gain(20.0);
    faces.xlr.cmrr = gain(60.0);
    faces.jack = make_face(interface_kind::balanced, signal_class::line, connector_type::trs_6_35, port_direction::in);
    faces.jack.impedance = impedance(20e3); // F3.2: line inputs 10-100 kohm
    faces.jack.gain = gain_range{gain(-10.0), gain(40.0)};
    faces.jack.cmrr = gain(60.0);
    port p;
    p.id = std::move(id);
    p.direction = port_direction::in;
    p.connector = connector{connector_type::combo, connector_gender::female};
    p.phantom = phantom_kind::p48;
    p.faces = std::move(faces);
    return p;
}

internal_path setting_path(std::size_t from, std::size_t to) {
    // Copied from one prototype: assigning the empty alternative in place trips a GCC 12
    // -Wmaybe-uninitialized false positive inside boost::variant2.
    static const internal_path prototype = [] {
        internal_path path;
        path.transfer_gain = gain_from_setting{};
        return path;
    }();
    internal_path path = prototype;
    path.from = from;
    path.to = to;
    return path;
}

gear make_gear(std::string id, gear_category category, power_kind power) {
    gear g;
    g.id = std::move(id);
    g.manufacturer = "Generated";
    g.model = g.id.substr(g.id.find('/') + 1);
    g.category = category;
    g.power = power;
    return g;
}

std::vector<gear> make_generated_gear(std::size_t mixer_inputs) {
    const connector xlr_male{connector_type::xlr3, connector_gender::male};
    const connector xlr_female{connector_type::xlr3, connector_gender::female};
    const connector ts_female{connector_type::ts_6_35, connector_gender::female};
    std::vector<gear> all(role_count);

    gear& mic = all[static_cast<int>(role::mic)] = make_gear("gen/mic", gear_category::mic, power_kind::passive);
    auto mic_face = make_face(interface_kind::balanced, signal_class::mic, connector_type::xlr3, port_direction::out);
    mic_face.sensitivity = sensitivity(-54.5); // F2.2 (SM58)
    mic.ports.push_back(make_port("out", port_direction::out, xlr_male, mic_face));

    gear& keyboard = all[static_cast<int>(role::keyboard)] =
        make_gear("gen/keyboard", gear_category::keyboard, power_kind::mains_earthed);
    keyboard.ports.push_back(make_port(
        "out", port_direction::out, ts_female,
        make_face(interface_kind::unbalanced, signal_class::line, connector_type::ts_6_35, port_direction::out)));

    for (const bool unbalanced : {false, true}) {
        gear& channel = all[static_cast<int>(unbalanced ? role::channel_unbalanced : role::channel_balanced)] =
            make_gear(unbalanced ? "gen/channel-unbalanced" : "gen/channel", gear_category::preamp,
                      power_kind::mains_earthed);
        channel.ports.push_back(make_combo_input("in"));
        channel.ports.push_back(unbalanced ? make_port("out", port_direction::out, ts_female,
                                                       make_face(interface_kind::unbalanced, signal_class::line,
                                                                 connector_type::ts_6_35, port_direction::out))
                                           : make_port("out", port_direction::out, xlr_male,
                                                       make_face(interface_kind::balanced, signal_class::line,
                                                                 connector_type::xlr3, port_direction::out)));
        channel.paths.push_back(setting_path(channel_in, channel_out));
    }

    gear& mixer = all[static_cast<int>(role::mixer)] =
        make_gear(fmt::format("gen/mixer-{}", mixer_inputs), gear_category::mixer, power_kind::mains_earthed);
    for (std::size_t i = 0; i < mixer_inputs; ++i) mixer.ports.push_back(make_combo_input(fmt::format("in-{}", i + 1)));
    mixer.ports.push_back(
        make_port("main", port_direction::out, xlr_male,
                  make_face(interface_kind::balanced, signal_class::line, connector_type::xlr3, port_direction::out)));
    for (std::size_t i = 0; i < mixer_inputs; ++i) mixer.paths.push_back(setting_path(i, mixer_inputs));

    gear& monitor = all[static_cast<int>(role::monitor)] =
        make_gear("gen/powered-monitor", gear_category::monitor, power_kind::mains_earthed);
    monitor.ports.push_back(
        make_port("in", port_direction::in, xlr_female,
                  make_face(interface_kind::balanced, signal_class::line, connector_type::xlr3, port_direction::in)));
    monitor.ports.push_back(
        make_port("thru", port_direction::out, xlr_male,
                  make_face(interface_kind::balanced, signal_class::line, connector_type::xlr3, port_direction::out)));
    internal_path link_through;
    link_through.from = monitor_in;
    link_through.to = monitor_thru;
    link_through.transfer_gain = gain(0.0);
    monitor.paths.push_back(link_through);
    return all;
}

const cable& builtin_cable(std::string_view id) {
    const auto& all = builtin_cables();
    const auto found = std::find_if(all.begin(), all.end(), [&](const cable& k) { return k.id == id; });
    if (found == all.end()) throw std::logic_error(fmt::format("builtin cable `{}` is missing", id));
    return *found;
}

// ---- YAML ----------------------------------------------------------------------------------

/// The builtin gear each role maps to in a rig file, and the port ids used there (the mixer's
/// inputs are `in-1` .. `in-8`).
struct yaml_role {
    const char* gear_id;
    const char* out_port;
    const char* in_port;
    bool gain_control; ///< its input takes a `gain` setting
};

constexpr yaml_role yaml_roles[role_count] = {
    {"generic/dynamic-mic", "out", "", false}, {"generic/keyboard", "out-l", "", false},
    {"generic/mic-preamp", "out", "in", true}, {"generic/unbalanced-processor", "out", "in", false},
    {"generic/mixer", "main-l", "", true},     {"generic/powered-monitor", "thru", "in", false},
};
constexpr std::size_t yaml_mixer_inputs = 8;

/// The builtin cable from an output to an input, by which of them is unbalanced (a TS socket)
/// and which balanced (XLR). Balanced into unbalanced leaves pin 3 open (F1.5); unbalanced into
/// balanced ties the source ground to pins 1 and 3 (F1.6).
const char* yaml_cable(role from, role to) {
    const bool unbalanced_in = to == role::channel_unbalanced;
    if (unbalanced_output(from)) return unbalanced_in ? "ts" : "ts-to-xlr-male";
    return unbalanced_in ? "xlr-female-to-ts-pin3-open" : "xlr";
}

} // namespace

rig generate_rig(const generator_options& options) {
    const plan p = make_plan(options);
    rig result;
    result.name = fmt::format("generated rig: {} connections, seed {}", options.connections, options.seed);
    result.gear = make_generated_gear(options.mixer_inputs);
    result.cables = {builtin_cable("xlr"), builtin_cable("ts")}; // indices 0 and 1, as below
    result.devices.reserve(p.devices.size());
    for (const planned_device& planned : p.devices) {
        device d;
        d.id = planned.id;
        d.gear = static_cast<std::size_t>(planned.kind);
        const gear& g = result.gear[d.gear];
        d.power = g.power;
        d.spl = sound_pressure(planned.spl);
        d.settings.resize(g.ports.size());
        for (const auto& [port_index, db] : planned.gains) d.settings[port_index].gain = gain(db);
        result.devices.push_back(std::move(d));
    }
    result.connections.reserve(p.connections.size());
    for (const planned_connection& planned : p.connections) {
        connection c;
        c.ends.push_back({0, port_ref{planned.from_device, planned.from_port}, {}});
        c.ends.push_back({1, port_ref{planned.to_device, planned.to_port}, {}});
        // Every generated input but a monitor's is a combo socket: a TS plug selects its jack face.
        c.chain.push_back(unbalanced_output(p.devices[planned.from_device].kind) ? 1 : 0);
        c.length = length(planned.length_m);
        result.connections.push_back(std::move(c));
    }
    return result;
}

std::string generate_rig_yaml(const generator_options& options) {
    if (options.mixer_inputs > yaml_mixer_inputs)
        throw std::invalid_argument(fmt::format("generator: generic/mixer has {} mic inputs; mixer_inputs is {}",
                                                yaml_mixer_inputs, options.mixer_inputs));
    const plan p = make_plan(options);
    const auto in_port_of = [&](const planned_device& d, std::uint8_t port_index) {
        return d.kind == role::mixer ? fmt::format("in-{}", port_index + 1)
                                     : std::string(yaml_roles[static_cast<int>(d.kind)].in_port);
    };
    std::string out;
    out.reserve(p.connections.size() * 110 + p.devices.size() * 60);
    const auto sink = std::back_inserter(out);
    fmt::format_to(sink, "rigcheck: 1\nname: \"generated rig: {} connections, seed {}\"\ndevices:\n",
                   options.connections, options.seed);
    for (const planned_device& d : p.devices) {
        const yaml_role& mapped = yaml_roles[static_cast<int>(d.kind)];
        fmt::format_to(sink, "  {}:\n    gear: {}\n", d.id, mapped.gear_id);
        if (d.kind == role::mic && d.spl != 94.0) fmt::format_to(sink, "    spl: {} dB SPL\n", d.spl);
        if (!d.gains.empty() && mapped.gain_control) {
            out += "    settings:\n";
            for (const auto& [port_index, db] : d.gains)
                fmt::format_to(sink, "      {}: {{gain: {} dB}}\n", in_port_of(d, port_index), db);
        }
    }
    out += "connections:\n";
    for (const planned_connection& c : p.connections) {
        const planned_device& from = p.devices[c.from_device];
        const planned_device& to = p.devices[c.to_device];
        fmt::format_to(sink, "  - {{from: {}.{}, to: {}.{}, cable: {}, length: {} m}}\n", from.id,
                       yaml_roles[static_cast<int>(from.kind)].out_port, to.id, in_port_of(to, c.to_port),
                       yaml_cable(from.kind, to.kind), c.length_m);
    }
    return out;
}

} // namespace rigcheck
