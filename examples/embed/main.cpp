// Embedding rigcheck in a gear app: build a rig in code, analyse it, follow a gain knob
// incrementally, and check the rig with the builtin rules plus the app's own rule pack.
//
// A gear app already knows what is plugged where; it has no YAML to write. This program plays
// such an app for a small stage: a dynamic mic and a keyboard into a compact mixer, whose main
// output feeds a powered speaker. Every step is one library call, and docs/api.md explains each.
// ctest runs it and compares its standard output with embed.out beside this file.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/report/levels_report.hpp>
#include <rigcheck/project/check.hpp>
#include <rigcheck/core/errors.hpp>
#include <rigcheck/load/builder.hpp>
#include <rigcheck/rules/rule_set.hpp>
#include <rigcheck/core/version.hpp>

// The version macros let an app check at compile time that the rigcheck it builds against is new
// enough for the API it uses.
#if RIGCHECK_VERSION_MAJOR == 0 && RIGCHECK_VERSION_MINOR < 1
#error "this example needs rigcheck 0.1 or later"
#endif

#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

// The app's own rules, in the same language as the builtin ones (docs/rule-language.md). An app
// would usually ship this as a file and pass its path in `pack_source::file`; giving the text
// keeps the example self-contained. The file name still appears in any error's location.
constexpr std::string_view house_pack = R"(rigcheck-rules: 1
pack: house
description: Rules of one venue
params:
  house_max_run_m: 12
rules:
  - id: house-long-run
    scope: connection
    severity: info
    description: The venue's cable trays are 12 m long; longer runs cross the walkway
    when: "has(link.length_m) && link.length_m > params.house_max_run_m"
    message: "{source} -> {dest} runs {link.length_m} m, longer than the {params.house_max_run_m} m tray"
    fix: "Route the cable over the truss, or move {dest.device} closer"
)";

/// The port `device.port` of a built rig. Ports are addressed by index once the rig is built, so
/// an app looks them up once and keeps the `port_ref`.
rigcheck::port_ref port_named(const rigcheck::rig& rig, std::string_view device, std::string_view port) {
    const auto d = rig.find_device(device);
    const auto p = d ? rig.gear_of(rig.devices[*d]).find_port(port) : std::nullopt;
    if (!p) throw std::invalid_argument("no port " + std::string(device) + "." + std::string(port));
    return {*d, *p};
}

void print_level(const char* label, const std::optional<rigcheck::level>& value) {
    if (value)
        std::printf("  %-12s %+7.2f dBu\n", label, value->dbu());
    else
        std::printf("  %-12s unknown\n", label);
}

void print_errors(const std::vector<rigcheck::input_error>& errors) {
    for (const auto& error : errors) std::printf("  %s\n", rigcheck::to_string(error).c_str());
}

} // namespace

