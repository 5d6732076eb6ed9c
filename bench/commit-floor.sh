#!/usr/bin/env bash
# The least a run can cost under the output contract (CommitFloor): a fresh JVM, the job's session
# and one Delta commit to each of the 11 tables, on tables of 1,000 rows, nothing read or computed.
# Each round runs, for each file system, `create` (11 new tables) and then `daily` (11 small
# commits to them), each in its own JVM; file systems alternate.
#
#   bench/commit-floor.sh [--runs N]      (default 2)
#
# File systems: java (the job's default, JavaLocalFileSystem) and hadoop (Hadoop's LocalFileSystem,
# which starts a chmod or readlink process for most files). Output: one line per JVM, wall and CPU
# from GNU time, and the FLOOR line; logs in bench/work/floor/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=2
case "${1:-}" in
  --runs) runs=$2 ;;
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  "") ;;
  *) echo "commit-floor: unknown option $1" >&2; exit 2 ;;
esac
log() { echo "commit-floor: $*" >&2; }
source bench/lib.sh
bench_build 0 commit-floor
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
spark_flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
hadoop_fs=(-Dspark.hadoop.fs.file.impl=org.apache.hadoop.fs.LocalFileSystem
  -Dspark.hadoop.fs.AbstractFileSystem.file.impl=org.apache.hadoop.fs.local.LocalFs)
work=bench/work/floor
mkdir -p "$work"
for run in $(seq 1 "$runs"); do
  for fs in java hadoop; do
    extra=()
    [ "$fs" = hadoop ] && extra=("${hadoop_fs[@]}")
    out=$work/out-$fs
    rm -rf "$out"
    for mode in create daily; do
      logf=$work/$fs-$mode-$run.log
      # shellcheck disable=SC2086
      timed_run "$logf" java -Xmx4g -Xms4g $spark_flags "${extra[@]}" "-Dlog4j2.configurationFile=$PWD/jobs/log4j2.properties" \
        -cp "$classes:$jar:$(cat "$cpfile")" org.chatlake.bench.CommitFloor "$mode" "$PWD/$out"
      [ "$rc" = 0 ] || { log "$fs $mode failed (exit $rc), see $logf"; exit 1; }
      printf 'run %d  %-6s %-6s wall %6.1f s  CPU %6.1f s  %s\n' "$run" "$fs" "$mode" "$wall" "$cpu" \
        "$(grep -m1 '^FLOOR' "$logf" | sed 's/ steps=.*//')"
    done
  done
done
