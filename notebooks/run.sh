#!/usr/bin/env bash
# Executes notebooks/chat-metrics.ipynb headless and writes OUTPUT_DIR/chat-metrics.html (the charts
# inline) and OUTPUT_DIR/charts/*.png. Exits non-zero when any cell fails (the HTML then shows the
# cells up to the failing one and its error).
#   notebooks/run.sh OUTPUT_DIR [--data JOB_OUTPUT] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
#                    [--bucket day|week|month|auto] [--with-code]
# --data: the job's output root to read (default: $CHATLAKE_DATA, else out/ at the repo root, which
#         jobs/run-local.sh writes from sample-data/).
# --with-code: keep the Java cells in the HTML (by default it shows the text and the charts only).
# Run notebooks/setup.sh once before. Environment: NB_CELL_TIMEOUT (s, default 600).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[ $# -ge 1 ] || usage
case "$1" in -h|--help) usage ;; -*) echo "run: OUTPUT_DIR comes first" >&2; usage ;; esac
html_dir=$1; shift
data=${CHATLAKE_DATA:-$root/out}
with_code=0
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --from) export CHATLAKE_FROM=$2; shift 2 ;;
    --to) export CHATLAKE_TO=$2; shift 2 ;;
    --bucket) export CHATLAKE_BUCKET=$2; shift 2 ;;
    --with-code) with_code=1; shift ;;
    *) echo "run: unknown option $1" >&2; usage ;;
  esac
done

py=/usr/bin/python3   # Debian's interpreter, the one with Jupyter (python3 on PATH may be another)
kernel=chatlake-java
if ! "$py" -c "import nbconvert; from jupyter_client.kernelspec import KernelSpecManager as M; M().get_kernel_spec('$kernel')" 2>/dev/null; then
  echo "run: Jupyter or the $kernel kernel is missing: run notebooks/setup.sh first" >&2
  exit 1
fi
[ -d "$data" ] || { echo "run: no job output at $data (run jobs/run-local.sh first, or pass --data DIR)" >&2; exit 1; }

mkdir -p "$html_dir"
html_dir=$(cd "$html_dir" && pwd)
CHATLAKE_DATA=$(cd "$data" && pwd)
export CHATLAKE_DATA
export CHATLAKE_PNG_DIR=$html_dir/charts
rm -rf "$CHATLAKE_PNG_DIR"

start=$(date +%s)
"$py" - "$here/chat-metrics.ipynb" "$html_dir/chat-metrics.html" "$kernel" "$with_code" "${NB_CELL_TIMEOUT:-600}" <<'PY'
"""Executes the notebook like `jupyter nbconvert --execute --to html`, with the kernel's own logging
kept in a file, a kernel that does not start retried (setup.sh already fixes the start-up races
known in rapaio-jupyter-kernel 3.0.1; the retry covers anything else that hangs a start), cells
tagged report-hide left out of the report, and on a failing cell the HTML still written up to
that cell."""
import os, sys, tempfile
import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbconvert import HTMLExporter
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor

src, html_path, kernel, with_code, timeout = sys.argv[1:6]


class LoggedKernelManager(AsyncKernelManager):
    kernel_log = None

    async def start_kernel(self, **kw):
        if self.kernel_log is not None:  # keep the kernel's own logging out of the terminal
            kw.setdefault("stdout", self.kernel_log)
            kw.setdefault("stderr", self.kernel_log)
        return await super().start_kernel(**kw)


log = tempfile.NamedTemporaryFile("w+", prefix="chat-metrics-kernel-", suffix=".log", delete=False)
LoggedKernelManager.kernel_log = log
failed = None
for attempt in range(1, 4):
    nb = nbformat.read(src, as_version=4)
    ep = ExecutePreprocessor(kernel_name=kernel, timeout=int(timeout), startup_timeout=30,
                             kernel_manager_class=LoggedKernelManager)
    try:
        ep.preprocess(nb, {"metadata": {"path": os.path.dirname(src)}})
        failed = None
        break
    except CellExecutionError as e:
        failed = str(e)
        break
    except RuntimeError as e:  # "Kernel didn't respond in N seconds" / "Kernel died before replying"
        if "Kernel didn't respond" in str(e) or "Kernel died" in str(e):
            print(f"run: the kernel did not start (attempt {attempt}: {e})", file=sys.stderr)
            failed = str(e)
            continue
        raise
else:
    log.seek(0)
    sys.stderr.write(log.read()[-4000:])
    print(f"run: the kernel did not start in 3 attempts (kernel log: {log.name})", file=sys.stderr)
    sys.exit(1)

exporter = HTMLExporter()
if with_code != "1":
    nb.cells = [c for c in nb.cells if "report-hide" not in c.metadata.get("tags", [])]
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
body, _ = exporter.from_notebook_node(nb)
with open(html_path, "w", encoding="utf-8") as f:
    f.write(body)
if failed:
    print(failed, file=sys.stderr)
    print(f"run: a cell failed (above); {html_path} shows the notebook up to the failing cell", file=sys.stderr)
    os.unlink(log.name)
    sys.exit(1)
os.unlink(log.name)
PY
echo "run: wrote $html_dir/chat-metrics.html ($(find "$CHATLAKE_PNG_DIR" -name '*.png' 2>/dev/null | wc -l) charts, also as PNG in $CHATLAKE_PNG_DIR) from $CHATLAKE_DATA in $(( $(date +%s) - start ))s" >&2
