// Catalogs: reusable gear and cable definitions, and the builtin catalog compiled into the library.
//
// The builtin catalog holds the `generic/...` archetypes of SPEC §5 and every builtin cable of
// SPEC §6, so a rig can name them with no file beside it. It is parsed once, on first use.
#pragma once

#include <rigcheck/model/cable.hpp>
#include <rigcheck/model/gear.hpp>

#include <vector>

namespace rigcheck {

struct catalog {
    std::vector<rigcheck::gear> gear;
    std::vector<cable> cables;
};

/// The builtin catalog: generic gear from catalog/generic.yaml, and `builtin_cables()`.
const catalog& builtin_catalog();

} // namespace rigcheck
