// Catalogs: reusable gear and cable definitions, as a catalog file or a rig's `include` holds them.
//
// The builtin catalog, which every rig can use, is load/builtin_catalog.hpp's.
#pragma once

#include <rigcheck/model/cable.hpp>
#include <rigcheck/model/gear.hpp>

#include <vector>

namespace rigcheck {

struct catalog {
    std::vector<rigcheck::gear> gear;
    std::vector<cable> cables;
};

} // namespace rigcheck
