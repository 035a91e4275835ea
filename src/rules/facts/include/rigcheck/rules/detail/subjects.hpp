// The subjects of each rule scope, by number, and where a finding about one of them points.
//
// A scope's subjects are numbered as `rule_finding::subject` documents (rules/engine.hpp). A
// `subject_source` makes the record that facts are bound from for subject `index`, in two
// steps, because the port views cost more than the rest and many facts (`link.kind`) do not
// read them. The placement, anchor and concerns of a finding follow from its scope and subject
// alone, so findings carry nothing but those two numbers until they are described.
#pragma once

#include <rigcheck/rules/detail/facts.hpp>

#include <cstddef>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace rigcheck::rules_detail {

class subject_source {
public:
    virtual ~subject_source() = default;
    [[nodiscard]] virtual std::size_t count() const = 0;
    /// False for the numbers that are no subject: a path or cycle without links.
    [[nodiscard]] virtual bool is_subject(std::size_t) const { return true; }
    /// Sets every field of `s` that the scope's facts read, except the port views, for subject
    /// `index`; `s` may hold another subject of the scope.
    virtual void make(std::size_t index, subject& s) const = 0;
    /// Adds the port views of subject `index` to a subject `make` filled.
    virtual void make_ports(std::size_t index, subject& s) const = 0;
    /// `make` for the subjects [first, first + into.size()).
    virtual void make_all(std::size_t first, std::span<subject> into) const {
        for (std::size_t k = 0; k < into.size(); ++k) make(first + k, into[k]);
    }
    /// `make_ports` for the subjects [first, first + into.size()).
    virtual void make_all_ports(std::size_t first, std::span<subject> into) const {
        for (std::size_t k = 0; k < into.size(); ++k) make_ports(first + k, into[k]);
    }
};

/// The subjects of `scope` in `run`'s rig.
std::unique_ptr<subject_source> subjects_of(rule_scope scope, const run_data& run);

inline constexpr std::size_t no_connection = std::numeric_limits<std::size_t>::max();

/// Where a finding's diagnostic goes and what it is about.
struct placement {
    source_location location;
    std::string subject;
    std::vector<related_location> related;
};

placement placement_of(rule_scope scope, std::size_t index, const run_data& run);

/// The connection a finding about the subject points at (what its `ignore` entries name), or
/// no_connection for ports, devices and the rig.
std::size_t anchor_of(rule_scope scope, std::size_t index, const run_data& run);

/// The link keys a finding about the subject concerns, for supersession: a link's index, or
/// `links.size() + i` for the i-th direction conflict. Empty for ports, devices and the rig.
void concerns_of(rule_scope scope, std::size_t index, const run_data& run, std::vector<std::size_t>& into);

} // namespace rigcheck::rules_detail
