// The rule engine: evaluates a compiled rule set over an analysed rig (SPEC §9).
//
// Evaluation is split in two so that the common case stays cheap: for every subject only the
// slots some condition reads are bound, and the rules run against them; the slots only messages
// and fixes read are bound when a rule fires. Findings are collected with what supersession and
// `ignore` need (the links a finding concerns, the connection it points at) and filtered at the
// end, in that order: a rule that fires silences the rules it supersedes even when the user then
// ignores it, since the lesser finding describes the same fault.
#include <rigcheck/rules/engine.hpp>

#include "rules/rule_set_data.hpp"

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/suggest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace rigcheck {
namespace rules_detail {
namespace {

constexpr std::size_t no_connection = std::numeric_limits<std::size_t>::max();

struct finding {
    diagnostic d;
    std::size_t rule = 0;                       ///< index into compiled::rules
    std::size_t anchor = no_connection;         ///< the connection the diagnostic points at
    std::uint32_t concern_begin = 0;            ///< into engine::concerns_: link keys it is about
    std::uint32_t concern_count = 0;
    bool silenced = false;                      ///< superseded or ignored
};

/// Where a firing rule's diagnostic goes and what it is about; made only when a rule fires.
struct placement {
    source_location location;
    std::string subject;
    std::size_t anchor = no_connection;
    std::vector<related_location> related;
};

class engine {
public:
    engine(const rule_set::compiled& data, const analysed_rig& analysed, rule_run& out)
        : data_(data), run_(analysed), out_(out) {}

    void run() {
        run_connections();
        run_paths();
        run_ports();
        run_devices();
        run_rig();
        run_cycles();
        finish();
    }

private:
    // ---------------------------------------------------------------------------------------------
    // Evaluation

    /// The fact array of a scope, with the params in place; reused for every subject.
    std::vector<expr::value>& facts_for(rule_scope scope) {
        auto& facts = facts_[scope_index(scope)];
        if (facts.empty()) {
            const auto& compiled = data_.scopes[scope_index(scope)];
            facts.resize(compiled.param_base + data_.param_values.size());
            for (std::size_t i = 0; i < data_.param_values.size(); ++i)
                facts[compiled.param_base + i] = expr::value::of(data_.param_values[i]);
        }
        return facts;
    }

    template <class Place, class Concerns>
    void evaluate(rule_scope scope, const subject& s, Place&& place, Concerns&& concerns) {
        const auto& compiled = data_.scopes[scope_index(scope)];
        const auto& definitions = facts_of(scope).facts;
        auto& facts = facts_for(scope);
        for (const auto slot : compiled.condition_slots) facts[slot] = bind_fact(definitions[slot], run_, s, scratch_);
        bool fully_bound = false;
        std::optional<placement> where;
        for (const auto& rule : compiled.rules) {
            if (!rule.guard.may_hold(facts)) continue;
            const auto condition = expr::evaluate(rule.when, facts);
            if (condition.budget_exceeded) {
                ++out_.budget_exceeded;
                continue;
            }
            if (!condition.result.is_true()) continue;
            std::optional<std::size_t> exempted_by;
            for (const auto& [exemption, program] : rule.unless) {
                const auto holds = expr::evaluate(program, facts);
                if (holds.budget_exceeded) {
                    ++out_.budget_exceeded;
                    continue;
                }
                if (holds.result.is_true()) {
                    exempted_by = exemption;
                    break;
                }
            }
            if (!where) where = place();
            const auto& info = data_.rules[rule.info];
            if (exempted_by) {
                out_.exempted.push_back({info.id, data_.exemptions[*exempted_by].id, where->location, where->subject});
                continue;
            }
            if (!fully_bound) {
                for (const auto slot : compiled.template_slots) facts[slot] = bind_fact(definitions[slot], run_, s, scratch_);
                fully_bound = true;
            }
            finding f;
            f.rule = rule.info;
            f.anchor = where->anchor;
            f.d.rule = info.id;
            f.d.severity = rule.level;
            f.d.message = expr::render(rule.message, facts);
            f.d.location = where->location;
            f.d.scope = scope;
            f.d.subject = where->subject;
            f.d.fix = expr::render(rule.fix, facts);
            f.d.related = where->related;
            f.concern_begin = static_cast<std::uint32_t>(concerns_.size());
            concerns(concerns_);
            f.concern_count = static_cast<std::uint32_t>(concerns_.size() - f.concern_begin);
            findings_.push_back(std::move(f));
        }
    }

    [[nodiscard]] bool scope_active(rule_scope scope) const { return !data_.scopes[scope_index(scope)].rules.empty(); }

    [[nodiscard]] source_location at(source_position position) const {
        return {run_.model().file, position.line, position.column};
    }

    void run_connections() {
        if (!scope_active(rule_scope::connection)) return;
        const rig& r = run_.model();
        const auto& links = run_.links();
        const auto signals = run_.analysed().signals();
        subject s;
        for (std::size_t i = 0; i < links.links.size(); ++i) {
            const link& l = links.links[i];
            s.link_of = &l;
            s.conflict = nullptr;
            s.signal = i < signals.size() ? &signals[i] : nullptr;
            s.connection_of = &r.connections[l.connection];
            s.source = run_.view(l.source, l.source_face);
            s.dest = run_.view(l.destination, l.destination_face);
            evaluate(rule_scope::connection, s,
                     [&] { return connection_placement(l.connection, l.source, l.destination); },
                     [&](std::vector<std::size_t>& into) { into.push_back(i); });
        }
        for (std::size_t i = 0; i < links.conflicts.size(); ++i) {
            const direction_conflict& c = links.conflicts[i];
            s.link_of = nullptr;
            s.conflict = &c;
            s.signal = nullptr;
            s.connection_of = &r.connections[c.connection];
            s.source = run_.view(c.first, std::nullopt);
            s.dest = run_.view(c.second, std::nullopt);
            const std::size_t key = links.links.size() + i;
            evaluate(rule_scope::connection, s, [&] { return connection_placement(c.connection, c.first, c.second); },
                     [&](std::vector<std::size_t>& into) { into.push_back(key); });
        }
    }

    placement connection_placement(std::size_t connection_index, port_ref from, port_ref to) const {
        const rig& r = run_.model();
        const connection& conn = r.connections[connection_index];
        placement p;
        p.location = at(conn.position);
        p.subject = fmt::format("{} -> {}", r.port_name(from), r.port_name(to));
        p.anchor = connection_index;
        for (const auto& end : conn.ends)
            if (end.port == to && end.position.known())
                p.related.push_back({at(end.position), fmt::format("the destination, {}", r.port_name(to))});
        return p;
    }

    void run_paths() {
        if (!scope_active(rule_scope::path)) return;
        const rig& r = run_.model();
        const auto& links = run_.links().links;
        subject s;
        for (const auto& path : run_.analysed().paths()) {
            if (path.links.empty()) continue;
            const link& last = links[path.links.back()];
            s.path = &path;
            s.source = run_.view(path.source, std::nullopt);
            s.dest = run_.view(path.sink, last.destination_face);
            evaluate(
                rule_scope::path, s,
                [&] {
                    placement p;
                    p.location = at(r.connections[last.connection].position);
                    p.subject = fmt::format("{} -> {}", r.port_name(path.source), r.port_name(path.sink));
                    p.anchor = last.connection;
                    return p;
                },
                [&](std::vector<std::size_t>& into) { into.insert(into.end(), path.links.begin(), path.links.end()); });
        }
        if (run_.analysed().paths_truncated()) report_path_limit();
    }

    /// A ladder of splitters has exponentially many paths, so enumeration stops at its limit
    /// (SPEC §13). Path-scope rules then saw only some paths, and a clean report would overstate
    /// what was checked, so the cut is reported rather than passed over.
    void report_path_limit() {
        const rig& r = run_.model();
        std::vector<std::string_view> path_rules;
        for (const auto& rule : data_.scopes[scope_index(rule_scope::path)].rules)
            path_rules.push_back(data_.rules[rule.info].id);
        std::sort(path_rules.begin(), path_rules.end());
        path_rules.erase(std::unique(path_rules.begin(), path_rules.end()), path_rules.end());
        diagnostic d;
        d.rule = "path-limit";
        d.severity = severity::warning;
        d.scope = rule_scope::rig;
        d.location = {r.file, 1, 1};
        d.subject = r.file.empty() ? r.name : r.file;
        d.message = fmt::format(
            "path enumeration stopped at the limit of {} source-to-sink paths; the path-scope rules ({}) "
            "were checked on those paths only",
            run_.analysed().paths().size(), fmt::join(path_rules, ", "));
        d.fix = "Split the rig into smaller files, or remove parallel routes that split and merge again: each "
                "split-and-merge stage doubles the number of paths";
        notices_.push_back(std::move(d));
    }

    void run_ports() {
        if (!scope_active(rule_scope::port)) return;
        const rig& r = run_.model();
        subject s;
        for (std::size_t d = 0; d < r.devices.size(); ++d) {
            const auto port_total = r.gear_of(r.devices[d]).ports.size();
            s.device_index = d;
            for (std::size_t p = 0; p < port_total; ++p) {
                const port_ref ref{d, p};
                s.source = run_.view(ref, run_.arriving_face(ref));
                evaluate(
                    rule_scope::port, s,
                    [&] {
                        placement where;
                        where.location = at(r.devices[d].position);
                        where.subject = r.port_name(ref);
                        return where;
                    },
                    [](std::vector<std::size_t>&) {});
            }
        }
    }

    void run_devices() {
        if (!scope_active(rule_scope::device)) return;
        const rig& r = run_.model();
        subject s;
        for (std::size_t d = 0; d < r.devices.size(); ++d) {
            s.device_index = d;
            evaluate(
                rule_scope::device, s,
                [&] {
                    placement where;
                    where.location = at(r.devices[d].position);
                    where.subject = r.devices[d].id;
                    return where;
                },
                [](std::vector<std::size_t>&) {});
        }
    }

    void run_rig() {
        if (!scope_active(rule_scope::rig)) return;
        const rig& r = run_.model();
        subject s;
        evaluate(
            rule_scope::rig, s,
            [&] {
                placement where;
                where.location = {r.file, 1, 1};
                where.subject = r.file.empty() ? r.name : r.file;
                return where;
            },
            [](std::vector<std::size_t>&) {});
    }

    void run_cycles() {
        if (!scope_active(rule_scope::cycle)) return;
        const rig& r = run_.model();
        const auto& links = run_.links().links;
        subject s;
        for (const auto& cycle : run_.analysed().cycles()) {
            if (cycle.links.empty()) continue;
            s.cycle = &cycle;
            evaluate(
                rule_scope::cycle, s,
                [&] {
                    // Connections are held in file order, so the lowest index is the first written.
                    std::size_t first = links[cycle.links.front()].connection;
                    for (const auto index : cycle.links) first = std::min(first, links[index].connection);
                    placement where;
                    where.location = at(r.connections[first].position);
                    where.subject = std::string(bind_fact(facts_of(rule_scope::cycle).facts.front(), run_, s, scratch_)
                                                    .as_string());
                    where.anchor = first;
                    return where;
                },
                [&](std::vector<std::size_t>& into) { into.insert(into.end(), cycle.links.begin(), cycle.links.end()); });
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Supersession, ignores and unused ignores

    [[nodiscard]] std::span<const std::size_t> concerns_of(const finding& f) const {
        return {concerns_.data() + f.concern_begin, f.concern_count};
    }

    void supersede() {
        std::vector<std::size_t> superseding;
        for (std::size_t i = 0; i < findings_.size(); ++i)
            if (!data_.rules[findings_[i].rule].supersedes.empty()) superseding.push_back(i);
        if (superseding.empty()) return;
        // Findings by the links they concern; findings about a port, device or the rig by subject.
        std::unordered_map<std::size_t, std::vector<std::size_t>> by_link;
        std::unordered_map<std::string, std::vector<std::size_t>> by_subject;
        for (std::size_t i = 0; i < findings_.size(); ++i) {
            const auto keys = concerns_of(findings_[i]);
            if (keys.empty()) by_subject[subject_key(findings_[i].d)].push_back(i);
            for (const auto key : keys) by_link[key].push_back(i);
        }
        for (const auto i : superseding) {
            const auto& silenced_rules = data_.rules[findings_[i].rule].supersedes;
            const auto silence = [&](const std::vector<std::size_t>& candidates) {
                for (const auto j : candidates)
                    if (j != i && std::find(silenced_rules.begin(), silenced_rules.end(), findings_[j].d.rule) !=
                                      silenced_rules.end())
                        findings_[j].silenced = true;
            };
            const auto keys = concerns_of(findings_[i]);
            if (keys.empty()) {
                if (const auto found = by_subject.find(subject_key(findings_[i].d)); found != by_subject.end())
                    silence(found->second);
            }
            for (const auto key : keys)
                if (const auto found = by_link.find(key); found != by_link.end()) silence(found->second);
        }
    }

    static std::string subject_key(const diagnostic& d) { return fmt::format("{}\n{}", to_string(d.scope), d.subject); }

    void finish() {
        supersede();
        const rig& r = run_.model();
        // Findings by the connection they point at, for the connections that have ignores.
        std::unordered_map<std::size_t, std::vector<std::size_t>> at_connection;
        for (std::size_t i = 0; i < findings_.size(); ++i) {
            const auto anchor = findings_[i].anchor;
            if (anchor != no_connection && !r.connections[anchor].ignores.empty() && !findings_[i].silenced)
                at_connection[anchor].push_back(i);
        }
        std::vector<diagnostic> unused;
        for (std::size_t c = 0; c < r.connections.size(); ++c) {
            const connection& conn = r.connections[c];
            if (conn.ignores.empty()) continue;
            const auto found = at_connection.find(c);
            for (const auto& entry : conn.ignores) {
                bool used = false;
                if (found != at_connection.end())
                    for (const auto i : found->second)
                        if (findings_[i].d.rule == entry.rule) {
                            findings_[i].silenced = true;
                            used = true;
                        }
                if (!used) report_unused(conn, c, entry, unused);
            }
        }
        out_.diagnostics.reserve(out_.diagnostics.size() + findings_.size() + unused.size());
        for (auto& f : findings_)
            if (!f.silenced) out_.diagnostics.push_back(std::move(f.d));
        for (auto& d : unused) out_.diagnostics.push_back(std::move(d));
        for (auto& d : notices_) out_.diagnostics.push_back(std::move(d));
    }

    void report_unused(const connection& conn, std::size_t index, const ignore_entry& entry, std::vector<diagnostic>& into) {
        const rig& r = run_.model();
        const auto rule = data_.rule_index.find("unused-ignore");
        const rule_info* info = rule == data_.rule_index.end() ? nullptr : &data_.rules[rule->second];
        if (info != nullptr && !info->effective_severity) return;
        diagnostic d;
        d.rule = "unused-ignore";
        d.severity = info ? *info->effective_severity : severity::info;
        d.scope = info ? info->scope : rule_scope::connection;
        d.location = at(entry.position.known() ? entry.position : conn.position);
        const auto& links = run_.links();
        if (index < links.links_of_connection.size() && !links.links_of_connection[index].empty()) {
            const link& l = links.links.at(links.links_of_connection[index].front());
            d.subject = fmt::format("{} -> {}", r.port_name(l.source), r.port_name(l.destination));
        } else if (!conn.ends.empty()) {
            d.subject = fmt::format("{} -> {}", r.port_name(conn.ends.front().port), r.port_name(conn.ends.back().port));
        }
        if (data_.rule_index.count(entry.rule)) {
            d.message = fmt::format("this `ignore` of `{}` suppressed nothing on {}", entry.rule, d.subject);
        } else {
            std::vector<std::string_view> ids;
            for (const auto& known : data_.rules) ids.push_back(known.id);
            std::sort(ids.begin(), ids.end());
            d.message = fmt::format("this `ignore` names `{}`, which is not a rule, so it suppresses nothing{}",
                                    entry.rule, did_you_mean(entry.rule, ids));
        }
        d.fix = info && !info->fix.empty() ? info->fix : std::string("Remove the `ignore` entry");
        into.push_back(std::move(d));
    }

    const rule_set::compiled& data_;
    run_data run_;
    rule_run& out_;
    std::array<std::vector<expr::value>, scope_count> facts_;
    scratch scratch_;
    std::vector<finding> findings_;
    std::vector<std::size_t> concerns_;
    std::vector<diagnostic> notices_;  ///< raised by the engine itself, beyond any rule's reach
};

} // namespace
} // namespace rules_detail

rule_run run_rules(const rule_set& rules, const analysed_rig& rig) {
    rule_run result;
    rules_detail::engine(rules.internal(), rig, result).run();
    return result;
}

} // namespace rigcheck
