#!/bin/sh
# docs/performance.md P5: `rigcheck check` on a 20-connection rig, from process start to exit (target <= 30 ms).
#
# Installs the build into a temporary prefix, as a user would run it, and times the installed
# binary with hyperfine on bench/p5-20-connections.yaml (a generated rig: 20 connections of the
# builtin generic gear, with findings to report, so the run renders a real report). The check
# exits 1 because the rig has errors; hyperfine is told to accept that.
#
#   bench/p5_startup.sh [BUILD_DIR] [extra hyperfine options...]
#
# BUILD_DIR defaults to ./build. Needs hyperfine (Debian package `hyperfine`).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
[ $# -gt 0 ] && shift

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "p5_startup.sh: hyperfine is not installed (apt-get install hyperfine)" >&2
    exit 2
fi

prefix=$(mktemp -d "${TMPDIR:-/tmp}/rigcheck-p5-XXXXXX")
trap 'rm -rf "$prefix"' EXIT INT TERM
cmake --install "$build" --prefix "$prefix" >/dev/null

rig="$here/p5-20-connections.yaml"
binary="$prefix/bin/rigcheck"
# A fixed working directory with no .rigcheck.yaml above it, and --no-config besides, so that
# only the builtin catalog and packs are read.
cd "$prefix"

# Runs from a clean process each time; -N skips the intermediate shell, whose start would
# otherwise be counted too.
hyperfine -N --warmup 5 --runs 100 --ignore-failure "$@" \
    -n "P5 check, 20 connections" "$binary check --no-config --format text $rig" \
    -n "P5 floor: rigcheck --version" "$binary --version"
