#!/usr/bin/env bash
# Memory check of the issue: one single ~2 GiB JSON Lines file and one single ~2 GiB API-page file
# (all chats in one {"data":[...]} document), each read by our job with a 1 GiB heap
# (-Xmx1g = spark.driver.memory=1g: in local mode the driver is this JVM), all tables written.
# Reports per file: success or failure (exit code, OutOfMemoryError in the log), wall time, peak RSS.
#
#   bench/memory-check.sh                      # 1,500,000 chats per file (~2.1 GiB each)
#   bench/memory-check.sh --only api           # just the API-page file
#   bench/memory-check.sh --chats 20000 --results bench/work/memory-test.md   # quick test of the script
#
# Options:
#   --chats N        chats per file (default 1500000: ~1.5 KB each, just over 2 GiB)
#   --only jsonl|api one of the two files
#   --xmx SIZE       the heap (default 1g)
#   --skip-build     use the jar and classpath already built by bench/run.sh or jobs/run-local.sh
#   --results FILE   the results file whose "MEMORY CHECK" section is replaced (default bench/RESULTS.md)
# Data goes to bench/data/single-<jsonl|api>-<N>/ (reused), logs and outputs to bench/work/memory/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

chats=1500000
kinds=(jsonl api)
xmx=1g
skip_build=0
results=bench/RESULTS.md
source bench/lib.sh
cmdline="bench/memory-check.sh$(quote_args "$@")"
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --chats) chats=$2; shift 2 ;;
    --only) kinds=("$2"); shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    --results) results=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "memory-check: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$chats" =~ ^[1-9][0-9]*$ ]] || { echo "memory-check: bad --chats" >&2; exit 2; }
for k in "${kinds[@]}"; do
  [[ "$k" == jsonl || "$k" == api ]] || { echo "memory-check: --only jsonl|api" >&2; exit 2; }
done
log() { echo "memory-check: $*" >&2; }

work=bench/work
mkdir -p "$work/memory" bench/data
bench_build "$skip_build" memory-check
cp_all="$classes:$jar:$(cat "$cpfile")"
spark_flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}

report=$work/memory/report.md
{
  echo "## Memory check: single ~2 GiB files with a 1 GiB heap"
  echo
  echo "Command: \`$cmdline\` on $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo);" \
    "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Each file is read by \`ChatJob --mode full\` in local[*] with \`-Xmx$xmx -Xms$xmx -Dspark.driver.memory=$xmx\`" \
    "(in local mode the driver heap is the JVM heap), all tables written."
  echo
  echo "| file | format | chats | size | result | exit | wall s | peak RSS MiB | records read | OutOfMemoryError in log |"
  echo "|---|---|---:|---:|---|---:|---:|---:|---:|---|"
} >"$report"

failed=0
for kind in "${kinds[@]}"; do
  dir=bench/data/single-$kind-$chats
  if [ ! -f "$dir/_chats.json" ]; then
    rm -rf "$dir"
    log "generating one $kind file with $chats chats into $dir"
    java -Xmx2g -cp "$cp_all" org.chatlake.sample.SampleDataGenerator --chats "$chats" --seed 42 \
      --out "$dir/_gen" --single-file "$kind" --no-messages --report-json "$dir/_gen/report.json" >&2
    mv "$dir/_gen/chats" "$dir/chats"
    mv "$dir/_gen/report.json" "$dir/_chats.json"
    rm -rf "$dir/_gen"
  fi
  file=$(find "$dir/chats" -type f | head -n 1)
  size=$(stat -c %s "$file")
  out=$work/memory/out-$kind
  logf=$work/memory/$kind.log
  rm -rf "$out"
  log "$kind: $(awk -v s="$size" 'BEGIN { printf "%.2f GiB", s / 2^30 }') in $file, heap $xmx"
  cmd=(java "-Xmx$xmx" "-Xms$xmx" "-Dspark.driver.memory=$xmx" $spark_flags -XX:+HeapDumpOnOutOfMemoryError
    "-XX:HeapDumpPath=$work/memory" "-Dlog4j2.configurationFile=$root/jobs/log4j2.properties"
    -cp "$jar:$(cat "$cpfile")" org.chatlake.cli.ChatJob --input "$file" --output "$out" --mode full)
  timed_run "$logf" "${cmd[@]}"
  oom=no
  grep -q 'OutOfMemoryError' "$logf" && oom=yes
  read_count=$(cat "$out"/_runs/*.json 2>/dev/null | grep -m1 '"read"' | tr -dc '0-9' || true)
  if [ "$rc" = 0 ] && [ "$oom" = no ] && [ "$read_count" = "$chats" ]; then
    result=ok
  else
    result=FAILED
    failed=1
  fi
  log "$kind: $result (exit $rc, ${wall} s, peak RSS $((rss / 1024)) MiB, read ${read_count:-?}, OOM: $oom); log $logf"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${file#"$dir/"}" "$kind" \
    "$chats" "$(awk -v s="$size" 'BEGIN { printf "%.2f GiB", s / 2^30 }')" "$result" "$rc" "$wall" \
    "$((rss / 1024))" "${read_count:-—}" "$oom" >>"$report"
  [ "$rc" = 0 ] && rm -rf "$out"
done
echo >>"$report"
echo "Logs: \`bench/work/memory/<jsonl|api>.log\` (heap dump there on OutOfMemoryError)." >>"$report"
cat "$report"
java -cp "$cp_all" org.chatlake.bench.Report --section "MEMORY CHECK" --from "$report" --results "$results"
exit "$failed"
