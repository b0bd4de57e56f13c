#!/usr/bin/env bash
# CPU per replayed event of the gateway and of each engine during rebuilds of a running local stack:
#   ops/bench/scripts/rebuild-cpu.sh NAME...      e.g. rebuild-cpu.sh history inbox
# Runs `ops/messenger bench-rebuild NAME` for each name in turn (the others paused, as bench-rebuild does) and prints,
# per projection, the events/s and the CPU milliseconds per event of the gateway, each engine's JVM and PostgreSQL's
# processes together (read from /proc; an engine's own processes are in its -jvm figure, except PostgreSQL's).
set -euo pipefail
cd "$(dirname "$0")/../../.."
hz=$(getconf CLK_TCK)
processes() { # pid and a short name for the gateway and every engine
  for pid in $(pgrep -f 'java .*-jar |ops.stack.engine.EngineMain' || true); do
    args=$(tr '\0' ' ' < /proc/$pid/cmdline)
    case "$args" in
      *EngineMain*) echo "$pid $(sed -E 's/.*EngineMain ([a-z]+).*/\1/' <<< "$args")-jvm" ;;
      *-jar*) echo "$pid gateway" ;;
    esac
  done
  for pid in $(pgrep -x postgres || true); do echo "$pid postgres"; done
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for name in "$@"; do
  declare -A before=()
  while read -r pid label; do before[$pid]=$(ticks "$pid"); done < <(processes)
  out=$(ops/messenger bench-rebuild "$name" 2>/dev/null)
  rate=$(grep -E "rebuild\.$name\.eventsPerSecond" <<< "$out" | awk -F'|' '{gsub(/ /,"",$3); print $3}')
  length=$(grep -E "logLength" <<< "$out" | awk -F'|' '{gsub(/ /,"",$3); print $3}')
  printf '%s: %s events/s over %s events; CPU ms per event:' "$name" "$rate" "$length"
  declare -A used=()
  while read -r pid label; do
    [ -n "${before[$pid]:-}" ] && [ -r "/proc/$pid/stat" ] || continue
    used[$label]=$(( ${used[$label]:-0} + $(ticks "$pid") - before[$pid] ))
  done < <(processes)
  for label in $(printf '%s\n' "${!used[@]}" | sort); do
    awk -v t="${used[$label]}" -v hz="$hz" -v n="$length" -v l="$label" 'BEGIN { printf " %s %.3f", l, t * 1000 / hz / n }'
  done
  echo
  unset used
  unset before
done
