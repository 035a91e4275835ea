// The properties the JSON Schema generator (schemas.cpp) describes, object by object, beside the
// keys each object's loader accepts.
//
// The loaders' key arrays are the one list of which keys exist; the generator adds what only a
// schema needs: a description and a shape for each key. Tests reach these tables here to hold
// the two together: every key a loader accepts is described, and every description is of a key
// some loader accepts. The generator refuses to build a schema when they disagree.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::schema_detail {

/// A property of an object of the file formats, as the schemas describe it.
struct property {
    std::string_view key;
    std::string_view description;
    /// The definition the property refers to (`$ref`), or empty when `shape` builds it.
    std::string_view definition;
    /// Builds the property's schema, less its description; null when `definition` is set.
    nlohmann::ordered_json (*shape)() = nullptr;
};

/// An object of the file formats: the keys its loader accepts and the tables that describe them.
struct described_object {
    std::string_view name;                         ///< as the schemas name it: "gear", "port", "rig"
    std::span<const std::string_view> loader_keys; ///< what the loader accepts (load::keys, ...)
    std::span<const property> properties;
    /// A second table the object shares with others (a rig's and a catalog's `gear` and `cables`,
    /// the face fields of a port), or empty.
    std::span<const property> shared_properties = {};
    /// True when the tables are another object's, which may describe keys this object does not
    /// take: a gear override's `set` describes the gear fields it replaces as the gear does.
    bool borrowed = false;
};

/// Every object the schemas describe, each with its loader's keys.
std::span<const described_object> described_objects();

/// What does not pair up in `object`, one sentence each: a loader key without a description, or
/// (unless the tables are borrowed) a description of a key the loader does not accept.
std::vector<std::string> description_problems(const described_object& object);

} // namespace rigcheck::schema_detail
