// Counting-sort CSR construction, iterative Tarjan and the topological numbering (see the header).
#include <rigcheck/analysis/detail/csr_graph.hpp>

#include <algorithm>
#include <deque>

namespace rigcheck::detail {

csr build_csr(std::uint32_t node_count, std::span<const std::uint32_t> from, std::span<const std::uint32_t> to) {
    csr graph;
    graph.offsets.assign(static_cast<std::size_t>(node_count) + 1, 0);
    for (const std::uint32_t source : from) ++graph.offsets[source + 1];
    for (std::uint32_t node = 0; node < node_count; ++node) graph.offsets[node + 1] += graph.offsets[node];
    graph.targets.resize(from.size());
    graph.edge_ids.resize(from.size());
    std::vector<std::uint32_t> cursor(graph.offsets.begin(), graph.offsets.end() - 1);
    for (std::size_t edge = 0; edge < from.size(); ++edge) {
        const std::uint32_t slot = cursor[from[edge]]++;
        graph.targets[slot] = to[edge];
        graph.edge_ids[slot] = static_cast<std::uint32_t>(edge);
    }
    return graph;
}

components strongly_connected_components(const csr& graph) {
    const std::uint32_t node_count = graph.node_count();
    components result;
    result.component_of.assign(node_count, npos32);
    result.nodes.reserve(node_count);
    result.offsets.reserve(static_cast<std::size_t>(node_count) + 1);
    result.offsets.push_back(0);

    std::vector<std::uint32_t> index(node_count, npos32);
    std::vector<std::uint32_t> lowlink(node_count, 0);
    std::vector<std::uint32_t> tarjan_stack; // nodes visited and not yet assigned a component
    struct frame {
        std::uint32_t node;
        std::uint32_t next; // position in graph.targets of the next edge to follow
    };
    std::vector<frame> call_stack;
    std::uint32_t counter = 0;

    const auto visit = [&](std::uint32_t node) {
        index[node] = lowlink[node] = counter++;
        tarjan_stack.push_back(node);
        call_stack.push_back({node, graph.offsets[node]});
    };

    for (std::uint32_t root = 0; root < node_count; ++root) {
        if (index[root] != npos32) continue;
        visit(root);
        while (!call_stack.empty()) {
            frame& top = call_stack.back();
            const std::uint32_t node = top.node;
            if (top.next < graph.offsets[node + 1]) {
                const std::uint32_t target = graph.targets[top.next++];
                if (index[target] == npos32) {
                    visit(target); // invalidates `top`
                } else if (result.component_of[target] == npos32) {
                    // Still on the Tarjan stack: part of the component being built.
                    lowlink[node] = std::min(lowlink[node], index[target]);
                }
                continue;
            }
            call_stack.pop_back();
            if (lowlink[node] == index[node]) {
                const auto component = static_cast<std::uint32_t>(result.offsets.size() - 1);
                std::uint32_t member = npos32;
                do {
                    member = tarjan_stack.back();
                    tarjan_stack.pop_back();
                    result.component_of[member] = component;
                    result.nodes.push_back(member);
                } while (member != node);
                result.offsets.push_back(static_cast<std::uint32_t>(result.nodes.size()));
            }
            if (!call_stack.empty()) {
                const std::uint32_t parent = call_stack.back().node;
                lowlink[parent] = std::min(lowlink[parent], lowlink[node]);
            }
        }
    }
    return result;
}

std::vector<std::uint32_t> topological_numbering(const csr& graph, const components& parts,
                                                 std::span<const std::uint8_t> group_of) {
    const std::uint32_t node_count = graph.node_count();
    const std::uint32_t component_count = parts.count();
    std::vector<std::uint32_t> number(node_count, npos32);

    // Tarjan completes a component only after every component it reaches, so the reverse of the
    // completion order is a topological order of the components. Each component's layer is one
    // more than the deepest layer feeding it.
    std::vector<std::uint32_t> layer(component_count, 0);
    std::uint32_t deepest = 0;
    for (std::uint32_t c = component_count; c-- > 0;) {
        deepest = std::max(deepest, layer[c]);
        for (const std::uint32_t node : parts.members(c))
            for (const std::uint32_t target : graph.targets_of(node)) {
                const std::uint32_t to = parts.component_of[target];
                if (to != c) layer[to] = std::max(layer[to], layer[c] + 1);
            }
    }

    // Counting sort of the components by (layer, group), stable in topological order.
    std::uint32_t groups = 1;
    for (const std::uint8_t g : group_of) groups = std::max<std::uint32_t>(groups, g + 1u);
    const auto bucket_of = [&](std::uint32_t c) {
        const std::uint32_t group = group_of.empty() ? 0 : group_of[parts.members(c)[0]];
        return layer[c] * groups + group;
    };
    std::vector<std::uint32_t> bucket_start(static_cast<std::size_t>(deepest + 1) * groups + 1, 0);
    for (std::uint32_t c = 0; c < component_count; ++c) ++bucket_start[bucket_of(c) + 1];
    for (std::size_t b = 1; b < bucket_start.size(); ++b) bucket_start[b] += bucket_start[b - 1];
    std::vector<std::uint32_t> ordered(component_count);
    for (std::uint32_t c = component_count; c-- > 0;) ordered[bucket_start[bucket_of(c)]++] = c;

    // Entries of non-trivial components: nodes reached by an edge from another component.
    std::vector<std::uint8_t> is_entry;
    bool any_loop = false;
    for (std::uint32_t c = 0; c < component_count && !any_loop; ++c) any_loop = parts.members(c).size() > 1;
    if (any_loop) {
        is_entry.assign(node_count, 0);
        for (std::uint32_t node = 0; node < node_count; ++node)
            for (const std::uint32_t target : graph.targets_of(node))
                if (parts.component_of[target] != parts.component_of[node]) is_entry[target] = 1;
    }

    std::uint32_t next = 0;
    std::deque<std::uint32_t> queue;
    for (const std::uint32_t c : ordered) {
        const auto members = parts.members(c);
        if (members.size() == 1) {
            number[members[0]] = next++;
            continue;
        }
        std::vector<std::uint32_t> sorted(members.begin(), members.end());
        std::sort(sorted.begin(), sorted.end());
        const auto enqueue = [&](std::uint32_t node) {
            if (number[node] != npos32) return;
            number[node] = next++;
            queue.push_back(node);
        };
        const auto drain = [&] {
            while (!queue.empty()) {
                const std::uint32_t node = queue.front();
                queue.pop_front();
                for (const std::uint32_t target : graph.targets_of(node))
                    if (parts.component_of[target] == c) enqueue(target);
            }
        };
        for (const std::uint32_t node : sorted)
            if (is_entry[node]) enqueue(node);
        drain();
        for (const std::uint32_t seed : sorted) {
            enqueue(seed); // a component with no entry starts at its lowest node
            drain();
        }
    }
    return number;
}

} // namespace rigcheck::detail
