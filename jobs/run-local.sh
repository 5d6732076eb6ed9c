#!/usr/bin/env bash
# Runs the job in embedded local mode (local[*]). Builds the job jar first when it is missing or
# older than the sources. With no options it reads sample-data/ and writes out/.
#   jobs/run-local.sh                                  # sample data -> out/
#   jobs/run-local.sh --input exports/ --output /data/chatlake --timezone Europe/Warsaw
#   jobs/run-local.sh restore --output out --before-run 20261126T092447Z-d005   # any chatlake command
# Environment: JAVA_OPTS (default -Xmx4g -Xms4g: a heap at full size from the start spares the
# collections of a growing one, 15% of a 1M-chat run), MVN (default mvn), CHATLAKE_CDS=0 to run without the
# class-data sharing archive (target/chatlake.jsa, see below).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

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

# Spark on Java 17 needs these module openings (Spark's own launcher adds the same).
jvm_flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
# shellcheck disable=SC2206
java_cmd=(java ${JAVA_OPTS:--Xmx4g -Xms4g} $jvm_flags
  -Dlog4j2.configurationFile="$root/jobs/log4j2.properties"
  -cp "$jar:$(cat "$classpath")" org.chatlake.cli.Chatlake "${args[@]}")

# Class-data sharing (dynamic AppCDS): the classes a job run loads from the jars (Spark, Delta,
# Hadoop, ours: about 17,000 of them can be archived) are parsed and verified once into
# target/chatlake.jsa and mapped by later JVMs.
# The first job run without a current archive writes it at exit (it is kept only when that run
# succeeds and a JVM with -Xshare:on maps it); later runs of any command map it. The archive is
# made again when the jar, the class path or the JDK is newer than it. A JVM that cannot use an
# archive (another class path, JDK or GC setting, a file that is not an archive) runs without it:
# -Xshare:auto, the default, falls back silently. A truncated archive crashes the JVM (SIGBUS while
# mapping it), hence the stamp: the archive's size and time when it was checked, else not used.
archive=target/chatlake.jsa
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
cds_current() {
  [ -f "$archive" ] && [ "$archive" -nt "$jar" ] && [ "$archive" -nt "$classpath" ] &&
    { [ ! -f "$java_home/lib/modules" ] || [ "$archive" -nt "$java_home/lib/modules" ]; } &&
    [ "$(cat "$archive.ok" 2>/dev/null)" = "$(stat -c '%s %Y' "$archive")" ]
}
if [ "${CHATLAKE_CDS:-1}" = 0 ]; then
  exec "${java_cmd[@]}"
elif cds_current; then
  # cds warnings (an archive the JVM cannot use) to stderr: stdout is the job's result line
  exec "${java_cmd[0]}" -XX:SharedArchiveFile="$root/$archive" -Xlog:cds*=off -Xlog:cds*=warning:stderr \
    "${java_cmd[@]:1}"
elif [ "${args[0]}" != run ] || has --help || has -h || has --version || has -V; then
  exec "${java_cmd[@]}"  # only a job run loads the classes worth archiving
else
  # Written beside and renamed: a concurrent run never maps a half-written archive. The dump
  # lists every class it could not archive (old class versions, signed jars): to a log, not stdout.
  tmp=$archive.$$
  "${java_cmd[0]}" -XX:ArchiveClassesAtExit="$root/$tmp" -Xlog:cds*=off \
    -Xlog:cds*=warning:file="$root/$archive.log"::filecount=0 "${java_cmd[@]:1}" &
  pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
  rc=0
  wait "$pid" || rc=$?
  # a signal ends the first wait early; the JVM's own exit code comes from the next
  while kill -0 "$pid" 2>/dev/null; do rc=0; wait "$pid" || rc=$?; done
  if [ "$rc" = 0 ] && [ -s "$tmp" ] &&
    "${java_cmd[0]}" -XX:SharedArchiveFile="$root/$tmp" -Xshare:on -Xlog:cds*=off \
      "${java_cmd[@]:1:${#java_cmd[@]}-1-${#args[@]}}" --version >/dev/null 2>&1; then
    mv -f "$tmp" "$archive"
    stat -c '%s %Y' "$archive" >"$archive.ok"
  else
    rm -f "$tmp"
  fi
  exit "$rc"
fi
