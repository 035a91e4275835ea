// Source-to-sink path enumeration for the `path` rule scope (docs/rule-packs.md).
//
// A path starts at a source output, follows links and internal device paths, and ends at a sink:
// an input from which no further link can be reached (it feeds no internal path, or only paths to
// outputs that go nowhere). The walk is an iterative depth-first search over the acyclic
// propagation graph, so it never recurses and never revisits a port (feedback edges of a loop are
// not in that graph; loops are reported as cycles instead). A ladder of splitters has
// exponentially many paths, so the enumeration stops at `path_limits::max_paths` and says so.
#include <rigcheck/analysis/detail/analysis_state.hpp>

#include <algorithm>

namespace rigcheck::detail {

path_enumeration enumerate_paths(const signal_graph& graph, const rig& r, const path_limits& limits) {
    path_enumeration result;
    const std::uint32_t n = graph.node_count;

    // reaches_link[v]: some link can still be reached from v. Computed backwards over the
    // topological numbering, so each node's successors are known before it.
    std::vector<std::uint8_t> reaches_link(n, 0);
    for (std::uint32_t v = n; v-- > 0;) {
        for (std::uint32_t i = graph.out_offsets[v]; i < graph.out_offsets[v + 1]; ++i) {
            const std::uint32_t e = graph.out_edges[i];
            if (graph.edge_kinds[e] == edge_kind::link || reaches_link[graph.edge_target[e]]) {
                reaches_link[v] = 1;
                break;
            }
        }
    }

    const auto port_of_node = [&](std::uint32_t node) {
        const std::uint32_t slot = graph.node_slot[node];
        const auto device = static_cast<std::size_t>(
            std::upper_bound(graph.slot_base.begin(), graph.slot_base.end(), slot) - graph.slot_base.begin() - 1);
        return port_ref{device, slot - graph.slot_base[device]};
    };
    const auto isolating = [&](std::uint32_t edge) {
        if (graph.edge_kinds[edge] != edge_kind::path) return false;
        const path_record& record = graph.paths[graph.edge_ref[edge]];
        return r.gear_of(r.devices[record.device]).paths[record.path].isolation == isolation_kind::transformer;
    };

    struct frame {
        std::uint32_t node;
        std::uint32_t next; // position in out_edges of the next edge to follow
        std::uint32_t via;  // the edge that led here; npos32 at the source
    };
    std::vector<frame> stack;
    std::vector<std::size_t> along;  // link indices from the source to the top of the stack
    std::size_t isolating_depth = 0; // isolating paths on the stack

    for (std::uint32_t source = 0; source < n; ++source) {
        if (graph.base_tag[source] == 0 || !reaches_link[source]) continue;
        stack.push_back({source, graph.out_offsets[source], npos32});
        while (!stack.empty()) {
            frame& top = stack.back();
            if (top.next == graph.out_offsets[top.node + 1]) {
                if (top.via != npos32) {
                    if (graph.edge_kinds[top.via] == edge_kind::link) along.pop_back();
                    if (isolating(top.via)) --isolating_depth;
                }
                stack.pop_back();
                continue;
            }
            const std::uint32_t e = graph.out_edges[top.next++];
            const std::uint32_t target = graph.edge_target[e];
            const bool is_link = graph.edge_kinds[e] == edge_kind::link;
            if (!is_link && !reaches_link[target]) continue; // an internal path to nowhere
            if (graph.side[target] == node_side::receive && !reaches_link[target]) {
                // A sink: record the path through this last link.
                if (result.paths.size() == limits.max_paths) {
                    result.truncated = true;
                    return result;
                }
                signal_path path;
                path.source = port_of_node(source);
                path.sink = port_of_node(target);
                path.links = along;
                path.links.push_back(graph.edge_ref[e]);
                path.isolated = isolating_depth > 0;
                result.paths.push_back(std::move(path));
                continue;
            }
            if (is_link) along.push_back(graph.edge_ref[e]);
            if (isolating(e)) ++isolating_depth;
            stack.push_back({target, graph.out_offsets[target], e});
        }
    }
    return result;
}

} // namespace rigcheck::detail
