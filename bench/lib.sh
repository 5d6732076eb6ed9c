# Shared by bench/run.sh and bench/memory-check.sh; sourced from the repository root, after the
# caller has defined log().

# The command line as typed (arguments with spaces quoted), for the results file.
quote_args() {
  local a out=""
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./,=:+-]+$ ]]; then out+=" $a"; else out+=" '${a//\'/\'\\\'\'}'"; fi
  done
  printf '%s' "$out"
}

# Builds what the contenders run, each only when stale: the job jar, the test-scope classpath
# (Spark, Jackson, DuckDB JDBC) and bench/src. Sets jar, cpfile and classes.
#   bench_build SKIP_BUILD(0|1) NAME
bench_build() {
  local skip_build=$1 name=$2 mvn_cmd=${MVN:-mvn}
  jar=target/chatlake-0.1.0-SNAPSHOT.jar
  cpfile=bench/work/classpath.txt
  classes=bench/work/classes
  mkdir -p bench/work
  if [ "$skip_build" = 0 ]; then
    if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
      log "building $jar"
      "$mvn_cmd" -B -q -Dstyle.color=never -DskipTests package >&2
    fi
    if [ ! -f "$cpfile" ] || [ pom.xml -nt "$cpfile" ]; then
      log "writing the classpath (test scope: Spark, Jackson, DuckDB JDBC) to $cpfile"
      "$mvn_cmd" -B -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$PWD/$cpfile" >&2
    fi
  fi
  [ -f "$jar" ] && [ -f "$cpfile" ] || { echo "$name: $jar or $cpfile missing (run without --skip-build)" >&2; exit 1; }
  if [ ! -f "$classes/.built" ] || [ -n "$(find bench/src "$jar" -newer "$classes/.built" -print -quit)" ]; then
    log "compiling bench/src"
    rm -rf "$classes"
    mkdir -p "$classes"
    javac -nowarn -d "$classes" -cp "$jar:$(cat "$cpfile")" bench/src/main/java/org/chatlake/bench/*.java
    touch "$classes/.built"
  fi
}

# Runs a command with its output in LOGFILE and sets wall (seconds), rss (peak RSS, KiB) and rc (its
# exit code): through GNU time when it is there, else by polling the process's VmHWM.
#   timed_run LOGFILE command...
timed_run() {
  local logf=$1
  shift
  if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
    local tf
    tf=$(mktemp)
    set +e
    /usr/bin/time -f '%e %M' -o "$tf" "$@" >"$logf" 2>&1
    rc=$?
    set -e
    read -r wall rss < <(tail -n 1 "$tf")
    rm -f "$tf"
  else
    local start end pid v
    start=$(date +%s%N)
    "$@" >"$logf" 2>&1 &
    pid=$!
    rss=0
    while kill -0 "$pid" 2>/dev/null; do
      v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$v" ] && [ "$v" -gt "$rss" ] && rss=$v
      sleep 0.2
    done
    set +e
    wait "$pid"
    rc=$?
    set -e
    end=$(date +%s%N)
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  fi
}
