#!/usr/bin/env bash
# Checks that the job gives the same output distributed as embedded: starts the local standalone
# cluster (jobs/local-cluster.sh), runs the job on it, stops it, runs the same job in local mode
# (jobs/run-local.sh), and compares the two outputs row for row, table by table
# (org.chatlake.cluster.OutputDiff, test scope; ignores ingested_at, run_id, rejected_at, _runs/).
#
#   jobs/cluster-test.sh                                # sample-data/chats (+ sample-data/messages)
#   jobs/cluster-test.sh --input /data/exports --timezone Europe/Warsaw   # any job options but --output
#
# Outputs and logs in target/cluster-test/ (cluster/, local/, cluster.log, local.log, diff.txt).
# Exit code 0 when both runs succeed and every table is equal, 1 otherwise. The cluster is stopped on
# exit (unless it was already running before). Environment: as jobs/local-cluster.sh, MVN (mvn).
set -euo pipefail
caller_pwd=$PWD
cd "$(dirname "$0")/.."
root=$PWD
t0=$SECONDS
mvn_cmd=${MVN:-mvn}
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}

say() { echo "cluster-test: $*" >&2; }

# Job options: relative --input/--messages paths are the caller's; the runs start from the project root.
args=()
has_input=false
while [ $# -gt 0 ]; do
  case "$1" in
    --output | --output=*)
      say "--output is chosen by the test (target/cluster-test/{cluster,local})"
      exit 2 ;;
    --input | --messages)
      [ $# -ge 2 ] || { say "$1 needs a value"; exit 2; }
      [ "$1" = --input ] && has_input=true
      path=$2
      case "$path" in /* | *://*) ;; *) path=$caller_pwd/$path ;; esac
      args+=("$1" "$path")
      shift 2 ;;
    --input=* | --messages=*)
      say "use '$(echo "$1" | cut -d= -f1) PATH' (with a space)"
      exit 2 ;;
    *)
      args+=("$1")
      shift ;;
  esac
done
if ! $has_input; then
  if [ ! -d sample-data/chats ]; then
    say "no sample-data/chats: generate the sample data or pass --input PATH"
    exit 2
  fi
  args=(--input "$root/sample-data/chats" ${args[@]+"${args[@]}"})
  if [ -d sample-data/messages ]; then
    args+=(--messages "$root/sample-data/messages")
  fi
fi

work=$root/target/cluster-test
rm -rf "$work"
mkdir -p "$work"

# --- build: the job jar, and the test classes + test classpath for OutputDiff ---------------------
t=$SECONDS
jar=target/chatlake-0.1.0-SNAPSHOT.jar
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
  say "building $jar"
  "$mvn_cmd" -B -q -Dstyle.color=never -DskipTests package >&2
fi
test_cp=target/test-classpath.txt
if [ ! -f "$test_cp" ] || [ pom.xml -nt "$test_cp" ]; then
  "$mvn_cmd" -B -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$test_cp" >&2
  touch "$test_cp"  # Maven keeps an unchanged file's time
fi
diff_classes=target/test-classes
if ! "$mvn_cmd" -B -q -Dstyle.color=never test-compile >"$work/test-compile.log" 2>&1; then
  # Someone's unfinished test should not stop this check: compile OutputDiff (and the DeltaFiles
  # it reads the tables' current files with) on its own.
  say "mvn test-compile failed (see $work/test-compile.log); compiling OutputDiff alone"
  diff_classes=$work/classes
  javac -d "$diff_classes" -cp "$(cat "$test_cp")" src/test/java/org/chatlake/cluster/OutputDiff.java \
    src/test/java/org/chatlake/DeltaFiles.java
fi
build_s=$((SECONDS - t))

# --- the cluster run ------------------------------------------------------------------------------
started_here=false
child=""
cleanup() {
  # Interrupted: stop the run in progress (the cluster's driver, or the local JVM), then the cluster.
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    sleep 3
    kill -KILL "$child" 2>/dev/null || true
  fi
  if $started_here; then
    jobs/local-cluster.sh stop >/dev/null 2>&1 || true
    started_here=false
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run_logged LOG CMD...: runs CMD in the background (so that a signal reaches the traps at once),
# shows its output and keeps it in LOG; returns CMD's exit code.
run_logged() {
  local log=$1 tailer rc=0
  shift
  : >"$log"
  "$@" >"$log" 2>&1 &
  child=$!
  tail -n +1 -f --pid="$child" "$log" &
  tailer=$!
  wait "$child" || rc=$?
  child=""
  wait "$tailer" 2>/dev/null || true
  return "$rc"
}

t=$SECONDS
if jobs/local-cluster.sh status >/dev/null 2>&1; then
  say "using the local cluster that is already running"
else
  started_here=true
  jobs/local-cluster.sh start
fi
start_s=$((SECONDS - t))

say "run 1/2: on the cluster -> $work/cluster"
t=$SECONDS
cluster_rc=0
run_logged "$work/cluster.log" \
  jobs/local-cluster.sh submit ${args[@]+"${args[@]}"} --output "$work/cluster" || cluster_rc=$?
cluster_s=$((SECONDS - t))

# Proof that the run was distributed: which executors ran its tasks (from the Spark event log).
app_id=$(grep -o 'app ID app-[0-9-]*' "$work/cluster.log" | head -n 1 | cut -d' ' -f3 || true)
per_executor=""
if [ -n "$app_id" ]; then
  per_executor=$(cat target/local-cluster/events/*"$app_id"*/events_* 2>/dev/null \
    | grep '"Event":"SparkListenerTaskEnd"' | grep -o '"Executor ID":"[^"]*"' | cut -d'"' -f4 \
    | sort | uniq -c | awk '{printf "%sexecutor %s: %s tasks", sep, $2, $1; sep=", "}' || true)
