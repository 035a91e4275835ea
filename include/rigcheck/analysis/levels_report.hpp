// The `rigcheck levels` report: per link, what arrives where (SPEC §11).
//
// One row per link, in connection order: FROM -> TO (`DEVICE.PORT`), the link kind, the
// cumulative polarity from the path's source, the arriving level, the headroom at the
// destination, the treble corner, the noise floor and the SNR. The text form is an aligned
// table for a sound engineer, with an em dash for an unknown value; the JSON form is
// `{"connections": [...]}` with `null` for an unknown value and numbers rounded to 2 decimals.
#pragma once

#include <rigcheck/analysis/analysis.hpp>

#include <string>

namespace rigcheck {

/// An aligned text table, one line per link after a header line; ends with a newline.
std::string render_levels_text(const analysed_rig& analysed);

/// `{"connections": [{"from", "to", "kind", "polarity", "level_dbu", "headroom_db",
/// "treble_corner_hz", "noise_dbu", "snr_db"}]}`, pretty-printed with 2 spaces, with a trailing newline.
std::string render_levels_json(const analysed_rig& analysed);

} // namespace rigcheck
