// The load -> analyse -> check pipeline for one file, and the per-configuration contexts that
// `rigcheck check` runs it in.
#include <rigcheck/project/check.hpp>

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/report/report.hpp>
#include <rigcheck/rules/engine.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>

namespace rigcheck {

std::vector<diagnostic> invalid_input_diagnostics(const std::vector<input_error>& errors) {
    // The message is the builtin invalid-input rule's template (rules/invalid-input/), which
    // every rule set shares, since it comes with every set.
    std::vector<diagnostic> result;
    result.reserve(errors.size());
    const auto& builtin = builtin_rule_set();
    for (const auto& error : errors) result.push_back(describe_invalid_input(builtin.rules.get(), error));
    return result;
}

void add_invalid_input(file_report& report, const std::vector<input_error>& errors, std::size_t dropped) {
    const std::size_t shown = std::min(errors.size(), max_reported_input_errors);
    auto diagnostics = invalid_input_diagnostics({errors.begin(), errors.begin() + static_cast<std::ptrdiff_t>(shown)});
    for (auto& d : diagnostics) report.diagnostics.push_back(std::move(d));
    const std::size_t hidden = errors.size() - shown + dropped;
    if (hidden == 0) return;
    report.hidden_errors = hidden;
    diagnostic more;
    more.rule = "invalid-input";
    more.severity = severity::error;
    more.message = fmt::format("{} more invalid-input {} not shown", hidden, hidden == 1 ? "error" : "errors");
    more.location = {report.file, 1, 1};
    more.scope = rule_scope::rig;
    more.subject = report.file;
    report.diagnostics.push_back(std::move(more));
}

check_result check_analysed(const analysed_rig& rig, const rule_set& rules) {
    check_result result;
    result.report.file = rig.rig().file;
    auto run = run_rules(rules, rig);
    result.report.diagnostics = std::move(run.diagnostics);
    result.report.exempted = std::move(run.exempted);
    result.budget_exceeded = run.budget_exceeded;
    sort_diagnostics(result.report);
    return result;
}

check_result check_file(const std::filesystem::path& file, const check_options& options) {
    check_result result;
    result.report.file = file.string();
    const rule_set* rules = options.rules.get();
    if (rules == nullptr) {
        const auto& builtin = builtin_rule_set();
        if (!builtin.rules) {
            result.invalid_input = true;
            add_invalid_input(result.report, builtin.errors);
            sort_diagnostics(result.report);
            return result;
        }
        rules = builtin.rules.get();
    }
    load_options load = options.load;
    if (rules->has_gear_overrides()) load.gear_transforms.push_back(rules->gear_transform());
    auto loaded = load_rig_file(file, load);
    if (!loaded.loaded) {
        result.invalid_input = true;
        result.files_read = std::move(loaded.files_read);
        add_invalid_input(result.report, loaded.errors, loaded.dropped_errors);
        sort_diagnostics(result.report);
        return result;
    }
    const auto analysed = analyse(std::move(*loaded.loaded));
    auto checked = check_analysed(*analysed, *rules);
    checked.report.file = result.report.file;
    checked.files_read = std::move(loaded.files_read);
    return checked;
}

namespace {

/// Adds a pack unless the same file is already listed: a pack named by the configuration and
/// again by `--pack` is one pack, not a second definition of every id in it.
void add_pack(rule_set_options& options, const std::filesystem::path& pack, const source_location& named_at = {}) {
    std::error_code status;
    const auto canonical = std::filesystem::weakly_canonical(pack, status);
    for (const auto& existing : options.packs) {
        std::error_code other_status;
        if (!status && std::filesystem::weakly_canonical(existing.file, other_status) == canonical && !other_status)
            return;
    }
    options.packs.push_back({pack, std::nullopt, named_at});
}

/// Why a file cannot be opened for reading, or nothing when it can. Only opening is checked:
/// the size limit and the content are the loader's to report, at their own positions.
std::optional<std::string> unreadable_reason(const std::filesystem::path& file) {
    std::error_code status;
    (void)std::filesystem::file_size(file, status);
    if (status) return status.message();
    if (!std::ifstream(file, std::ios::binary)) return std::string("it cannot be opened");
    return std::nullopt;
}

/// Catalogs are read by the rig loader, which has no position for one it cannot open; so they
/// are tried here, where the configuration entry or the option that names them is known.
bool catalog_readable(const std::filesystem::path& catalog, const source_location& named_at, std::string_view option,
                      std::vector<input_error>& errors) {
    const auto reason = unreadable_reason(catalog);
    if (!reason) return true;
    if (named_at.known())
        errors.push_back(
            {error_code::io, named_at, fmt::format("cannot read the catalog `{}`: {}", catalog.string(), *reason)});
    else
        errors.push_back({error_code::io,
                          {catalog.string(), 0, 0},
                          fmt::format("{} `{}`: cannot read the catalog: {}", option, catalog.string(), *reason)});
    return false;
}

} // namespace

struct checker::impl {
    check_settings settings;
    std::vector<param_setting> command_line_params;
    std::vector<severity_setting> command_line_rules;
    std::vector<input_error> command_line_errors;

