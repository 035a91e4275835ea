// The rule engine: decides a compiled rule set over an analysed rig, then describes what fired
// (docs/rule-packs.md).
//
// Deciding is built for the common case, a subject on which no rule fires. Subjects are taken
// a batch at a time (fact_batch.hpp) and each rule's condition runs over the whole batch, one
// test after another, each test narrowing the set of subjects the next one reads
// (batch_condition.hpp): what interpreting a test costs is paid once per batch, facts are bound
// only for the subjects a test reaches, and a test that several rules open with is made once per
// batch. Conditions are put in that form once per rule set, on its first run (`prepared_of`).
// Conditions outside what batch conditions decide (string functions, macros, `null`
// constants) go to the expression evaluator subject by subject, after any leading conjuncts that
// batch conditions can test. A condition whose text is one of the builtin pack's is decided by
// that pack's conditions compiled to C++ (native_conditions.hpp), all of a scope's at once for
// each subject; when every condition of a scope is native, no fact is bound into a batch at
// all. A finding is two numbers, a rule and a subject; supersession and
// `ignore` are applied to those, in that order: a rule that fires silences the rules it
// supersedes even when the user then ignores it, since the lesser finding describes the same
// fault. Text (messages, fixes, subjects, locations) is made afterwards, for what is reported.
#include <rigcheck/rules/engine.hpp>

#include <rigcheck/rules/detail/batch_condition.hpp>
#include <rigcheck/rules/detail/expression_compiled.hpp>
#include <rigcheck/rules/detail/fact_batch.hpp>
#include <rigcheck/rules/detail/engine_without_native.hpp>
#include <rigcheck/rules/detail/native_conditions.hpp>
#include <rigcheck/rules/detail/rule_set_data.hpp>
#include <rigcheck/rules/detail/subjects.hpp>

