#!/usr/bin/env bash
# Runs the job in embedded local mode (local[*]). Builds the job jar first when it is missing or
# older than the sources. With no options it reads sample-data/ and writes out/.
#   jobs/run-local.sh                                  # sample data -> out/
#   jobs/run-local.sh --input exports/ --output /data/chatlake --timezone Europe/Warsaw
#   jobs/run-local.sh restore --output out --before-run 20261126T092447Z-d005   # any chatlake command
# Environment: JAVA_HOME (the JDK to run; default the java on the PATH), JAVA_OPTS (default -Xmx4g
# -Xms4g: a heap at full size from the start spares the collections of a growing one, 15% of a
# 1M-chat run), MVN (default mvn), CHATLAKE_CDS=0 to run without the class archive
# (target/chatlake.jsa, or target/chatlake.aot on JDK 25 and later, see below).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=jobs/lib.sh
. "$root/jobs/lib.sh"

jar=target/chatlake-0.1.0-SNAPSHOT.jar
classpath=target/runtime-classpath.txt
mvn_cmd=${MVN:-mvn}

stale() {
  [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]
}
if stale; then
  echo "run-local: building $jar" >&2
  "$mvn_cmd" -q -DskipTests package >&2
fi
if [ ! -f "$classpath" ] || [ pom.xml -nt "$classpath" ]; then
  "$mvn_cmd" -q dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$classpath" >&2
  # Maven leaves an unchanged file as it was: without the touch, every run after an edit of the
  # pom would ask Maven again
  touch "$classpath"
fi

# For the job itself (no command name, or "run"), every option left out keeps its default:
# sample-data/ chats (and messages) in, out/ out.
args=("$@")
if [ ${#args[@]} -eq 0 ] || [ "${args[0]}" = run ] || [[ "${args[0]}" == -* ]]; then
  [ "${args[0]:-}" = run ] && args=("${args[@]:1}")
  has() { local o; for o in "${args[@]}"; do [ "$o" = "$1" ] || [[ "$o" == "$1="* ]] && return 0; done; return 1; }
  if ! has --help && ! has -h && ! has --version && ! has -V; then
    # the sample messages only go with the sample chats
    if ! has --input; then
      args+=(--input sample-data/chats)
      if ! has --messages && [ -d sample-data/messages ]; then
        args+=(--messages sample-data/messages)
      fi
    fi
    has --output || args+=(--output out)
  fi
  args=(run "${args[@]}")
fi

# The JDK: JAVA_HOME's when set, else the java on the PATH (jobs/lib.sh).
java_bin=$chatlake_java
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v "$java_bin")")")")
# a JDK without a release file is taken for 17 (the class-data sharing archive, which any JDK can refuse)
java_major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null || true)
java_major=${java_major:-17}

# Spark on Java 17 needs these module openings (Spark's own launcher adds the same).
jvm_flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
if [ "$java_major" -ge 25 ]; then
  # Spark, Hadoop and Netty call sun.misc.Unsafe and load native code: allowed without a warning
  # on stderr for each (the options do not exist before JDK 23); JDK 25 has no sun.security.action
  # to open.
  jvm_flags="${jvm_flags/--add-opens=java.base\/sun.security.action=ALL-UNNAMED/} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
# shellcheck disable=SC2206
java_cmd=("$java_bin" ${JAVA_OPTS:--Xmx4g -Xms4g} $jvm_flags
  -Dlog4j2.configurationFile="$root/jobs/log4j2.properties"
  -cp "$jar:$(cat "$classpath")" org.chatlake.cli.Chatlake "${args[@]}")

