// Contact-level link tracing (docs/analysis.md). For each connection this file builds a small electrical
// graph whose nodes are the contacts of the ports involved, the contacts of every cable end, and
// one hub per cable net or shield; its edges are the touches of each mating (0 ohm), each net
// member's join to its hub (0 ohm, or the member's series resistor), and each shield bond (0 ohm).
// Shortest-resistance searches over that graph answer every question the classification asks:
// does a source leg reach a destination's signal contact, is it tied to ground directly or only
// through a resistor, where does a grounded cold meet ground. Signal direction comes from the
// port directions, never from the order a connection was written in; an `insert` port is both a
// source (its send) and a destination (its return). The kinds are tested in the order of docs/analysis.md,
// first match wins, so the seed's hazards (a cold leg grounded by a TS sleeve, F1.5; a pin-3-hot
// source, F4.2; a stereo plug into a mono input) each land in exactly one kind.
#include <rigcheck/analysis/link.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <unordered_map>
#include <utility>

namespace rigcheck {

namespace {

/// The resistance between two nodes that no path joins.
constexpr double no_path = std::numeric_limits<double>::infinity();

using node_id = std::size_t;
using node_set = std::vector<node_id>;

enum class node_kind : std::uint8_t { port_contact, cable_contact, net_hub, shield_hub };

struct node_info {
    node_kind kind = node_kind::port_contact;
    std::size_t owner = 0;      ///< port slot for port contacts, chain position for cable nodes
    std::uint8_t cable_end = 0; ///< for cable contacts
    contact_index contact = 0;  ///< for port and cable contacts
    std::size_t net = 0;        ///< for net hubs: index into the cable's wiring
};

struct graph_edge {
    node_id to = 0;
    double ohms = 0.0;
};

/// The connection's contacts and conductors. Tiny (tens of nodes), so plain Dijkstra suffices.
class contact_graph {
public:
    node_id add(node_info info) {
        nodes_.push_back(info);
        adjacency_.emplace_back();
        ground_conductor_.push_back(false);
        return nodes_.size() - 1;
    }

    void join(node_id a, node_id b, double ohms) {
        adjacency_[a].push_back({b, ohms});
        adjacency_[b].push_back({a, ohms});
    }

    [[nodiscard]] const node_info& info(node_id node) const { return nodes_[node]; }
    [[nodiscard]] std::size_t size() const { return nodes_.size(); }
    [[nodiscard]] const std::vector<graph_edge>& edges_of(node_id node) const { return adjacency_[node]; }

    /// Marks a node as part of a ground conductor: signal searches do not pass through it.
    void mark_ground_conductor(node_id node) { ground_conductor_[node] = true; }
    [[nodiscard]] bool is_ground_conductor(node_id node) const { return ground_conductor_[node]; }

    /// The least resistance from any node of `from` to every node (multi-source Dijkstra). With
    /// `signal_only`, paths do not run through ground conductors.
    [[nodiscard]] std::vector<double> resistances_from(const node_set& from, bool signal_only = false) const {
        std::vector<double> best(nodes_.size(), no_path);
        using entry = std::pair<double, node_id>;
        std::priority_queue<entry, std::vector<entry>, std::greater<>> queue;
        for (const auto node : from) {
            best[node] = 0.0;
            queue.push({0.0, node});
        }
        while (!queue.empty()) {
            const auto [ohms, node] = queue.top();
            queue.pop();
            if (ohms > best[node]) {
                continue;
            }
            for (const auto& edge : adjacency_[node]) {
                if (signal_only && ground_conductor_[edge.to]) {
                    continue;
                }
                const double through = ohms + edge.ohms;
                if (through < best[edge.to]) {
                    best[edge.to] = through;
                    queue.push({through, edge.to});
                }
            }
        }
        return best;
    }

    /// The least resistance between any node of `a` and any node of `b` over every conductor;
    /// `no_path` when either is empty.
    [[nodiscard]] double resistance(const node_set& a, const node_set& b) const { return least(a, b, false); }

    /// The least resistance over which a signal travels from `a` to `b`. A signal does not travel
    /// along ground: a cold leg bridged to the sleeve does not "reach" the far end's cold through
    /// the shield, so only paths that avoid ground conductors count.
    [[nodiscard]] double signal_resistance(const node_set& a, const node_set& b) const { return least(a, b, true); }

private:
    [[nodiscard]] double least(const node_set& a, const node_set& b, bool signal_only) const {
        if (a.empty() || b.empty()) {
            return no_path;
        }
        const auto best = resistances_from(a, signal_only);
        double result = no_path;
        for (const auto node : b) {
            result = std::min(result, best[node]);
        }
        return result;
    }

