#!/usr/bin/env bash
# Fetches chats (and their messages) changed since the last fetch from the HelpCrunch API into a
# directory the job reads with --input DIR/chats --messages DIR/messages. A plain JVM, no Spark.
#
#   set -a; . /etc/chatlake/helpcrunch.env; set +a      # HELPCRUNCH_API_KEY=... (Settings > Developers > Public API)
#   jobs/fetch.sh --out /data/helpcrunch/exports/2026-11-28
#   jobs/fetch.sh --out exports/backfill --since 2026-01-01T00:00:00Z --rate-limit 100
#   jobs/fetch.sh --out /tmp/try --api-url http://127.0.0.1:8089/v1   # against jobs/fake-api.sh
#   jobs/fetch.sh --help
#
# The key is read from HELPCRUNCH_API_KEY only (never put it on a command line). The cursor lives
# in DIR/../.fetch-state.json (--state FILE) and advances only when a fetch is complete.
# Exit code: 0 complete; 1 failed (retry later: the cursor is unchanged); 2 usage, missing key, or
# the key was rejected (HTTP 401/403).
# Environment: JAVA_HOME (default the java on the PATH), JAVA_OPTS (default -Xmx1g), CHATLAKE_JAR
# and SPARK_HOME when deployed (else the jar is built here with Maven, MVN default mvn).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=jobs/lib.sh
. "$here/lib.sh"
cp=$(chatlake_classpath "$(dirname "$here")")
# shellcheck disable=SC2086
exec "$chatlake_java" ${JAVA_OPTS:--Xmx1g} -Dlog4j2.configurationFile="$here/log4j2.properties" \
  -cp "$cp" org.chatlake.cli.Chatlake fetch "$@"
