#!/usr/bin/env bash
# NovAI benchmark: builds the services and the benchmark, then measures a fake OpenAI upstream directly and
# through NovAI (gateway, inference and embedding as separate JVMs) on this machine, side by side, in one
# run (chat also through a second NovAI on the production path: PostgreSQL and Redis on 127.0.0.1, see below),
# embeddings through NovAI beside the same model called in process, thousands of held-open streams,
# tracing's cost, and a thousand slow readers (directly and through NovAI).
# Everything talks to 127.0.0.1 only; the run stops by itself (about 14 minutes, at most 20).
#
# The chat phase's production path needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust authentication;
# the benchmark creates and drops its own database, novai_bench) and Redis on 127.0.0.1:6379 (no password).
# Without them the production column says why it is missing and the rest runs.
#
#   bench/run.sh                        build, run, print the Markdown report and write bench/results/latest.md
#   bench/run.sh -Dbench.measure=PT20S  any -Dbench.* setting (see BenchSettings) is passed on
#   BENCH_PHASES=embeddings bench/run.sh   only some phases: chat, embeddings, streams, tracing, brownout, batch,
#                                          slow-readers (comma-separated), soak
#   BENCH_PHASES=soak bench/run.sh         the memory soak only: 30 min of mixed traffic, each service's RSS
#                                          slope after warm-up (not part of the default run)
#   BENCH_PHASES=warmup bench/run.sh       fresh NovAIs under load from their first second, per JVM variant
#                                          (default, AOT cache, C1 only): how soon each reaches its steady rate
#                                          (about 10 min; not part of the default run)
#
# Environment (all optional):
#   BENCH_PHASES           the phases to run (default all but soak: chat,embeddings,streams,tracing,brownout,batch,
#                          slow-readers)
#   BENCH_QUICK=1          seconds-long steps, 500 streams, 100 slow readers: checks the harness, numbers not
#                          worth quoting
#   BENCH_SKIP_BUILD=1     use the jars already built
#   BENCH_PROFILE=1        record each NovAI service with JFR (profile settings) into bench/target/profiles/
#                          (<NovAI>-<service>.jfr); read them with bench/profile/cpu_by_component.py
#   BENCH_SERVICE_OPTS     JVM options of the NovAI services (default in BenchSettings)
#   BENCH_GATEWAY_OPTS     more JVM options of the gateway only, e.g. its server.connection-options
#   BENCH_JAVA_OPTS        JVM options of the benchmark's own JVM (fake upstream + load generator)
#   BENCH_MAVEN_ARGS       extra Maven arguments, e.g. -o to build offline
#   JAVA_HOME              a JDK 21+ to use (else one is searched for, as ./novai does)
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
MIN_JAVA=21

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# --- JDK (the same search as ./novai) ---------------------------------------------------------------

java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

find_jdk() { # sets JAVA_HOME, JAVA and JAVA_MAJOR to a JDK >= MIN_JAVA (one with javac), or dies
  local candidates=() dir java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for dir in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null \
               | sort -V -r); do
    candidates+=("${dir%/}")
  done
  for dir in "${candidates[@]}"; do
    java="$dir/bin/java"
    [ -x "$java" ] && [ -x "$dir/bin/javac" ] || continue
    major="$(java_major "$java")"
    if [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA" ]; then
      export JAVA_HOME="$dir"
      JAVA="$java"
      JAVA_MAJOR="$major"
      return
    fi
  done
  die "no JDK $MIN_JAVA or newer found (looked at JAVA_HOME, javac on PATH, /usr/lib/jvm); set JAVA_HOME"
}

find_jdk

# --- build ------------------------------------------------------------------------------------------

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  printf 'bench: building the services and the benchmark (JDK %s at %s) ...\n' "$JAVA_MAJOR" "$JAVA_HOME" >&2
  if [ "$JAVA_MAJOR" -ge 24 ]; then
    # Maven's own Guice calls sun.misc.Unsafe; on JDK 24+ that prints warnings unless allowed.
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  # shellcheck disable=SC2086
  (cd "$ROOT" && ./mvnw -B -q -ntp -DskipTests -Pbench ${BENCH_MAVEN_ARGS:-} package)
fi
[ -f "$BENCH/target/novai-bench.jar" ] || die "bench/target/novai-bench.jar is missing; run without BENCH_SKIP_BUILD"

# --- limits -----------------------------------------------------------------------------------------

# The benchmark JVM holds two sockets per held-open stream (client and fake-upstream side), the gateway and
# inference one each; they inherit the limit: raise the soft limit of open files to the hard one.
hard_nofile="$(ulimit -Hn)"
if [ "$hard_nofile" = unlimited ]; then hard_nofile=1048576; fi
ulimit -n "$hard_nofile" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 16384 ]; then
  printf 'bench: warning: only %s open files allowed (ulimit -n); 5,000 streams need about 10,000 per process, plus margin\n' \
    "$(ulimit -n)" >&2
fi

# --- run --------------------------------------------------------------------------------------------

# shellcheck disable=SC2206
BENCH_JVM=(${BENCH_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UseParallelGC -Xss512k})
SETTINGS=(-Dbench.root="$ROOT")
[ "${BENCH_QUICK:-0}" = 1 ] && SETTINGS+=(-Dbench.quick=true)
[ -n "${BENCH_SERVICE_OPTS:-}" ] && SETTINGS+=(-Dbench.service-jvm-options="$BENCH_SERVICE_OPTS")
[ -n "${BENCH_GATEWAY_OPTS:-}" ] && SETTINGS+=(-Dbench.gateway-jvm-options="$BENCH_GATEWAY_OPTS")
[ -n "${BENCH_PHASES:-}" ] && SETTINGS+=(-Dbench.phases="$BENCH_PHASES")
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
  # a JFR recording per NovAI service JVM, for bench/profile/cpu_by_component.py
  PROFILES="$BENCH/target/profiles"
  rm -rf "$PROFILES"
  mkdir -p "$PROFILES"
  SETTINGS+=(-Dbench.profile-dir="$PROFILES")
fi

# The embeddings phase loads the local model in the benchmark's JVM too: onnxruntime unpacks its native
# library under java.io.tmpdir, DJL's tokenizer under DJL_CACHE_DIR (else ~/.djl.ai). Both go under
# bench/target, fresh for each run, rather than into a shared /tmp or the home directory.
NATIVE="$BENCH/target/native"
rm -rf "$NATIVE"
mkdir -p "$NATIVE/tmp" "$NATIVE/djl"
export DJL_CACHE_DIR="$NATIVE/djl"
SETTINGS+=(-Djava.io.tmpdir="$NATIVE/tmp")

# The benchmark stops itself (bench.max-run: 20 minutes, with the soak its length and more); timeout is the
# belt to those braces.
LIMIT=22m
case ",${BENCH_PHASES:-}," in *,soak,*) LIMIT=80m ;; esac
TIMEOUT=()
command -v timeout >/dev/null 2>&1 && TIMEOUT=(timeout --kill-after=30s "$LIMIT")
exec "${TIMEOUT[@]}" "$JAVA" "${BENCH_JVM[@]}" "${SETTINGS[@]}" "$@" -jar "$BENCH/target/novai-bench.jar"
