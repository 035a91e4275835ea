// Loads rig and catalog files: reads the text once, builds the located tree, walks it with the
// closed key sets of docs/formats.md#files-and-version-keys, #rigs, and resolves references through rig_builder.
#include <rigcheck/load/loader.hpp>
#include <rigcheck/load/builder.hpp>

#include <rigcheck/load/detail/catalog_reader.hpp>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <fstream>
#include <iterator>
#include <memory>

namespace rigcheck {
namespace {

using load::load_context;
using load::mapping_view;
using load::no_node;
using load::node_id;
using load::yaml_document;
using load::yaml_kind;
using load::keys::connection;

void sort_by_position(std::vector<input_error>& errors) {
    // Errors of one file are reported in file order; files keep the order they were first seen.
    std::vector<std::string> file_order;
    for (const auto& e : errors)
        if (std::find(file_order.begin(), file_order.end(), e.location.file) == file_order.end())
            file_order.push_back(e.location.file);
    const auto rank = [&](const std::string& file) {
        return std::find(file_order.begin(), file_order.end(), file) - file_order.begin();
    };
    std::stable_sort(errors.begin(), errors.end(), [&](const input_error& a, const input_error& b) {
        const auto ra = rank(a.location.file);
        const auto rb = rank(b.location.file);
        if (ra != rb) return ra < rb;
        if (a.location.line != b.location.line) return a.location.line < b.location.line;
        return a.location.column < b.location.column;
    });
}

std::optional<catalog> read_catalog_document(const yaml_document& document, std::vector<input_error>& errors,
                                             std::size_t& dropped) {
    load_context context(document, errors);
    const auto read = [&]() -> std::optional<catalog> {
        if (!load::check_version_key(context, document.root(), "rigcheck-catalog", "catalog")) return std::nullopt;
        mapping_view root(context, document.root(), "a catalog", load::keys::catalog);
        catalog result;
        if (const auto n = root.find("gear"); n != no_node) load::read_gear_list(context, n, result.gear);
        if (const auto n = root.find("cables"); n != no_node) load::read_cable_list(context, n, result.cables);
        if (context.error_count() != 0) return std::nullopt;
        return result;
    };
    auto result = read();
    dropped += context.dropped_errors();
    return result;
}

/// "dev.port" into a located text for the builder.
located_text located(load_context& context, node_id node, std::string_view what) {
    return located_text(context.read_string(node, what).value_or(""), context.position(node));
}

void read_devices(load_context& context, node_id devices, rig_builder& builder) {
    if (!context.expect(devices, yaml_kind::mapping, "devices")) return;
    context.document().for_each_entry(devices, [&](node_id key, node_id value) {
        // A device whose id is not a scalar cannot be named by connections; report it once.
        if (!context.expect(key, yaml_kind::scalar, "a device id")) return;
        device_spec spec;
        spec.id = located(context, key, "device id");
        spec.position = context.position(key);
        mapping_view map(context, value, fmt::format("device `{}`", spec.id.text), load::keys::device);
        if (!map.valid()) return;
        if (const auto n = map.require("gear"); n != no_node)
            spec.gear = located(context, n, "gear");
        else
            return;
        if (const auto n = map.find("label"); n != no_node) spec.label = context.read_string(n, "label").value_or("");
        if (const auto n = map.find("power"); n != no_node) {
            if (const auto index = context.read_choice(n, "power", power_kind_names()))
                spec.power = static_cast<power_kind>(*index);
        }
        if (const auto n = map.find("spl"); n != no_node)
            spec.spl = context.read_quantity(n, "spl", &parse_sound_pressure);
        if (const auto n = map.find("settings"); n != no_node && context.expect(n, yaml_kind::mapping, "settings")) {
            context.document().for_each_entry(n, [&](node_id port_key, node_id port_value) {
                if (!context.expect(port_key, yaml_kind::scalar, "a settings port id")) return;
                setting_spec setting;
                setting.port = located(context, port_key, "settings port");
                mapping_view setting_map(context, port_value, fmt::format("the settings of `{}`", setting.port.text),
                                         load::keys::setting);
                if (!setting_map.valid()) return;
                if (const auto g = setting_map.find("gain"); g != no_node) {
                    setting.gain = context.read_quantity(g, "gain", &parse_gain);
                    setting.gain_position = context.position(g);
                }
                if (const auto p = setting_map.find("pad"); p != no_node) {
                    setting.pad = context.read_bool(p, "pad");
                    setting.pad_position = context.position(p);
                }
                if (const auto p = setting_map.find("phantom"); p != no_node) {
                    setting.phantom = context.read_bool(p, "phantom");
                    setting.phantom_position = context.position(p);
                }
                spec.settings.push_back(std::move(setting));
            });
        }
        builder.add_device(std::move(spec));
    });
}

void read_connections(load_context& context, node_id connections, rig_builder& builder) {
    if (!context.expect(connections, yaml_kind::sequence, "connections")) return;
    context.document().for_each_child(connections, [&](node_id item) {
        mapping_view map(context, item, "a connection", connection);
        if (!map.valid()) return;
        const auto errors_before = context.error_count();
        connection_spec spec;
        spec.position = context.position(item);
        spec.cable_position = spec.position;
        if (const auto n = map.find("from"); n != no_node) spec.from = located(context, n, "from");
        if (const auto n = map.find("to"); n != no_node) spec.to = located(context, n, "to");
        if (const auto n = map.find("ends"); n != no_node && context.expect(n, yaml_kind::mapping, "ends")) {
            context.document().for_each_entry(n, [&](node_id key, node_id value) {
                if (!context.expect(key, yaml_kind::scalar, "a cable end name")) return;
                spec.ends.emplace_back(located(context, key, "cable end"), located(context, value, "ends"));
            });
        }
        if (const auto n = map.find("cable"); n != no_node) {
            spec.cable_position = context.position(n);
            if (context.is_sequence(n)) {
                context.document().for_each_child(
                    n, [&](node_id child) { spec.cables.push_back(located(context, child, "cable")); });
                if (spec.cables.empty()) context.error(error_code::invalid_connection, n, "`cable` lists no cable");
            } else {
                spec.cables.push_back(located(context, n, "cable"));
            }
        }
        if (const auto n = map.find("length"); n != no_node) {
            spec.length = context.read_quantity(n, "length", &parse_length);
            if (spec.length && !(spec.length->value() > 0.0)) {
                context.error(error_code::invalid_value, n, "`length` must be positive");
                spec.length.reset();
            }
        }
        if (const auto n = map.find("ignore"); n != no_node && context.expect(n, yaml_kind::sequence, "ignore")) {
            context.document().for_each_child(n, [&](node_id entry) {
                mapping_view ignore_map(context, entry, "an ignore entry", load::keys::ignore);
                if (!ignore_map.valid()) return;
                ignore_entry ignore;
                ignore.position = context.position(entry);
                if (const auto r = ignore_map.require("rule"); r != no_node)
                    ignore.rule = context.read_string(r, "rule").value_or("");
                const auto reason = ignore_map.find("reason");
                if (reason == no_node) {
                    context.error(
                        error_code::missing_key, entry,
                        fmt::format("an ignore of `{}` needs a `reason`, so the next reader knows why", ignore.rule));
                } else {
                    ignore.reason = context.read_string(reason, "reason").value_or("");
                    if (ignore.reason.empty())
                        context.error(error_code::invalid_value, reason, "an ignore's `reason` must not be empty");
                }
                spec.ignores.push_back(std::move(ignore));
            });
        }
        if (context.error_count() == errors_before) builder.add_connection(std::move(spec));
    });
}

/// The system's reason out of a `read_input_file` message ("cannot open `x`: Permission denied").
std::string io_reason(const std::string& message) {
    const auto colon = message.rfind(": ");
    return colon == std::string::npos ? message : message.substr(colon + 2);
}

std::filesystem::path resolve_against(const std::string& file, const std::string& relative) {
    const std::filesystem::path path(relative);
    if (path.is_absolute()) return path;
    return std::filesystem::path(file).parent_path() / path;
}

} // namespace

std::optional<std::string> read_input_file(const std::filesystem::path& file, std::vector<input_error>& errors) {
    const std::string name = file.string();
    std::error_code status;
    const auto size = std::filesystem::file_size(file, status);
    if (status) {
        errors.push_back({error_code::io, {name, 0, 0}, fmt::format("cannot read `{}`: {}", name, status.message())});
        return std::nullopt;
    }
    const load::yaml_limits limits;
    if (size > limits.max_file_bytes) {
        errors.push_back({error_code::file_too_large,
                          {name, 1, 1},
                          fmt::format("the file is {} bytes, larger than the limit of {} bytes (64 MiB)", size,
                                      limits.max_file_bytes)});
        return std::nullopt;
    }
    errno = 0;
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        const int reason = errno;
        errors.push_back(
            {error_code::io,
             {name, 0, 0},
             fmt::format("cannot open `{}`: {}", name,
                         reason != 0 ? std::generic_category().message(reason) : std::string("unknown reason"))});
        return std::nullopt;
    }
    std::string text;
    text.resize(static_cast<std::size_t>(size));
    stream.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<std::size_t>(stream.gcount()));
    return text;
}

