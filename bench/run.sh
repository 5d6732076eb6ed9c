#!/usr/bin/env bash
# Benchmark: our job vs a naive Spark JSON job vs DuckDB (department_daily only, and doing our job's
# chat work) vs the Jackson parse limit, on the same
# generated HelpCrunch exports, interleaved and repeated, medians reported in bench/RESULTS.md.
#
#   bench/run.sh --chats 1000000                       # the issue's headline run (3 repeats)
#   bench/run.sh --chats 100000,1000000,3000000        # linear-cost check: all sizes in one table
#   bench/run.sh --chats 1000000 --messages            # also chats+messages end to end, message ingest
#   bench/run.sh --chats 20000 --repeats 1 --label "smoke test"   # quick check of the harness
#   bench/run.sh --chats 1000000 --messages --only ours-messages --config bench/service-bench.yaml
#                                                      # business time: chats+messages with and without --config
#
# Options:
#   --chats N[,N2,...]   sizes in chats (default 1000000); data in bench/data/<N>/ (generated once, reused)
#   --repeats R          runs per contender and size (default 3); the table shows medians
#   --messages           also generate/read message exports: ours with --messages, message ingest, Jackson over them
#   --skip-generate      fail instead of generating missing data
#   --skip-build         do not run Maven (use the jar and classpath already built)
#   --only LIST          comma-separated subset of: ours,ingest,naive,duckdb,duckdb-same-work,jackson
#                        (default all; the correctness check needs ours and at least one of naive, duckdb,
#                        duckdb-same-work); with --messages, ours-messages in
#                        place of ours runs only our chats + messages job, not ours on the chats alone
#   --config FILE        service hours and SLA targets (README "Service hours and SLA"), e.g.
#                        bench/service-bench.yaml: each ours contender also runs with `--config FILE`
#                        (ours-config, ours-messages-config), next to the plain one in every round (which of
#                        the two goes first alternates), so both see the same machine load
#   --xmx SIZE           heap of the Spark JVMs: ours, ingest, naive (default 8g)
#   --label TEXT         a note printed above the table in RESULTS.md (e.g. "small-size validation run")
#   --results FILE       where to write the results (default bench/RESULTS.md; the generated part between
#                        its markers is replaced, the rest of the file is kept)
#   --allow-mismatch     report times even when the contenders' department_daily counts differ
#
# Environment: OURS_JAVA_OPTS: extra JVM options for our JVMs only (ours, ours-messages, ingest), e.g.
# OURS_JAVA_OPTS="-XX:TieredStopAtLevel=1" to try a JVM setting before baking it into jobs/run-local.sh;
# OURS_JAVA: the java of those JVMs (default the java on the PATH). With a JDK 25, OURS_JAVA_OPTS can
# name an AOT cache recorded with this script's JVM flags and class path ("-XX:AOTCache=FILE
# -XX:AOTMode=on": a JVM refuses a cache recorded with other module options, such as the ones
# jobs/run-local.sh adds on JDK 25, and AOTMode=on fails the run instead of going on without it;
# bench/RESULTS.md, session 33, shows one made);
# MVN (default mvn).
#
# Every contender runs as its own JVM; wall time, CPU time (user + sys) and peak RSS come from GNU time
# if present, else from polling /proc/<pid>/status VmHWM and the shell's `times`; the 1-minute load
# average is taken before and after each run. Logs, outputs and raw measurements go to bench/work/<N>/
# (not in git).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

sizes=1000000
repeats=3
messages=0
skip_generate=0
skip_build=0
only=ours,ingest,naive,duckdb,duckdb-same-work,jackson
xmx=8g
label=""
results=bench/RESULTS.md
allow_mismatch=0
config=""
seed=42
source bench/lib.sh
cmdline="${OURS_JAVA:+OURS_JAVA='$OURS_JAVA' }${OURS_JAVA_OPTS:+OURS_JAVA_OPTS='$OURS_JAVA_OPTS' }bench/run.sh$(quote_args "$@")"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --chats) sizes=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --messages) messages=1; shift ;;
    --skip-generate) skip_generate=1; shift ;;
    --skip-build) skip_build=1; shift ;;
    --only) only=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --allow-mismatch) allow_mismatch=1; shift ;;
    --config) config=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --repeats must be a positive integer" >&2; exit 2; }
