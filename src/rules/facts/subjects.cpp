// The subjects of each scope and the placement of findings about them (docs/rule-packs.md table of
// where each scope's diagnostics point).
#include <rigcheck/rules/detail/subjects.hpp>

#include <rigcheck/rules/detail/fact_binders.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace rigcheck::rules_detail {
namespace {

source_location at(const rig& r, source_position position) { return located(r.file, position); }

// make_all and make_all_ports are overridden so that the per-subject calls are direct.
class connection_subjects final : public subject_source {
public:
    explicit connection_subjects(const run_data& run) : run_(run), links_(run.links()) {}

    [[nodiscard]] std::size_t count() const override { return links_.links.size() + links_.conflicts.size(); }

    void make(std::size_t index, subject& s) const override { binders::make_connection_subject(run_, index, s); }
    void make_ports(std::size_t, subject& s) const override { binders::make_connection_ports(run_, s); }
    void make_all(std::size_t first, std::span<subject> into) const override {
        for (std::size_t k = 0; k < into.size(); ++k) binders::make_connection_subject(run_, first + k, into[k]);
    }
    void make_all_ports(std::size_t, std::span<subject> into) const override {
        for (auto& s : into) binders::make_connection_ports(run_, s);
    }

private:
    const run_data& run_;
    const link_analysis& links_;
};

class path_subjects final : public subject_source {
public:
    explicit path_subjects(const run_data& run) : run_(run) {}
    [[nodiscard]] std::size_t count() const override { return run_.analysed().paths().size(); }
    [[nodiscard]] bool is_subject(std::size_t index) const override {
        return !run_.analysed().paths()[index].links.empty();
    }
    void make(std::size_t index, subject& s) const override { binders::make_path_subject(run_, index, s); }
    void make_ports(std::size_t, subject& s) const override { binders::make_path_ports(run_, s); }

private:
    const run_data& run_;
};

class port_subjects final : public subject_source {
public:
    explicit port_subjects(const run_data& run) : run_(run) {}
    [[nodiscard]] std::size_t count() const override { return run_.port_total(); }
    void make(std::size_t index, subject& s) const override {
        const port_ref ref = run_.port_at(index);
        s.device_index = ref.device;
        s.source = run_.view(ref, run_.arriving_face(ref));
    }
    void make_ports(std::size_t, subject&) const override {}

private:
    const run_data& run_;
};

class device_subjects final : public subject_source {
public:
    explicit device_subjects(const run_data& run) : run_(run) {}
    [[nodiscard]] std::size_t count() const override { return run_.model().devices.size(); }
    void make(std::size_t index, subject& s) const override { s.device_index = index; }
    void make_ports(std::size_t, subject&) const override {}

private:
    const run_data& run_;
};

class rig_subjects final : public subject_source {
public:
    [[nodiscard]] std::size_t count() const override { return 1; }
    void make(std::size_t, subject&) const override {}
    void make_ports(std::size_t, subject&) const override {}
};

class cycle_subjects final : public subject_source {
public:
    explicit cycle_subjects(const run_data& run) : run_(run) {}
    [[nodiscard]] std::size_t count() const override { return run_.analysed().cycles().size(); }
    [[nodiscard]] bool is_subject(std::size_t index) const override {
        return !run_.analysed().cycles()[index].links.empty();
    }
    void make(std::size_t index, subject& s) const override { s.cycle = &run_.analysed().cycles()[index]; }
    void make_ports(std::size_t, subject&) const override {}

private:
    const run_data& run_;
};

placement connection_placement(const run_data& run, std::size_t connection_index, port_ref from, port_ref to) {
    const rig& r = run.model();
    const connection& conn = r.connections[connection_index];
    placement p;
    p.location = at(r, conn.position);
    const std::string_view from_device = r.devices[from.device].id;
    const std::string_view from_port = r.port_at(from).id;
    const std::string_view to_device = r.devices[to.device].id;
    const std::string_view to_port = r.port_at(to).id;
    // "device.port -> device.port", as rig::port_name spells each end, in one allocation.
    p.subject.reserve(from_device.size() + from_port.size() + to_device.size() + to_port.size() + 6);
    p.subject.append(from_device).append(".").append(from_port).append(" -> ");
    p.subject.append(to_device).append(".").append(to_port);
    for (const auto& end : conn.ends)
        if (end.port == to && end.position.known()) {
            std::string note;
            note.reserve(to_device.size() + to_port.size() + 18);
            note.append("the destination, ").append(to_device).append(".").append(to_port);
            p.related.push_back({at(r, end.position), std::move(note)});
        }
    return p;
}

/// The first-written connection of a cycle: connections are held in file order.
std::size_t first_connection(const signal_cycle& cycle, const run_data& run) {
    const auto& links = run.links().links;
    std::size_t first = links[cycle.links.front()].connection;
    for (const auto index : cycle.links) first = std::min(first, links[index].connection);
    return first;
}

} // namespace