named_path_problem check_named_path(const std::filesystem::path& path,
                                    const std::optional<std::filesystem::path>& root) {
    for (const char c : path.native())
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return named_path_problem::control_character;
    if (!root) return named_path_problem::none;
    std::error_code status;
    const auto resolved = std::filesystem::weakly_canonical(path, status);
    if (status) return named_path_problem::outside_root;
    const auto base = std::filesystem::weakly_canonical(*root, status);
    if (status) return named_path_problem::outside_root;
    // Under the root: the root's components are a prefix of the path's.
    auto p = resolved.begin();
    for (auto r = base.begin(); r != base.end(); ++r, ++p) {
        if (r->empty()) continue; // a trailing separator of the root
        if (p == resolved.end() || *p != *r) return named_path_problem::outside_root;
    }
    return named_path_problem::none;
}

std::string describe_named_path_problem(named_path_problem problem, std::string_view what, const std::string& path,
                                        const std::optional<std::filesystem::path>& root) {
    if (problem == named_path_problem::control_character)
        return fmt::format("the path of {} `{}` holds a control character", what, printable_text(path));
    return fmt::format(
        "{} `{}` resolves outside the project root `{}`; files named inside a file must stay in the "
        "project (give `--root` to widen it)",
        what, printable_text(path), root ? root->string() : std::string("."));
}

