#!/usr/bin/env bash
# End-to-end wall time of jobs/run-local.sh, JVM start included (issue 18, "the daily run"), for
# one or more variants of its environment, interleaved round by round, medians reported. Each run
# writes a Spark event log; bench/src/.../StartupSummary.java splits the wall time (JVM start to
# SparkContext, to the first Spark job, time inside jobs, commits, the run summary's timings_ms)
# and counts Spark jobs and stages.
#
#   bench/startup.sh                                   # sample data from scratch, 3 runs of each variant
#   bench/startup.sh --variant before=CHATLAKE_CDS=0 --variant 'c1=JAVA_OPTS=-Xmx4g -XX:TieredStopAtLevel=1'
#   bench/startup.sh --base /data/out1m --runs 3 -- --input day/chats --messages day/messages
#   bench/startup.sh --check-cds                        # how many classes a run maps from the archive
#
# Options:
#   --runs N           runs per variant (default 3)
#   --variant NAME=ENV environment of a variant: NAME=VAR=value (the rest of the word is VAR's value);
#                      repeatable, also several VAR=value for one NAME by repeating the NAME.
#                      Default: before (CHATLAKE_CDS=0) and after (the script's defaults)
#   --base DIR         each run writes into a fresh copy of DIR (an incremental run into an existing
#                      output) instead of an empty output
#   --label TEXT       written with the results
#   --together         start the variants of a round at the same time (on a shared, loaded machine:
#                      each pair then meets the same load; they also compete with each other)
#   --check-cds        one sample-data run with -Xlog:class+load, counting classes by source, then exit
#   -- ARGS            the job's arguments (default: none, i.e. sample-data/ chats and messages);
#                      --output is added by the script
# Results: bench/work/startup/<label or time>/runs.tsv and a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}

runs=3
base=
label=
check_cds=0
together=0
declare -A env_of=()
order=()
job_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --variant)
      name=${2%%=*}
      [ -n "${env_of[$name]+x}" ] || order+=("$name")
      env_of[$name]="${env_of[$name]:-}${env_of[$name]:+$'\n'}${2#*=}"
      shift 2 ;;
    --base) base=$(cd "$2" && pwd); shift 2 ;;
    --label) label=$2; shift 2 ;;
    --check-cds) check_cds=1; shift ;;
    --together) together=1; shift ;;
    --) shift; job_args=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ${#order[@]} -eq 0 ]; then
  order=(before after)
  env_of[before]=CHATLAKE_CDS=0
  env_of[after]=
fi

work=bench/work/startup/${label:-$(date -u +%Y%m%dT%H%M%SZ)}
work=${work// /-}
mkdir -p "$work"
cp_all="target/chatlake-0.1.0-SNAPSHOT.jar:$(cat target/runtime-classpath.txt 2>/dev/null || true)"
jobs/run-local.sh --version >/dev/null  # builds the jar and class path when stale


# classes=loaded shared=from the JDK's base archive top=from target/chatlake.jsa, of a class+load log
class_sources() {
  local total shared top
  total=$(grep -c 'source:' "$1" 2>/dev/null || true)
  shared=$(grep -c 'source: shared objects file' "$1" 2>/dev/null || true)
  top=$(grep -c 'source: shared objects file (top)' "$1" 2>/dev/null || true)
  echo "classes=${total:-0} base_cds=$((${shared:-0} - ${top:-0})) app_cds=${top:-0}"
}

if [ "$check_cds" = 1 ]; then
  out=$work/cds-check
  rm -rf "$out"
  mkdir -p "$out"
  rc=0
  JAVA_OPTS="${JAVA_OPTS:--Xmx4g -Xms4g} -Xlog:class+load=info:file=$root/$out/class-load.log::filecount=0" \
    jobs/run-local.sh "${job_args[@]}" --output "$root/$out/out" >"$out/job.log" 2>&1 || rc=$?
  echo "exit $rc ($out/job.log): $(class_sources "$out/class-load.log") (the rest parsed from jars and modules)"
  exit 0
fi

tsv=$work/runs.tsv
: >"$tsv"

# one run of variant $1, repetition $2: prints its line of runs.tsv
run_one() {
  local v=$1 r=$2 dir=$work/$1-$2 kv envs=() java_opts load t0 t1 rc=0 line cpu
  rm -rf "$dir"
  mkdir -p "$dir/events"
  [ -z "$base" ] || cp -a "$base" "$dir/out"
  while IFS= read -r kv; do [ -n "$kv" ] && envs+=("$kv"); done <<<"${env_of[$v]}"
  java_opts=${JAVA_OPTS:--Xmx4g -Xms4g}
  for kv in "${envs[@]}"; do [ "${kv%%=*}" = JAVA_OPTS ] && java_opts=${kv#*=}; done
  java_opts+=" -Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file://$root/$dir/events"
  java_opts+=" -Dspark.eventLog.compress=false -Dspark.eventLog.rolling.enabled=false"
  # every variant alike: which classes came from an archive (a few ms of file writes)
  java_opts+=" -Xlog:class+load=info:file=$root/$dir/class-load.log::filecount=0"
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s%3N)
  /usr/bin/time -f '%U %S' -o "$dir/cpu" env "${envs[@]}" JAVA_OPTS="$java_opts" \
    jobs/run-local.sh "${job_args[@]}" --output "$root/$dir/out" >"$dir/job.log" 2>&1 || rc=$?
  t1=$(date +%s%3N)
  cpu=$(awk 'END { printf "%d", ($1 + $2) * 1000 }' "$dir/cpu")
  line=$(java -cp "$cp_all" bench/src/main/java/org/chatlake/bench/StartupSummary.java \
    "$dir/events" "$dir/job.log" "$dir/out" "$t0" "$t1" 2>/dev/null || echo "wall=$((t1 - t0))")
  printf '%s\t%s\t%s\t%s\t%s cpu=%s %s load_after=%s\n' "$v" "$r" "$rc" "$load" "$line" "$cpu" \
    "$(class_sources "$dir/class-load.log")" "$(cut -d' ' -f1 /proc/loadavg)"
  [ -z "$base" ] || rm -rf "$dir/out"
}

for ((r = 1; r <= runs; r++)); do
  if [ "$together" = 1 ]; then
    for v in "${order[@]}"; do run_one "$v" "$r" >"$work/.line-$v" & done
    wait
    for v in "${order[@]}"; do tee -a "$tsv" <"$work/.line-$v"; rm -f "$work/.line-$v"; done
  else
    for v in "${order[@]}"; do run_one "$v" "$r" | tee -a "$tsv"; done
  fi
done

echo "medians (ms) of $runs run(s), $tsv:"
for v in "${order[@]}"; do
  awk -F'\t' -v v="$v" '$1 == v { n = split($5, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); vals[p[1]] = vals[p[1]] " " p[2]; if (!(p[1] in seen)) { seen[p[1]] = 1; keys[++k] = p[1] } } }
    END {
      printf "%s:", v
      for (i = 1; i <= k; i++) {
        m = split(substr(vals[keys[i]], 2), a, " ")
        for (x = 1; x <= m; x++) for (y = x + 1; y <= m; y++) if (a[y] + 0 < a[x] + 0) { t = a[x]; a[x] = a[y]; a[y] = t }
        printf " %s=%s", keys[i], (m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2)
      }
      print ""
    }' "$tsv"
done
