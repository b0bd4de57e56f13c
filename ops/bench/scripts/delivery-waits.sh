#!/usr/bin/env bash
# Where a delivery waits, sampled from the gateway's own meters over SECONDS (20) of a running benchmark:
#   MESSENGER_MANAGEMENT_PORT=8081 ... (the gateway's actuator on a port of its own, no token)
#   ops/bench/scripts/delivery-waits.sh [SECONDS] > waits.txt
# Prints, for the window, the mean and the largest wait of a live feed entry in the gateway between its receipt from
# Redis pub/sub and its client's stream taking it (messenger.feed.stream.delay), and the feed projection's lag in
# events at the window's start and end (messenger.projection.lag). compare-gateways.sh runs it in its measured window
# with PROFILE_CMD="ops/bench/scripts/delivery-waits.sh 20" (the gateway's pid, passed after, is not used).
set -euo pipefail
SECONDS_TO_SAMPLE=${1:-20}
PORT=${MESSENGER_MANAGEMENT_PORT:-8081}
scrape() { curl -sf "localhost:$PORT/actuator/prometheus"; }
FIRST=$(mktemp); LAST=$(mktemp)
trap 'rm -f "$FIRST" "$LAST"' EXIT
scrape > "$FIRST"
sleep "$SECONDS_TO_SAMPLE"
scrape > "$LAST"
python3 - "$SECONDS_TO_SAMPLE" "$FIRST" "$LAST" <<'PY'
import sys
def read(text, name, label=''):
    for line in text.splitlines():
        if line.startswith(name) and label in line:
            return float(line.split()[-1])
    return 0.0
first, last = open(sys.argv[2]).read(), open(sys.argv[3]).read()
window = float(sys.argv[1])
n = read(last, 'messenger_feed_stream_delay_seconds_count') - read(first, 'messenger_feed_stream_delay_seconds_count')
total = read(last, 'messenger_feed_stream_delay_seconds_sum') - read(first, 'messenger_feed_stream_delay_seconds_sum')
print(f"live entries taken by streams: {n:.0f} in {window:.0f} s ({n / window:.0f}/s)")
print(f"wait in the gateway, pub/sub receipt to stream: mean {1000 * total / max(n, 1):.1f} ms, "
      f"largest {1000 * read(last, 'messenger_feed_stream_delay_seconds_max'):.1f} ms (the meter's recent maximum)")
feed = 'projection="feed"'
print(f"feed projection lag: {read(first, 'messenger_projection_lag', feed):.0f} events at the start, "
      f"{read(last, 'messenger_projection_lag', feed):.0f} at the end")
PY
