// Level propagation: compiling a traced rig into the signal graph, the full and incremental
// sweeps, and the analysed-rig and session values built on them (docs/formats.md#gear for sources, docs/analysis.md).
//
// The formulas are docs/analysis.md, evaluated in the linear power domain (analysis_state.hpp): a link
// multiplies by its divider and single-ended factors, a device path by its gain, pad and
// transformer ratio, and an output fed by several paths takes the highest contribution. Noise
// follows the model of docs/analysis.md: sources carry a self-noise floor, preamps add their
// equivalent input noise, cables add pickup (reduced by the CMRR on balanced links, F4.1) and
// unbalanced links between mains-earthed devices add ground-loop hum (F1.2); noise powers add.
#include <rigcheck/analysis/analysis.hpp>

#include <rigcheck/analysis/detail/analysis_state.hpp>
#include <rigcheck/analysis/detail/csr_graph.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace rigcheck::detail {
namespace {

// Noise model constants (docs/analysis.md, "Noise").
/// A source's self-noise sits this far below its level: a 100 dB dynamic range.
constexpr double source_dynamic_range_db = 100.0;
/// Equivalent input noise of a preamp (an input with a gain range); a typical modern figure.
constexpr double preamp_ein_dbu = -128.0;
/// Hum and interference a 1 m run picks up on an unprotected (not `balanced`) link.
constexpr double pickup_per_metre_dbu = -110.0;
/// The CMRR of a balanced input that gives none: between F4.1's 40 dB (1 % resistors) and 75 dB
/// (trimmed stages).
constexpr double default_cmrr_db = 60.0;
/// Ground-loop hum of an unbalanced-receiving link between two mains-earthed devices (F1.2).
constexpr double ground_loop_dbu = -80.0;
/// An active balanced output driven through one leg alone loses half its voltage (F2.6).
const double single_ended_loss_db = 20.0 * std::log10(2.0);

/// A port's settings; a rig built by hand may leave a device's settings short.
const port_setting& setting_of(const device& d, std::size_t port_index) {
    static const port_setting none;
    return port_index < d.settings.size() ? d.settings[port_index] : none;
}

bool carries_signal(link_kind kind) {
    // Nothing of the source arrives through an unmated, no-signal or shorted link (docs/analysis.md).
    return kind != link_kind::unmated && kind != link_kind::no_signal && kind != link_kind::shorted;
}

std::optional<combo_face> face_from_code(std::uint8_t code) {
    if (code == 0) return combo_face::xlr;
    if (code == 1) return combo_face::jack;
    return std::nullopt;
}

/// The constant part of a device path's gain and, for `gain: setting` without a setting, its
/// soundcheck rule (docs/analysis.md "through a device path").
struct path_gain {
    double gain = 1.0;
    std::optional<soundcheck_gain> soundcheck;
};

path_gain compute_path_gain(const internal_path& path, const port_face& from_face, const port_setting& setting) {
    double db = 0.0;
    double pad_db = 0.0;
    if (setting.pad_engaged && from_face.pad) pad_db = from_face.pad->value();
    db -= pad_db;
    if (path.turns_ratio) db += transformer_ratio_gain(*path.turns_ratio).value(); // F5.1
    path_gain result;
    if (const auto* fixed = boost::variant2::get_if<gain>(&path.transfer_gain)) {
        result.gain = power_from_db(db + fixed->value());
    } else if (setting.gain) {
        result.gain = power_from_db(db + setting.gain->value());
    } else {
        // An engineer sets gain at soundcheck: the gain in the port's range that brings the
        // stage's output (after the pad) closest to +4 dBu. A port with no range is unbounded.
        soundcheck_gain rule;
        rule.fixed = static_cast<float>(power_from_db(db));
        rule.low = from_face.gain ? static_cast<float>(power_from_db(from_face.gain->low.value())) : 0.0F;
        rule.high = from_face.gain ? static_cast<float>(power_from_db(from_face.gain->high.value()))
                                   : std::numeric_limits<float>::infinity();
        rule.target_over_pad = static_cast<float>(soundcheck_target_power / power_from_db(-pad_db));
        result.soundcheck = rule;
        result.gain = rule.fixed;
    }
    return result;
}

/// The capacitance of a connection's cable: its length times the highest capacitance per length
/// among the chain's cables (adapters are zero-length and count only when the chain is all
/// adapters). Unknown without a length (F3.4).
std::optional<capacitance> connection_capacitance(const rig& r, const connection& c) {
    if (!c.length) return std::nullopt;
    std::optional<capacitance_per_length> highest;
    std::optional<capacitance_per_length> highest_adapter;
    for (const std::size_t cable_index : c.chain) {
        const cable& k = r.cables[cable_index];
        auto& slot = k.adapter ? highest_adapter : highest;
        if (!slot || k.capacitance > *slot) slot = k.capacitance;
    }
    if (!highest) highest = highest_adapter;
    if (!highest) return std::nullopt;
    return *highest * *c.length;
}

struct node_result {
    double level;
    float noise;
    std::uint8_t tag;
};

/// The sweep's view of the graph and state as plain pointers. Taken once per sweep: stores to
/// the one-byte signal tags may alias anything, so reading through the vectors
/// would reload every array's address after each node.
class sweep_kernel {
public:
    sweep_kernel(const signal_graph& g, const edge_values& ev, node_values& nv)
        : base_level_(g.base_level.data()),
          base_tag_(g.base_tag.data()),
          own_noise_(g.own_noise.data()),
          in_offsets_(g.in_offsets.data()),
          edge_source_(g.edge_source.data()),
          edge_noise_(g.edge_noise.data()),
          gain_(ev.gain.data()),
          rules_(ev.soundcheck_gains.data()),
          level_(nv.level.data()),
          noise_(nv.noise.data()),
          tag_(nv.tag.data()) {}