#include <rigcheck/analysis/detail/analysis_state.hpp>

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/core/suggest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace rigcheck {
namespace rules_detail {
namespace {

/// A condition as the engine runs it. When all of it is a batch condition it is decided as one;
/// else its leading conjuncts that are batch conditions are tested first, in evaluation order up
/// to the first that is not, so a subject they reject is one whose evaluation would have stopped
/// at that same conjunct, within budget and false; only the rest go to the evaluator.
struct engine_condition {
    /// Its bit among the scope's native conditions (native_conditions.hpp), or -1: decided
    /// natively, for all subjects of a batch at once, when it has one.
    int native = -1;
    std::optional<batch_condition> whole;
    std::vector<batch_condition> leading;
    const expr::program* program = nullptr;
    std::vector<std::uint32_t> slots; ///< every slot the program reads, gathered before it runs

    static engine_condition of(const expr::program& p, const column_layout& layout) {
        using expr::detail::operation;
        engine_condition made;
        made.program = &p;
        const auto* compiled = expr::detail::program_access::get(p);
        if (compiled == nullptr || compiled->nodes.empty()) return made;
        for (const auto& node : compiled->nodes)
            if (node.op == operation::load_fact && node.first < layout.slot_count()) made.slots.push_back(node.first);
        made.whole = batch_condition::of(*compiled, compiled->root, layout);
        if (made.whole) return made;
        const auto& nodes = compiled->nodes;
        std::vector<std::uint32_t> conjuncts;
        const auto flatten = [&](const auto& self, std::uint32_t index) -> void {
            if (nodes[index].op == operation::logical_and) {
                self(self, nodes[index].first);
                self(self, nodes[index].second);
            } else {
                conjuncts.push_back(index);
            }
        };
        flatten(flatten, compiled->root);
        for (const auto conjunct : conjuncts) {
            auto part = batch_condition::of(*compiled, conjunct, layout);
            if (!part) break;
            made.leading.push_back(std::move(*part));
        }
        return made;
    }

    template <class Visit> void each_shareable_test(Visit&& visit) {
        if (whole) whole->each_shareable_test(visit);
        for (auto& part : leading) part.each_shareable_test(visit);
    }
};

} // namespace

/// The `when` and `unless` conditions of a compiled rule, in the same order.
struct rule_conditions {
    engine_condition when;
    std::vector<engine_condition> unless;
};

/// The rules of one scope as the engine runs them: made once per rule set, read by every run.
struct prepared_scope {
    column_layout layout;
    std::vector<rule_conditions> conditions{}; ///< parallel to compiled_scope::rules
    std::uint32_t shared_test_count = 0;       ///< shared test ids run from 1 to this
    /// The scope's native conditions when some condition of the set is one of them, the values
    /// of the params they read, and the bits of those the set uses.
    const native_scope* native = nullptr;
    std::vector<double> native_params{};
    std::uint64_t native_used = 0;
    /// Every condition of the scope is native, and the rules' `when` bits rise in rule order:
    /// a subject's bits then give its findings straight, already in the order reported.
    bool native_only = false;
    std::uint64_t native_when = 0;            ///< the rules' `when` bits
    std::vector<std::uint32_t> rule_of_bit{}; ///< for a `when` bit, its rule
};

struct prepared_rules {
    std::array<std::optional<prepared_scope>, scope_count> scopes; ///< set for scopes with rules
};

namespace {

/// The prepared form of one scope's rules; `with_native`: use the native conditions it can.
prepared_scope prepare_scope(const rule_set::compiled& data, rule_scope scope, bool with_native) {
    const compiled_scope& compiled = data.scopes[scope_index(scope)];
    prepared_scope made{.layout = column_layout(scope, data.param_values, compiled.param_base)};
    for (const auto& candidate : native_scopes())
        if (candidate.scope == scope && with_native) made.native = &candidate;
    // A condition is decided natively only when its text is one the native table was made from.
    const auto native_bit = [&](std::string_view text) {
        if (made.native == nullptr) return -1;
        const auto& texts = made.native->conditions;
        const auto found = std::find(texts.begin(), texts.end(), text);
        if (found == texts.end()) return -1;
        const auto bit = static_cast<int>(found - texts.begin());
        made.native_used |= std::uint64_t{1} << bit;
        return bit;
    };
    for (const auto& rule : compiled.rules) {
        made.conditions.push_back({engine_condition::of(rule.when, made.layout), {}});
        made.conditions.back().when.native = native_bit(data.rules[rule.info].when);
        for (const auto& exemption : rule.unless) {
            made.conditions.back().unless.push_back(engine_condition::of(exemption.second, made.layout));
            made.conditions.back().unless.back().native = native_bit(data.exemptions[exemption.first].when);
        }
    }
    made.native_only = made.native_used != 0;
    int previous = -1;
    made.rule_of_bit.assign(made.native != nullptr ? made.native->conditions.size() : 0, 0);
    for (std::uint32_t r = 0; r < made.conditions.size(); ++r) {
        const auto& rule = made.conditions[r];
        made.native_only = made.native_only && rule.when.native > previous &&
                           std::all_of(rule.unless.begin(), rule.unless.end(),
                                       [](const engine_condition& e) { return e.native >= 0; });
        if (rule.when.native < 0) continue;
        previous = rule.when.native;
        made.native_when |= std::uint64_t{1} << rule.when.native;
        made.rule_of_bit[static_cast<std::size_t>(rule.when.native)] = r;
    }
    if (made.native_used == 0) {
        made.native = nullptr;
    } else {
        // A condition that reads a param passed the type checker only if the set has that param,
        // so every param a used native condition reads is found here.
        for (const auto name : made.native->params) {
            double value = unknown_number;
            for (std::size_t i = 0; i < data.params.size(); ++i)
                if (data.params[i].name == name) value = data.param_values[i];
            made.native_params.push_back(value);
        }
    }
    // Tests that more than one condition of the scope makes get a shared id, so that each is
    // made once per batch.
    const auto each = [&](auto&& visit) {
        for (auto& rule : made.conditions) {
            rule.when.each_shareable_test(visit);
            for (auto& exemption : rule.unless) exemption.each_shareable_test(visit);
        }
    };
    std::unordered_map<std::string, std::uint32_t> uses;
    each([&](const std::string& key, std::uint32_t&) { ++uses[key]; });
    std::unordered_map<std::string, std::uint32_t> ids;
    each([&](const std::string& key, std::uint32_t& id) {
        if (uses[key] < 2) return;
        id = ids.try_emplace(key, static_cast<std::uint32_t>(ids.size() + 1)).first->second;
    });
    made.shared_test_count = static_cast<std::uint32_t>(ids.size());
    return made;
}

std::shared_ptr<const prepared_rules> prepare(const rule_set::compiled& data, bool with_native) {
    auto made = std::make_shared<prepared_rules>();
    for (std::size_t scope = 0; scope < scope_count; ++scope)
        if (!data.scopes[scope].rules.empty())
            made->scopes[scope].emplace(prepare_scope(data, static_cast<rule_scope>(scope), with_native));
    return made;
}

/// The rule set's prepared form, made on its first run, by whichever thread comes first.
const prepared_rules& prepared_of(const rule_set::compiled& data) {
    std::call_once(data.prepared_once, [&] { data.prepared = prepare(data, true); });
    return *data.prepared;
}

/// Decides the rules of one scope over all its subjects.
class scope_evaluation {
public:
    scope_evaluation(const rule_set::compiled& data, const prepared_scope& prepared, rule_scope scope,
                     const run_data& run, rule_evaluation& out, std::vector<rule_finding>& findings)
        : compiled_(data.scopes[scope_index(scope)]),
          conditions_(prepared.conditions),
          scope_(scope),
          subjects_(subjects_of(scope, run)),
          facts_(prepared.layout, run, *subjects_),
          out_(out),
          findings_(findings),
          run_(run),
          prepared_(prepared) {
        if (prepared.native != nullptr) native_held_.resize(prepared.native->conditions.size());
        shared_.resize(prepared.shared_test_count + 1);
        values_.resize(facts_.slot_count());
        for (std::size_t i = 0; i < data.param_values.size(); ++i)
            values_[compiled_.param_base + i] = expr::value::of(data.param_values[i]);
    }

    void run() {
        if (prepared_.native_only) {
            run_natively();
            return;
        }
        const std::size_t count = subjects_->count();
        selection everyone;
        selection fires;
        selection exempt;
        std::uint32_t batch = 0;
        for (std::size_t first = 0; first < count; first += batch_capacity) {
            const std::size_t size = std::min(batch_capacity, count - first);
            facts_.start(first, size);
            ++batch;
            everyone.clear();
            for (std::size_t i = 0; i < size; ++i)
                if (subjects_->is_subject(first + i)) everyone.push_back(static_cast<batch_index>(i));
            if (prepared_.native != nullptr) decide_natively(first, size, everyone);
            const std::size_t findings_before = findings_.size();
            const std::size_t exempted_before = out_.exempted.size();
            for (std::size_t r = 0; r < compiled_.rules.size(); ++r) {
                const compiled_rule& rule = compiled_.rules[r];
                current_rule_ = static_cast<std::uint32_t>(rule.info);
                if (stopped(current_rule_)) continue;
                decide(conditions_[r].when, everyone, true, batch, fires);
                if (fires.empty()) continue;
                rule_finding made;
                made.rule = static_cast<std::uint32_t>(rule.info);
                made.scope = scope_;
                made.severity = rule.level;
                for (std::size_t e = 0; e < rule.unless.size() && !fires.empty(); ++e) {
                    decide(conditions_[r].unless[e], fires, false, batch, exempt);
                    made.exemption = static_cast<std::uint32_t>(rule.unless[e].first);
                    for (const auto i : exempt) {
                        made.subject = static_cast<std::uint32_t>(first + i);
                        out_.exempted.push_back(made);
                    }
                    subtract(fires, exempt);
                }
                made.exemption.reset();
                for (const auto i : fires) {
                    made.subject = static_cast<std::uint32_t>(first + i);
                    findings_.push_back(made);
                }
            }
            // Rule by rule above; subject by subject, each in rule order, is the order reported.
            order_by_subject(findings_, findings_before, first, size);
            order_by_subject(out_.exempted, exempted_before, first, size);
        }
    }

private:
    /// Orders `findings` from `begin` on, all about subjects [first, first + size), by subject,
    /// keeping their order within a subject: a counting sort, since subjects are dense.
    void order_by_subject(std::vector<rule_finding>& findings, std::size_t begin, std::size_t first, std::size_t size) {
        if (findings.size() - begin < 2) return;
        starts_.assign(size + 1, 0);
        for (std::size_t k = begin; k < findings.size(); ++k) ++starts_[findings[k].subject - first + 1];
        for (std::size_t i = 1; i <= size; ++i) starts_[i] += starts_[i - 1];
        ordered_.resize(findings.size() - begin);
        for (std::size_t k = begin; k < findings.size(); ++k)
            ordered_[starts_[findings[k].subject - first]++] = findings[k];
        std::copy(ordered_.begin(), ordered_.end(), findings.begin() + static_cast<std::ptrdiff_t>(begin));
    }

    /// `run` for a scope whose conditions are all native: each subject's findings come from its
    /// bits in rule order, and the first exemption that holds silences a finding, as in `run`.
    void run_natively() {
        const std::size_t count = subjects_->count();
        native_bits_.resize(std::min(batch_capacity, count));
        rule_finding made;
        made.scope = scope_;
        for (std::size_t first = 0; first < count; first += batch_capacity) {
            const std::size_t size = std::min(batch_capacity, count - first);
            prepared_.native->decide(run_, first, size, prepared_.native_params.data(), native_bits_.data());
            for (std::size_t i = 0; i < size; ++i) {
                const std::uint64_t bits = native_bits_[i];
                auto firing = bits & prepared_.native_when;
                if (firing == 0 || !subjects_->is_subject(first + i)) continue;
                made.subject = static_cast<std::uint32_t>(first + i);
                for (; firing != 0; firing &= firing - 1) {
                    const auto r = prepared_.rule_of_bit[static_cast<std::size_t>(std::countr_zero(firing))];
                    const compiled_rule& rule = compiled_.rules[r];
                    made.rule = static_cast<std::uint32_t>(rule.info);
                    made.severity = rule.level;
                    made.exemption.reset();
                    const auto& unless = conditions_[r].unless;
                    for (std::size_t e = 0; e < unless.size(); ++e)
                        if (((bits >> unless[e].native) & 1U) != 0) {
                            made.exemption = static_cast<std::uint32_t>(rule.unless[e].first);
                            break;
                        }
                    if (made.exemption)
                        out_.exempted.push_back(made);
                    else
                        findings_.push_back(made);
                }
            }
        }
    }

    /// Decides the native conditions the set uses over the batch, each into its selection.
    void decide_natively(std::size_t first, std::size_t size, std::span<const batch_index> everyone) {
        native_bits_.resize(size);
        prepared_.native->decide(run_, first, size, prepared_.native_params.data(), native_bits_.data());
        for (auto& held : native_held_) held.clear();
        for (const auto i : everyone) {
            for (auto bits = native_bits_[i] & prepared_.native_used; bits != 0; bits &= bits - 1)
                native_held_[static_cast<std::size_t>(std::countr_zero(bits))].push_back(i);
        }
    }

    /// The subjects of `in` on which `condition` holds, into `held` (ascending).
    void decide(const engine_condition& condition, std::span<const batch_index> in, bool whole, std::uint32_t batch,
                selection& held) {
        held.clear();
        if (condition.native >= 0) {
            const auto& decided = native_held_[static_cast<std::size_t>(condition.native)];
            if (whole)
                held.assign(decided.begin(), decided.end());
            else
                std::set_intersection(in.begin(), in.end(), decided.begin(), decided.end(), std::back_inserter(held));
            return;
        }
        deferred_.clear();
        if (condition.whole) {
            condition.whole->filter(in, whole, batch, facts_, shared_, pool_, held, deferred_);
            if (deferred_.empty()) return;
            std::sort(deferred_.begin(), deferred_.end());
            deferred_.erase(std::unique(deferred_.begin(), deferred_.end()), deferred_.end());
            subtract(held, deferred_);
            candidates_.clear();
            for (const auto i : deferred_)
                if (evaluate(condition, i)) candidates_.push_back(i);
            merge_into(held, candidates_, spare_);
            return;
        }
        candidates_.assign(in.begin(), in.end());
        for (std::size_t k = 0; k < condition.leading.size() && !candidates_.empty(); ++k) {
            selection passed = pool_.take();
            condition.leading[k].filter(candidates_, whole && k == 0, batch, facts_, shared_, pool_, passed, deferred_);
            std::sort(deferred_.begin(), deferred_.end());
            merge_into(passed, deferred_, spare_);
            deferred_.clear();
            candidates_.swap(passed);
            pool_.give(std::move(passed));
        }
        for (const auto i : candidates_)
            if (evaluate(condition, i)) held.push_back(i);
    }

    /// The evaluator's verdict for one subject; a spent budget is counted and reads as not firing.
    /// Once the run's budget is spent, the rule being decided stops (docs/robustness.md#limits).
    bool evaluate(const engine_condition& condition, batch_index i) {
        if (stopped(current_rule_)) return false;
        if (out_.steps >= run_step_budget) {
            out_.stopped_rules.push_back(current_rule_);
            return false;
        }
        for (const auto slot : condition.slots) values_[slot] = facts_.value(slot, i);
        const auto budget = std::min(expr::default_step_budget, run_step_budget - out_.steps);
        const auto result = expr::evaluate(*condition.program, values_, budget);
        out_.steps += result.steps;
        if (result.budget_exceeded) {
            if (out_.steps >= run_step_budget)
                out_.stopped_rules.push_back(current_rule_);
            else
                ++out_.budget_exceeded;
            return false;
        }
        return result.result.is_true();
    }

    [[nodiscard]] bool stopped(std::uint32_t rule) const {
        return std::find(out_.stopped_rules.begin(), out_.stopped_rules.end(), rule) != out_.stopped_rules.end();
    }

    const compiled_scope& compiled_;
    const std::vector<rule_conditions>& conditions_;
    rule_scope scope_;
    std::unique_ptr<subject_source> subjects_;
    fact_batch facts_;
    rule_evaluation& out_;
    std::vector<rule_finding>& findings_;
    shared_tests shared_;
    selection_pool pool_;
    selection deferred_;
    selection candidates_;
    selection spare_;
    std::vector<expr::value> values_; ///< one subject's facts for the evaluator, params in place
    std::vector<std::size_t> starts_;
    std::vector<rule_finding> ordered_;
    const run_data& run_;
    const prepared_scope& prepared_;
    std::uint32_t current_rule_ = 0;         ///< the rule being decided, for the run's budget
    std::vector<std::uint64_t> native_bits_; ///< per subject of the batch
    std::vector<selection> native_held_;     ///< per native condition: where it holds
};

/// The compiled templates of a rule rigcheck raises itself, or null when the set has no such rule.
const compiled_rule* raised_rule(const rule_set::compiled& data, std::string_view id) {
    const auto found = data.rule_index.find(std::string(id));
    if (found == data.rule_index.end()) return nullptr;
    for (const auto& r : data.raised)
        if (r.info == found->second) return &r;
    return nullptr;
}

/// Makes the text of findings: binds, per subject, the facts the firing rule's templates read.
class description {
public:
    description(const rule_set::compiled& data, const analysed_rig& analysed) : data_(data), run_(analysed) {
        rules_.resize(data_.rules.size());
        for (std::size_t scope = 0; scope < scope_count; ++scope)
            for (const auto& rule : data_.scopes[scope].rules) {
                auto& entry = rules_[rule.info];
                entry.rule = &rule;
                const auto base = data_.scopes[scope].param_base;
                for (const auto* text : {&rule.message, &rule.fix}) {
                    const auto* compiled = expr::detail::program_access::get(*text);
                    if (compiled == nullptr) continue;
                    for (const auto& piece : compiled->pieces) {
                        if (!piece.hole) continue;
                        const auto* program = expr::detail::program_access::get(piece.hole->expression);
                        if (program == nullptr) continue;
                        for (const auto& node : program->nodes)
                            if (node.op == expr::detail::operation::load_fact && node.first < base)
                                entry.slots.push_back(node.first);
                    }
                }
                std::sort(entry.slots.begin(), entry.slots.end());
                entry.slots.erase(std::unique(entry.slots.begin(), entry.slots.end()), entry.slots.end());
            }
    }

    void describe(const rule_evaluation& evaluation, rule_run& out) {
        out.budget_exceeded = evaluation.budget_exceeded;
        out.diagnostics.reserve(evaluation.findings.size() + evaluation.notices.size());
        const auto& findings = evaluation.findings;
        for (std::size_t k = 0; k < findings.size(); ++k) {
            const rule_finding& f = findings[k];
            check(f);
            const compiled_rule& rule = *rules_[f.rule].rule;
            const auto& values = bind(f);
            diagnostic d;
            d.rule = data_.rules[f.rule].id;
            d.severity = f.severity;
            d.message = expr::render(rule.message, values);
            d.fix = expr::render(rule.fix, values);
            d.scope = f.scope;
            // Consecutive findings share a subject's placement; the last of them takes its strings.
            const bool last =
                k + 1 == findings.size() || findings[k + 1].scope != f.scope || findings[k + 1].subject != f.subject;
            if (last) {
                d.location = std::move(placed_.location);
                d.subject = std::move(placed_.subject);
                d.related = std::move(placed_.related);
                placed_valid_ = false;
            } else {
                d.location = placed_.location;
                d.subject = placed_.subject;
                d.related = placed_.related;
            }
            out.diagnostics.push_back(std::move(d));
        }
        for (const auto& d : evaluation.notices) out.diagnostics.push_back(d);
        for (const auto& f : evaluation.exempted) {
            check(f);
            if (!f.exemption || *f.exemption >= data_.exemptions.size())
                throw std::invalid_argument(
                    "describe_findings: an exempted finding names no exemption of this rule set");
            const placement where = placement_of(f.scope, f.subject, run_);
            out.exempted.push_back(
                {data_.rules[f.rule].id, data_.exemptions[f.exemption.value_or(0)].id, where.location, where.subject});
        }
    }

    /// A notice of a rule rigcheck raises itself, described from the rule's own templates: the
    /// notice facts hold `notice`, and the scope's facts are those of `subject` when it has one
    /// (they are unknown otherwise). Nothing when the rule set has no such rule enabled.
    std::optional<diagnostic> describe_notice(std::string_view rule_id, std::optional<std::uint32_t> about,
                                              const notice_values& notice) {
        const compiled_rule* raised = raised_rule(data_, rule_id);
        if (raised == nullptr) return std::nullopt;
        const rule_info& info = data_.rules[raised->info];
        if (!info.effective_severity) return std::nullopt;
        const auto s = scope_index(info.scope);
        const auto& compiled = data_.scopes[s];
        const std::size_t params = data_.param_values.size();
        std::vector<expr::value> values(facts_of(info.scope).facts.size() + params + std::size(notice_facts));
        for (std::size_t i = 0; i < params; ++i)
            values[compiled.param_base + i] = expr::value::of(data_.param_values[i]);
        diagnostic d;
        d.rule = info.id;
        d.severity = *info.effective_severity;
        d.scope = info.scope;
        if (about) {
            auto& source = subjects_[s];
            if (!source) source = subjects_of(info.scope, run_);
            if (*about < source->count()) {
                subject_ = subject{};
                source->make(*about, subject_);
                source->make_ports(*about, subject_);
                placed_valid_ = false; // the subject record is this notice's now
                const auto& definitions = facts_of(info.scope).facts;
                for (const auto* text : {&raised->message, &raised->fix})
                    for (const auto slot : template_slots(*text, static_cast<std::uint32_t>(definitions.size())))
                        values[slot] = bind_fact(definitions[slot], run_, subject_, buffers_);
                const auto where = placement_of(info.scope, *about, run_);
                d.location = where.location;
                d.subject = where.subject;
            }
        }
        const auto set = [&](notice_field field, expr::value value) {
            values[notice_slot(info.scope, params, field)] = value;
        };
        if (notice.rule) set(notice_field::rule, expr::value::of(std::string_view(*notice.rule)));
        set(notice_field::note, expr::value::of(std::string_view(notice.note ? *notice.note : std::string_view())));
        if (notice.limit) set(notice_field::limit, expr::value::of(*notice.limit));
        if (notice.rules) set(notice_field::rules, expr::value::of(std::string_view(*notice.rules)));
        if (notice.message) set(notice_field::message, expr::value::of(std::string_view(*notice.message)));
        if (notice.error) set(notice_field::error, expr::value::of(std::string_view(*notice.error)));
        d.message = expr::render(raised->message, values);
        d.fix = expr::render(raised->fix, values);
        return d;
    }

private:
    /// The fact slots (below `base`) a template reads.
    static std::vector<std::uint32_t> template_slots(const expr::text_template& text, std::uint32_t base) {
        std::vector<std::uint32_t> slots;
        const auto* compiled = expr::detail::program_access::get(text);
        if (compiled == nullptr) return slots;
        for (const auto& piece : compiled->pieces) {
            if (!piece.hole) continue;
            const auto* program = expr::detail::program_access::get(piece.hole->expression);
            if (program == nullptr) continue;
            for (const auto& node : program->nodes)
                if (node.op == expr::detail::operation::load_fact && node.first < base) slots.push_back(node.first);
        }
        return slots;
    }

    /// A finding of another rule set or rig would index past their data: refused, not described.
    void check(const rule_finding& f) {
        const auto s = scope_index(f.scope);
        if (s >= scope_count || f.rule >= rules_.size() || rules_[f.rule].rule == nullptr ||
            data_.rules[f.rule].scope != f.scope)
            throw std::invalid_argument("describe_findings: a finding names no enabled rule of this rule set");
        auto& source = subjects_[s];
        if (!source) source = subjects_of(f.scope, run_);
        if (f.subject >= source->count() || !source->is_subject(f.subject))
            throw std::invalid_argument("describe_findings: a finding names no subject of this rig");
    }

    /// The facts a finding's templates read, bound for its subject, with its placement in `placed_`.
    const std::vector<expr::value>& bind(const rule_finding& f) {
        const auto s = scope_index(f.scope);
        auto& values = values_[s];
        const auto& compiled = data_.scopes[s];
        if (values.empty()) {
            values.resize(compiled.param_base + data_.param_values.size());
            bound_at_[s].assign(compiled.param_base, 0);
            for (std::size_t i = 0; i < data_.param_values.size(); ++i)
                values[compiled.param_base + i] = expr::value::of(data_.param_values[i]);
        }
        if (!placed_valid_ || f.scope != placed_scope_ || f.subject != placed_subject_) {
            auto& source = subjects_[s];
            if (!source) source = subjects_of(f.scope, run_);
            subject_ = subject{};
            source->make(f.subject, subject_);
            source->make_ports(f.subject, subject_);
            placed_ = placement_of(f.scope, f.subject, run_);
            placed_scope_ = f.scope;
            placed_subject_ = f.subject;
            placed_valid_ = true;
            ++serial_;
        }
        // Findings of one subject may read the same facts; each is bound once for it.
        const auto& definitions = facts_of(f.scope).facts;
        auto& bound_at = bound_at_[s];
        for (const auto slot : rules_[f.rule].slots)
            if (bound_at[slot] != serial_) {
                values[slot] = bind_fact(definitions[slot], run_, subject_, buffers_);
                bound_at[slot] = serial_;
            }
        return values;
    }

    struct rule_text {
        const compiled_rule* rule = nullptr;
        std::vector<std::uint32_t> slots; ///< the facts its message and fix read
    };

    const rule_set::compiled& data_;
    run_data run_;
    std::vector<rule_text> rules_; ///< by rule_info index
    std::array<std::vector<expr::value>, scope_count> values_;
    std::array<std::vector<std::uint64_t>, scope_count> bound_at_;
    std::array<std::unique_ptr<subject_source>, scope_count> subjects_;
    subject subject_;
    scratch buffers_;
    placement placed_;
    rule_scope placed_scope_ = rule_scope::rig;
    std::uint32_t placed_subject_ = 0;
    bool placed_valid_ = false;
    std::uint64_t serial_ = 0; ///< counts the subjects described; never wraps in practice
};

class evaluation {
public:
    evaluation(const rule_set::compiled& data, const prepared_rules& prepared, const analysed_rig& analysed,
               rule_evaluation& out)
        : data_(data), prepared_(prepared), run_(analysed), out_(out) {}

    void run() {
        for (std::size_t scope = 0; scope < scope_count; ++scope)
            if (prepared_.scopes[scope])
                scope_evaluation(data_, *prepared_.scopes[scope], static_cast<rule_scope>(scope), run_, out_, findings_)
                    .run();
        silenced_.assign(findings_.size(), 0);
        supersede();
        apply_ignores();
        if (run_.analysed().paths_truncated()) report_path_limit();
        for (const auto rule : out_.stopped_rules) report_rule_budget(rule);
        // The findings kept, in place: on a large rig they are most of what a run allocates.
        std::size_t kept = 0;
        for (std::size_t i = 0; i < findings_.size(); ++i)
            if (silenced_[i] == 0) findings_[kept++] = findings_[i];
        findings_.resize(kept);
        out_.findings = std::move(findings_);
    }

private:
    /// A key for what a finding is about: a link key, or (with the top bit set) a subject of a
    /// scope without links.
    static std::uint64_t subject_key(const rule_finding& f) {
        return (std::uint64_t{1} << 63) | (std::uint64_t{static_cast<std::uint8_t>(f.scope)} << 40) | f.subject;
    }

    void concerns(const rule_finding& f, std::vector<std::size_t>& keys) const {
        keys.clear();
        concerns_of(f.scope, f.subject, run_, keys);
    }

    void supersede() {
        std::vector<std::size_t> superseding;
        for (std::size_t i = 0; i < findings_.size(); ++i)
            if (!data_.rules[findings_[i].rule].supersedes.empty()) superseding.push_back(i);
        if (superseding.empty()) return;
        // Only the links and subjects of superseding findings can silence anything, so only
        // findings that share one of those are collected, with the key they share.
        const auto& links = run_.links();
        std::vector<std::uint8_t> link_marked(links.links.size() + links.conflicts.size(), 0);
        std::vector<std::uint64_t> subjects_marked;
        std::vector<std::size_t> keys;
        for (const auto i : superseding) {
            concerns(findings_[i], keys);
            if (keys.empty()) subjects_marked.push_back(subject_key(findings_[i]));
            for (const auto key : keys) link_marked[key] = 1;
        }
        std::sort(subjects_marked.begin(), subjects_marked.end());
        std::vector<std::pair<std::uint64_t, std::size_t>> sharing; // (key, finding)
        for (std::size_t j = 0; j < findings_.size(); ++j) {
            concerns(findings_[j], keys);
            if (keys.empty()) {
                const auto key = subject_key(findings_[j]);
                if (std::binary_search(subjects_marked.begin(), subjects_marked.end(), key))
                    sharing.emplace_back(key, j);
            }
            for (const auto key : keys)
                if (link_marked[key] != 0) sharing.emplace_back(key, j);
        }
        std::sort(sharing.begin(), sharing.end());
        for (const auto i : superseding) {
            const auto& silenced_rules = data_.rules[findings_[i].rule].supersedes;
            const auto silence = [&](std::uint64_t key) {
                const std::pair<std::uint64_t, std::size_t> first{key, 0};
                auto at = std::lower_bound(sharing.begin(), sharing.end(), first);
                for (; at != sharing.end() && at->first == key; ++at) {
                    const auto j = at->second;
                    if (j != i && std::find(silenced_rules.begin(), silenced_rules.end(),
                                            data_.rules[findings_[j].rule].id) != silenced_rules.end())
                        silenced_[j] = 1;
                }
            };
            concerns(findings_[i], keys);
            if (keys.empty()) silence(subject_key(findings_[i]));
            for (const auto key : keys) silence(key);
        }
    }

    void apply_ignores() {
        const rig& r = run_.model();
        const auto& ignoring = run_.analysed().connections_with_ignores();
        if (ignoring.empty()) return;
        // Findings by the connection they point at, for the connections that have ignores.
        std::unordered_map<std::size_t, std::vector<std::size_t>> at_connection;
        for (const auto c : ignoring) at_connection[c];
        for (std::size_t i = 0; i < findings_.size(); ++i) {
            if (silenced_[i] != 0) continue;
            const auto anchor = anchor_of(findings_[i].scope, findings_[i].subject, run_);
            if (anchor == no_connection) continue;
            const auto found = at_connection.find(anchor);
            if (found != at_connection.end()) found->second.push_back(i);
        }
        for (const auto c : ignoring) {
            const connection& conn = r.connections[c];
            const auto& found = at_connection[c];
            for (const auto& entry : conn.ignores) {
                bool used = false;
                for (const auto i : found)
                    if (data_.rules[findings_[i].rule].id == entry.rule) {
                        silenced_[i] = 1;
                        used = true;
                    }
                if (!used) report_unused(conn, c, entry);
            }
        }
    }

    [[nodiscard]] source_location at(source_position position) const { return located(run_.model().file, position); }

    /// An ignore that suppressed nothing: `unused-ignore`, at the ignore entry itself, about the
    /// connection's first link.
    void report_unused(const connection& conn, std::size_t index, const ignore_entry& entry) {
        const auto& links = run_.links();
        std::optional<std::uint32_t> subject;
        if (index < links.links_of_connection.size() && !links.links_of_connection[index].empty())
            subject = static_cast<std::uint32_t>(links.links_of_connection[index].front());
        notice_values notice;
        notice.rule = entry.rule;
        if (!data_.rule_index.count(entry.rule)) {
            std::vector<std::string_view> ids;
            for (const auto& known : data_.rules) ids.push_back(known.id);
            std::sort(ids.begin(), ids.end());
            notice.note = fmt::format("; `{}` is not a rule{}", entry.rule, did_you_mean(entry.rule, ids));
        }
        auto d = notices().describe_notice("unused-ignore", subject, notice);
        if (!d) return;
        d->location = at(entry.position.known() ? entry.position : conn.position);
        if (!subject && !conn.ends.empty())
            d->subject = fmt::format("{} -> {}", run_.model().port_name(conn.ends.front().port),
                                     run_.model().port_name(conn.ends.back().port));
        out_.notices.push_back(std::move(*d));
    }

    /// A ladder of splitters has exponentially many paths, so enumeration stops at its limit
    /// (docs/robustness.md#limits). Path-scope rules then saw only some paths, and a clean report would overstate
    /// what was checked, so the cut is reported rather than passed over.
    void report_path_limit() {
        std::vector<std::string_view> path_rules;
        for (const auto& rule : data_.scopes[scope_index(rule_scope::path)].rules)
            path_rules.push_back(data_.rules[rule.info].id);
        std::sort(path_rules.begin(), path_rules.end());
        path_rules.erase(std::unique(path_rules.begin(), path_rules.end()), path_rules.end());
        notice_values notice;
        notice.limit = static_cast<double>(run_.analysed().paths().size());
        notice.rules = fmt::format("{}", fmt::join(path_rules, ", "));
        auto d = notices().describe_notice("path-limit", std::uint32_t{0}, notice);
        if (!d) return;
        out_.notices.push_back(std::move(*d));
    }

    /// A rule stopped by the run's budget: its findings are incomplete, which a clean report
    /// would hide, so the stop is reported at the rule's own definition (docs/robustness.md#limits).
    void report_rule_budget(std::uint32_t rule) {
        const rule_info& stopped = data_.rules[rule];
        notice_values notice;
        notice.rule = stopped.id;
        notice.limit = static_cast<double>(run_step_budget);
        auto d = notices().describe_notice("rule-budget", std::uint32_t{0}, notice);
        if (!d) return;
        d->location = stopped.location;
        d->subject = stopped.id;
        out_.notices.push_back(std::move(*d));
    }

    description& notices() {
        if (!notices_) notices_.emplace(data_, run_.analysed());
        return *notices_;
    }

    const rule_set::compiled& data_;
    const prepared_rules& prepared_;
    run_data run_;
    rule_evaluation& out_;
    std::optional<description> notices_;
    std::vector<rule_finding> findings_;
    std::vector<std::uint8_t> silenced_;
};

} // namespace
} // namespace rules_detail

rule_evaluation evaluate_rules(const rule_set& rules, const analysed_rig& rig) {
    rule_evaluation result;
    rules_detail::evaluation(rules_detail::data_of(rules), rules_detail::prepared_of(rules_detail::data_of(rules)), rig,
                             result)
        .run();
    return result;
}

rule_evaluation rules_detail::evaluate_rules_without_native(const rule_set& rules, const analysed_rig& rig) {
    rule_evaluation result;
    const auto prepared = rules_detail::prepare(rules_detail::data_of(rules), false);
    rules_detail::evaluation(rules_detail::data_of(rules), *prepared, rig, result).run();
    return result;
}

rule_run describe_findings(const rule_set& rules, const analysed_rig& rig, const rule_evaluation& evaluation) {
    rule_run result;
    rules_detail::description(rules_detail::data_of(rules), rig).describe(evaluation, result);
    return result;
}

rule_run run_rules(const rule_set& rules, const analysed_rig& rig) {
    return describe_findings(rules, rig, evaluate_rules(rules, rig));
}

diagnostic describe_invalid_input(const rule_set* rules, const input_error& error) {
    diagnostic d;
    d.rule = "invalid-input";
    d.severity = severity::error;
    d.location = error.location;
    d.scope = rule_scope::rig;
    d.subject = error.location.file;
    const std::string id(error_id(error.code));
    const auto* data = rules ? &rules_detail::data_of(*rules) : nullptr;
    const auto* raised = data ? rules_detail::raised_rule(*data, "invalid-input") : nullptr;
    if (raised == nullptr) {
        // No rule set to take the template from (the builtin one did not load): the same text.
        d.message = fmt::format("{} [rigcheck.{}]", error.message, id);
        return d;
    }
    // A load error is about no subject: the rig scope's facts are unknown, the notice's are set.
    using rules_detail::notice_field;
    const std::size_t params = data->param_values.size();
    std::vector<expr::value> values(rules_detail::facts_of(rule_scope::rig).facts.size() + params +
                                    std::size(rules_detail::notice_facts));
    values[rules_detail::notice_slot(rule_scope::rig, params, notice_field::message)] =
        expr::value::of(std::string_view(error.message));
    values[rules_detail::notice_slot(rule_scope::rig, params, notice_field::error)] =
        expr::value::of(std::string_view(id));
    values[rules_detail::notice_slot(rule_scope::rig, params, notice_field::note)] =
        expr::value::of(std::string_view());
    d.message = expr::render(raised->message, values);
    return d;
}

} // namespace rigcheck
