# Shell functions shared by the scripts in jobs/ (sourced, not run).

# split_at_dashes ARGS...: spark_args = the arguments before the first "--", job_args = those after
# it (all of them when there is no "--"). Sets the caller's arrays (declare them local to keep them so).
split_at_dashes() {
  spark_args=()
  job_args=("$@")
  local i
  for ((i = 0; i < $#; i++)); do
    if [ "${job_args[$i]}" = "--" ]; then
      spark_args=("${job_args[@]:0:$i}")
      job_args=("${job_args[@]:$((i + 1))}")
      return
    fi
  done
}

# The java to run: JAVA_HOME's when it is set (as Spark's own scripts do), else the one on the PATH.
chatlake_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# chatlake_classpath ROOT: prints the class path for a plain JVM command of the jar (fetch,
# fake-api). Deployed (CHATLAKE_JAR set): that jar plus $SPARK_HOME/jars/* for Jackson, SLF4J and
# Log4j (no Spark class is loaded). In a checkout: target/'s jar, built when missing or older than
# the sources, plus the Maven class path (as jobs/run-local.sh does).
chatlake_classpath() {
  local root=$1
  if [ -n "${CHATLAKE_JAR:-}" ]; then
    [ -f "$CHATLAKE_JAR" ] || { echo "CHATLAKE_JAR=$CHATLAKE_JAR does not exist" >&2; return 2; }
    if [ -n "${SPARK_HOME:-}" ]; then
      echo "$CHATLAKE_JAR:$SPARK_HOME/jars/*"
    else
      echo "$CHATLAKE_JAR"
    fi
    return
  fi
  local jar=$root/target/chatlake-0.1.0-SNAPSHOT.jar classpath=$root/target/runtime-classpath.txt mvn_cmd=${MVN:-mvn}
  if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "building $jar" >&2
    (cd "$root" && "$mvn_cmd" -q -DskipTests package >&2)
  fi
  if [ ! -f "$classpath" ] || [ "$root/pom.xml" -nt "$classpath" ]; then
    (cd "$root" && "$mvn_cmd" -q dependency:build-classpath -Dmdep.includeScope=compile \
      -Dmdep.outputFile="$classpath" >&2) && touch "$classpath"  # Maven keeps an unchanged file's time
  fi
  echo "$jar:$(cat "$classpath")"
}
