#!/usr/bin/env bash
# Submits the job (the shaded jar) to a Spark cluster with spark-submit.
#
#   jobs/submit.sh [spark-submit options --] job options
#
#   # master, deploy mode and the rest from the cluster's own conf/spark-defaults.conf:
#   SPARK_HOME=/opt/spark jobs/submit.sh --input /data/helpcrunch/exports/2025-11-01 --output /data/chatlake
#   # YARN, client mode (the driver runs here, so the job's exit code is this script's):
#   jobs/submit.sh --master yarn --num-executors 4 --executor-cores 2 --executor-memory 4g -- \
#       --input hdfs:///helpcrunch/exports/2025-11-01 --output hdfs:///chatlake --mode incremental
#   # standalone:
#   jobs/submit.sh --master spark://spark-master:7077 --total-executor-cores 8 --executor-memory 4g -- \
#       --input s3a://bucket/exports/ --output s3a://bucket/chatlake --timezone Europe/Warsaw
#
# Everything before a `--` goes to spark-submit as it is (master, deploy mode, executor sizing,
# --conf, --files, --queue, ...); everything after it (or every argument, when there is no `--`) goes
# to the job (--input, --messages, --output, --timezone, --max-reject-ratio, --mode; --help lists them).
#
# The Spark settings the job needs are in jobs/spark-defaults.conf, passed with
# --extra-properties-file (new in Spark 4; Spark 4.2's spark-submit has it): layered over the
# cluster's spark-defaults.conf, below --conf. The job jar is built for Spark 4.2 / Scala 2.13.
# The driver logs with jobs/log4j2-cluster.properties: Spark at WARN, the job's progress at INFO.
#
# Exit code: spark-submit's. In client mode (the default) that is the job's own: 0 ok, 1 failure,
# 2 usage, 3 too many rejects. In cluster mode spark-submit only reports whether the driver failed.
#
# Environment: SPARK_HOME (else spark-submit on PATH), CHATLAKE_JAR (default
# target/chatlake-0.1.0-SNAPSHOT.jar, built with Maven when missing), MVN (mvn).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

if [ -n "${SPARK_HOME:-}" ]; then
  spark_submit=$SPARK_HOME/bin/spark-submit
  [ -x "$spark_submit" ] || { echo "submit: $spark_submit not found (SPARK_HOME=$SPARK_HOME)" >&2; exit 2; }
elif command -v spark-submit >/dev/null; then
  spark_submit=$(command -v spark-submit)
else
  echo "submit: set SPARK_HOME or put spark-submit on PATH" >&2
  exit 2
fi

jar=${CHATLAKE_JAR:-$root/target/chatlake-0.1.0-SNAPSHOT.jar}
if [ ! -f "$jar" ]; then
  if [ -z "${CHATLAKE_JAR:-}" ] && [ -f "$root/pom.xml" ]; then
    echo "submit: building $jar" >&2
    (cd "$root" && "${MVN:-mvn}" -q -DskipTests package >&2)
  else
    echo "submit: job jar not found: $jar" >&2
    exit 2
  fi
fi

# shellcheck source=jobs/lib.sh
. "$here/lib.sh"
split_at_dashes "$@"

conf=$here/spark-defaults.conf
log_conf=$here/log4j2-cluster.properties

deploy_mode=client
for ((i = 0; i < ${#spark_args[@]}; i++)); do
  case "${spark_args[$i]}" in
    --deploy-mode) deploy_mode=${spark_args[$((i + 1))]:-client} ;;
    --deploy-mode=*) deploy_mode=${spark_args[$i]#--deploy-mode=} ;;
    spark.submit.deployMode=*) deploy_mode=${spark_args[$i]#spark.submit.deployMode=} ;;
  esac
done

log_args=()
if [ "$deploy_mode" = cluster ]; then
  # The driver runs on the cluster: ship the log configuration with the job (YARN puts --files in the
  # driver's working directory) and keep the Java options of spark-defaults.conf.
  driver_opts=$(sed -n 's/^spark\.driver\.extraJavaOptions[[:space:]=:]*//p' "$conf" | tail -n 1)
  log_args=(--conf "spark.driver.extraJavaOptions=$driver_opts -Dlog4j2.configurationFile=log4j2-cluster.properties")
  # spark-submit keeps only the last --files: add ours to the caller's list, if there is one.
  merged=false
  for ((i = 0; i < ${#spark_args[@]}; i++)); do
    if [ "${spark_args[$i]}" = --files ] && [ $((i + 1)) -lt ${#spark_args[@]} ]; then
      spark_args[i + 1]="${spark_args[$((i + 1))]},$log_conf"
      merged=true
    fi
  done
  $merged || log_args=(--files "$log_conf" "${log_args[@]}")
else
  # Client mode: spark-submit's own JVM is the driver; SPARK_SUBMIT_OPTS reaches it without
  # replacing spark.driver.extraJavaOptions.
  export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} -Dlog4j2.configurationFile=file:$log_conf"
fi

cmd=("$spark_submit"
  --class org.chatlake.cli.Chatlake --name chatlake
  --extra-properties-file "$conf"
  ${log_args[@]+"${log_args[@]}"}
  ${spark_args[@]+"${spark_args[@]}"}
  "$jar" ${job_args[@]+"${job_args[@]}"})
echo "submit: $(printf '%q ' "${cmd[@]}")" >&2
exec "${cmd[@]}"