    /// Pulls one node's value from the edges arriving at it. Both sweeps use this one function,
    /// so an incremental update reproduces a full propagation bit for bit.
    [[nodiscard]] [[gnu::always_inline]] node_result compute(std::uint32_t v) const {
        double level = base_level_[v];
        double noise = 0.0;
        std::uint8_t tag = base_tag_[v];
        const std::uint32_t end = in_offsets_[v + 1];
        for (std::uint32_t e = in_offsets_[v]; e < end; ++e) {
            const std::uint32_t packed = edge_source_[e];
            const std::uint32_t source = packed & source_bits;
            const double arriving = level_[source];
            if (arriving == 0.0) continue; // nothing known arrives on this edge
            double gain = gain_[e];
            double contribution;
            if (gain >= 0.0) {
                contribution = arriving * gain;
            } else {
                // fixed * clamp(target / a, low, high) * a, written so the level needs no division.
                const soundcheck_gain& rule = rules_[soundcheck_index(gain)];
                contribution = static_cast<double>(rule.fixed) * std::clamp(static_cast<double>(rule.target_over_pad),
                                                                            arriving * static_cast<double>(rule.low),
                                                                            arriving * static_cast<double>(rule.high));
                gain = contribution / arriving;
            }
            noise += noise_[source] * gain + edge_noise_[e];
            // Several paths into one output: the highest contribution sets level, polarity and origin.
            if (contribution > level) {
                level = contribution;
                tag = static_cast<std::uint8_t>(tag_[source] ^ ((packed & inverts_polarity) >> 24));
            }
        }
        if (known_power(level)) {
            noise += own_noise_[v];
        } else {
            level = 0.0;
            noise = 0.0;
            tag = 0;
        }
        return {level, static_cast<float>(noise), tag};
    }

    [[nodiscard]] bool unchanged(std::uint32_t v, const node_result& r) const {
        return r.level == level_[v] && r.noise == noise_[v] && r.tag == tag_[v];
    }

    [[gnu::always_inline]] void store(std::uint32_t v, const node_result& r) const {
        level_[v] = r.level;
        noise_[v] = r.noise;
        tag_[v] = r.tag;
    }

private:
    const double* base_level_;
    const std::uint8_t* base_tag_;
    const float* own_noise_;
    const std::uint32_t* in_offsets_;
    const std::uint32_t* edge_source_;
    const float* edge_noise_;
    const double* gain_;
    const soundcheck_gain* rules_;
    double* level_;
    float* noise_;
    std::uint8_t* tag_;
};

/// One elementary cycle through each feedback loop, as the link indices along it, starting at
/// the loop's first link in file order. A loop made of internal paths alone has no connection
/// to point at and is not reported.
std::vector<signal_cycle> find_cycles(const csr& graph, const components& parts, std::span<const edge_kind> kinds,
                                      std::span<const std::uint32_t> refs, std::span<const std::uint32_t> edge_from,
                                      std::span<const std::uint32_t> edge_to) {
    std::vector<signal_cycle> cycles;
    for (std::uint32_t c = 0; c < parts.count(); ++c) {
        const auto members = parts.members(c);
        if (members.size() < 2) continue;
        // The loop's first link, and its edge.
        std::uint32_t first_edge = npos32;
        for (const std::uint32_t node : members) {
            const auto targets = graph.targets_of(node);
            const auto edges = graph.edges_of(node);
            for (std::size_t i = 0; i < edges.size(); ++i) {
                if (kinds[edges[i]] != edge_kind::link || parts.component_of[targets[i]] != c) continue;
                if (first_edge == npos32 || refs[edges[i]] < refs[first_edge]) first_edge = edges[i];
            }
        }
        if (first_edge == npos32) continue;
        // Breadth-first from the link's destination back to its source, inside the loop.
        const std::uint32_t start = edge_to[first_edge];
        const std::uint32_t goal = edge_from[first_edge];
        std::unordered_map<std::uint32_t, std::uint32_t> reached_by; // node -> edge
        std::vector<std::uint32_t> frontier{start};
        reached_by.emplace(start, npos32);
        for (std::size_t head = 0; head < frontier.size() && !reached_by.count(goal); ++head) {
            const std::uint32_t node = frontier[head];
            const auto targets = graph.targets_of(node);
            const auto edges = graph.edges_of(node);
            for (std::size_t i = 0; i < edges.size(); ++i) {
                if (parts.component_of[targets[i]] != c || reached_by.count(targets[i])) continue;
                reached_by.emplace(targets[i], edges[i]);
                frontier.push_back(targets[i]);
            }
        }
        std::vector<std::size_t> along;
        for (std::uint32_t node = goal; node != start;) {
            const std::uint32_t edge = reached_by.at(node);
            if (kinds[edge] == edge_kind::link) along.push_back(refs[edge]);
            node = edge_from[edge];
        }
        signal_cycle cycle;
        cycle.links.push_back(refs[first_edge]);
        cycle.links.insert(cycle.links.end(), along.rbegin(), along.rend());
        cycles.push_back(std::move(cycle));
    }
    std::sort(cycles.begin(), cycles.end(),
              [](const signal_cycle& a, const signal_cycle& b) { return a.links.front() < b.links.front(); });
    return cycles;
}

/// The source impedance a link's driving port presents. An `insert` port has one `impedance`,
/// which is its return's load (the loader's default for it is the input one); its send is a
/// line-level output that drives from its signal class's output impedance (F3.3, F4.5).
impedance driving_impedance(const port& p, const port_face& face) {
    if (p.direction == port_direction::insert) return defaults_for(face.signal).output_impedance;
    return face.impedance;
}

} // namespace

