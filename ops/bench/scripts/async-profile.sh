#!/usr/bin/env bash
# CPU profile of a running JVM with async-profiler (fetched from Maven Central on first use), as collapsed stacks:
#   ops/bench/scripts/async-profile.sh PID [SECONDS] [OUT]     default 30 s, OUT ops/results/profile-PID.collapsed
# Uses the itimer event (no perf_events needed) and loads the agent with jcmd, so the JVM needs no start option.
# Summarise with ops/bench/scripts/collapsed-top.py OUT.
set -euo pipefail
PID=$1; SECONDS_TO_PROFILE=${2:-30}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
OUT=$(realpath -m "${3:-$ROOT/ops/results/profile-$PID.collapsed}")
VERSION=4.1
DIR="$ROOT/ops/bench/target/async-profiler-$VERSION"
LIB="$DIR/linux-x64/libasyncProfiler.so"
if [ ! -f "$LIB" ]; then
  "$ROOT/mvnw" -q dependency:copy -Dartifact="tools.profiler:async-profiler:$VERSION:jar:linux-x64" -DoutputDirectory="$DIR"
  (cd "$DIR" && unzip -q -o "async-profiler-$VERSION-linux-x64.jar" 'linux-x64/*')
fi
# jcmd reads key=value as its own named argument: the agent's options go in quotes
jcmd "$PID" JVMTI.agent_load "$LIB" "\"start,event=itimer,interval=5ms,threads\"" > /dev/null
sleep "$SECONDS_TO_PROFILE"
jcmd "$PID" JVMTI.agent_load "$LIB" "\"stop,collapsed,threads,file=$OUT\"" > /dev/null
echo "$OUT"
