// The `rigcheck levels` report: per link, what arrives where (README.md#commands).
//
// One row per link, in connection order: FROM -> TO (`DEVICE.PORT`), the link kind, the
// cumulative polarity from the path's source, the arriving level, the headroom at the
// destination, the treble corner, the noise floor and the SNR. The text form is an aligned
// table for a sound engineer, with an em dash for an unknown value; the JSON form is
// `{"connections": [...]}` with `null` for an unknown value and numbers rounded to 2 decimals.
// Both can be narrowed to the links of chosen paths (`rigcheck levels --path`), which are then
// listed hop by hop from the source, each link once.
#pragma once

#include <rigcheck/analysis/analysis.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

/// An aligned text table, one line per link after a header line; ends with a newline.
std::string render_levels_text(const analysed_rig& analysed);

/// `{"connections": [{"from", "to", "kind", "polarity", "level_dbu", "headroom_db",
/// "treble_corner_hz", "noise_dbu", "snr_db"}]}`, pretty-printed with 2 spaces, with a trailing newline.
std::string render_levels_json(const analysed_rig& analysed);

/// The same reports over the given links only, in the order given.
std::string render_levels_text(const analysed_rig& analysed, std::span<const std::size_t> links);
std::string render_levels_json(const analysed_rig& analysed, std::span<const std::size_t> links);

/// A path's name as `--path` takes it: `SOURCE.PORT->SINK.PORT`.
std::string path_name(const rig& r, const signal_path& path);

/// The paths named `SOURCE.PORT->SINK.PORT` (blanks around the arrow are ignored); several when
/// the signal reaches the sink by more than one route, none when no path has that name.
std::vector<const signal_path*> find_paths(const analysed_rig& analysed, std::string_view name);

/// The links along the given paths, source first, each link once.
std::vector<std::size_t> links_along(std::span<const signal_path* const> paths);

} // namespace rigcheck