int main() {
    std::printf("rigcheck %s\n\n", rigcheck::version_string);

    // 1. The rules: the builtin packs plus the app's pack. Loading compiles and type-checks every
    //    expression once; a mistake in the pack is a located error, never an exception.
    rigcheck::rule_set_options rule_options;
    rule_options.packs.push_back({"house.pack.yaml", std::string(house_pack)});
    const rigcheck::rule_set_load_result rules = rigcheck::load_rule_set(rule_options);
    if (!rules.rules) {
        std::printf("the rule pack has errors:\n");
        print_errors(rules.errors);
        return 2;
    }

    // 2. The rig, built in code from the builtin `generic/...` gear and cables. A pack's
    //    gear-overrides (quirks) must reach the builder, so that they apply before analysis.
    rigcheck::rig_builder builder("Friday stage");
    if (rules.rules->has_gear_overrides()) builder.add_gear_transform(rules.rules->gear_transform());
    builder.add_device("vox", "generic/dynamic-mic")
        .add_device("kbd", "generic/keyboard")
        .add_device("desk", "generic/mixer")
        .add_device("spk", "generic/powered-speaker")
        .connect("vox.out", "desk.in-1", {"xlr"}, rigcheck::length(10.0))
        // The keyboard's unbalanced output straight into a mic input: the builtin rules flag it.
        .connect("kbd.out-l", "desk.in-2", {"ts-to-xlr-male"}, rigcheck::length(15.0))
        .connect("desk.main-l", "spk.in", {"xlr"}, rigcheck::length(20.0));
    std::optional<rigcheck::rig> rig = builder.try_build();
    if (!rig) {
        std::printf("the rig has errors:\n");
        print_errors(builder.errors());
        return 2;
    }

    // A mistake in code gets the same message a mistake in a file gets, without a position.
    // `build()` throws it as a load_error; `try_build()` above leaves it in `errors()` instead.
    try {
        rigcheck::rig_builder typo("typo");
        typo.add_device("vox", "generic/dynamic-mic").add_device("desk", "generic/mixer");
        typo.connect("vox.out", "desk.in-1", {"xrl"});
        (void)typo.build();
    } catch (const rigcheck::load_error& error) {
        std::printf("a misspelt cable is reported, not built:\n");
        print_errors(error.errors());
        std::printf("\n");
    }

    // 3. Analysis: trace every link, propagate levels. The result is immutable and shareable.
    //    With no gain set, each preamp is set as a sound engineer would at soundcheck.
    const std::shared_ptr<const rigcheck::analysed_rig> analysed = rigcheck::analyse(std::move(*rig));
    const rigcheck::port_ref mic_input = port_named(analysed->rig(), "desk", "in-1");
    const rigcheck::port_ref main_out = port_named(analysed->rig(), "desk", "main-l");
    const rigcheck::port_ref speaker_in = port_named(analysed->rig(), "spk", "in");

    std::printf("levels at soundcheck:\n%s\n", rigcheck::render_levels_text(*analysed).c_str());

    // 4. A knob moves: the mic channel's gain goes to 60 dB. The session recomputes only the ports
    //    downstream of desk.in-1 and leaves `analysed` untouched.
    rigcheck::analysis_session session(analysed);
    session.set_gain(mic_input, rigcheck::gain(60.0));
    std::printf("desk.in-1 gain set to 60 dB; %zu ports recomputed\n", session.last_update_size());
    std::printf("before:\n");
    print_level("desk.main-l", analysed->port_level(main_out));
    print_level("spk.in", analysed->port_level(speaker_in));
    std::printf("after:\n");
    print_level("desk.main-l", session.port_level(main_out));
    print_level("spk.in", session.port_level(speaker_in));

    // Out of range is an error of the caller, not of the rig: it throws and changes nothing.
    try {
        session.set_gain(mic_input, rigcheck::gain(75.0));
    } catch (const std::invalid_argument& error) {
        std::printf("75 dB refused: %s\n", error.what());
    }

    // 5. Check the rig as it now stands: a snapshot of the session is an ordinary analysed rig.
    const std::shared_ptr<const rigcheck::analysed_rig> current = session.snapshot();
    std::printf("\nlevels after the change:\n%s\n", rigcheck::render_levels_text(*current).c_str());
    const rigcheck::check_result result = rigcheck::check_analysed(*current, *rules.rules);
    std::printf("%zu diagnostic(s):\n", result.report.diagnostics.size());
    for (const rigcheck::diagnostic& d : result.report.diagnostics) {
        // A rig built in code has no file positions, so the subject says where.
        std::printf("  %s: %s: %s [%s]\n", d.subject.c_str(), std::string(rigcheck::to_string(d.severity)).c_str(),
                    d.message.c_str(), d.rule.c_str());
        if (!d.fix.empty()) std::printf("    fix: %s\n", d.fix.c_str());
    }
    for (const rigcheck::exemption_record& e : result.report.exempted)
        std::printf("  exempted: %s on %s by %s\n", e.rule.c_str(), e.subject.c_str(), e.exemption.c_str());
    return 0;
}
