#!/usr/bin/env bash
# Runs each libFuzzer target in turn for a fixed time: one at a time, niced, so that a shared
# machine stays usable. docs/robustness.md records what the campaigns found.
#
# Usage: fuzz/run_campaign.sh BUILD_DIR SECONDS [TARGET...]
#   BUILD_DIR  a build configured with clang and -DRIGCHECK_FUZZ=ON, the targets built
#   SECONDS    how long each target runs (-max_total_time)
#   TARGET     fuzz_rig_loader, fuzz_rule_pack, fuzz_check (default: all three)
#
# Each target keeps its growing corpus in BUILD_DIR/corpus/TARGET, starts from the seeds that
# make_seeds.py collects, and writes crash inputs as BUILD_DIR/artifacts/TARGET-crash-*; its log
# is BUILD_DIR/logs/TARGET.log. Rerunning continues from the corpus that earlier runs left.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_rig_loader fuzz_rule_pack fuzz_check)
here=$(cd "$(dirname "$0")" && pwd)

python3 "$here/make_seeds.py" "$here/.." "$build/seeds"
mkdir -p "$build/artifacts" "$build/logs"
for target in "${targets[@]}"; do
  mkdir -p "$build/corpus/$target"
  echo "== $target for $seconds s (log: $build/logs/$target.log)"
  # -timeout: an input that takes longer than 5 s is a hang. -rss_limit_mb: memory growth is a
  # finding too. A finding stops the run with a nonzero status; keep going to the next target.
  nice -n 5 "$build/fuzz/$target" -dict="$here/rigcheck.dict" -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=5 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
    "$build/corpus/$target" "$build/seeds/$target" > "$build/logs/$target.log" 2>&1 || echo "   $target stopped with a finding"
  grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)" \
    "$build/logs/$target.log" || tail -5 "$build/logs/$target.log"
done
