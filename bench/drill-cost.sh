#!/usr/bin/env bash
# Cost of a drill (docs/benchmarks.md, "Cost of a drill"): runs one real drill through the state
# machine (aws-local-stepfunctions executing statemachine/restore-drill.asl.json, the real handlers,
# moto, a TLS PostgreSQL standing in for the restored database; bench/java/cost/DrillCost.java) with
# as many polls as a 100 GB drill takes, counts state transitions, Lambda invocations and durations,
# AWS API calls and metrics, and prices one drill of a 100 GB db.t4g.medium PostgreSQL restore in
# us-east-1 (bench/drill-cost-report.py holds the prices, their sources and the formula).
#
#   bench/drill-cost.sh
#   BENCH_COPY_MIN=60 BENCH_DB_GB=500 bench/drill-cost.sh
#
# Environment:
#   BENCH_SNAPSHOT_MIN  minutes the new snapshot takes to become available (default 10)
#   BENCH_COPY_MIN      minutes the cross-region copy takes (default 30)
#   BENCH_RESTORE_MIN   minutes the restore takes (default 20)
#   BENCH_VERIFY_MIN    minutes Verify runs on the restored copy (default 10: the default Verify budget)
#   BENCH_DB_GB         the database's size in GB (default 100)
#   BENCH_SKIP_BUILD=1  reuse functions/target (the shaded jar and the test classpath)
#   BENCH_OUT           results directory (default bench/target/cost)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENCH_OUT:-$root/bench/target/cost}"
snapshot_min="${BENCH_SNAPSHOT_MIN:-10}"
copy_min="${BENCH_COPY_MIN:-30}"
restore_min="${BENCH_RESTORE_MIN:-20}"
verify_min="${BENCH_VERIFY_MIN:-10}"
db_gb="${BENCH_DB_GB:-100}"
classpath_file="$root/functions/target/bench-classpath.txt"
drill_pid=""

cleanup() {
  local status=$?
  if [ -n "$drill_pid" ] && kill -0 "$drill_pid" 2>/dev/null; then
    kill "$drill_pid" 2>/dev/null || true # its shutdown hook stops moto and the PostgreSQL stand-in
    wait "$drill_pid" 2>/dev/null || true
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

log() { echo "drill-cost: $*" >&2; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$classpath_file" ]; then
  log "building the functions module and its test classpath (mvn package)"
  (cd "$root" && mvn -q -B -ntp -DskipTests -pl functions -am package dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test)
fi
if [ ! -d "$root/.tools/node/node_modules/aws-local-stepfunctions" ]; then
  log "installing the workflow tier's Node tools (scripts/install-test-tools)"
  "$root/scripts/install-test-tools"
fi

mkdir -p "$out"
classes="$out/classes"
rm -rf "$classes"
mkdir -p "$classes"
cp_test="$root/functions/target/test-classes:$root/functions/target/classes:$(cat "$classpath_file")"
javac -nowarn -d "$classes" -cp "$cp_test" "$root"/bench/java/cost/*.java
# the SDK's global interceptor list: ApiCalls counts every call of every client
cp -r "$root/bench/java/cost/software" "$classes/"

log "one drill: snapshot ${snapshot_min} min, copy ${copy_min} min, restore ${restore_min} min, polled as the ASL's Waits say"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$root/functions" && exec java -cp "$classes:$cp_test" io.restoredrill.aws.workflow.DrillCost \
    "$snapshot_min" "$copy_min" "$restore_min" "$out/drill.json") >"$out/drill.log" 2>&1 &
drill_pid=$!
if ! wait "$drill_pid"; then
  drill_pid=""
  log "the drill run failed; the end of its output ($out/drill.log):"
  tail -30 "$out/drill.log" >&2
  exit 1
fi
drill_pid=""

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load average at start $load_at_start"
python3 "$root/bench/drill-cost-report.py" "$out/drill.json" --db-gb "$db_gb" --verify-min "$verify_min" \
  --machine "$machine" >"$out/report.md"
cat "$out/report.md"