IFS=, read -r -a size_list <<< "$sizes"
for n in "${size_list[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench: bad size '$n' in --chats" >&2; exit 2; }
done
has() { [[ ",$only," == *",$1,"* ]]; }
if [ -n "$config" ] && [ ! -f "$config" ]; then
  echo "bench: --config $config: no such file" >&2
  exit 2
fi

work=bench/work
mkdir -p "$work" bench/data
log() { echo "bench: $*" >&2; }

# ---- build ---------------------------------------------------------------------------------
bench_build "$skip_build" bench
cp_all="$classes:$jar:$(cat "$cpfile")"
spark_flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
log4j="-Dlog4j2.configurationFile=$root/jobs/log4j2.properties"
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
cores=$(nproc)

# ---- data ----------------------------------------------------------------------------------
# bench/data/<N>/chats (and messages/), written by the project's generator, bench layout: half API
# pages, half JSON Lines, 100,000 chats per file, ~1.5 KB per chat. _chats.json / _messages.json
# are the generation reports and mark a finished generation.
generate() {
  local n=$1 dir=bench/data/$1 want_messages=$2
  local need_chats=0 need_messages=0
  [ -f "$dir/_chats.json" ] || need_chats=1
  [ "$want_messages" = 1 ] && [ ! -f "$dir/_messages.json" ] && need_messages=1
  if [ "$need_chats" = 0 ] && [ "$need_messages" = 0 ]; then
    log "reusing $dir"
    return
  fi
  if [ "$skip_generate" = 1 ]; then
    echo "bench: $dir is missing or incomplete and --skip-generate was given" >&2
    exit 1
  fi
  rm -rf "$dir/_gen"
  local flags=(--no-messages)
  [ "$need_messages" = 1 ] && flags=()
  log "generating $n chats$([ "$need_messages" = 1 ] && echo ' with messages') into $dir"
  local t0=$SECONDS
  java -Xmx2g -cp "$cp_all" org.chatlake.sample.SampleDataGenerator --chats "$n" --seed "$seed" \
    --out "$dir/_gen" --layout bench "${flags[@]}" --report-json "$dir/_gen/report.json" >&2
  log "generated in $((SECONDS - t0)) s"
  if [ "$need_chats" = 1 ]; then
    rm -rf "$dir/chats"
    mv "$dir/_gen/chats" "$dir/chats"
    cp "$dir/_gen/report.json" "$dir/_chats.json"
  fi
  if [ "$need_messages" = 1 ]; then
    rm -rf "$dir/messages"
    mv "$dir/_gen/messages" "$dir/messages"
    cp "$dir/_gen/report.json" "$dir/_messages.json"
  fi
  rm -rf "$dir/_gen"
}

