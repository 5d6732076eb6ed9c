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
      touch "$cpfile"  # Maven keeps an unchanged file's time
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

# Runs a command with its output in LOGFILE and sets wall (seconds), rss (peak RSS, KiB), cpu (its
# CPU time, user + sys, seconds, with any children it waited for) and rc (its exit code): through GNU
# time when it is there, else by polling the process's VmHWM and taking the CPU time from the
# difference of the shell's `times` for its waited-for children.
#   timed_run LOGFILE command...
timed_run() {
  local logf=$1
  shift
  if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
    local tf user sys
    tf=$(mktemp)
    set +e
    /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$logf" 2>&1
    rc=$?
    set -e
    read -r wall rss user sys < <(tail -n 1 "$tf")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    rm -f "$tf"
  else
    local start end pid v cpu0
    children_cpu
    cpu0=$children_cpu_s
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
    children_cpu
    cpu=$(awk -v a="$cpu0" -v b="$children_cpu_s" 'BEGIN { printf "%.2f", b - a }')
  fi
}

# Sets children_cpu_s: user + sys seconds of this shell's waited-for children so far (the second line
# of `times`, e.g. 0m1.234s 0m0.056s; run in this shell, as a pipe or $(...) would report a subshell's).
children_cpu() {
  local tf
  tf=$(mktemp)
  times >"$tf"
  children_cpu_s=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); s += p[1] * 60 + p[2] } printf "%.3f", s }' "$tf")
  rm -f "$tf"
}
