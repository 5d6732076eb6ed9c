#!/usr/bin/env bash
# A local emulator of the HelpCrunch REST API (the calls jobs/fetch.sh makes), serving generated
# chats and messages, so fetch -> run can be tried without an account:
#
#   jobs/fake-api.sh --chats 2000 &                      # http://127.0.0.1:8089/v1, any key
#   export HELPCRUNCH_API_KEY=anything                   # the emulator takes any key unless it has one set
#   jobs/fetch.sh --out /tmp/hc/day1 --api-url http://127.0.0.1:8089/v1 --rate-limit 6000
#   jobs/run-local.sh --input /tmp/hc/day1/chats --messages /tmp/hc/day1/messages --output /tmp/hc/out
#
# Faults: options (--rate-limit 120, --retry-after 2, --slow-ms 500, --messages-key,
# --refuse-updated-at, --fault serverErrors=3, ...) or at run time, e.g.
#   curl -X POST 'http://127.0.0.1:8089/_control/faults?tooMany=5&retryAfter=1'
#   curl -X POST 'http://127.0.0.1:8089/_control/touch?chat=1000005'   # the chat gets a message now
# (jobs/fake-api.sh --help lists them all). Environment: as jobs/fetch.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=jobs/lib.sh
. "$here/lib.sh"
cp=$(chatlake_classpath "$(dirname "$here")")
# shellcheck disable=SC2086
exec "$chatlake_java" ${JAVA_OPTS:--Xmx1g} -Dlog4j2.configurationFile="$here/log4j2.properties" \
  -cp "$cp" org.chatlake.cli.Chatlake fake-api "$@"