fi
executors_used=$(echo "$per_executor" | grep -o 'executor' | wc -l || true)
master_used=$(cat "$work"/cluster/_runs/*.json 2>/dev/null | grep -o '"spark_master" *: *"[^"]*"' \
  | head -n 1 | cut -d'"' -f4 || true)
case "$master_used" in spark://*) on_cluster=true ;; *) on_cluster=false ;; esac
if $started_here; then
  jobs/local-cluster.sh stop
  started_here=false
fi

# --- the local run --------------------------------------------------------------------------------
say "run 2/2: embedded local[*] -> $work/local"
t=$SECONDS
local_rc=0
run_logged "$work/local.log" jobs/run-local.sh ${args[@]+"${args[@]}"} --output "$work/local" || local_rc=$?
local_s=$((SECONDS - t))

# --- compare --------------------------------------------------------------------------------------
t=$SECONDS
diff_rc=1
if [ "$cluster_rc" -eq 0 ] && [ "$local_rc" -eq 0 ]; then
  set +e
  java -cp "$diff_classes:$(cat "$test_cp")" org.chatlake.cluster.OutputDiff \
    "$work/cluster" "$work/local" | tee "$work/diff.txt"
  diff_rc=${PIPESTATUS[0]}
  set -e
fi
diff_s=$((SECONDS - t))

total=$((SECONDS - t0))
echo
echo "cluster-test: cluster run on ${master_used:-?}, app ${app_id:-?}: ${per_executor:-no task events found}"
echo "cluster-test: build ${build_s}s, cluster start ${start_s}s, cluster run ${cluster_s}s (exit $cluster_rc)," \
  "local run ${local_s}s (exit $local_rc), diff ${diff_s}s"
result=PASSED
if [ "$cluster_rc" -ne 0 ] || [ "$local_rc" -ne 0 ]; then
  result="FAILED: a run did not succeed (logs: $work/cluster.log, $work/local.log)"
elif ! $on_cluster || [ "$executors_used" -lt 1 ]; then
  result="FAILED: the cluster run did not run on the cluster's executors"
elif [ "$diff_rc" -ne 0 ]; then
  result="FAILED: the outputs differ ($work/diff.txt)"
fi
if [ "$result" = PASSED ] && [ "$executors_used" -lt 2 ]; then
  say "warning: only $executors_used executor ran tasks"
fi
printf 'cluster-test: %s; wall time %dm%02ds\n' "$result" $((total / 60)) $((total % 60))
[ "$result" = PASSED ]