std::shared_ptr<const signal_graph> compile_signal_graph(const rig& r, const link_analysis& links) {
    auto graph = std::make_shared<signal_graph>();
    signal_graph& g = *graph;

    // Port slots and their nodes, numbered in port order for now.
    g.slot_base.resize(r.devices.size() + 1, 0);
    for (std::size_t d = 0; d < r.devices.size(); ++d)
        g.slot_base[d + 1] = g.slot_base[d] + static_cast<std::uint32_t>(r.gear_of(r.devices[d]).ports.size());
    const std::uint32_t slot_count = g.slot_base.back();
    std::vector<std::uint32_t> receive(slot_count, npos32);
    std::vector<std::uint32_t> drive(slot_count, npos32);
    std::size_t sides = 0;
    for (std::size_t d = 0; d < r.devices.size(); ++d) {
        const auto& ports = r.gear_of(r.devices[d]).ports;
        for (std::size_t p = 0; p < ports.size(); ++p) {
            const std::uint32_t slot = g.slot_base[d] + static_cast<std::uint32_t>(p);
            if (ports[p].direction != port_direction::out) receive[slot] = static_cast<std::uint32_t>(sides++);
            if (ports[p].direction != port_direction::in) drive[slot] = static_cast<std::uint32_t>(sides++);
        }
    }
    // Edge sources keep their top bit for the polarity flag.
    if (sides > source_bits)
        throw std::length_error(
            fmt::format("a rig of {} port sides is beyond the analysis limit of {}", sides, source_bits));
    const auto node_count = static_cast<std::uint32_t>(sides);
    g.node_count = node_count;

    // The face each receiving port presents: the one the first arriving plug selected.
    g.receive_face.assign(slot_count, 2);
    for (const link& l : links.links) {
        const std::uint32_t slot = g.slot_of(l.destination);
        if (g.receive_face[slot] == 2 && l.destination_face)
            g.receive_face[slot] = static_cast<std::uint8_t>(*l.destination_face);
    }
    const auto face_at = [&](std::uint32_t slot, port_ref ref) -> const port_face& {
        return r.port_at(ref).face(face_from_code(g.receive_face[slot]));
    };

    // Every edge, in the original numbering: device paths device by device, then links.
    std::vector<std::uint32_t> from, to, refs;
    std::vector<edge_kind> kinds;
    std::vector<std::uint8_t> fed_by_path(node_count, 0);
    // Nodes a soundcheck gain feeds: grouped together in each layer of the numbering, so the
    // sweep's test for a soundcheck edge sees long runs of one answer and predicts them.
    std::vector<std::uint8_t> set_at_soundcheck(node_count, 0);
    g.device_path_base.resize(r.devices.size() + 1, 0);
    for (std::size_t d = 0; d < r.devices.size(); ++d) {
        const gear& gr = r.gear_of(r.devices[d]);
        g.device_path_base[d] = static_cast<std::uint32_t>(g.paths.size());
        for (std::size_t i = 0; i < gr.paths.size(); ++i) {
            const internal_path& path = gr.paths[i];
            g.paths.push_back({static_cast<std::uint32_t>(d), static_cast<std::uint32_t>(i), npos32});
            if (path.from >= gr.ports.size() || path.to >= gr.ports.size()) continue;
            const std::uint32_t from_slot = g.slot_base[d] + static_cast<std::uint32_t>(path.from);
            const std::uint32_t to_slot = g.slot_base[d] + static_cast<std::uint32_t>(path.to);
            const std::uint32_t a = receive[from_slot] != npos32 ? receive[from_slot] : drive[from_slot];
            const std::uint32_t b = drive[to_slot] != npos32 ? drive[to_slot] : receive[to_slot];
            if (a == b) continue;
            fed_by_path[b] = 1;
            if (boost::variant2::holds_alternative<gain_from_setting>(path.transfer_gain) &&
                !setting_of(r.devices[d], path.from).gain)
                set_at_soundcheck[b] = 1;
            from.push_back(a);
            to.push_back(b);
            kinds.push_back(edge_kind::path);
            refs.push_back(static_cast<std::uint32_t>(g.paths.size() - 1));
        }
    }
    g.device_path_base[r.devices.size()] = static_cast<std::uint32_t>(g.paths.size());

    // An insert jack with nothing plugged in is normalled: its send passes to its return.
    std::vector<std::uint8_t> plugged(slot_count, 0);
    for (const connection& c : r.connections)
        for (const connection_end& end : c.ends) plugged[g.slot_of(end.port)] = 1;
    for (std::uint32_t slot = 0; slot < slot_count; ++slot) {
        if (plugged[slot] || receive[slot] == npos32 || drive[slot] == npos32) continue;
        from.push_back(drive[slot]);
        to.push_back(receive[slot]);
        kinds.push_back(edge_kind::normalled);
        refs.push_back(npos32);
    }

    const std::size_t link_count = links.links.size();
    g.link_source_node.assign(link_count, npos32);
    g.link_dest_node.assign(link_count, npos32);
    g.link_gain.assign(link_count, 0.0);
    g.link_noise.assign(link_count, 0.0F);
    g.link_capacitance.assign(link_count, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < link_count; ++i) {
        const link& l = links.links[i];
        const device& source_device = r.devices[l.source.device];
        const device& dest_device = r.devices[l.destination.device];
        const port_face& source_face = r.port_at(l.source).face(l.source_face);
        const port_face& dest_face = r.port_at(l.destination).face(l.destination_face);
        if (l.connection < r.connections.size())
            if (const auto c = connection_capacitance(r, r.connections[l.connection]))
                g.link_capacitance[i] = c->value();
        if (!carries_signal(l.kind)) continue;
        const std::uint32_t source_slot = g.slot_of(l.source);
        const std::uint32_t dest_slot = g.slot_of(l.destination);
        const std::uint32_t a = drive[source_slot] != npos32 ? drive[source_slot] : receive[source_slot];
        const std::uint32_t b = receive[dest_slot] != npos32 ? receive[dest_slot] : drive[dest_slot];
        if (a == b) continue;
        g.link_source_node[i] = a;
        g.link_dest_node[i] = b;
        // dest = src + 20*log10(Zin / (Zout + Rseries + Zin)) (F3.1), - 6.02 dB single-ended (F2.6).
        const impedance source_impedance = driving_impedance(r.port_at(l.source), source_face);
        double gain_db = divider_gain(source_impedance + l.series_resistance, dest_face.impedance).value();
        if (l.single_ended_active_drive) gain_db -= single_ended_loss_db;
        // Loads are above 0 ohm (the loader's rule), so the divider is finite; a non-finite gain
        // would be read as a soundcheck rule's index by the sweep, so none may pass.
        g.link_gain[i] = std::isfinite(gain_db) ? power_from_db(gain_db) : 0.0;
        // Pickup grows with the run; a balanced pair rejects it by the input's CMRR (F4.1).
        double noise = 0.0;
        const auto run = l.connection < r.connections.size() ? r.connections[l.connection].length : std::nullopt;
        if (run && run->value() > 0.0) {
            double pickup_db = pickup_per_metre_dbu + 20.0 * std::log10(run->value());
            if (l.kind == link_kind::balanced) pickup_db -= dest_face.cmrr ? dest_face.cmrr->value() : default_cmrr_db;
            noise += power_from_db(pickup_db);
        }
        // A shield joining two mains-earthed units closes a ground loop; only an unbalanced
        // receiver hears it, and an isolating link breaks it (F1.2, F1.3).
        if (source_device.power == power_kind::mains_earthed && dest_device.power == power_kind::mains_earthed &&
            dest_face.interface == interface_kind::unbalanced && !l.isolated)
            noise += power_from_db(ground_loop_dbu);
        g.link_noise[i] = static_cast<float>(noise);
        from.push_back(a);
        to.push_back(b);
        kinds.push_back(edge_kind::link);
        refs.push_back(static_cast<std::uint32_t>(i));
    }

    // Components, cycles and the topological numbering.
    const csr original = build_csr(node_count, from, to);
    const components parts = strongly_connected_components(original);
    g.cycles = find_cycles(original, parts, kinds, refs, from, to);
    const std::vector<std::uint32_t> number = topological_numbering(original, parts, set_at_soundcheck);

    // Per-node constants in the new numbering.
    g.node_slot.resize(node_count);
    g.side.resize(node_count);
    g.base_level.assign(node_count, 0.0);
    g.base_tag.assign(node_count, 0);
    g.own_noise.assign(node_count, 0.0F);
    g.receive_node.assign(slot_count, npos32);
    g.drive_node.assign(slot_count, npos32);
    const auto ein = static_cast<float>(power_from_db(preamp_ein_dbu));
    for (std::uint32_t device_index = 0; device_index < r.devices.size(); ++device_index) {
        const device& dev = r.devices[device_index];
        for (std::uint32_t slot = g.slot_base[device_index]; slot < g.slot_base[device_index + 1]; ++slot) {
            const port_ref ref{device_index, slot - g.slot_base[device_index]};
            if (receive[slot] != npos32) {
                const std::uint32_t v = number[receive[slot]];
                g.receive_node[slot] = v;
                g.node_slot[v] = slot;
                g.side[v] = node_side::receive;
                // A preamp (an input with a gain range) adds its equivalent input noise.
                if (face_at(slot, ref).gain) g.own_noise[v] = ein;
            }
            if (drive[slot] != npos32) {
                const std::uint32_t v = number[drive[slot]];
                g.drive_node[slot] = v;
                g.node_slot[v] = slot;
                g.side[v] = node_side::drive;
                if (!fed_by_path[drive[slot]]) {
                    // A source: an output no internal path feeds (docs/formats.md#gear). A microphone's
                    // sensitivity at the device's SPL overrides its nominal (F2.2).
                    const port_face& face = r.port_at(ref).face();
                    const level at = face.sensitivity ? microphone_output(*face.sensitivity, dev.spl) : face.nominal;
                    g.base_level[v] = power_from_db(at.dbu());
                    g.own_noise[v] = static_cast<float>(power_from_db(at.dbu() - source_dynamic_range_db));
                    g.base_tag[v] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(face.signal) + 1);
                }
            }
        }
    }
    for (std::size_t i = 0; i < link_count; ++i) {
        if (g.link_source_node[i] == npos32) continue;
        g.link_source_node[i] = number[g.link_source_node[i]];
        g.link_dest_node[i] = number[g.link_dest_node[i]];
    }

    // Forward edges, grouped by target (stable, so each node pulls its edges in rig order).
    std::vector<std::uint32_t> kept;
    kept.reserve(from.size());
    for (std::uint32_t e = 0; e < from.size(); ++e)
        if (number[from[e]] < number[to[e]]) kept.push_back(e);
    g.in_offsets.assign(static_cast<std::size_t>(node_count) + 1, 0);
    for (const std::uint32_t e : kept) ++g.in_offsets[number[to[e]] + 1];
    for (std::uint32_t v = 0; v < node_count; ++v) g.in_offsets[v + 1] += g.in_offsets[v];
    const std::size_t edge_count = kept.size();
    g.edge_source.resize(edge_count);
    g.edge_target.resize(edge_count);
    g.edge_noise.resize(edge_count);
    g.edge_kinds.resize(edge_count);
    g.edge_ref.resize(edge_count);
    g.initial_gain.resize(edge_count);
    std::vector<std::uint32_t> cursor(g.in_offsets.begin(), g.in_offsets.end() - 1);
    for (const std::uint32_t e : kept) {
        const std::uint32_t target = number[to[e]];
        const std::uint32_t at = cursor[target]++;
        g.edge_source[at] = number[from[e]];
        g.edge_target[at] = target;
        g.edge_kinds[at] = kinds[e];
        g.edge_ref[at] = refs[e];
        if (kinds[e] == edge_kind::link) {
            const link& l = links.links[refs[e]];
            g.edge_noise[at] = g.link_noise[refs[e]];
            if (l.polarity < 0) g.edge_source[at] |= inverts_polarity;
            g.initial_gain[at] = g.link_gain[refs[e]];
        } else if (kinds[e] == edge_kind::normalled) {
            g.edge_noise[at] = 0.0F;
            g.initial_gain[at] = 1.0;
        } else {
            g.paths[refs[e]].edge = at;
            g.edge_noise[at] = 0.0F;
        }
    }
    // Path gains in edge order, so the sweep reads the soundcheck rules sequentially.
    for (std::uint32_t at = 0; at < edge_count; ++at) {
        if (g.edge_kinds[at] != edge_kind::path) continue;
        const path_record& record = g.paths[g.edge_ref[at]];
        const device& dev = r.devices[record.device];
        const internal_path& path = r.gear_of(dev).paths[record.path];
        const std::uint32_t from_slot = g.slot_base[record.device] + static_cast<std::uint32_t>(path.from);
        const port_face& face = face_at(from_slot, port_ref{record.device, path.from});
        const path_gain pg = compute_path_gain(path, face, setting_of(dev, path.from));
        g.initial_gain[at] = pg.gain;
        if (pg.soundcheck) {
            g.initial_gain[at] = soundcheck_marker(g.initial_soundcheck_gains.size());
            g.initial_soundcheck_gains.push_back(*pg.soundcheck);
        }
    }

    // Edges leaving each node.
    g.out_offsets.assign(static_cast<std::size_t>(node_count) + 1, 0);
    for (std::size_t e = 0; e < edge_count; ++e) ++g.out_offsets[(g.edge_source[e] & source_bits) + 1];
    for (std::uint32_t v = 0; v < node_count; ++v) g.out_offsets[v + 1] += g.out_offsets[v];
    g.out_edges.resize(edge_count);
    std::copy(g.out_offsets.begin(), g.out_offsets.end() - 1, cursor.begin());
    for (std::uint32_t e = 0; e < edge_count; ++e) g.out_edges[cursor[g.edge_source[e] & source_bits]++] = e;
    return graph;
}