    std::vector<node_info> nodes_;
    std::vector<std::vector<graph_edge>> adjacency_;
    std::vector<bool> ground_conductor_;
};

bool joined(double ohms) { return ohms != no_path; }

/// One port of the connection and the junction where a cable end plugs into it.
struct port_slot {
    port_ref ref;
    const port* target = nullptr;
    std::size_t chain_position = 0; ///< the cable it plugs into
    std::uint8_t cable_end = 0;     ///< that cable's end
    std::optional<combo_face> face; ///< selected by the mating plug on a combo socket
    bool mated = true;
    std::string failure; ///< why the junction does not mate
    node_id first_contact = 0;
    std::size_t contact_count = 0;
};

struct traced_connection {
    const rig* owner = nullptr;
    const connection* conn = nullptr;
    contact_graph graph;
    std::vector<port_slot> slots;                            ///< one per connection end, in the same order
    std::vector<std::vector<node_id>> first_contact_of_end;  ///< [chain position][cable end]
    std::vector<std::string> chain_failures;                 ///< cable-to-cable junctions that do not mate
    std::vector<std::pair<node_id, node_id>> mating_touches; ///< every touch, for locating grounds
};

const cable& cable_at(const traced_connection& t, std::size_t position) {
    return t.owner->cables[t.conn->chain[position]];
}

/// Connects two connectors' contacts as they touch. When the connectors do not mate the contacts
/// of the same name are joined instead, only so that the connection's intended pairs can still be
/// found; every link through such a junction is reported `unmated` and nothing else is derived.
std::optional<mating> touch(traced_connection& t, connector first, node_id first_base, connector second,
                            node_id second_base) {
    auto result = mate(first, second);
    if (result) {
        for (const auto& pair : result->touches) {
            const node_id a = first_base + pair.first;
            const node_id b = second_base + pair.second;
            t.graph.join(a, b, 0.0);
            t.mating_touches.emplace_back(a, b);
        }
        return result;
    }
    const auto first_names = contact_names(first.type);
    const auto second_names = contact_names(second.type);
    for (std::size_t i = 0; i < first_names.size(); ++i) {
        for (std::size_t j = 0; j < second_names.size(); ++j) {
            if (first_names[i] == second_names[j]) {
                t.graph.join(first_base + i, second_base + j, 0.0);
            }
        }
    }
    return std::nullopt;
}

traced_connection trace(const rig& r, const connection& conn) {
    traced_connection t;
    t.owner = &r;
    t.conn = &conn;

    // Cable contacts, net hubs (a series resistor sits between its contact and the hub) and
    // shield hubs, for every cable of the chain.
    t.first_contact_of_end.resize(conn.chain.size());
    for (std::size_t position = 0; position < conn.chain.size(); ++position) {
        const cable& c = cable_at(t, position);
        for (std::size_t end = 0; end < c.ends.size(); ++end) {
            t.first_contact_of_end[position].push_back(t.graph.size());
            const auto count = contact_names(c.ends[end].connector.type).size();
            for (std::size_t contact = 0; contact < count; ++contact) {
                t.graph.add({node_kind::cable_contact, position, static_cast<std::uint8_t>(end),
                             static_cast<contact_index>(contact), 0});
            }
        }
        const auto node_of = [&](cable_contact member) -> std::optional<node_id> {
            if (member.end >= c.ends.size() ||
                member.contact >= contact_names(c.ends[member.end].connector.type).size()) {
                return std::nullopt;
            }
            return t.first_contact_of_end[position][member.end] + member.contact;
        };
        for (std::size_t net = 0; net < c.wiring.size(); ++net) {
            const node_id hub = t.graph.add({node_kind::net_hub, position, 0, 0, net});
            for (const auto member : c.wiring[net]) {
                if (const auto node = node_of(member)) {
                    t.graph.join(*node, hub, c.series_at(member).value());
                }
            }
        }
        if (!c.shield.empty()) {
            const node_id hub = t.graph.add({node_kind::shield_hub, position, 0, 0, 0});
            for (const auto member : c.shield) {
                if (const auto node = node_of(member)) {
                    t.graph.join(*node, hub, 0.0);
                }
            }
        }
    }

    // Between cables of a chain, cable i's end 1 mates with cable i+1's end 0 (docs/formats.md#cables-and-adapters).
    for (std::size_t position = 0; position + 1 < conn.chain.size(); ++position) {
        const cable& near = cable_at(t, position);
        const cable& next = cable_at(t, position + 1);
        if (near.ends.size() < 2 || next.ends.empty()) {
            t.chain_failures.push_back(fmt::format("cable `{}` has no end to join to cable `{}`", near.id, next.id));
            continue;
        }
        if (!touch(t, near.ends[1].connector, t.first_contact_of_end[position][1], next.ends[0].connector,
                   t.first_contact_of_end[position + 1][0])) {
            t.chain_failures.push_back(
                fmt::format("end `{}` of cable `{}` ({}) does not mate with end `{}` of cable `{}` ({}): {}",
                            near.ends[1].name, near.id, to_string(near.ends[1].connector), next.ends[0].name, next.id,
                            to_string(next.ends[0].connector),
                            mating_failure_reason(near.ends[1].connector, next.ends[0].connector)));
        }
    }

    // The ports: the first end plugs into the chain's first cable, the others into its last.
    for (std::size_t index = 0; index < conn.ends.size(); ++index) {
        const auto& end = conn.ends[index];
        port_slot slot;
        slot.ref = end.port;
        slot.target = &r.port_at(end.port);
        slot.chain_position = index == 0 ? 0 : conn.chain.size() - 1;
        slot.cable_end = end.cable_end;
        slot.first_contact = t.graph.size();
        slot.contact_count = contact_names(slot.target->connector.type).size();
        for (std::size_t contact = 0; contact < slot.contact_count; ++contact) {
            t.graph.add({node_kind::port_contact, index, 0, static_cast<contact_index>(contact), 0});
        }
        const cable& c = cable_at(t, slot.chain_position);
        if (end.cable_end >= c.ends.size()) {
            slot.mated = false;
            slot.failure = fmt::format("cable `{}` has no end number {}", c.id, end.cable_end + 1);
        } else {
            const cable_end& plug = c.ends[end.cable_end];
            const auto mated = touch(t, slot.target->connector, slot.first_contact, plug.connector,
                                     t.first_contact_of_end[slot.chain_position][end.cable_end]);
            if (mated) {
                slot.face = mated->face;
            } else {
                slot.mated = false;
                slot.failure =
                    fmt::format("end `{}` of cable `{}` ({}) does not mate with `{}` ({}): {}", plug.name, c.id,
                                to_string(plug.connector), r.port_name(end.port), to_string(slot.target->connector),
                                mating_failure_reason(plug.connector, slot.target->connector));
            }
        }
        t.slots.push_back(std::move(slot));
    }
    return t;
}

// ---------------------------------------------------------------------------------------------
// Roles: what each port contact carries, through the face the mating selected.

const port_face& face_of(const port_slot& slot) { return slot.target->face(slot.face); }

signal_role role_at(const port_slot& slot, contact_index contact) {
    const auto& roles = face_of(slot).pinout.roles;
    // A combo's contacts list the XLR face, then the jack face; only the selected face's
    // contacts carry its pinout (docs/formats.md#connectors-and-mating, #gear).
    const std::size_t offset = slot.target->is_combo() ? face_contact_offset(slot.face.value_or(combo_face::xlr)) : 0;
    if (contact < offset || contact - offset >= roles.size()) {
        return {};
    }
    return roles[contact - offset];
}

/// The slot's contacts with one of these roles; channel prefixes are ignored, so a multi-channel
/// port is traced as one bundle of hots, colds and grounds.
node_set contacts_with(const port_slot& slot, std::initializer_list<signal_role_kind> kinds) {
    node_set found;
    for (std::size_t contact = 0; contact < slot.contact_count; ++contact) {
        const auto role = role_at(slot, static_cast<contact_index>(contact));
        if (std::find(kinds.begin(), kinds.end(), role.kind) != kinds.end()) {
            found.push_back(slot.first_contact + contact);
        }
    }
    return found;
}

/// Marks every ground contact of the connection's ports, and every plug or socket contact that
/// touches one, as ground conductors for signal searches.
void mark_ground_conductors(traced_connection& t) {
    for (const auto& slot : t.slots) {
        for (const auto node : contacts_with(slot, {signal_role_kind::ground})) {
            t.graph.mark_ground_conductor(node);
        }
    }
    for (const auto& [a, b] : t.mating_touches) {
        const bool a_ground = t.graph.info(a).kind == node_kind::port_contact && t.graph.is_ground_conductor(a);
        const bool b_ground = t.graph.info(b).kind == node_kind::port_contact && t.graph.is_ground_conductor(b);
        if (a_ground) t.graph.mark_ground_conductor(b);
        if (b_ground) t.graph.mark_ground_conductor(a);
    }
}

bool can_drive(port_direction direction) { return direction != port_direction::in; }
bool can_receive(port_direction direction) { return direction != port_direction::out; }

enum class source_shape : std::uint8_t { single_leg, balanced_pair, stereo_pair };

/// A port seen as the driving end of a link (docs/analysis.md "signal legs").
struct source_view {
    source_shape shape = source_shape::single_leg;
    node_set first_leg;  ///< hot, or left, or an insert's send
    node_set second_leg; ///< cold, or right; empty for a single leg
    node_set ground;
    interface_kind interface = interface_kind::unbalanced;

