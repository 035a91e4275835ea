// The rigcheck command line: a thin layer of argument parsing over the library (SPEC §11).
#include "commands.hpp"

#include <rigcheck/core/version.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"rigcheck: models audio gear and validates rigs with YAML rules", "rigcheck"};
    app.set_version_flag("--version", std::string("rigcheck ") + rigcheck::version_string);
    app.require_subcommand(1);
    rigcheck::cli::register_commands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // CLI11 reports --help and --version as "errors" with exit code 0.
        const int status = app.exit(error);
        return status == 0 ? 0 : rigcheck::cli::usage_error_status;
    }
    return rigcheck::cli::run_selected(app);
}
