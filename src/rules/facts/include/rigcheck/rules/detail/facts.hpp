// The facts of each rule scope (docs/rule-facts.md) and how they are bound for one subject.
//
// Each scope has a fixed table of facts; a fact's slot is its index in the table, and the param
// slots follow the table, one per param of the rule set. A `fact_schema` built from the table is
// what expressions compile against. Binding never looks a name up: the numbers, booleans and
// closed-set strings of ports, links and signals each have a typed binder function of their own,
// which the engine runs over a column of subjects (fact_batch.hpp); `bind_fact` binds any fact
// as an expression value, through those binders or by switching on the fact's group and field.
// Strings are views into the rig, the analysis, static tables, or a `scratch` buffer that the
// engine keeps alive while it reads one subject.
#pragma once

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/core/diagnostic.hpp>
#include <rigcheck/rules/expression.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::rules_detail {

/// Which object of the subject a fact reads.
enum class fact_group : std::uint8_t {
    source,      ///< connection scope: the driving port
    dest,        ///< connection scope: the receiving port
    port,        ///< port scope: the port
    path_source, ///< path scope: the path's source output
    path_sink,   ///< path scope: the path's sink input
    link,
    signal,
    path,
    device, ///< port and device scopes: the device
    rig,
    cycle,
};

enum class port_field : std::uint8_t {
    display, ///< "device.port", what `{source}` prints
    device,
    port,
    connector,
    direction,
    interface,
    signal,
    stereo,
    impedance_ohm,
    nominal_dbu,
    max_dbu,
    phantom,
    phantom_capable,
    cmrr_db,
    gain_min_db,
    gain_max_db,
    pad_db,
    pad_engaged,
    gain_db,
    sensitivity_dbv_pa,
    inductance_h,
    face,
    gear_id,
    gear_manufacturer,
    gear_model,
    gear_category,
    gear_power,
    gear_quirks,
    connected, ///< port scope only
};

enum class device_field : std::uint8_t {
    id,
    label,
    gear_id,
    gear_manufacturer,
    gear_model,
    gear_category,
    gear_power,
    gear_quirks,
    port_count,
    connected_count,
};

enum class link_field : std::uint8_t {
    kind,
    direction_conflict,
    polarity,
    cold,
    cold_grounded_at,
    isolated,
    mated,
    unmated_reason,
    unbalanced_receiving,
    length_m,
    cables,
    capacitance_pf,
    treble_corner_hz,
    resonance_hz,
    divider_loss_db,
    level_change_db,
};

enum class signal_field : std::uint8_t {
    level_dbu,
    source_level_dbu,
    headroom_db,
    noise_dbu,
    snr_db,
    polarity,
    origin_signal,
};

enum class path_field : std::uint8_t {
    display, ///< "device.port -> device.port"
    hops,
    categories,
    has_di,
    polarity,
    length_m,
    unbalanced_length_m,
    min_headroom_db,
    snr_db,
};

enum class rig_field : std::uint8_t { name, device_count, connection_count, cycle_count };

enum class cycle_field : std::uint8_t { display, devices, length };

class run_data;
struct subject;

/// The code of an unknown value of a fact with `spellings`.
inline constexpr std::uint8_t unknown_code = 0xff;
/// An unknown number in typed binding: no fact is ever measured as NaN.
inline constexpr double unknown_number = std::numeric_limits<double>::quiet_NaN();

/// Typed binding of one fact, without the `expr::value` in between: NaN for an unknown number,
/// -1 for an unknown flag, unknown_code for an unknown code.
using number_binder = double (*)(const run_data&, const subject&);
using flag_binder = std::int8_t (*)(const run_data&, const subject&);
using code_binder = std::uint8_t (*)(const run_data&, const subject&);
/// The same binder over the subjects `at` of `subjects`, into `out` at the same indices: one
/// loop with the binder inlined, for binding a column.
template <class T>
using column_binder = void (*)(const run_data&, const subject* subjects, std::span<const std::uint16_t> at, T* out);