    [[nodiscard]] std::vector<const node_set*> legs() const {
        if (second_leg.empty()) {
            return {&first_leg};
        }
        return {&first_leg, &second_leg};
    }
};

source_view view_as_source(const port_slot& slot) {
    source_view view;
    const auto& face = face_of(slot);
    view.interface = face.interface;
    view.ground = contacts_with(slot, {signal_role_kind::ground});
    if (slot.target->direction == port_direction::insert) {
        // An insert drives its send alone (F4.5).
        view.first_leg = contacts_with(slot, {signal_role_kind::send});
        return view;
    }
    if (face.pinout.is_stereo()) {
        view.shape = source_shape::stereo_pair;
        view.first_leg = contacts_with(slot, {signal_role_kind::left});
        view.second_leg = contacts_with(slot, {signal_role_kind::right});
        return view;
    }
    view.first_leg = contacts_with(slot, {signal_role_kind::hot});
    if (is_balanced_family(face.interface)) {
        view.second_leg = contacts_with(slot, {signal_role_kind::cold});
        if (!view.second_leg.empty()) {
            view.shape = source_shape::balanced_pair;
        }
    }
    return view;
}

/// A port seen as the receiving end of a link.
struct destination_view {
    node_set main; ///< hot, or left and right, or an insert's return
    node_set cold; ///< a balanced-family input's cold; empty otherwise
    node_set ground;
    bool stereo = false;