std::unique_ptr<subject_source> subjects_of(rule_scope scope, const run_data& run) {
    switch (scope) {
        case rule_scope::connection:
            return std::make_unique<connection_subjects>(run);
        case rule_scope::path:
            return std::make_unique<path_subjects>(run);
        case rule_scope::port:
            return std::make_unique<port_subjects>(run);
        case rule_scope::device:
            return std::make_unique<device_subjects>(run);
        case rule_scope::rig:
            return std::make_unique<rig_subjects>();
        case rule_scope::cycle:
            return std::make_unique<cycle_subjects>(run);
    }
    return std::make_unique<rig_subjects>();
}

placement placement_of(rule_scope scope, std::size_t index, const run_data& run) {
    const rig& r = run.model();
    const auto& links = run.links();
    switch (scope) {
        case rule_scope::connection: {
            if (index < links.links.size()) {
                const link& l = links.links[index];
                return connection_placement(run, l.connection, l.source, l.destination);
            }
            const direction_conflict& c = links.conflicts[index - links.links.size()];
            return connection_placement(run, c.connection, c.first, c.second);
        }
        case rule_scope::path: {
            const signal_path& path = run.analysed().paths()[index];
            placement p;
            p.location = at(r, r.connections[links.links[path.links.back()].connection].position);
            p.subject = fmt::format("{} -> {}", r.port_name(path.source), r.port_name(path.sink));
            return p;
        }
        case rule_scope::port: {
            const port_ref ref = run.port_at(index);
            return {at(r, r.devices[ref.device].position), r.port_name(ref), {}};
        }
        case rule_scope::device:
            return {at(r, r.devices[index].position), r.devices[index].id, {}};
        case rule_scope::rig:
            return {{r.file, 1, 1}, r.file.empty() ? r.name : r.file, {}};
        case rule_scope::cycle: {
            const signal_cycle& cycle = run.analysed().cycles()[index];
            subject s;
            s.cycle = &cycle;
            scratch buffers;
            placement p;
            p.location = at(r, r.connections[first_connection(cycle, run)].position);
            p.subject = std::string(bind_fact(facts_of(rule_scope::cycle).facts.front(), run, s, buffers).as_string());
            return p;
        }
    }
    return {};
}

std::size_t anchor_of(rule_scope scope, std::size_t index, const run_data& run) {
    const auto& links = run.links();
    switch (scope) {
        case rule_scope::connection:
            return index < links.links.size() ? links.links[index].connection
                                              : links.conflicts[index - links.links.size()].connection;
        case rule_scope::path:
            return links.links[run.analysed().paths()[index].links.back()].connection;
        case rule_scope::cycle:
            return first_connection(run.analysed().cycles()[index], run);
        default:
            break;
    }
    return no_connection;
}

void concerns_of(rule_scope scope, std::size_t index, const run_data& run, std::vector<std::size_t>& into) {
    switch (scope) {
        case rule_scope::connection:
            into.push_back(index);
            break;
        case rule_scope::path: {
            const auto& path = run.analysed().paths()[index].links;
            into.insert(into.end(), path.begin(), path.end());
            break;
        }
        case rule_scope::cycle: {
            const auto& cycle = run.analysed().cycles()[index].links;
            into.insert(into.end(), cycle.begin(), cycle.end());
            break;
        }
        default:
            break;
    }
}

} // namespace rigcheck::rules_detail