catalog_load_result load_catalog_text(std::string_view text, const std::string& file_name) {
    catalog_load_result result;
    const auto document = yaml_document::parse(text, file_name, {}, result.errors);
    if (!result.errors.empty() && document.empty()) return result;
    if (document.empty()) {
        result.errors.push_back(
            {error_code::version, {file_name, 1, 1}, "the file is empty; a catalog starts with `rigcheck-catalog: 1`"});
        return result;
    }
    result.dropped_errors = document.dropped_errors();
    result.loaded = read_catalog_document(document, result.errors, result.dropped_errors);
    if (!result.errors.empty()) result.loaded.reset();
    sort_by_position(result.errors);
    return result;
}

catalog_load_result load_catalog_file(const std::filesystem::path& file) {
    catalog_load_result result;
    const auto text = read_input_file(file, result.errors);
    if (!text) return result;
    return load_catalog_text(*text, file.string());
}

rig_load_result load_rig_text(std::string_view text, const std::string& file_name, const load_options& options) {
    rig_load_result result;
    const auto document = yaml_document::parse(text, file_name, {}, result.errors);
    if (!result.errors.empty() && document.empty()) return result;
    if (document.empty()) {
        result.errors.push_back(
            {error_code::version, {file_name, 1, 1}, "the file is empty; a rig starts with `rigcheck: 1`"});
        return result;
    }
    load_context context(document, result.errors);
    if (!load::check_version_key(context, document.root(), "rigcheck", "rig")) return result;
    mapping_view root(context, document.root(), "a rig", load::keys::rig);

    rig_builder builder;
    builder.set_file(file_name);
    for (auto& transform : options.gear_transforms) builder.add_gear_transform(transform);
    // Catalogs are kept alive here for the builder, which refers to them until it builds.
    std::vector<std::unique_ptr<catalog>> catalogs;
    const auto add_catalog_file = [&](const std::filesystem::path& path, std::optional<node_id> named_at) {
        if (named_at) {
            // A rig from a pull request may name any file; only the project's are read
            // (docs/robustness.md#trust-boundaries).
            if (const auto problem = check_named_path(path, options.root); problem != named_path_problem::none) {
                context.error(
                    problem == named_path_problem::outside_root ? error_code::path_outside_root
                                                                : error_code::invalid_value,
                    *named_at,
                    describe_named_path_problem(problem, "the included catalog", path.string(), options.root));
                return;
            }
        }
        auto loaded = load_catalog_file(path);
        if (!loaded.loaded && named_at && !loaded.errors.empty() && loaded.errors.front().code == error_code::io) {
            context.error(error_code::io, *named_at,
                          fmt::format("cannot read the included catalog `{}`: {}", path.string(),
                                      io_reason(loaded.errors.front().message)));
            return;
        }
        result.files_read.push_back(path);
        result.dropped_errors += loaded.dropped_errors;
        for (auto& e : loaded.errors) result.errors.push_back(std::move(e));
        if (loaded.loaded) {
            catalogs.push_back(std::make_unique<catalog>(std::move(*loaded.loaded)));
            builder.add_catalog(*catalogs.back());
        }
    };
    for (const auto& path : options.catalogs) add_catalog_file(path, std::nullopt);
    if (const auto n = root.find("name"); n != no_node) builder.set_name(context.read_string(n, "name").value_or(""));
    if (const auto n = root.find("include"); n != no_node && context.expect(n, yaml_kind::sequence, "include")) {
        context.document().for_each_child(n, [&](node_id child) {
            if (const auto relative = context.read_string(child, "include"))
                add_catalog_file(resolve_against(file_name, *relative), child);
        });
    }
    // A definition that failed to read would make every reference to it look dangling; then
    // reference errors are left out, and the definition's own error is what the user sees.
    bool definitions_complete = result.errors.empty();
    if (const auto n = root.find("gear"); n != no_node) {
        std::vector<gear> inline_gear;
        load::read_gear_list(context, n, inline_gear);
        definitions_complete = definitions_complete && inline_gear.size() == context.at(n).child_count;
        for (auto& g : inline_gear) builder.add_gear(std::move(g));
    }
    if (const auto n = root.find("cables"); n != no_node) {
        std::vector<cable> inline_cables;
        load::read_cable_list(context, n, inline_cables);
        definitions_complete = definitions_complete && inline_cables.size() == context.at(n).child_count;
        for (auto& c : inline_cables) builder.add_cable(std::move(c));
    }
    if (const auto n = root.find("devices"); n != no_node) read_devices(context, n, builder);
    if (const auto n = root.find("connections"); n != no_node) read_connections(context, n, builder);

    if (definitions_complete) {
        result.loaded = builder.try_build();
        for (const auto& e : builder.errors()) result.errors.push_back(e);
        result.dropped_errors += builder.dropped_errors();
        if (!result.errors.empty() || result.dropped_errors != 0) result.loaded.reset();
    }
    result.dropped_errors += document.dropped_errors() + context.dropped_errors();
    sort_by_position(result.errors);
    return result;
}

rig_load_result load_rig_file(const std::filesystem::path& file, const load_options& options) {
    rig_load_result result;
    const auto text = read_input_file(file, result.errors);
    if (!text) return result;
    result = load_rig_text(*text, file.string(), options);
    result.files_read.insert(result.files_read.begin(), file);
    return result;
}

rig load_rig(const std::filesystem::path& file, const load_options& options) {
    auto result = load_rig_file(file, options);
    if (!result.loaded) throw load_error(std::move(result.errors));
    return std::move(*result.loaded);
}

} // namespace rigcheck
