#!/usr/bin/env bash
# Runs the job in embedded local mode (local[*]). Builds the job jar first when it is missing or
# older than the sources. With no options it reads sample-data/ and writes out/.
#   jobs/run-local.sh                                  # sample data -> out/
#   jobs/run-local.sh --input exports/ --output /data/chatlake --timezone Europe/Warsaw
#   jobs/run-local.sh restore --output out --before-run 20261126T092447Z-d005   # any chatlake command
# Environment: JAVA_OPTS (default -Xmx4g), MVN (default mvn).
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
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx4g} $jvm_flags \
  -Dlog4j2.configurationFile="$root/jobs/log4j2.properties" \
  -cp "$jar:$(cat "$classpath")" org.chatlake.cli.Chatlake "${args[@]}"