void propagate_all(const signal_graph& graph, const edge_values& edges, node_values& values) {
    const std::uint32_t n = graph.node_count;
    values.level.resize(n);
    values.noise.resize(n);
    values.tag.resize(n);
    const sweep_kernel kernel(graph, edges, values);
    for (std::uint32_t v = 0; v < n; ++v) kernel.store(v, kernel.compute(v));
}

link_signal link_signal_of(const signal_graph& graph, const rig& r, const link_analysis& links,
                           const node_values& values, std::size_t link_index) {
    const link& l = links.links[link_index];
    link_signal s;
    s.polarity = l.polarity < 0 ? -1 : 1;
    const port_face& source_face = r.port_at(l.source).face(l.source_face);
    if (const double c = graph.link_capacitance[link_index]; !std::isnan(c)) {
        s.cable_capacitance = capacitance(c);
        if (c > 0.0) {
            // 1/(2*pi*Zout*C), and 1/(2*pi*sqrt(L*C)) with a source inductance (F3.4).
            const impedance source_impedance = driving_impedance(r.port_at(l.source), source_face);
            if (source_impedance.value() > 0.0) s.treble_corner = rc_corner(source_impedance, capacitance(c));
            if (source_face.inductance && source_face.inductance->value() > 0.0)
                s.resonance = lc_resonance(*source_face.inductance, capacitance(c));
            // Extreme values (a femto-ohm source) would make them infinite: unknown instead.
            if (s.treble_corner && !std::isfinite(s.treble_corner->value())) s.treble_corner.reset();
            if (s.resonance && !std::isfinite(s.resonance->value())) s.resonance.reset();
        }
    }
    const std::uint32_t source = graph.link_source_node[link_index];
    if (source == npos32 || values.level[source] == 0.0) return s;
    const double gain = graph.link_gain[link_index];
    const double arriving = values.level[source] * gain;
    const double noise =
        values.noise[source] * gain + graph.link_noise[link_index] + graph.own_noise[graph.link_dest_node[link_index]];
    const port_face& dest_face = r.port_at(l.destination).face(l.destination_face);
    const auto arriving_level = level_of_power(arriving);
    if (!arriving_level) return s;
    s.level = *arriving_level;
    s.headroom = dest_face.max - *arriving_level;
    s.noise = level_of_power(noise);
    if (s.noise) s.snr = *arriving_level - *s.noise;
    s.polarity = polarity_of(values.tag[source]) * s.polarity;
    s.origin_signal = origin_of(values.tag[source]);
    return s;
}

} // namespace rigcheck::detail

