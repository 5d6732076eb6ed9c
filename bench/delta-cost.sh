#!/usr/bin/env bash
# What the Delta Lake storage costs or saves: this job (Delta) against an older build of the job
# (the hand-made Parquet commit) on the same generated exports, one after the other:
#   1. a full run of N chats into an empty output;
#   2. a daily incremental run of D chats (new ones and updates of existing ones) into that output.
#
#   bench/delta-cost.sh --chats 100000 --daily 5000 --old-jar /tmp/chatlake-parquet.jar
#   bench/delta-cost.sh --chats 1000000 --daily 5000            # Delta only
#
# The old jar: `git worktree add /tmp/old 78ed611 && (cd /tmp/old && mvn -q -DskipTests package)`
# (78ed611 is the last commit before Delta). Data: bench/data/<N>/chats (shared with bench/run.sh)
# and bench/data/daily-<D>/chats (seed 7, so its chat ids overlap the big set's). Prints a table and
# the job's own timings; writes nothing to RESULTS.md (copy the table there by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
chats=100000
daily=5000
old_jar=""
xmx=8g
while [ $# -gt 0 ]; do
  case "$1" in
    --chats) chats=$2; shift 2 ;;
    --daily) daily=$2; shift 2 ;;
    --old-jar) old_jar=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "delta-cost: unknown option $1" >&2; exit 2 ;;
  esac
done
log() { echo "delta-cost: $*" >&2; }
source bench/lib.sh
bench_build 0 delta-cost
cp_all="$jar:$(cat "$cpfile")"
jvm_flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
export SPARK_LOCAL_IP=127.0.0.1

gen() {
  local n=$1 seed=$2 dir=$3
  if [ -d "$dir/chats" ]; then log "reusing $dir"; return; fi
  log "generating $n chats (seed $seed) into $dir"
  java -Xmx2g -cp "$cp_all" org.chatlake.sample.SampleDataGenerator --chats "$n" --seed "$seed" \
    --out "$dir/_gen" --layout bench --no-messages >&2
  mv "$dir/_gen/chats" "$dir/chats"
  rm -rf "$dir/_gen"
}
gen "$chats" 42 "bench/data/$chats"
gen "$daily" 7 "bench/data/daily-$daily"

work=bench/work/delta-cost
mkdir -p "$work"
results=()
run_case() {
  local name=$1 jarfile=$2 main=$3
  local out="$work/$name-out"
  rm -rf "$out"
  # shellcheck disable=SC2086
  timed_run "$work/$name-full.log" java -Xmx"$xmx" $jvm_flags -cp "$jarfile:$(cat "$cpfile")" $main \
    --input "bench/data/$chats/chats" --output "$out" --max-reject-ratio 1
  [ "$rc" = 0 ] || { log "$name full run failed, see $work/$name-full.log"; exit 1; }
  local full=$wall full_rss=$rss
  # shellcheck disable=SC2086
  timed_run "$work/$name-daily.log" java -Xmx"$xmx" $jvm_flags -cp "$jarfile:$(cat "$cpfile")" $main \
    --input "bench/data/daily-$daily/chats" --output "$out" --max-reject-ratio 1
  [ "$rc" = 0 ] || { log "$name daily run failed, see $work/$name-daily.log"; exit 1; }
  local size
  size=$(du -sm "$out" | cut -f1)
  results+=("| $name | $chats | $full s | $daily into $chats | $wall s | $size MB |")
  log "$name: full $full s (peak RSS $((full_rss / 1024)) MB), daily $wall s, output $size MB"
  grep -E "^\s+(ingest|transform|stage|write|commit|total) " "$work/$name-full.log" "$work/$name-daily.log" >&2 || true
}
run_case delta "$jar" org.chatlake.cli.ChatJob
if [ -n "$old_jar" ]; then
  run_case parquet "$old_jar" org.chatlake.cli.ChatJob
fi
echo "| storage | chats | full run | daily run | daily run wall | output size |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${results[@]}"