struct fact_definition {
    std::string name; ///< dotted; for a display slot, the object it displays
    expr::value_type type = expr::value_type::string;
    fact_group group = fact_group::rig;
    std::uint8_t field = 0; ///< a *_field of `group`
    bool display = false;   ///< backs `{object}` in templates rather than a field
    /// For a string fact drawn from a closed set (an enum of the model): every value it can take,
    /// indexed by the enum's value. Such a fact is bound as that index (its `code` binder), so
    /// that the engine tests it against constants by comparing small integers; empty for any
    /// other fact.
    std::span<const std::string_view> spellings;
    /// Binding it reads the subject's ports (a port_view), not just the subject's own record.
    bool reads_ports = false;
    /// Its value is made in a `scratch` buffer, valid until the same fact is bound again.
    bool transient = false;
    /// The typed binding of a number, boolean or closed-set fact of a port, link or signal:
    /// the facts the connection scope, with the most subjects, reads. At most one of the three
    /// is set, with its column form beside it, and `bind_fact` goes through it too.
    number_binder number = nullptr;
    flag_binder flag = nullptr;
    code_binder code = nullptr;
    column_binder<double> number_column = nullptr;
    column_binder<std::int8_t> flag_column = nullptr;
    column_binder<std::uint8_t> code_column = nullptr;
};

/// The facts of one scope; a fact's slot is its index.
struct scope_facts {
    rule_scope scope = rule_scope::connection;
    std::vector<fact_definition> facts;
};

inline constexpr std::size_t scope_count = 6;
inline constexpr std::size_t scope_index(rule_scope scope) { return static_cast<std::size_t>(scope); }

/// The static fact table of a scope.
const scope_facts& facts_of(rule_scope scope);

/// What rigcheck says about the check itself: `unused-ignore`, `path-limit`, `rule-budget` and
/// `invalid-input` are raised by the engine and the loaders, not by a condition (theirs is
/// `false`), and their messages and fixes are templates in their rule files like any other,
/// which may read these `notice.*` facts besides their scope's own.
enum class notice_field : std::uint8_t {
    rule,    ///< `notice.rule`: the rule an ignore names, or the rule that was stopped
    note,    ///< `notice.note`: a remark to append, e.g. that an ignore names no rule
    limit,   ///< `notice.limit`: the limit that was reached (paths, evaluation steps)
    rules,   ///< `notice.rules`: the rules the limit cut short, `, `-separated
    message, ///< `notice.message`: a load error's message
    error,   ///< `notice.error`: a load error's id (`unknown-key`)
};
struct notice_fact {
    std::string_view name;
    expr::value_type type;
};
inline constexpr notice_fact notice_facts[] = {
    {"notice.rule", expr::value_type::string},    {"notice.note", expr::value_type::string},
    {"notice.limit", expr::value_type::number},   {"notice.rules", expr::value_type::string},
    {"notice.message", expr::value_type::string}, {"notice.error", expr::value_type::string},
};

/// The values of the notice facts for one notice; what is left out is unknown.
struct notice_values {
    std::optional<std::string> rule;
    std::optional<std::string> note;
    std::optional<double> limit;
    std::optional<std::string> rules;
    std::optional<std::string> message;
    std::optional<std::string> error;
};

/// The schema expressions of `scope` compile against; `params.NAME` sits at slot
/// `facts_of(scope).facts.size() + i` for the i-th name.
expr::fact_schema make_schema(rule_scope scope, std::span<const std::string> param_names);
/// The schema of a notice's templates: the scope's, with the notice facts after the params.
expr::fact_schema make_notice_schema(rule_scope scope, std::span<const std::string> param_names);
/// The slot of a notice fact in a notice schema.
inline std::uint32_t notice_slot(rule_scope scope, std::size_t param_count, notice_field field) {
    return static_cast<std::uint32_t>(facts_of(scope).facts.size() + param_count + static_cast<std::size_t>(field));
}