namespace rigcheck {

using detail::npos32;

namespace {

std::uint32_t value_node(const detail::signal_graph& g, const rig& r, port_ref port) {
    if (port.device >= r.devices.size() || port.port >= r.gear_of(r.devices[port.device]).ports.size()) return npos32;
    const std::uint32_t slot = g.slot_of(port);
    return g.drive_node[slot] != npos32 ? g.drive_node[slot] : g.receive_node[slot];
}

template <class Value>
std::optional<level> level_at(const detail::node_values& values, std::uint32_t node, const std::vector<Value>& of) {
    if (node == npos32 || values.level[node] == 0.0) return std::nullopt;
    return detail::level_of_power(static_cast<double>(of[node]));
}

std::shared_ptr<analysed_rig::state> make_state(std::shared_ptr<const rigcheck::rig> r,
                                                std::shared_ptr<const link_analysis> links,
                                                std::shared_ptr<const detail::signal_graph> graph,
                                                const path_limits& limits) {
    auto st = std::make_shared<analysed_rig::state>();
    st->rig = std::move(r);
    st->links = std::move(links);
    st->graph = std::move(graph);
    st->limits = limits;
    return st;
}

void fill_signals(analysed_rig::state& st) {
    const auto& links = st.links->links;
    st.signals.resize(links.size());
    for (std::size_t i = 0; i < links.size(); ++i)
        st.signals[i] = detail::link_signal_of(*st.graph, *st.rig, *st.links, st.values, i);
}

} // namespace

analysed_rig::analysed_rig(std::shared_ptr<const state> s) : state_(std::move(s)) {}

const rigcheck::rig& analysed_rig::rig() const { return *state_->rig; }
const link_analysis& analysed_rig::links() const { return *state_->links; }
std::span<const link_signal> analysed_rig::signals() const { return state_->signals; }
std::span<const signal_cycle> analysed_rig::cycles() const { return state_->graph->cycles; }

std::optional<level> analysed_rig::port_level(port_ref port) const {
    const std::uint32_t node = value_node(*state_->graph, *state_->rig, port);
    return level_at(state_->values, node, state_->values.level);
}

std::optional<level> analysed_rig::port_noise(port_ref port) const {
    const std::uint32_t node = value_node(*state_->graph, *state_->rig, port);
    return level_at(state_->values, node, state_->values.noise);
}

std::span<const signal_path> analysed_rig::paths() const {
    std::call_once(state_->paths_once, [this] {
        state_->enumerated = detail::enumerate_paths(*state_->graph, *state_->rig, state_->limits);
    });
    return state_->enumerated.paths;
}

std::span<const std::size_t> analysed_rig::connections_with_ignores() const {
    return state_->connections_with_ignores();
}

bool analysed_rig::paths_truncated() const {
    (void)paths();
    return state_->enumerated.truncated;
}

std::shared_ptr<const analysed_rig> analyse(rigcheck::rig r, link_analysis links, const path_limits& limits) {
    auto rig_ptr = std::make_shared<const rigcheck::rig>(std::move(r));
    auto links_ptr = std::make_shared<const link_analysis>(std::move(links));
    auto graph = detail::compile_signal_graph(*rig_ptr, *links_ptr);
    auto st = make_state(std::move(rig_ptr), std::move(links_ptr), graph, limits);
    st->edges.gain = graph->initial_gain;
    st->edges.soundcheck_gains = graph->initial_soundcheck_gains;
    detail::propagate_all(*graph, st->edges, st->values);
    fill_signals(*st);
    return std::make_shared<const analysed_rig>(std::move(st));
}

std::shared_ptr<const analysed_rig> analyse(rigcheck::rig r, const path_limits& limits) {
    link_analysis links = trace_links(r);
    return analyse(std::move(r), std::move(links), limits);
}

struct analysis_session::impl {
    std::shared_ptr<const rigcheck::rig> rig;
    std::shared_ptr<const link_analysis> links;
    std::shared_ptr<const detail::signal_graph> graph;
    path_limits limits;
    detail::edge_values edges;
    detail::node_values values;
    /// Settings per port slot: the rig's, with this session's changes.
    std::vector<port_setting> settings;
    /// Ports whose settings changed since the rig was last shared with a snapshot.
    std::vector<port_ref> changed;
    std::vector<std::uint8_t> changed_flag; ///< per slot
    std::size_t last_update = 0;

