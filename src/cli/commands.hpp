// The subcommands of the rigcheck CLI; each one parses its options and calls into the library.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace rigcheck::cli {

/// Exit status for invalid input, a bad pack or config, or a usage error (SPEC §11).
inline constexpr int usage_error_status = 2;

void register_commands(CLI::App& app);
/// `rigcheck levels` (levels_command.cpp): when chosen, sets `selected` to the command's action.
void register_levels_command(CLI::App& app, std::function<int()>& selected);
/// `rigcheck graph` (graph_command.cpp): when chosen, sets `selected` to the command's action.
void register_graph_command(CLI::App& app, std::function<int()>& selected);
/// Runs the subcommand the user chose; returns the process exit status.
int run_selected(CLI::App& app);

} // namespace rigcheck::cli