    std::mutex mutex;
    /// Contexts by configuration file ("" for none); each is made once and then shared.
    std::map<std::string, std::shared_ptr<const check_context>> contexts;

    std::shared_ptr<const check_context> context(const std::optional<std::filesystem::path>& config) {
        const std::string key = config ? config->string() : std::string();
        // Compiling under the lock keeps to one compilation per configuration; it takes
        // milliseconds, and the workers that wait for it need its result anyway.
        std::lock_guard lock(mutex);
        if (const auto found = contexts.find(key); found != contexts.end()) return found->second;
        auto made = std::make_shared<check_context>(make_context(config));
        contexts.emplace(key, made);
        return made;
    }

    check_context make_context(const std::optional<std::filesystem::path>& config) const {
        check_context result;
        result.config = config;
        result.errors = command_line_errors;
        // The root (docs/robustness.md#trust-boundaries): --root, else a discovered configuration's directory, else the
        // working directory. A configuration named with --config is trusted and moves nothing.
        const bool discovered = config && !settings.config;
        if (settings.root)
            result.root = *settings.root;
        else if (discovered)
            result.root = config->parent_path().empty() ? std::filesystem::path(".") : config->parent_path();
        else
            result.root = ".";
        result.load.root = result.root;
        rule_set_options options;
        bool config_failed = false;
        if (config) {
            result.files_read.push_back(*config);
            auto loaded = load_config_file(*config, discovered ? std::optional(result.root) : std::nullopt);
            config_failed = !loaded.loaded;
            result.dropped_errors += loaded.dropped_errors;
            for (auto& e : loaded.errors) result.errors.push_back(std::move(e));
            if (loaded.loaded) {
                for (const auto& pack : loaded.loaded->packs) {
                    result.files_read.push_back(pack.path);
                    add_pack(options, pack.path, pack.location);
                }
                for (const auto& catalog : loaded.loaded->catalogs) {
                    result.files_read.push_back(catalog.path);
                    if (catalog_readable(catalog.path, catalog.location, "catalogs", result.errors))
                        result.load.catalogs.push_back(catalog.path);
                }
                options.params = loaded.loaded->params;
                options.severities = loaded.loaded->rules;
                result.fail_on = loaded.loaded->fail_on;
            }
        }
        for (const auto& pack : settings.packs) {
            result.files_read.push_back(pack);
            // No source position here, so the message names the option instead.
            if (const auto reason = unreadable_reason(pack)) {
                result.errors.push_back(
                    {error_code::io,
                     {pack.string(), 0, 0},
                     fmt::format("--pack `{}`: cannot read the rule pack: {}", pack.string(), *reason)});
                continue;
            }
            add_pack(options, pack);
        }
        for (const auto& catalog : settings.catalogs) {
            result.files_read.push_back(catalog);
            if (catalog_readable(catalog, {}, "--catalog", result.errors)) result.load.catalogs.push_back(catalog);
        }
        options.params.insert(options.params.end(), command_line_params.begin(), command_line_params.end());
        options.severities.insert(options.severities.end(), command_line_rules.begin(), command_line_rules.end());
        // Without its configuration the packs and params that the options refer to may be
        // missing, so loading the rest would only add misleading errors. A bad --param or --rule
        // does not stop the others from being checked.
        if (config_failed) return result;
        auto rules = load_rule_set(options);
        result.dropped_errors += rules.dropped_errors;
        for (auto& e : rules.errors) result.errors.push_back(std::move(e));
        if (result.errors.empty() && result.dropped_errors == 0) result.rules = std::move(rules.rules);
        return result;
    }