    // The downstream cone: a min-heap of node numbers (topological order) and visit stamps.
    std::vector<std::uint32_t> heap;
    std::vector<std::uint32_t> stamp;
    std::uint32_t epoch = 0;

    const port& checked_port(port_ref ref, std::string_view what) const {
        if (ref.device >= rig->devices.size() || ref.port >= rig->gear_of(rig->devices[ref.device]).ports.size())
            throw std::invalid_argument(fmt::format("{}: no such port ({}, {})", what, ref.device, ref.port));
        const port& p = rig->port_at(ref);
        if (p.direction == port_direction::out)
            throw std::invalid_argument(
                fmt::format("{}: `{}` is an output; settings are keyed by input port", what, rig->port_name(ref)));
        return p;
    }

    void note_change(port_ref ref) {
        auto& flag = changed_flag[graph->slot_of(ref)];
        if (!flag) changed.push_back(ref);
        flag = 1;
    }

    /// Recomputes the gain of every path leaving the port, then the cone downstream of them.
    void reapply(port_ref ref) {
        const detail::signal_graph& g = *graph;
        const std::uint32_t slot = g.slot_of(ref);
        const device& dev = rig->devices[ref.device];
        const gear& gr = rig->gear_of(dev);
        const port_face& face = rig->port_at(ref).face(
            g.receive_face[slot] == 2 ? std::nullopt : std::optional(static_cast<combo_face>(g.receive_face[slot])));
        ++epoch;
        if (epoch == 0) { // the stamps wrapped around: start afresh
            std::fill(stamp.begin(), stamp.end(), 0);
            epoch = 1;
        }
        heap.clear();
        for (std::uint32_t i = g.device_path_base[ref.device]; i < g.device_path_base[ref.device + 1]; ++i) {
            const detail::path_record& record = g.paths[i];
            const internal_path& path = gr.paths[record.path];
            if (path.from != ref.port || record.edge == npos32) continue;
            const auto pg = detail::compute_path_gain(path, face, settings[slot]);
            const std::uint32_t e = record.edge;
            if (!pg.soundcheck) {
                edges.gain[e] = pg.gain;
            } else if (edges.gain[e] < 0.0) {
                edges.soundcheck_gains[detail::soundcheck_index(edges.gain[e])] = *pg.soundcheck;
            } else {
                edges.gain[e] = detail::soundcheck_marker(edges.soundcheck_gains.size());
                edges.soundcheck_gains.push_back(*pg.soundcheck);
            }
            push(g.edge_target[e]);
        }
        last_update = sweep_cone();
    }

