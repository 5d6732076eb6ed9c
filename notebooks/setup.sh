#!/usr/bin/env bash
# One-time setup for the analyst notebook (notebooks/chat-metrics.ipynb). Idempotent: a second
# run only checks what is there and takes about a second.
#   1. Debian packages: Jupyter (python3-notebook, python3-nbconvert, python3-ipykernel) and a font
#      for the charts; apt-get runs only when one of them is missing.
#   2. Jars, resolved by Maven (dependency:copy, through ~/.m2 and the configured repositories;
#      nothing else is downloaded): the Java kernel io.github.padreati:rapaio-jupyter-kernel, XChart,
#      and DuckDB's JDBC driver (the version in pom.xml), copied into $CHATLAKE_NB_HOME/lib.
#   3. A one-class fix for the kernel's start-up races, compiled with the JDK's javac.
#   4. A user-level Jupyter kernelspec "chatlake-java": the kernel on this JVM, with XChart and
#      DuckDB on the notebook's classpath (RJK_CLASSPATH).
# Environment: CHATLAKE_NB_HOME (default ~/.local/share/chatlake-notebook), MVN (default mvn),
#              JAVA (default: java on PATH), NB_KERNEL_XMX (kernel heap, default 2g).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

KERNEL_VERSION=3.0.1
XCHART_VERSION=3.8.8
# Keep DuckDB in step with the project's tests.
DUCKDB_VERSION=$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' "$root/pom.xml" | head -n1)
DUCKDB_VERSION=${DUCKDB_VERSION:-2.0.0.1}
KERNEL_NAME=chatlake-java

nb_home=${CHATLAKE_NB_HOME:-$HOME/.local/share/chatlake-notebook}
lib=$nb_home/lib
mvn_cmd=${MVN:-mvn}
py=/usr/bin/python3   # Debian's interpreter: the one the Jupyter packages install into
log() { echo "setup: $*" >&2; }

# --- 1. Debian packages -------------------------------------------------------------------
# fontconfig and a font: XChart draws text with AWT, which needs at least one font.
pkgs=(python3-notebook python3-nbconvert python3-ipykernel fontconfig fonts-dejavu-core)
missing=()
for p in "${pkgs[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  log "Debian packages already installed"
fi
jupyter_data=$("$py" -c 'import nbconvert, nbclient, jupyter_client
from jupyter_core.paths import jupyter_data_dir
print(jupyter_data_dir())') || { log "$py cannot import nbconvert/nbclient/jupyter_client"; exit 1; }

# --- 2. Jars via Maven ----------------------------------------------------------------------
java_bin=${JAVA:-$(command -v java || true)}
[ -n "$java_bin" ] || { log "java not found on PATH (Java 17+ needed)"; exit 1; }
java_bin=$(readlink -f "$java_bin")
artifacts=(
  "io.github.padreati:rapaio-jupyter-kernel:$KERNEL_VERSION"
  "org.knowm.xchart:xchart:$XCHART_VERSION"
  "org.duckdb:duckdb_jdbc:$DUCKDB_VERSION"
)
mkdir -p "$lib"
for a in "${artifacts[@]}"; do
  IFS=: read -r _ art ver <<<"$a"
  if [ -s "$lib/$art-$ver.jar" ]; then
    continue
  fi
  log "resolving $a with Maven"
  # dependency:copy needs no project; it resolves through ~/.m2 and the configured repositories.
  mvn_log=$nb_home/maven.log
  if ! "$mvn_cmd" -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$a:jar" -DoutputDirectory="$lib" -Dmdep.overWriteReleases=false >"$mvn_log" 2>&1 \
     || [ ! -s "$lib/$art-$ver.jar" ]; then
    tail -n 30 "$mvn_log" >&2
    log "Maven could not resolve $a (full log: $mvn_log)"
    exit 1
  fi
done

# --- 3. A fix for two start-up races in rapaio-jupyter-kernel 3.0.1 ----------------------------
# Its LoopThread sets running=true only after Thread.start(), so a channel thread that gets the CPU
# first ends at once (the kernel then never answers: seen in about 1 start out of 4 on a busy machine),
# and a request that arrives before the handlers are registered throws and ends the shell thread.
# This class replaces it (first on the kernel's classpath): running from construction, and a failing
# iteration is logged instead of ending the channel. Same package, constructor and methods.
patch=$nb_home/patch
read -r -d '' loop_thread_src <<'JAVA' || true
package org.rapaio.jupyter.kernel.channels;

/** Channel polling loop; replaces the kernel's own class (see chatlake notebooks/setup.sh). */
public final class LoopThread extends Thread {
    private static final int MAX_CONSECUTIVE_FAILURES = 20;
    private volatile boolean running = true;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        int failures = 0;
        while (running) {
            try {
                loopBody.run();
                failures = 0;
            } catch (RuntimeException e) {
                System.err.println(getName() + ": iteration failed: " + e);
                if (++failures >= MAX_CONSECUTIVE_FAILURES) {
                    running = false;
                }
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    public void shutdown() {
        running = false;
    }
}
JAVA
src_file=$patch/src/org/rapaio/jupyter/kernel/channels/LoopThread.java
class_file=$patch/classes/org/rapaio/jupyter/kernel/channels/LoopThread.class
if [ ! -f "$class_file" ] || [ "$(cat "$src_file" 2>/dev/null)" != "$loop_thread_src" ]; then
  javac_bin=$(dirname "$java_bin")/javac
  [ -x "$javac_bin" ] || javac_bin=$(command -v javac || true)
  [ -n "$javac_bin" ] || { log "javac not found (a JDK 17 is needed, as for the job's build)"; exit 1; }
  mkdir -p "$(dirname "$src_file")" "$patch/classes"
  printf '%s\n' "$loop_thread_src" >"$src_file"
  "$javac_bin" --release 17 -nowarn -d "$patch/classes" "$src_file"
  log "compiled the kernel start-up fix ($class_file)"
fi

# --- 4. Kernelspec ----------------------------------------------------------------------------
spec_src=$nb_home/kernelspec
mkdir -p "$spec_src"
cat >"$spec_src/kernel.json.new" <<JSON
{
  "argv": [
    "$java_bin",
    "-Xmx${NB_KERNEL_XMX:-2g}",
    "-Djava.awt.headless=true",
    "-cp",
    "$patch/classes:$lib/rapaio-jupyter-kernel-$KERNEL_VERSION.jar",
    "org.rapaio.jupyter.kernel.MainApp",
    "{connection_file}"
  ],
  "display_name": "Java 17 (chatlake notebook)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "RJK_CLASSPATH": "$lib/xchart-$XCHART_VERSION.jar;$lib/duckdb_jdbc-$DUCKDB_VERSION.jar",
    "RJK_TIMEOUT_MILLIS": "-1"
  }
}
JSON
installed_dir=$jupyter_data/kernels/$KERNEL_NAME
if cmp -s "$spec_src/kernel.json.new" "$installed_dir/kernel.json"; then
  rm -f "$spec_src/kernel.json.new"
  log "kernelspec $KERNEL_NAME already installed ($installed_dir)"
else
  mv "$spec_src/kernel.json.new" "$spec_src/kernel.json"
  "$py" -W ignore::DeprecationWarning -m jupyter_client.kernelspecapp install "$spec_src" --user --name="$KERNEL_NAME" >&2
  log "kernelspec $KERNEL_NAME installed ($installed_dir)"
fi
log "ready: notebooks/run.sh OUTPUT_DIR executes notebooks/chat-metrics.ipynb headless"