/// A port as a subject sees it: the device, the gear, the face its plug selected.
struct port_view {
    port_ref ref;
    const device* owner = nullptr;
    const gear* gear_of = nullptr;
    const port* target = nullptr;
    const port_face* face = nullptr;
    std::optional<combo_face> selected;
    const port_setting* setting = nullptr;

    [[nodiscard]] bool valid() const { return target != nullptr; }
};

/// Data derived once per run of the rules over one analysed rig. The tables about ports are
/// made when first asked for: the connection and path scopes, which have most subjects, need
/// none of them. Not for use by several threads at once.
class run_data {
public:
    explicit run_data(const analysed_rig& analysed);

    [[nodiscard]] const analysed_rig& analysed() const { return analysed_; }
    [[nodiscard]] const rig& model() const { return rig_; }
    [[nodiscard]] const link_analysis& links() const { return links_; }
    [[nodiscard]] port_view view(port_ref ref, std::optional<combo_face> selected) const;
    [[nodiscard]] std::span<const std::string_view> quirks_of(std::size_t gear_index) const {
        return quirks_[gear_index];
    }
    [[nodiscard]] std::size_t flat_port(port_ref ref) const { return ports().base[ref.device] + ref.port; }
    [[nodiscard]] std::size_t port_total() const { return ports().base.back(); }
    /// The port whose flat index (`flat_port`) is `flat`.
    [[nodiscard]] port_ref port_at(std::size_t flat) const;
    [[nodiscard]] bool connected(port_ref ref) const { return ports().connected[flat_port(ref)] != 0; }
    /// The face the plug arriving at a combo input selected, if a link arrives there.
    [[nodiscard]] std::optional<combo_face> arriving_face(port_ref ref) const;
    [[nodiscard]] std::size_t connected_count(std::size_t device_index) const {
        return ports().device_connected[device_index];
    }

private:
    struct port_tables {
        std::vector<std::size_t> base; ///< per device, its first flat port; then the total
        std::vector<std::uint8_t> connected;
        std::vector<std::uint8_t> arriving_face; ///< 0 none, 1 xlr, 2 jack
        std::vector<std::size_t> device_connected;
    };
    const port_tables& ports() const;

    const analysed_rig& analysed_;
    const rig& rig_;
    const link_analysis& links_;
    std::vector<std::vector<std::string_view>> quirks_;
    mutable std::optional<port_tables> ports_;
};

inline port_view run_data::view(port_ref ref, std::optional<combo_face> selected) const {
    port_view result;
    result.ref = ref;
    result.owner = &rig_.devices[ref.device];
    result.gear_of = &rig_.gear_of(*result.owner);
    result.target = &result.gear_of->ports[ref.port];
    result.selected = result.target->is_combo() ? selected : std::nullopt;
    result.face = &result.target->face(result.selected);
    result.setting = ref.port < result.owner->settings.size() ? &result.owner->settings[ref.port] : nullptr;
    return result;
}

/// One subject of any scope; the fields of other scopes stay empty.
struct subject {
    // connection scope
    const link* link_of = nullptr; ///< null for a direction conflict
    const direction_conflict* conflict = nullptr;
    const link_signal* signal = nullptr;
    const connection* connection_of = nullptr;
    port_view source;
    port_view dest;
    // path scope
    const signal_path* path = nullptr;
    // port scope (in `source`), device and port scopes
    std::size_t device_index = 0;
    // cycle scope
    const signal_cycle* cycle = nullptr;
};

/// Storage for strings and lists made up while binding one subject. Each fact that needs
/// storage has its own buffer, so binding one never moves what another points at.
struct scratch {
    std::string source_display;
    std::string dest_display;
    std::string path_display;
    std::string cycle_display;
    std::vector<std::string_view> cables;
    std::vector<std::string_view> categories;
    std::vector<std::string_view> devices;
};

/// The value of one (non-param) fact for a subject.
expr::value bind_fact(const fact_definition& fact, const run_data& run, const subject& s, scratch& buffers);

/// "xlr3-female", "combo": the spelling of every connector, from a table built once.
std::string_view connector_name(connector c);

} // namespace rigcheck::rules_detail
