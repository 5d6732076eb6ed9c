#!/usr/bin/env bash
# The daily pipeline, two steps: fetch the chats that changed since the last fetch from the
# HelpCrunch API into EXPORTS/DAY, then run the job on what was fetched.
#
#   set -a; . /etc/chatlake/helpcrunch.env; set +a     # HELPCRUNCH_API_KEY=..., readable by chatlake only
#   jobs/daily.sh --exports /data/helpcrunch/exports -- --output /data/chatlake --mode incremental \
#       --timezone Europe/Warsaw
#
# Step 1, fetch: jobs/fetch.sh --out EXPORTS/DAY $FETCH_OPTS. DAY is yesterday (UTC), or --day
#   YYYY-MM-DD. The cursor is EXPORTS/.fetch-state.json: each fetch gets what changed since the
#   previous complete one (minus an hour of overlap); the very first one fetches every chat.
# Step 2, run: the job on EXPORTS/DAY/chats (and EXPORTS/DAY/messages) with the options after
#   `--`, started by $CHATLAKE_RUN: jobs/run-local.sh by default; on a cluster, for example
#   CHATLAKE_RUN="/opt/chatlake/jobs/submit.sh --master yarn --num-executors 2 --".
# Running a day again is safe: the fetch adds files to the day's directory (never replaces them),
# and the job's dedup and incremental merge absorb what it reads twice.
#
# Exit code (README, "Fetching from the HelpCrunch API"):
#   0   both steps succeeded
#   11  the fetch failed (network, 5xx after 5 tries, 429 past --max-wait, HTTP 400, disk): the
#       job did not run and the cursor did not move; run the day again later
#   12  the fetch's usage error, HELPCRUNCH_API_KEY missing, or the key rejected (HTTP 401/403)
#   1, 2, 3  the job's own: failed, usage, too many rejects (README, "Exit codes")
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

exports=
day=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --exports) exports=${2:-}; shift 2 ;;
    --day) day=${2:-}; shift 2 ;;
    -h|--help) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "daily: unknown option $1 (options: --exports DIR [--day YYYY-MM-DD] -- job options)" >&2; exit 12 ;;
  esac
done
[ "${1:-}" = "--" ] && shift
if [ -z "$exports" ]; then
  echo "daily: --exports DIR is required" >&2
  exit 12
fi
day=${day:-$(date -u -d yesterday +%F)}
out=$exports/$day

echo "daily: $day: fetching into $out" >&2
# shellcheck disable=SC2086
"$here/fetch.sh" --out "$out" ${FETCH_OPTS:-}
rc=$?
if [ $rc -ne 0 ]; then
  echo "daily: $day: the fetch failed (exit $rc); the job did not run" >&2
  exit $((10 + rc))
fi

job=(--input "$out/chats")
if [ -d "$out/messages" ] && [ -n "$(ls -A "$out/messages")" ]; then
  job+=(--messages "$out/messages")
fi
echo "daily: $day: running the job on $out" >&2
# shellcheck disable=SC2086
${CHATLAKE_RUN:-$here/run-local.sh} "$@" "${job[@]}"
rc=$?
[ $rc -ne 0 ] && echo "daily: $day: the job failed (exit $rc)" >&2
exit $rc
