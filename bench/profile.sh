#!/usr/bin/env bash
# Where does our job spend its time? Runs one contender once on bench/data/<N>/ (generate it first
# with bench/run.sh) under a CPU profiler: async-profiler (tools.profiler:async-profiler from Maven
# Central, fetched once with mvn dependency:get; CPU samples every 10 ms of every thread, collapsed
# stacks summarised by StackProfileSummary) or, when that is not available or --jcmd is given, a
# thread dump every --interval seconds (jcmd Thread.print, summarised by ThreadDumpSummary). Also
# records a Spark event log (EventLogSummary: time per Spark stage, busy cores, gaps between stages),
# a GC log, and for the job its per-stage timings.
#
#   bench/profile.sh --chats 1000000                   # ours end to end, chats only
#   bench/profile.sh --chats 1000000 --what ingest     # the ingest stage alone
#   bench/profile.sh --chats 100000 --what ours-messages
#
# Output in bench/work/profile/<what>-<N>/: summary.txt, cpu.collapsed (open it in speedscope.app or
# FlameGraph's flamegraph.pl) or dumps.txt, events/, gc.log, job.log.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
chats=100000
what=ours
interval=1
xmx=8g
use_jcmd=0
while [ $# -gt 0 ]; do
  case "$1" in
    --chats) chats=$2; shift 2 ;;
    --what) what=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --jcmd) use_jcmd=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "profile: unknown option $1" >&2; exit 2 ;;
  esac
done
work=bench/work
jar=target/chatlake-0.1.0-SNAPSHOT.jar
cpfile=$work/classpath.txt
classes=$work/classes
data=bench/data/$chats
[ -f "$jar" ] && [ -f "$cpfile" ] && [ -f "$classes/.built" ] || { echo "profile: run bench/run.sh first (builds the jar, classpath and bench classes)" >&2; exit 1; }
[ -d "$data/chats" ] || { echo "profile: $data/chats missing: bench/run.sh --chats $chats --only jackson --repeats 1 generates it" >&2; exit 1; }
if [ ! -f "$classes/org/chatlake/bench/StackProfileSummary.class" ] || [ -n "$(find bench/src -newer "$classes/.built" -print -quit)" ]; then
  javac -nowarn -d "$classes" -cp "$jar:$(cat "$cpfile")" bench/src/main/java/org/chatlake/bench/*.java
  touch "$classes/.built"
fi
cp_all="$classes:$jar:$(cat "$cpfile")"
spark_flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}

out=$work/profile/$what-$chats
rm -rf "$out"
mkdir -p "$out"
agent=()
if [ "$use_jcmd" = 0 ] && [ "$(uname -m)" = x86_64 ]; then
  ap_version=3.0
  ap_jar=${HOME}/.m2/repository/tools/profiler/async-profiler/$ap_version/async-profiler-$ap_version.jar
  [ -f "$ap_jar" ] || ${MVN:-mvn} -B -q -Dstyle.color=never dependency:get \
    -Dartifact=tools.profiler:async-profiler:$ap_version >&2 || true
  if [ -f "$ap_jar" ]; then
    mkdir -p "$work/async-profiler"
    (cd "$work/async-profiler" && unzip -o -q "$ap_jar" linux-x64/libasyncProfiler.so)
    agent=("-agentpath:$root/$work/async-profiler/linux-x64/libasyncProfiler.so=start,event=cpu,interval=10ms,threads,file=$root/$out/cpu.collapsed,collapsed")
  fi
fi
[ ${#agent[@]} -gt 0 ] || use_jcmd=1
mkdir -p "$out/events"
jvm=(java "-Xmx$xmx" "-Xms$xmx" "${agent[@]}" $spark_flags "-Dlog4j2.configurationFile=$root/jobs/log4j2.properties"
  "-Xlog:gc*:file=$out/gc.log:uptime,level,tags"
  -Dspark.eventLog.enabled=true "-Dspark.eventLog.dir=file://$root/$out/events"
  -Dspark.eventLog.compress=false -Dspark.eventLog.rolling.enabled=false)
case "$what" in
  ours) cmd=("${jvm[@]}" -cp "$jar:$(cat "$cpfile")" org.chatlake.cli.ChatJob --input "$data/chats" --output "$out/out" --mode full) ;;
  ours-messages) cmd=("${jvm[@]}" -cp "$jar:$(cat "$cpfile")" org.chatlake.cli.ChatJob --input "$data/chats" --messages "$data/messages" --output "$out/out" --mode full) ;;
  ingest) cmd=("${jvm[@]}" -cp "$cp_all" org.chatlake.bench.IngestOnly --input "$data/chats") ;;
  ingest-messages) cmd=("${jvm[@]}" -cp "$cp_all" org.chatlake.bench.IngestOnly --input "$data/messages" --kind messages) ;;
  naive) cmd=("${jvm[@]}" -cp "$cp_all" org.chatlake.bench.NaiveSparkJob --input "$data/chats" --output "$out/out") ;;
  *) echo "profile: --what ours|ours-messages|ingest|ingest-messages|naive" >&2; exit 2 ;;
esac

start=$SECONDS
"${cmd[@]}" >"$out/job.log" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  sleep "$interval"
  if [ "$use_jcmd" = 1 ]; then
    { echo "=== sample at +$((SECONDS - start)) s"; jcmd "$pid" Thread.print 2>/dev/null || true; } >>"$out/dumps.txt"
  fi
done
set +e
wait "$pid"
rc=$?
set -e
echo "profile: $what on $chats chats: exit $rc after $((SECONDS - start)) s (log $out/job.log)" >&2
{
  echo "## Spark stages (event log)"
  java -cp "$cp_all" org.chatlake.bench.EventLogSummary "$out/events" || true
  echo
  if [ "$use_jcmd" = 1 ]; then
    echo "## Thread samples (jcmd Thread.print every $interval s)"
    java -cp "$cp_all" org.chatlake.bench.ThreadDumpSummary "$out/dumps.txt" --top 15
  else
    echo "## CPU profile (async-profiler, $out/cpu.collapsed)"
    java -cp "$cp_all" org.chatlake.bench.StackProfileSummary "$out/cpu.collapsed" --top 15
  fi
} >"$out/summary.txt"
{
  echo
  echo "GC pauses (ms, total): $(grep -oE 'Pause[^)]*\) [0-9.]+M->[0-9.]+M\([0-9.]+M\) [0-9.]+ms' "$out/gc.log" \
    | awk '{ gsub("ms", "", $NF); s += $NF; n++ } END { printf "%.0f in %d pauses", s, n }')"
  if compgen -G "$out/out/_runs/*.json" >/dev/null; then
    echo "timings_ms: $(tr -d '\n ' < "$out"/out/_runs/*.json | grep -oE '"timings_ms":\{[^}]*\}')"
  fi
  grep -E 'INFO (ChatPipeline|ChatJob)' "$out/job.log" | head -n 40 || true
} >>"$out/summary.txt"
cat "$out/summary.txt"
rm -rf "$out/out"
exit "$rc"
