#!/usr/bin/env bash
# End-to-end test of the analyst notebook: notebooks/setup.sh, the job on sample-data/ into a
# temporary directory (with --config sample-data/service.yaml when that file exists, so the SLA
# charts have data), then the notebook headless on that output (notebooks/run.sh). Fails when
# any step fails, when a cell fails or writes an error, or when the HTML holds fewer than
# NB_MIN_CHARTS (default 10) chart images.
#   notebooks/test.sh [--keep]    # --keep: leave the job output and the report in the temp dir
# Environment: NB_TEST_DIR (work directory; default: a new one under $TMPDIR or /tmp),
#              NB_MIN_CHARTS, and what setup.sh, jobs/run-local.sh and run.sh read.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
keep=0
case "${1:-}" in
  --keep) keep=1 ;;
  "") ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
# 10 = every chart of the notebook on sample-data with messages and service.yaml (the SLA charts need --config).
min_charts=${NB_MIN_CHARTS:-10}

fail() { echo "test: FAIL: $*" >&2; exit 1; }
[ -d "$root/sample-data/chats" ] || fail "no sample-data/chats in $root"

if [ -n "${NB_TEST_DIR:-}" ]; then
  work=$NB_TEST_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/chat-metrics-test.XXXXXX")
fi
finish() {
  local rc=$?
  if [ "$rc" -eq 0 ] && [ "$keep" -eq 0 ] && [ -z "${NB_TEST_DIR:-}" ]; then
    rm -rf "$work"
  else
    echo "test: job output and report kept in $work" >&2
  fi
}
trap finish EXIT

t0=$(date +%s)
"$here/setup.sh" || fail "notebooks/setup.sh"
t1=$(date +%s)

job_args=(--input "$root/sample-data/chats" --output "$work/out")
[ -d "$root/sample-data/messages" ] && job_args+=(--messages "$root/sample-data/messages")
[ -f "$root/sample-data/service.yaml" ] && job_args+=(--config "$root/sample-data/service.yaml")
rm -rf "$work/out"
"$root/jobs/run-local.sh" "${job_args[@]}" >"$work/job.log" 2>&1 \
  || { tail -n 40 "$work/job.log" >&2; fail "the job on sample-data (log: $work/job.log)"; }
t2=$(date +%s)

"$here/run.sh" "$work/report" --data "$work/out" || fail "the notebook (notebooks/run.sh)"
t3=$(date +%s)

html=$work/report/chat-metrics.html
[ -s "$html" ] || fail "no $html"
charts=$(grep -o '<img [^>]*src="data:image/png;base64,' "$html" | wc -l)
# Error outputs (and anything a cell wrote to stderr) carry this MIME type in nbconvert's HTML.
errors=$(grep -c 'data-mime-type="application/vnd.jupyter.stderr"' "$html" || true)
[ "$errors" -eq 0 ] || fail "$errors error output(s) in $html"
[ "$charts" -ge "$min_charts" ] || fail "$charts chart image(s) in $html, expected at least $min_charts"

echo "test: OK: $charts charts, 0 errors; setup $((t1 - t0))s, job on sample-data $((t2 - t1))s, notebook $((t3 - t2))s" >&2