# The class archive. On JDK 17 to 24, class-data sharing (dynamic AppCDS): the classes a job run
# loads from the jars (Spark, Delta, Hadoop, ours: about 17,000 of them can be archived) are parsed
# and verified once into target/chatlake.jsa and mapped by later JVMs. On JDK 25 and later, an AOT
# cache (JEP 483, 514, 515) in target/chatlake.aot: the same classes loaded and linked, plus the
# method profiles of the run that wrote it, so that later runs compile their hot code sooner (a
# daily run into 1M chats and a sample-data run took 10-25% less wall time, bench/RESULTS.md).
# The first job run without a current archive writes it as it ends (it is kept only when that run
# succeeds and a JVM that must use it starts with it); later runs of any command map it. The
# archive is made again when the jar, the class path or the JDK is newer than it. A JVM that cannot
# use an archive (another class path, JDK or GC setting, a file that is not an archive) runs
# without it: -Xshare:auto and -XX:AOTMode=auto, the defaults, fall back silently. A truncated
# archive crashes the JVM (SIGBUS while mapping it), hence the stamp: the archive's size and time
# when it was checked, else not used.
if [ "$java_major" -ge 25 ]; then
  archive=target/chatlake.aot
  tmp=$archive.$$
  # JDK 25 warns about a few method adapters it generates again instead of taking them from the
  # cache: nothing a user can act on
  use_archive=(-XX:AOTCache="$root/$archive" -Xlog:aot*=off -Xlog:cds*=off)
  # the run records what it loads and profiles; the cache is created from that record after it
  # succeeds. The VM reports both steps on its own output: to stderr, as stdout is the job's
  # result line.
  write_archive=(-XX:AOTMode=record -XX:AOTConfiguration="$root/$tmp.conf" -XX:+DisplayVMOutputToStderr
    -Xlog:aot*=off -Xlog:cds*=off)
  must_use_archive=(-XX:AOTCache="$root/$tmp" -XX:AOTMode=on -Xlog:aot*=off -Xlog:cds*=off)
else
  archive=target/chatlake.jsa
  tmp=$archive.$$
  # cds warnings (an archive the JVM cannot use) to stderr: stdout is the job's result line
  use_archive=(-XX:SharedArchiveFile="$root/$archive" -Xlog:cds*=off -Xlog:cds*=warning:stderr)
  # the dump lists every class it could not archive (old class versions, signed jars): to a log
  write_archive=(-XX:ArchiveClassesAtExit="$root/$tmp" -Xlog:cds*=off
    -Xlog:cds*=warning:file="$root/$archive.log"::filecount=0)
  must_use_archive=(-XX:SharedArchiveFile="$root/$tmp" -Xshare:on -Xlog:cds*=off)
fi
# the JVM's options without the job's command and arguments
jvm_part=("${java_cmd[@]:1:${#java_cmd[@]}-1-${#args[@]}}")
cds_current() {
  [ -f "$archive" ] && [ "$archive" -nt "$jar" ] && [ "$archive" -nt "$classpath" ] &&
    { [ ! -f "$java_home/lib/modules" ] || [ "$archive" -nt "$java_home/lib/modules" ]; } &&
    [ "$(cat "$archive.ok" 2>/dev/null)" = "$(stat -c '%s %Y' "$archive")" ]
}
if [ "${CHATLAKE_CDS:-1}" = 0 ]; then
  exec "${java_cmd[@]}"
elif cds_current; then
  exec "${java_cmd[0]}" "${use_archive[@]}" "${java_cmd[@]:1}"
elif [ "${args[0]}" != run ] || has --help || has -h || has --version || has -V; then
  exec "${java_cmd[@]}"  # only a job run loads the classes worth archiving
else
  # Written beside and renamed: a concurrent run never maps a half-written archive.
  "${java_cmd[0]}" "${write_archive[@]}" "${java_cmd[@]:1}" &
  pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
  rc=0
  wait "$pid" || rc=$?
  # a signal ends the first wait early; the JVM's own exit code comes from the next
  while kill -0 "$pid" 2>/dev/null; do rc=0; wait "$pid" || rc=$?; done
  if [ "$rc" = 0 ] && [ -s "$tmp.conf" ]; then
    # the AOT cache from the run's record (JDK 25); what it cannot cache (classes of signed jars,
    # Spark's generated classes) goes to the log
    echo "run-local: writing the AOT cache $archive" >&2
    "${java_cmd[0]}" -XX:AOTMode=create -XX:AOTConfiguration="$root/$tmp.conf" -XX:AOTCache="$root/$tmp" \
      "${jvm_part[@]}" --version >"$root/$archive.log" 2>&1 || rm -f "$tmp"
  fi
  rm -f "$tmp.conf"
  if [ "$rc" = 0 ] && [ -s "$tmp" ] &&
    "${java_cmd[0]}" "${must_use_archive[@]}" "${jvm_part[@]}" --version >/dev/null 2>&1; then
    mv -f "$tmp" "$archive"
    stat -c '%s %Y' "$archive" >"$archive.ok"
  else
    rm -f "$tmp"
  fi
  exit "$rc"
fi
