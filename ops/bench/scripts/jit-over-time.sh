#!/usr/bin/env bash
# How long the gateway's JIT compiler takes to settle under load: fresh, empty engines, one gateway, eight minutes of the
# pairs load, and the gateway's CPU by thread for each minute (the five busiest threads):
#   ops/bench/scripts/jit-over-time.sh [JAR]        default gateway/target/gateway.jar; engines must not be running
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
JAR=${1:-gateway/target/gateway.jar}
TMP=${TMPDIR:-/tmp}
export MESSENGER_DATA_DIR=$TMP/messenger-jit-over-time
rm -rf "$MESSENGER_DATA_DIR"
export MESSENGER_LIMIT_SENDS=100000000 MESSENGER_LIMIT_SEARCHES=100000000 MESSENGER_LIMIT_LOGINS_PER_ADDRESS=100000000 \
  MESSENGER_LIMIT_REGISTRATIONS_PER_ADDRESS=100000000 MESSENGER_LIMIT_LOGINS_PER_USERNAME=100000000
ops/messenger engines > "$TMP/jit-over-time-engines.log" 2>&1 &
ENGINES=$!
GATEWAY=0
trap 'kill $GATEWAY $ENGINES 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do sleep 2; grep -q "Engines are up" "$TMP/jit-over-time-engines.log" && break; done
java -Xmx768m -jar "$JAR" > "$TMP/jit-over-time-gateway.log" 2>&1 &
GATEWAY=$!
for _ in $(seq 1 90); do sleep 2; curl -sf localhost:8080/actuator/health/readiness > /dev/null && break; done
ops/messenger bench --scenario pairs --users 200 --duration 480 --warmup 5 --read-seconds 0 --concurrency 64 \
  --name jit-over-time > /dev/null 2>&1 &
BENCH=$!
for minute in 1 2 3 4 5 6 7 8; do
  # sed, not head: head closing the pipe early would end the script (pipefail)
  python3 ops/bench/scripts/thread-cpu.py "$GATEWAY" 55 | sed -n 1,6p | sed "s/^/minute $minute /"
  sleep 5
done
wait $BENCH || true
grep -E "perSecond|cpu\.(gateway|server)" ops/results/jit-over-time.md