# ---- measuring -----------------------------------------------------------------------------
# measure <tsv> <size> <contender> <rep> <log> -- command...: appends one line to tsv:
# size contender rep wall_s peak_rss_kb exit_code load1 "BENCH key=value ..." (from the log) cpu_s
# load1_after (the last two added later, so older runs.tsv files still read)
measure() {
  local tsv=$1 size=$2 name=$3 rep=$4 logf=$5
  shift 6
  local load1 load1_after wall rss rc cpu
  load1=$(cut -d' ' -f1 /proc/loadavg)
  timed_run "$logf" "$@"
  load1_after=$(cut -d' ' -f1 /proc/loadavg)
  local kv
  kv=$(grep -m1 '^BENCH ' "$logf" | sed 's/^BENCH //' || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$name" "$rep" "$wall" "$rss" "$rc" "$load1" "$kv" \
    "$cpu" "$load1_after" >>"$tsv"
  if [ "$rc" = 0 ]; then
    log "$(printf '%-22s rep %d: %8.2f s wall, %8.2f s CPU, %6d MiB peak RSS, load %s -> %s  %s' "$name" "$rep" \
      "$wall" "$cpu" "$((rss / 1024))" "$load1" "$load1_after" "$kv")"
  else
    log "$name rep $rep FAILED (exit $rc) after $wall s; log: $logf"
    tail -n 5 "$logf" | sed 's/^/    /' >&2
  fi
}

# run_contender <size> <name> <rep>
run_contender() {
  local n=$1 name=$2 rep=$3
  local dir=bench/data/$n d=$work/$n
  local out=$d/out/$name-$rep logf=$d/logs/$name-$rep.log
  rm -rf "$out"
  mkdir -p "$d/out" "$d/logs" "$d/runs"
  # our job gets an absolute --output: with a relative one its Delta commit fails
  # (TABLE_OR_VIEW_NOT_FOUND `delta`.`bench/work/...`) after all the work is done
  local ours_out=$root/$out
  # both Spark contenders get the heap at full size from the start, as jobs/run-local.sh does
  local spark_jvm=(java "-Xmx$xmx" "-Xms$xmx" $spark_flags "$log4j")
  # shellcheck disable=SC2206
  local ours_jvm=("${OURS_JAVA:-java}" "-Xmx$xmx" "-Xms$xmx" $spark_flags ${OURS_JAVA_OPTS:-} "$log4j")
  # the -config variants: the same job with service hours and SLA targets
  local ours_config=()
  [[ "$name" == *-config ]] && ours_config=(--config "$config")
  case "$name" in
    ours|ours-config)
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- "${ours_jvm[@]}" -cp "$jar:$(cat "$cpfile")" \
        org.chatlake.cli.ChatJob --input "$dir/chats" --output "$ours_out" --mode full "${ours_config[@]}" ;;
    ours-messages|ours-messages-config)
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- "${ours_jvm[@]}" -cp "$jar:$(cat "$cpfile")" \
        org.chatlake.cli.ChatJob --input "$dir/chats" --messages "$dir/messages" --output "$ours_out" --mode full \
        "${ours_config[@]}" ;;
    ingest)
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- "${ours_jvm[@]}" -cp "$cp_all" \
        org.chatlake.bench.IngestOnly --input "$dir/chats" --kind chats ;;
    ingest-messages)
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- "${ours_jvm[@]}" -cp "$cp_all" \
        org.chatlake.bench.IngestOnly --input "$dir/messages" --kind messages ;;
    naive)
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- "${spark_jvm[@]}" -cp "$cp_all" \
        org.chatlake.bench.NaiveSparkJob --input "$dir/chats" --output "$out" ;;
    duckdb)
      mkdir -p "$out"
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- java -Xmx1g -cp "$cp_all" \
        org.chatlake.bench.DuckDbJob --input "$dir/chats" --output "$out/department_daily.parquet" ;;
    duckdb-same-work)
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- java -Xmx1g -cp "$cp_all" \
        org.chatlake.bench.DuckDbSameWorkJob --input "$dir/chats" --output "$out" ;;
    jackson)
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- java -Xmx1g -cp "$cp_all" \
        org.chatlake.bench.JacksonLimit --input "$dir/chats" --label jackson ;;
    jackson-messages)
      measure "$d/runs.tsv" "$n" "$name" "$rep" "$logf" -- java -Xmx1g -cp "$cp_all" \
        org.chatlake.bench.JacksonLimit --input "$dir/messages" --label jackson-messages ;;
  esac
  if [[ "$name" == ours* ]] && compgen -G "$out/_runs/*.json" >/dev/null; then
    cp "$out"/_runs/*.json "$d/runs/$name-$rep.json"
  fi
  # keep the first repetition's outputs (the correctness check reads them), drop the others
  if [ "$rep" -gt 1 ]; then
    rm -rf "$out"
  fi
}

# ---- the runs ------------------------------------------------------------------------------
contenders=()
has ours && contenders+=(ours)
has ours && [ -n "$config" ] && contenders+=(ours-config)
has ingest && contenders+=(ingest)
has naive && contenders+=(naive)
has duckdb && contenders+=(duckdb)
has duckdb-same-work && contenders+=(duckdb-same-work)
has jackson && contenders+=(jackson)
if [ "$messages" = 1 ]; then
  { has ours || has ours-messages; } && contenders+=(ours-messages)
  { has ours || has ours-messages; } && [ -n "$config" ] && contenders+=(ours-messages-config)
  has ingest && contenders+=(ingest-messages)
  has jackson && contenders+=(jackson-messages)
elif has ours-messages && ! has ours; then
  echo "bench: --only ours-messages needs --messages" >&2
  exit 2
fi
[ ${#contenders[@]} -gt 0 ] || { echo "bench: nothing to run (--only $only)" >&2; exit 2; }

# check_size <N>: department_daily of ours and of each other contender that writes it (first
# repetition) must agree, and duckdb-same-work's chats and chat_agents must equal ours, before any
# time is reported. Returns 1 on a mismatch.
check_size() {
  local n=$1 d=$work/$1 rc others=() names=()
  has naive && others+=(--naive "$d/out/naive-1") && names+=("naive Spark")
  has duckdb && others+=(--duckdb "$d/out/duckdb-1/department_daily.parquet") && names+=(DuckDB)
  has duckdb-same-work && others+=(--same-work "$d/out/duckdb-same-work-1") && names+=("DuckDB same work")
  if ! has ours || [ ${#others[@]} = 0 ]; then
    echo "not run (needs ours and at least one of naive, duckdb, duckdb-same-work)" >"$d/check.status"
    return 0
  fi
  log "size $n: checking department_daily: ours vs $(IFS=,; echo "${names[*]}" | sed 's/,/ vs /g')"
  set +e
  java -Xmx1g -cp "$cp_all" org.chatlake.bench.CheckDepartmentDaily --ours "$d/out/ours-1" "${others[@]}" \
    --report "$d/check.md" >"$d/logs/check.log" 2>&1
  rc=$?
  set -e
  grep '^CHECK' "$d/logs/check.log" | sed "s/^/bench: size $n: /" >&2 || true
  if [ "$rc" = 0 ]; then
    echo ok >"$d/check.status"
    return 0
  fi
  echo mismatch >"$d/check.status"
  [ -s "$d/check.md" ] || { echo '```'; tail -n 20 "$d/logs/check.log"; echo '```'; } >"$d/check.md"
  return 1
}

for n in "${size_list[@]}"; do
  generate "$n" "$messages"
done
for n in "${size_list[@]}"; do
  d=$work/$n
  rm -rf "$d/out" "$d/logs" "$d/runs" "$d/runs.tsv" "$d/check.md" "$d/check.status"
  mkdir -p "$d/out" "$d/logs" "$d/runs"
done
k=${#contenders[@]}
log "sizes ${size_list[*]}: ${contenders[*]}; $repeats round(s), each running every contender once per size"
checked_all=1
for rep in $(seq 1 "$repeats"); do
  # interleaved: one round runs every contender once for every size (so drifting machine load hits
  # all of them alike); the starting contender rotates from round to round
  for n in "${size_list[@]}"; do
    for i in $(seq 0 $((k - 1))); do
      run_contender "$n" "${contenders[$(((i + rep - 1) % k))]}" "$rep"
    done
  done
  if [ "$rep" = 1 ]; then
    mismatched=()
    for n in "${size_list[@]}"; do
      check_size "$n" || mismatched+=("$n")
    done
    if [ ${#mismatched[@]} -gt 0 ]; then
      checked_all=0
      if [ "$allow_mismatch" = 0 ]; then
        log "department_daily differs between the contenders for ${mismatched[*]} chats (see above and" \
          "bench/work/<N>/check.md); no times reported (--allow-mismatch reports them anyway)."
        java -cp "$cp_all" org.chatlake.bench.Report --work "$work" --sizes "$sizes" --results "$results" \
          --label "$label" --command "$cmdline" --repeats "$repeats" --mismatch-only
        exit 1
      fi
    fi
  fi
done

java -cp "$cp_all" org.chatlake.bench.Report --work "$work" --sizes "$sizes" --results "$results" \
  --label "$label" --command "$cmdline" --repeats "$repeats"
[ "$checked_all" = 1 ] || exit 1