    [[nodiscard]] bool balanced_input() const { return !cold.empty(); }
    [[nodiscard]] node_set signal() const {
        node_set all = main;
        all.insert(all.end(), cold.begin(), cold.end());
        return all;
    }
};

destination_view view_as_destination(const port_slot& slot) {
    destination_view view;
    const auto& face = face_of(slot);
    view.ground = contacts_with(slot, {signal_role_kind::ground});
    if (slot.target->direction == port_direction::insert) {
        view.main = contacts_with(slot, {signal_role_kind::return_});
        return view;
    }
    if (face.pinout.is_stereo()) {
        view.stereo = true;
        view.main = contacts_with(slot, {signal_role_kind::left, signal_role_kind::right});
        return view;
    }
    view.main = contacts_with(slot, {signal_role_kind::hot});
    if (is_balanced_family(face.interface)) {
        view.cold = contacts_with(slot, {signal_role_kind::cold});
    }
    return view;
}

bool source_reaches(const contact_graph& graph, const source_view& source, const node_set& targets) {
    const auto legs = source.legs();
    return std::any_of(legs.begin(), legs.end(),
                       [&](const node_set* leg) { return joined(graph.signal_resistance(*leg, targets)); });
}

node_set merged(const node_set& a, const node_set& b) {
    node_set all = a;
    all.insert(all.end(), b.begin(), b.end());
    return all;
}

// ---------------------------------------------------------------------------------------------
// Where a grounded cold meets ground (docs/analysis.md `cold_grounded_at`; F1.7: a servo output's cold
// may be grounded at the source end, not at the far end).

/// The locations that count as "at the source": the source socket, the cable end plugged into
/// it, and the nets and shield of that cable that hold a contact touching the source's ground.
class site_locator {
public:
    site_locator(const traced_connection& t, std::size_t source_slot, const node_set& source_ground)
        : t_(t), slot_(t.slots[source_slot]), source_slot_(source_slot) {
        if (!slot_.mated) {
            return;
        }
        const auto is_source_ground = [&](node_id node) {
            return std::find(source_ground.begin(), source_ground.end(), node) != source_ground.end();
        };
        for (const auto& [a, b] : t.mating_touches) {
            if (is_source_ground(a)) grounded_plug_contacts_.push_back(b);
            if (is_source_ground(b)) grounded_plug_contacts_.push_back(a);
        }
    }

    [[nodiscard]] ground_site site_of(node_id node) const {
        const auto& info = t_.graph.info(node);
        switch (info.kind) {
            case node_kind::port_contact:
                return info.owner == source_slot_ ? ground_site::source : ground_site::far;
            case node_kind::cable_contact:
                return info.owner == slot_.chain_position && info.cable_end == slot_.cable_end ? ground_site::source
                                                                                               : ground_site::far;
            case node_kind::net_hub:
            case node_kind::shield_hub:
                return holds_source_ground(node) ? ground_site::source : ground_site::far;
        }
        return ground_site::far;
    }

private:
    [[nodiscard]] bool holds_source_ground(node_id hub) const {
        if (t_.graph.info(hub).owner != slot_.chain_position) {
            return false;
        }
        // A hub's neighbours are exactly its members.
        const auto& edges = t_.graph.edges_of(hub);
        return std::any_of(edges.begin(), edges.end(), [&](const graph_edge& edge) {
            return std::find(grounded_plug_contacts_.begin(), grounded_plug_contacts_.end(), edge.to) !=
                   grounded_plug_contacts_.end();
        });
    }

