#!/usr/bin/env bash
# Weekly housekeeping of an output, embedded local mode: OPTIMIZE (compacts the small files daily
# runs add), regenerates the symlink manifests, VACUUM (deletes files older than Delta's 7-day
# retention that no version needs). On a cluster: jobs/submit.sh ... -- maintain --output DIR.
#   jobs/maintain.sh --output /data/chatlake
#   jobs/maintain.sh --output /data/chatlake --no-vacuum
set -euo pipefail
exec "$(dirname "$0")/run-local.sh" maintain "$@"