    [[nodiscard]] std::optional<std::filesystem::path> config_for_directory(
        const std::filesystem::path& directory) const {
        if (settings.config) return settings.config;
        if (!settings.discover_config) return std::nullopt;
        return find_config_from(directory);
    }
};

checker::checker(check_settings settings) : impl_(std::make_unique<impl>()) {
    impl_->settings = std::move(settings);
    for (const auto& text : impl_->settings.params)
        if (auto p = parse_param_assignment(text, impl_->command_line_errors))
            impl_->command_line_params.push_back(std::move(*p));
    for (const auto& text : impl_->settings.rules)
        if (auto r = parse_rule_assignment(text, impl_->command_line_errors))
            impl_->command_line_rules.push_back(std::move(*r));
}

checker::~checker() = default;

std::shared_ptr<const check_context> checker::context_for(const std::filesystem::path& rig_file) const {
    auto directory = rig_file.parent_path();
    if (directory.empty()) directory = ".";
    return context_for_directory(directory);
}

std::shared_ptr<const check_context> checker::context_for_directory(const std::filesystem::path& directory) const {
    return impl_->context(impl_->config_for_directory(directory));
}

analysed_file checker::analyse(const std::filesystem::path& rig_file) const {
    analysed_file result;
    const auto context = context_for(rig_file);
    result.rules = context->rules;
    result.root = context->root;
    result.invalid.report.file = rig_file.string();
    result.invalid.fail_on = context->fail_on;
    std::vector<input_error> errors = context->errors;
    std::size_t dropped = context->dropped_errors;
    load_options load = context->load;
    // Packs' gear overrides (a pin-3-hot quirk, say) change what the links do.
    if (context->rules && context->rules->has_gear_overrides())
        load.gear_transforms.push_back(context->rules->gear_transform());
    // A rig is loaded even when its context has errors: its own are worth seeing in the same run.
    auto loaded = load_rig_file(rig_file, load);
    result.files_read = std::move(loaded.files_read);
    result.files_read.insert(result.files_read.end(), context->files_read.begin(), context->files_read.end());
    if (!context->rules || !loaded.loaded) {
        for (auto& e : loaded.errors) errors.push_back(std::move(e));
        result.invalid.invalid_input = true;
        result.invalid.files_read = result.files_read;
        add_invalid_input(result.invalid.report, errors, dropped + loaded.dropped_errors);
        sort_diagnostics(result.invalid.report);
        return result;
    }
    result.analysed = rigcheck::analyse(std::move(*loaded.loaded));
    return result;
}

check_result checker::check(const std::filesystem::path& rig_file) const {
    auto analysed = analyse(rig_file);
    if (!analysed.analysed) return std::move(analysed.invalid);
    auto result = check_analysed(*analysed.analysed, *analysed.rules);
    result.report.file = rig_file.string();
    result.fail_on = analysed.invalid.fail_on;
    result.files_read = std::move(analysed.files_read);
    return result;
}

int check_exit_status(std::span<const check_result> results, std::optional<fail_on_level> command_line) {
    int status = 0;
    for (const auto& result : results) {
        if (result.invalid_input) return 2;
        const fail_on_level threshold =
            command_line ? *command_line : result.fail_on.value_or(fail_on_level{severity::error});
        if (!threshold.lowest) continue;
        const auto lowest = *threshold.lowest;
        if (std::any_of(result.report.diagnostics.begin(), result.report.diagnostics.end(),
                        [&](const diagnostic& d) { return d.severity >= lowest; }))
            status = 1;
    }
    return status;
}

} // namespace rigcheck
