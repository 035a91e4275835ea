// The builtin catalog: the gear and cables every rig can name with no file beside it.
//
// It holds the `generic/...` archetypes of docs/formats.md#gear, from catalog/generic.yaml compiled into the
// library, and every builtin cable of docs/formats.md#cables-and-adapters (`builtin_cables()`). It is made once, on
// first use, whichever thread asks first, and shared read-only after that.
#pragma once

#include <rigcheck/model/catalog.hpp>

namespace rigcheck {

/// The builtin catalog: generic gear from catalog/generic.yaml, and `builtin_cables()`.
const catalog& builtin_catalog();

} // namespace rigcheck
