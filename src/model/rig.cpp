// Lookups on a resolved rig.
#include <rigcheck/model/rig.hpp>

#include <algorithm>

namespace rigcheck {
namespace {
template <class Items> std::optional<std::size_t> find_by_id(const Items& items, std::string_view id) {
    const auto found = std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.id == id; });
    if (found == items.end()) return std::nullopt;
    return static_cast<std::size_t>(found - items.begin());
}
} // namespace

std::optional<std::size_t> rig::find_device(std::string_view id) const { return find_by_id(devices, id); }
std::optional<std::size_t> rig::find_gear(std::string_view id) const { return find_by_id(gear, id); }
std::optional<std::size_t> rig::find_cable(std::string_view id) const { return find_by_id(cables, id); }

std::optional<port_ref> rig::find_port(std::string_view name) const {
    // Device ids hold no dot, so the first one ends the device (port ids may hold dots).
    const auto dot = name.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const auto device = find_device(name.substr(0, dot));
    if (!device) return std::nullopt;
    const auto port = gear_of(devices[*device]).find_port(name.substr(dot + 1));
    if (!port) return std::nullopt;
    return port_ref{*device, *port};
}

std::string rig::port_name(port_ref ref) const { return devices[ref.device].id + "." + port_at(ref).id; }

} // namespace rigcheck