    const traced_connection& t_;
    const port_slot& slot_;
    std::size_t source_slot_;
    node_set grounded_plug_contacts_; ///< source-side cable contacts that touch a source ground contact
};

/// Whether `from` reaches a ground contact over 0-ohm conductors without passing `blocked`.
bool reaches_ground_avoiding(const contact_graph& graph, node_id from, const std::vector<bool>& is_ground,
                             std::vector<bool> blocked) {
    std::vector<node_id> stack{from};
    blocked[from] = true;
    while (!stack.empty()) {
        const node_id node = stack.back();
        stack.pop_back();
        for (const auto& edge : graph.edges_of(node)) {
            if (edge.ohms != 0.0 || blocked[edge.to]) {
                continue;
            }
            if (is_ground[edge.to]) {
                return true;
            }
            blocked[edge.to] = true;
            stack.push_back(edge.to);
        }
    }
    return false;
}

/// Follows the cold conductor from `cold` towards the nearest ground contact and finds the node
/// where a separate ground conductor joins it: a solder bridge in a cable net, or a plug contact
/// spanning two socket contacts (a TS sleeve across ring and sleeve, docs/formats.md#connectors-and-mating).
ground_site grounding_site(const contact_graph& graph, const node_set& cold, const node_set& ground,
                           const site_locator& locator) {
    std::vector<bool> is_ground(graph.size(), false);
    for (const auto node : ground) {
        is_ground[node] = true;
    }
    std::vector<std::optional<node_id>> parent(graph.size());
    std::vector<bool> seen(graph.size(), false);
    std::queue<node_id> queue;
    for (const auto node : cold) {
        seen[node] = true;
        queue.push(node);
    }
    std::optional<node_id> reached;
    while (!queue.empty() && !reached) {
        const node_id node = queue.front();
        queue.pop();
        for (const auto& edge : graph.edges_of(node)) {
            if (edge.ohms != 0.0 || seen[edge.to]) {
                continue;
            }
            seen[edge.to] = true;
            parent[edge.to] = node;
            if (is_ground[edge.to]) {
                reached = edge.to;
                break;
            }
            queue.push(edge.to);
        }
    }
    if (!reached) {
        return ground_site::far; // unreachable while the caller only asks for a grounded cold
    }
    std::vector<node_id> path{*reached};
    while (parent[path.back()]) {
        path.push_back(*parent[path.back()]);
    }
    std::reverse(path.begin(), path.end()); // cold contact first, ground contact last
    for (std::size_t i = 1; i + 1 < path.size(); ++i) {
        std::vector<bool> blocked(graph.size(), false);
        for (std::size_t j = 0; j < i; ++j) {
            blocked[path[j]] = true;
        }
        for (const auto node : cold) {
            blocked[node] = true;
        }
        blocked[path[i + 1]] = true;
        if (reaches_ground_avoiding(graph, path[i], is_ground, std::move(blocked))) {
            return locator.site_of(path[i]);
        }
    }
    // A single unbranched conductor: it meets ground where the ground contact is.
    return locator.site_of(path.back());
}

// ---------------------------------------------------------------------------------------------
// Classification (docs/analysis.md, first match wins).

/// Cables are conductors in this model, so a cable never isolates; transformer isolation lives
/// on device internal paths (`internal_path::isolation`), which path analysis follows. A cable
/// kind with a built-in transformer would be recognised here.
bool chain_isolates(const traced_connection&) { return false; }

cold_state state_to_ground(double ohms) {
    if (ohms == 0.0) {
        return cold_state::grounded;
    }
    return joined(ohms) ? cold_state::resistive : cold_state::open;
}

/// The links of one connection share these facts about the connection as a whole.
struct pairing_context {
    /// Destination-capable slots of the connection, for telling a breakout from a dropped channel.
    std::vector<std::size_t> receivers;
};

link classify(const traced_connection& t, std::size_t connection_index, std::size_t source_slot,
              std::size_t destination_slot, const pairing_context& context) {
    const auto& graph = t.graph;
    const port_slot& from = t.slots[source_slot];
    const port_slot& to = t.slots[destination_slot];

    link result;
    result.connection = connection_index;
    result.source = from.ref;
    result.destination = to.ref;
    if (from.target->is_combo()) result.source_face = from.face;
    if (to.target->is_combo()) result.destination_face = to.face;

    std::vector<std::string> failures;
    if (!from.mated) failures.push_back(from.failure);
    failures.insert(failures.end(), t.chain_failures.begin(), t.chain_failures.end());
    if (!to.mated) failures.push_back(to.failure);
    if (!failures.empty()) {
        result.kind = link_kind::unmated;
        result.mated = false;
        for (const auto& failure : failures) {
            result.unmated_reason += (result.unmated_reason.empty() ? "" : "; ") + failure;
        }
        return result;
    }
    result.isolated = chain_isolates(t);

    const source_view source = view_as_source(from);
    const destination_view destination = view_as_destination(to);
    const node_set destination_signal = destination.signal();
    const node_set ground = merged(source.ground, destination.ground);

    if (!source_reaches(graph, source, destination_signal)) {
        result.kind = link_kind::no_signal;
        return result;
    }

    // A single driven leg is shorted when it is tied straight to ground; a pair (balanced or
    // stereo) only when both legs are, or when the legs are tied to each other. One grounded
    // leg of a pair is the unbalancing case of F1.5, not a short, and a series resistor (the
    // seed's adapter) limits the current, so resistive ties are not shorts either.
    const double first_to_ground = graph.resistance(source.first_leg, ground);
    if (source.second_leg.empty()) {
        if (first_to_ground == 0.0) {
            result.kind = link_kind::shorted;
            return result;
        }
    } else {
        const double second_to_ground = graph.resistance(source.second_leg, ground);
        if ((first_to_ground == 0.0 && second_to_ground == 0.0) ||
            graph.resistance(source.first_leg, source.second_leg) == 0.0) {
            result.kind = link_kind::shorted;
            return result;
        }
    }

    // The driven leg: whichever source leg reaches the destination's hot (its main signal
    // contacts), the lower resistance winning; failing that, whichever reaches its cold.
    const auto legs = source.legs();
    const node_set* driven = nullptr;
    const node_set* arrives_at = nullptr;
    double driven_ohms = no_path;
    for (const node_set* target : {&destination.main, &destination.cold}) {
        for (const node_set* leg : legs) {
            const double ohms = graph.signal_resistance(*leg, *target);
            if (ohms < driven_ohms) {
                driven_ohms = ohms;
                driven = leg;
                arrives_at = target;
            }
        }
        if (driven) {
            break;
        }
    }
    result.series_resistance = impedance(driven_ohms);

    if (source.shape == source_shape::stereo_pair && !destination.stereo) {
        // A mono input that receives both channels sums them (as L-R on a balanced input); one
        // that receives a single channel drops the other, unless another input of the same
        // connection takes it (a breakout such as `trs-3.5-to-2rca`).
        const bool receives_both = joined(graph.signal_resistance(source.first_leg, destination_signal)) &&
                                   joined(graph.signal_resistance(source.second_leg, destination_signal));
        const bool every_leg_delivered = std::all_of(legs.begin(), legs.end(), [&](const node_set* leg) {
            return std::any_of(context.receivers.begin(), context.receivers.end(), [&](std::size_t receiver) {
                return receiver != source_slot &&
                       joined(graph.signal_resistance(*leg, view_as_destination(t.slots[receiver]).signal()));
            });
        });
        if (receives_both || !every_leg_delivered) {
            result.kind = link_kind::stereo_to_mono;
            return result;
        }
    }

    const bool source_leg_inverted = source.shape == source_shape::balanced_pair && driven == &source.second_leg;
    const bool destination_leg_inverted = arrives_at == &destination.cold;
    result.polarity = source_leg_inverted != destination_leg_inverted ? -1 : 1;
    const node_set* destination_other = destination_leg_inverted ? &destination.main : &destination.cold;

    const site_locator locator(t, source_slot, source.ground);
    const auto locate_if_grounded = [&](const node_set& cold) {
        if (result.cold == cold_state::grounded) {
            result.cold_grounded_at = grounding_site(graph, cold, ground, locator);
        }
    };

    if (source.shape == source_shape::balanced_pair) {
        const node_set& cold_leg = driven == &source.first_leg ? source.second_leg : source.first_leg;
        const double cold_to_ground = graph.resistance(cold_leg, ground);
        const bool cold_carried = destination.balanced_input() &&
                                  joined(graph.signal_resistance(cold_leg, *destination_other)) &&
                                  !joined(cold_to_ground);
        const bool grounds_joined = source.ground.empty() || destination.ground.empty() ||
                                    joined(graph.resistance(source.ground, destination.ground));
        const bool driven_floating = !joined(graph.resistance(*driven, ground));
        if (cold_carried && grounds_joined && driven_floating) {
            result.kind = link_kind::balanced;
            result.cold = cold_state::driven;
            return result;
        }
        // The pair is broken by the cable, or the input is unbalanced: the link's cold is the
        // source's other leg (F1.5). A cold that still reaches the input's cold ungrounded is
        // driven even though the link fails the `balanced` test on its grounds.
        result.kind = link_kind::balanced_to_unbalanced;
        result.cold = cold_carried ? cold_state::driven : state_to_ground(cold_to_ground);
        // An active differential output driven through one leg alone loses 6.02 dB (F2.6);
        // transformer, servo and impedance-balanced outputs keep their level (F1.7, F1.8).
        result.single_ended_active_drive =
            source.interface == interface_kind::balanced && result.cold != cold_state::driven;
        locate_if_grounded(cold_leg);
        return result;
    }

    if (destination.balanced_input()) {
        // F1.6: the destination's other leg should be tied to the source ground.
        result.kind = link_kind::unbalanced_to_balanced;
        result.cold = state_to_ground(graph.resistance(*destination_other, ground));
        locate_if_grounded(*destination_other);
        return result;
    }
    result.kind = link_kind::unbalanced;
    return result;
}

void add_link(link_analysis& into, std::size_t connection_index, link made) {
    into.links_of_connection[connection_index].push_back(into.links.size());
    into.links.push_back(std::move(made));
}

/// Whether the source slot's legs reach the destination slot's signal contacts.
bool feeds(const traced_connection& t, std::size_t source_slot, std::size_t destination_slot) {
    return source_reaches(t.graph, view_as_source(t.slots[source_slot]),
                          view_as_destination(t.slots[destination_slot]).signal());
}

/// A connection of two ports: its single output -> input pair, chosen by direction alone.
void pair_two_ports(const traced_connection& t, std::size_t connection_index, const pairing_context& context,
                    link_analysis& into) {
    const auto first = t.slots[0].target->direction;
    const auto second = t.slots[1].target->direction;
    if ((first == port_direction::out && second == port_direction::out) ||
        (first == port_direction::in && second == port_direction::in)) {
        into.conflicts.push_back({connection_index, t.slots[0].ref, t.slots[1].ref});
        return;
    }
    std::size_t source = 0;
    if (first == port_direction::insert && second == port_direction::insert) {
        // Two inserts: the direction whose send actually reaches the other's return; the written
        // order decides when both or neither do.
        source = (!feeds(t, 0, 1) && feeds(t, 1, 0)) ? 1 : 0;
    } else if (first == port_direction::in || second == port_direction::out) {
        source = 1;
    }
    add_link(into, connection_index, classify(t, connection_index, source, 1 - source, context));
}

/// A multi-end connection: one link per (source, destination) pair whose signal contacts are
/// joined (docs/formats.md#rigs), and a conflict for outputs driving each other or inputs fed by nothing but
/// each other.
void pair_many_ports(const traced_connection& t, std::size_t connection_index, const pairing_context& context,
                     link_analysis& into) {
    const auto count = t.slots.size();
    std::vector<bool> fed(count, false);
    std::vector<bool> linked(count, false);
    for (std::size_t source = 0; source < count; ++source) {
        if (!can_drive(t.slots[source].target->direction)) continue;
        for (std::size_t destination = 0; destination < count; ++destination) {
            if (destination == source || !can_receive(t.slots[destination].target->direction)) continue;
            if (!feeds(t, source, destination)) continue;
            add_link(into, connection_index, classify(t, connection_index, source, destination, context));
            fed[destination] = linked[source] = linked[destination] = true;
        }
    }
    // A port whose junction does not mate may have been cut off from its partners: pair it with
    // the first port of the opposite direction so the mismatch is still reported on a link.
    for (std::size_t index = 0; index < count; ++index) {
        if (t.slots[index].mated || linked[index]) continue;
        for (std::size_t other = 0; other < count; ++other) {
            if (other == index) continue;
            const auto direction = t.slots[index].target->direction;
            const auto other_direction = t.slots[other].target->direction;
            if (can_drive(direction) && can_receive(other_direction)) {
                add_link(into, connection_index, classify(t, connection_index, index, other, context));
            } else if (can_receive(direction) && can_drive(other_direction)) {
                add_link(into, connection_index, classify(t, connection_index, other, index, context));
            } else {
                continue;
            }
            linked[index] = linked[other] = true;
            break;
        }
    }
    for (std::size_t a = 0; a < count; ++a) {
        for (std::size_t b = a + 1; b < count; ++b) {
            const auto first = t.slots[a].target->direction;
            const auto second = t.slots[b].target->direction;
            bool conflict = false;
            if (can_drive(first) && can_drive(second)) {
                // Two drivers on one conductor (an insert's send counts as a driver).
                const auto one = view_as_source(t.slots[a]);
                const auto other = view_as_source(t.slots[b]);
                const auto one_legs = one.legs();
                conflict = std::any_of(one_legs.begin(), one_legs.end(),
                                       [&](const node_set* leg) { return source_reaches(t.graph, other, *leg); });
            } else if (first == port_direction::in && second == port_direction::in && !fed[a] && !fed[b]) {
                // Inputs that share a conductor with no output feeding them; a splitter fed by
                // an output of the same connection is ordinary practice.
                conflict = joined(t.graph.signal_resistance(view_as_destination(t.slots[a]).signal(),
                                                            view_as_destination(t.slots[b]).signal()));
            }
            if (conflict) {
                into.conflicts.push_back({connection_index, t.slots[a].ref, t.slots[b].ref});
            }
        }
    }
}

} // namespace

std::string_view to_string(link_kind kind) {
    switch (kind) {
        case link_kind::unmated:
            return "unmated";
        case link_kind::no_signal:
            return "no-signal";
        case link_kind::shorted:
            return "shorted";
        case link_kind::stereo_to_mono:
            return "stereo-to-mono";
        case link_kind::balanced:
            return "balanced";
        case link_kind::unbalanced_to_balanced:
            return "unbalanced-to-balanced";
        case link_kind::balanced_to_unbalanced:
            return "balanced-to-unbalanced";
        case link_kind::unbalanced:
            return "unbalanced";
    }
    return "unmated";
}

std::string_view to_string(cold_state state) {
    switch (state) {
        case cold_state::driven:
            return "driven";
        case cold_state::open:
            return "open";
        case cold_state::grounded:
            return "grounded";
        case cold_state::resistive:
            return "resistive";
        case cold_state::none:
            return "none";
    }
    return "none";
}

std::string_view to_string(ground_site site) { return site == ground_site::source ? "source" : "far"; }

void trace_connection(const rig& r, std::size_t connection_index, link_analysis& into) {
    if (into.links_of_connection.size() <= connection_index) {
        into.links_of_connection.resize(connection_index + 1);
    }
    const connection& conn = r.connections.at(connection_index);
    if (conn.chain.empty() || conn.ends.size() < 2) {
        return; // a cable with a single end plugged in joins nothing
    }
    traced_connection t = trace(r, conn);
    mark_ground_conductors(t);
    pairing_context context;
    for (std::size_t index = 0; index < t.slots.size(); ++index) {
        if (can_receive(t.slots[index].target->direction)) {
            context.receivers.push_back(index);
        }
    }
    // Two ports always form their one output -> input link, even when nothing reaches the
    // input (`no-signal`); more ports form a link per joined pair.
    if (t.slots.size() == 2) {
        pair_two_ports(t, connection_index, context, into);
    } else {
        pair_many_ports(t, connection_index, context, into);
    }
}

namespace {

/// What decides the trace of a two-ended connection: the two ports (as gear and port, so the same
/// model of port on two devices is one key), the cable ends plugged into them, and the chain.
/// Nothing of the device itself (its id, settings or power) enters the trace.
struct trace_key {
    std::size_t gear[2] = {0, 0};
    std::size_t port[2] = {0, 0};
    std::uint8_t cable_end[2] = {0, 0};
    std::vector<std::size_t> chain;