    void push(std::uint32_t node) {
        if (stamp[node] == epoch) return;
        stamp[node] = epoch;
        heap.push_back(node);
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
    }

    /// Recomputes nodes in topological order, starting from the queued ones; a node whose value
    /// did not change does not queue its successors.
    std::size_t sweep_cone() {
        const detail::signal_graph& g = *graph;
        const detail::sweep_kernel kernel(g, edges, values);
        std::size_t recomputed = 0;
        while (!heap.empty()) {
            std::pop_heap(heap.begin(), heap.end(), std::greater<>());
            const std::uint32_t v = heap.back();
            heap.pop_back();
            ++recomputed;
            const detail::node_result r = kernel.compute(v);
            if (kernel.unchanged(v, r)) continue;
            kernel.store(v, r);
            for (std::uint32_t i = g.out_offsets[v]; i < g.out_offsets[v + 1]; ++i) push(g.edge_target[g.out_edges[i]]);
        }
        return recomputed;
    }
};

analysis_session::analysis_session(std::shared_ptr<const analysed_rig> base) : impl_(std::make_unique<impl>()) {
    const analysed_rig::state& st = detail::analysis_access::state(*base);
    impl_->rig = st.rig;
    impl_->links = st.links;
    impl_->graph = st.graph;
    impl_->limits = st.limits;
    impl_->edges = st.edges;
    impl_->values = st.values;
    const detail::signal_graph& g = *st.graph;
    impl_->settings.resize(g.slot_base.back());
    impl_->changed_flag.assign(g.slot_base.back(), 0);
    for (std::size_t d = 0; d < st.rig->devices.size(); ++d) {
        const auto& device_settings = st.rig->devices[d].settings;
        for (std::size_t p = 0; p < device_settings.size() && g.slot_base[d] + p < g.slot_base[d + 1]; ++p)
            impl_->settings[g.slot_base[d] + p] = device_settings[p];
    }
    impl_->stamp.assign(g.node_count, 0);
}

analysis_session::~analysis_session() = default;
analysis_session::analysis_session(analysis_session&&) noexcept = default;
analysis_session& analysis_session::operator=(analysis_session&&) noexcept = default;

void analysis_session::set_gain(port_ref input, gain value) {
    const port& p = impl_->checked_port(input, "set_gain");
    static constexpr combo_face both_faces[] = {combo_face::xlr, combo_face::jack};
    // As in the rig file: a combo's gain may lie in either face's range (docs/formats.md#rigs).
    bool has_range = false;
    bool in_range = false;
    if (p.is_combo()) {
        for (const combo_face f : both_faces) {
            if (const auto& range = p.face(f).gain) {
                has_range = true;
                in_range = in_range || range->contains(value);
            }
        }
    } else if (const auto& range = p.face().gain) {
        has_range = true;
        in_range = range->contains(value);
    }
    if (!has_range)
        throw std::invalid_argument(
            fmt::format("`{}` has no gain control (no `gain` range)", impl_->rig->port_name(input)));
    if (!in_range)
        throw std::invalid_argument(
            fmt::format("gain {} dB is outside the range of `{}`", value.value(), impl_->rig->port_name(input)));
    impl_->settings[impl_->graph->slot_of(input)].gain = value;
    impl_->note_change(input);
    impl_->reapply(input);
}

void analysis_session::set_pad(port_ref input, bool engaged) {
    const port& p = impl_->checked_port(input, "set_pad");
    const bool has_pad =
        p.is_combo() ? (p.face(combo_face::xlr).pad || p.face(combo_face::jack).pad) : p.face().pad.has_value();
    if (engaged && !has_pad) throw std::invalid_argument(fmt::format("`{}` has no pad", impl_->rig->port_name(input)));
    impl_->settings[impl_->graph->slot_of(input)].pad_engaged = engaged;
    impl_->note_change(input);
    impl_->reapply(input);
}

void analysis_session::set_phantom(port_ref input, bool on) {
    const port& p = impl_->checked_port(input, "set_phantom");
    if (on && !p.phantom)
        throw std::invalid_argument(fmt::format("`{}` cannot supply phantom power", impl_->rig->port_name(input)));
    impl_->settings[impl_->graph->slot_of(input)].phantom_on = on;
    impl_->note_change(input);
    impl_->last_update = 0; // phantom power does not change a level
}

void analysis_session::recompute_all() {
    detail::propagate_all(*impl_->graph, impl_->edges, impl_->values);
    impl_->last_update = impl_->graph->node_count;
}

std::optional<level> analysis_session::port_level(port_ref port) const {
    const std::uint32_t node = value_node(*impl_->graph, *impl_->rig, port);
    return level_at(impl_->values, node, impl_->values.level);
}

std::optional<level> analysis_session::port_noise(port_ref port) const {
    const std::uint32_t node = value_node(*impl_->graph, *impl_->rig, port);
    return level_at(impl_->values, node, impl_->values.noise);
}

link_signal analysis_session::signal(std::size_t link_index) const {
    if (link_index >= impl_->links->links.size())
        throw std::out_of_range(fmt::format("no link {} (the rig has {})", link_index, impl_->links->links.size()));
    return detail::link_signal_of(*impl_->graph, *impl_->rig, *impl_->links, impl_->values, link_index);
}

std::size_t analysis_session::last_update_size() const { return impl_->last_update; }

std::shared_ptr<const analysed_rig> analysis_session::snapshot() {
    impl& self = *impl_;
    if (!self.changed.empty()) {
        // The snapshot and the session share this rig until the next change.
        auto updated = std::make_shared<rigcheck::rig>(*self.rig);
        for (const port_ref ref : self.changed)
            updated->devices[ref.device].settings.at(ref.port) = self.settings[self.graph->slot_of(ref)];
        self.rig = std::move(updated);
        for (const port_ref ref : self.changed) self.changed_flag[self.graph->slot_of(ref)] = 0;
        self.changed.clear();
    }
    auto st = make_state(self.rig, self.links, self.graph, self.limits);
    st->edges = self.edges;
    st->values = self.values;
    fill_signals(*st);
    return std::make_shared<const analysed_rig>(std::move(st));
}

} // namespace rigcheck
