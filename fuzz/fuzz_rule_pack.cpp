// libFuzzer target for the rule-pack loader, the expression parser and the type checker, on
// arbitrary bytes.
//
// Each input is used twice. First as a rule pack (`rigcheck-rules: 1`): loaded on its own, with
// every `when`, exemption, message and fix parsed and type-checked; a pack that loads is then run
// over a small rig, loaded with the pack's gear overrides applied, so that evaluation, templates,
// the step budget and override globs see what the fuzzer wrote. Second as the bare text of an
// expression and of a template in the connection scope, compiled and evaluated against facts that
// are all unknown, which reaches the parser far more directly than through YAML.
//
// Beyond "no crash, no sanitizer report" it checks what docs/rule-packs.md, docs/robustness.md#limits promise: a rule
// set comes back exactly when there are no errors, every error has a message, and every error about the input points at
// a 1-based line of it. A violation aborts, so libFuzzer keeps the input.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/expression.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <rigcheck/rules/detail/facts.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

const std::string fuzz_file = "/nonexistent-rigcheck-fuzz/pack.yaml";

// Two links of different kinds, a path through a device and a cycle-free graph: enough for
// every scope to have subjects and for most facts to be known. tests/fuzz-regressions/host-rig.yaml
// is the same rig, so that a pack this target keeps can be replayed with `rigcheck check --pack`.
constexpr std::string_view rig_text = R"(rigcheck: 1
name: fuzz
devices:
  kbd: {gear: generic/keyboard}
  di: {gear: generic/active-di}
  desk: {gear: generic/mixer, settings: {in-1: {gain: 30 dB, phantom: true}}}
connections:
  - {from: kbd.out-l, to: di.in, cable: ts, length: 3 m}
  - {from: di.out, to: desk.in-1, cable: xlr, length: 15 m}
  - {from: kbd.out-r, to: desk.line-1, cable: ts, length: 12 m}
)";

[[noreturn]] void violated(const char* what, const rigcheck::input_error& error) {
    std::fprintf(stderr, "invariant violated: %s: %s\n", what, rigcheck::to_string(error).c_str());
    std::abort();
}

std::size_t line_count(std::string_view text) {
    std::size_t lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++lines;
    return lines;
}

void check_errors(const std::vector<rigcheck::input_error>& errors, std::string_view text, const std::string& file) {
    const std::size_t lines = line_count(text);
    for (const auto& error : errors) {
        if (error.message.empty()) violated("empty message", error);
        if (error.location.file != file || error.code == rigcheck::error_code::io) continue;
        if (error.location.line == 0 || error.location.column == 0) violated("unlocated error", error);
        // lines + 1: yaml-cpp reports the end of the input there.
        if (error.location.line > lines + 1) violated("line past the end of the text", error);
    }
}

void fuzz_pack(std::string_view text) {
    rigcheck::rule_set_options options;
    options.builtin_packs = false;
    options.packs.push_back({fuzz_file, std::string(text)});
    const auto loaded = rigcheck::load_rule_set(options);
    if (static_cast<bool>(loaded.rules) == !loaded.errors.empty()) {
        std::fprintf(stderr, "invariant violated: rules=%d with %zu errors\n", static_cast<bool>(loaded.rules),
                     loaded.errors.size());
        std::abort();
    }
    check_errors(loaded.errors, text, fuzz_file);
    if (!loaded.rules) return;

    rigcheck::load_options load;
    if (loaded.rules->has_gear_overrides()) load.gear_transforms.push_back(loaded.rules->gear_transform());
    auto rig = rigcheck::load_rig_text(rig_text, "/nonexistent-rigcheck-fuzz/rig.yaml", load);
    // Overrides may legitimately break the rig (a port set to a connector that no longer mates
    // is a finding, but an unknown pinout is a load error); either way nothing may crash.
    if (!rig.loaded) return;
    const auto analysed = rigcheck::analyse(std::move(*rig.loaded));
    const auto run = rigcheck::run_rules(*loaded.rules, *analysed);
    for (const auto& d : run.diagnostics)
        if (d.rule.empty()) std::abort();
}

void fuzz_expression(std::string_view text) {
    static const auto schema = rigcheck::rules_detail::make_schema(rigcheck::rule_scope::connection, {});
    static const std::vector<rigcheck::expr::value> unknown_facts(schema.slot_count());
    const rigcheck::expr::expression_origin origin{fuzz_file, {3, 11}};
    std::vector<rigcheck::input_error> errors;
    if (const auto program = rigcheck::expr::compile(text, schema, origin, std::nullopt, errors)) {
        if (!errors.empty()) std::abort();
        (void)rigcheck::expr::evaluate(*program, unknown_facts);
    } else if (errors.empty()) {
        std::abort(); // a rejected expression must say why
    }
    errors.clear();
    if (const auto compiled = rigcheck::expr::compile_template(text, schema, origin, errors)) {
        if (!errors.empty()) std::abort();
        (void)rigcheck::expr::render(*compiled, unknown_facts);
    } else if (errors.empty()) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    fuzz_pack(text);
    fuzz_expression(text);
    return 0;
}