    friend bool operator==(const trace_key&, const trace_key&) = default;
};

struct trace_key_hash {
    std::size_t operator()(const trace_key& k) const {
        std::size_t h = 0;
        const auto mix = [&](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
        for (int i = 0; i < 2; ++i) {
            mix(k.gear[i]);
            mix(k.port[i]);
            mix(k.cable_end[i]);
        }
        for (const auto c : k.chain) mix(c);
        return h;
    }
};

/// A traced two-ended connection, ready to be stamped onto another with the same key.
struct trace_template {
    bool conflict = false;
    std::size_t source_end = 0; ///< which end became the link's source
    link made;
};

} // namespace

link_analysis trace_links(const rig& r) {
    link_analysis result;
    result.links_of_connection.resize(r.connections.size());
    // Large rigs repeat the same port-cable-port combination many times over, and tracing one
    // builds and searches a contact graph. A two-ended connection whose key was traced before
    // takes that result with its own connection and ports; it is the same as tracing it again.
    // Unmated links are always traced, since their reason names the ports.
    std::unordered_map<trace_key, trace_template, trace_key_hash> traced;
    trace_key key;
    for (std::size_t index = 0; index < r.connections.size(); ++index) {
        const connection& conn = r.connections[index];
        if (conn.ends.size() != 2 || conn.chain.empty()) {
            trace_connection(r, index, result);
            continue;
        }
        for (int i = 0; i < 2; ++i) {
            key.gear[i] = r.devices[conn.ends[i].port.device].gear;
            key.port[i] = conn.ends[i].port.port;
            key.cable_end[i] = conn.ends[i].cable_end;
        }
        key.chain = conn.chain;
        if (const auto found = traced.find(key); found != traced.end()) {
            const trace_template& t = found->second;
            if (t.conflict) {
                result.conflicts.push_back({index, conn.ends[0].port, conn.ends[1].port});
            } else {
                link stamped = t.made;
                stamped.connection = index;
                stamped.source = conn.ends[t.source_end].port;
                stamped.destination = conn.ends[1 - t.source_end].port;
                add_link(result, index, std::move(stamped));
            }
            continue;
        }
        const std::size_t conflicts_before = result.conflicts.size();
        trace_connection(r, index, result);
        trace_template made;
        if (result.conflicts.size() > conflicts_before) {
            made.conflict = true;
        } else {
            const auto& mine = result.links_of_connection[index];
            if (mine.size() != 1) continue;
            const link& l = result.links[mine.front()];
            if (!l.unmated_reason.empty()) continue;
            // Both ends may be one port (a loop back into itself); then either reading is the same.
            made.source_end = l.source == conn.ends[0].port ? 0 : 1;
            made.made = l;
        }
        traced.emplace(key, std::move(made));
    }
    return result;
}

} // namespace rigcheck
