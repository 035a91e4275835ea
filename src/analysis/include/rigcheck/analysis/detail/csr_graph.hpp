// Compressed-sparse-row graphs and the graph algorithms propagation rests on.
//
// Rigs can hold millions of ports, so nothing here recurses: strongly connected components are
// found with an iterative Tarjan, and the topological numbering is computed from them. The
// numbering puts every component after the components that feed it, and orders the nodes inside
// a non-trivial component (a feedback loop) breadth-first from where signal enters it, so a
// single linear sweep over the renumbered nodes visits every node after its forward inputs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace rigcheck::detail {

/// "No node", "no edge": the unused value of every 32-bit index in the analysis core.
inline constexpr std::uint32_t npos32 = 0xffff'ffffu;

/// A directed graph: the edges leaving node v are positions offsets[v] .. offsets[v+1] of
/// `targets` (and of `edge_ids`, which maps each position back to the caller's edge index).
struct csr {
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> targets;
    std::vector<std::uint32_t> edge_ids;

    [[nodiscard]] std::uint32_t node_count() const {
        return offsets.empty() ? 0 : static_cast<std::uint32_t>(offsets.size() - 1);
    }
    [[nodiscard]] std::span<const std::uint32_t> targets_of(std::uint32_t node) const {
        return {targets.data() + offsets[node], targets.data() + offsets[node + 1]};
    }
    [[nodiscard]] std::span<const std::uint32_t> edges_of(std::uint32_t node) const {
        return {edge_ids.data() + offsets[node], edge_ids.data() + offsets[node + 1]};
    }
};

/// Groups edges (from[i] -> to[i]) by their `from` node with a counting sort. Stable: edges of
/// one node keep the caller's order, so everything built on it is deterministic.
csr build_csr(std::uint32_t node_count, std::span<const std::uint32_t> from, std::span<const std::uint32_t> to);

/// Strongly connected components, as Tarjan's algorithm completes them (reverse topological).
struct components {
    std::vector<std::uint32_t> component_of; ///< per node
    std::vector<std::uint32_t> nodes;        ///< component by component, in completion order
    std::vector<std::uint32_t> offsets;      ///< component c is nodes[offsets[c] .. offsets[c+1])

    [[nodiscard]] std::uint32_t count() const {
        return offsets.empty() ? 0 : static_cast<std::uint32_t>(offsets.size() - 1);
    }
    [[nodiscard]] std::span<const std::uint32_t> members(std::uint32_t component) const {
        return {nodes.data() + offsets[component], nodes.data() + offsets[component + 1]};
    }
};

/// Iterative Tarjan: an explicit stack replaces recursion, so depth is bounded by memory only.
components strongly_connected_components(const csr& graph);

/// A new number for every node such that each edge between different components goes from a
/// lower to a higher number. Components are laid out in layers: a component's layer is the
/// length of the longest chain of components leading to it, so no edge joins two nodes of one
/// layer and a sweep can compute a layer's nodes independently of each other (instruction-level
/// parallelism instead of one long dependency chain). Inside a layer, components are grouped by
/// `group_of` (the first member's group; a small number per node, optional) and otherwise keep
/// the order Tarjan's search gives, which keeps a chain's successive layers in the same relative
/// order, so a sweep reads the previous layer almost sequentially. Inside a component of several
/// nodes, the nodes that receive an edge from outside come first (in node order), then the rest
/// breadth-first; edges inside such a component that go from a higher to a lower number are its
/// feedback edges.
std::vector<std::uint32_t> topological_numbering(const csr& graph, const components& parts,
                                                 std::span<const std::uint8_t> group_of = {});

} // namespace rigcheck::detail
