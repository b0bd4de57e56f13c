#!/usr/bin/env bash
# Compares gateway builds on the same engines, one after the other, in one sitting:
#   ops/messenger engines &                      # engines only, data in $MESSENGER_DATA_DIR
#   ops/bench/scripts/compare-gateways.sh NAME JAR [bench options...]
# Starts JAR against the running engines, warms it with seven minutes of pairs load (the JIT compiler takes six to
# seven minutes of load to settle on a 2-core machine: until then it is 13-22% of the gateway's CPU), then runs the measured benchmark (results in ops/results/NAME.*), and
# records the gateway's CPU per thread over 30 s of it (ops/results/NAME-threads.txt), then stops the gateway.
set -euo pipefail
NAME=$1; JAR=$2; shift 2
# the bench finds the gateway's process by "gateway.jar" in its command line: another name would leave it uncounted
case "$JAR" in *gateway.jar) ;; *) echo "name the jar *gateway.jar (the bench counts its CPU by that name): $JAR" >&2; exit 2 ;; esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
export MESSENGER_LIMIT_SENDS=100000000 MESSENGER_LIMIT_SEARCHES=100000000 MESSENGER_LIMIT_LOGINS_PER_ADDRESS=100000000 MESSENGER_LIMIT_REGISTRATIONS_PER_ADDRESS=100000000 \
  MESSENGER_LIMIT_LOGINS_PER_USERNAME=100000000
# GATEWAY_JAVA_OPTS: extra JVM options for the gateway (a profiler agent, flags to compare); its heap is the deployed one (768 MB)
java -Xmx768m ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" > "${TMPDIR:-/tmp}/$NAME-gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do
  sleep 2
  curl -sf localhost:8080/actuator/health/readiness > /dev/null && break
done
# WARMUP_SECONDS: how long the warm-up load runs (ops/bench/scripts/jit-over-time.sh measures how long it needs)
ops/messenger bench --scenario pairs --users 200 --duration "${WARMUP_SECONDS:-420}" --warmup 10 --read-seconds 0 --concurrency 64 \
  --name "warmup-$NAME" > /dev/null
rm -f "ops/results/warmup-$NAME".* "ops/results/warmup-$NAME"-*.svg
# the thread listing and the profile begin once the load runs (the sign-ups before it are bcrypt: in a window that
# starts at a fixed time they were up to a fifth of the profile), MEASURE_DELAY seconds (25) after it starts sending
BENCH_LOG="${TMPDIR:-/tmp}/$NAME-bench.log"
: > "$BENCH_LOG"
in_measured_window() { until grep -q "^sending for" "$BENCH_LOG"; do sleep 1; done; sleep "${MEASURE_DELAY:-25}"; }
( in_measured_window; python3 ops/bench/scripts/thread-cpu.py "$GATEWAY" 30 > "ops/results/$NAME-threads.txt" ) &
THREADS=$!
# PROFILE_CMD: run with the gateway's pid during the measured window (e.g. a jcmd JFR.start or a profiler's attach)
if [ -n "${PROFILE_CMD:-}" ]; then ( in_measured_window; $PROFILE_CMD "$GATEWAY" ) & fi
ops/messenger bench --name "$NAME" "$@" > "$BENCH_LOG"
wait $THREADS
grep -E "perSecond|p99Ms|cpu\." "ops/results/$NAME.md"
