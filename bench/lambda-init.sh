#!/usr/bin/env bash
# Lambda init benchmark (docs/benchmarks.md, "Lambda init"): for each handler, a fresh JVM from JVM
# start to the first sample event handled, against a baseline JVM that only builds one RdsClient and
# makes one call. Real SDK clients, pointed at a moto server on loopback by AWS_ENDPOINT_URL; moto is
# seeded before every handler run so the sample event succeeds (bench/java/lambda/SeedMoto.java).
#
#   bench/lambda-init.sh                 # BENCH_RUNS=5 measured runs after one warm-up run
#   BENCH_RUNS=1 BENCH_HANDLERS="Plan Verify" bench/lambda-init.sh
#
# Environment:
#   BENCH_RUNS              measured runs (default 5), after one warm-up run that is not counted
#   BENCH_HANDLERS          handlers to measure (default: all 12)
#   BENCH_VARIANT_HANDLERS  handlers also measured with JDK-default flags and with AppCDS
#                           (default "CheckSnapshot Verify Publish"; "" for none)
#   BENCH_SKIP_BUILD=1      reuse functions/target (the shaded jar and the test classpath)
#   BENCH_OUT               results directory (default bench/target/lambda)
#
# Every run, per handler: baseline and handler alternate (which goes first flips each run), then
# the handler once more with the SnapStart priming hook run before its request. Writes
# $BENCH_OUT/results.tsv (one row per JVM) and $BENCH_OUT/report.md (the tables), and prints the report.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${BENCH_RUNS:-5}"
read -r -a handlers <<<"${BENCH_HANDLERS:-Plan Snapshot CheckSnapshot Copy CheckCopy Restore CheckRestore Credentials Verify Cleanup Publish Janitor}"
read -r -a variant_handlers <<<"${BENCH_VARIANT_HANDLERS-CheckSnapshot Verify Publish}"
out="${BENCH_OUT:-$root/bench/target/lambda}"
jar="$root/functions/target/restore-drill-functions.jar"
classpath_file="$root/functions/target/bench-classpath.txt"

# Lambda's Java 17 and 21 runtimes stop tiered compilation at C1 and use the serial collector by
# default (docs.aws.amazon.com/lambda/latest/dg/java-customization.html); the stack deploys Java 21.
lambda_flags=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

mkdir -p "$out"
work="$(mktemp -d "$out/work.XXXXXX")"
moto_pid=""
seeder_pid=""

cleanup() {
  local status=$?
  if [ -n "$seeder_pid" ] && kill -0 "$seeder_pid" 2>/dev/null; then
    echo quit >&"${SEED[1]}" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$seeder_pid" 2>/dev/null || break; sleep 0.2; done
    kill "$seeder_pid" 2>/dev/null || true
  fi
  if [ -n "$moto_pid" ]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

log() { echo "lambda-init: $*" >&2; }

# --- build ----------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ] || [ ! -f "$classpath_file" ]; then
  log "building the shaded jar and the functions test classpath (mvn package)"
  (cd "$root" && mvn -q -B -ntp -DskipTests -pl functions -am package dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test)
fi
classes="$out/classes"
rm -rf "$classes"
mkdir -p "$classes/harness" "$classes/seeder"
javac -nowarn -d "$classes/harness" -cp "$jar" "$root/bench/java/lambda/FirstRequest.java"
# CDS archives only classes from jars, so the harness is a jar too (for baseline and handlers alike).
harness="$out/harness.jar"
jar --create --file "$harness" -C "$classes/harness" .
seeder_cp="$classes/seeder:$root/functions/target/test-classes:$root/functions/target/classes:$(cat "$classpath_file")"
javac -nowarn -d "$classes/seeder" -cp "$seeder_cp" "$root/bench/java/lambda/SeedMoto.java"

# --- moto and the seeder --------------------------------------------------------------------------
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log" >&2; exit 1; }
  sleep 0.1
done

common_env=(PATH="$PATH" HOME="$HOME" AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=testing
  AWS_SECRET_ACCESS_KEY=testing AWS_REGION=eu-west-1 SOURCE_REGION=eu-central-1 RECOVERY_REGION=eu-west-1
  POWERTOOLS_SERVICE_NAME=restore-drill)

coproc SEED { cd "$root/functions" && exec env -i "${common_env[@]}" java -cp "$seeder_cp" SeedMoto "$work/seeder" 2>"$work/seeder.log"; }
seeder_pid=$SEED_PID
read -r ready <&"${SEED[0]}" || { cat "$work/seeder.log" >&2; exit 1; }
[[ "$ready" == ready* ]] || { log "seeder did not start: $ready"; cat "$work/seeder.log" >&2; exit 1; }

seed() { # task dir
  echo "seed $1 $2" >&"${SEED[1]}"
  local answer
  read -r answer <&"${SEED[0]}"
  [ "$answer" = ok ] || { log "seeding $1 failed: $answer (see $work/seeder.log)"; tail -40 "$work/seeder.log" >&2; exit 1; }
}

memory_of() { # the memory the CDK stack gives the task (infra Task.java)
  case "$1" in Verify) echo 2048 ;; *) echo 1024 ;; esac
}

results="$out/results.tsv"
printf 'run\tkind\thandler\ttarget\tflags\twall_ms\tcpu_ms\trss_kb\tinit_ms\tprime_ms\trequest_ms\toutcome\tagain_ms\tagain_outcome\n' >"$results"

# measure <run> <kind> <handler> <flags-name> <target class|baseline> [java options...] [--prime] [--again]
measure() {
  local run=$1 kind=$2 task=$3 flags_name=$4 target=$5
  shift 5
  local -a java_args=() tail_args=()
  while [ $# -gt 0 ]; do
    case "$1" in --prime | --again) tail_args+=("$1") ;; *) java_args+=("$1") ;; esac
    shift
  done
  local dir="$work/events/$task"
  local -a task_env=()
  # seeded before the baseline too, so both JVMs start right after the same seeding work
  mkdir -p "$dir"
  seed "$task" "$dir"
  [ "$target" = baseline ] || mapfile -t task_env <"$dir/env"
  local start end rc=0
  start=$(date +%s%N)
  env -i "${common_env[@]}" "${task_env[@]}" AWS_LAMBDA_FUNCTION_NAME="$task" \
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE="$(memory_of "$task")" \
      /usr/bin/time -f '%M %U %S' -o "$work/usage" \
      java "${java_args[@]}" -cp "$jar:$harness" FirstRequest "$target" "$dir/event.json" "$work/output.json" \
      "${tail_args[@]}" >"$work/stdout" 2>"$work/stderr" || rc=$?
  end=$(date +%s%N)
  local line
  line="$(grep '^BENCH ' "$work/stderr" | tail -1 || true)"
  if [ -z "$line" ]; then
    log "$task ($target, $flags_name) did not finish (exit $rc):"
    tail -20 "$work/stderr" >&2
    exit 1
  fi
  local init prime request outcome again="" again_outcome="" rss user sys
  init="$(sed -E 's/.* init_ms=([0-9.]+).*/\1/' <<<"$line")"
  prime="$(sed -E 's/.* prime_ms=([0-9.]+).*/\1/' <<<"$line")"
  request="$(sed -E 's/.* request_ms=([0-9.]+).*/\1/' <<<"$line")"
  outcome="$(sed -E 's/.* outcome=([^ ]*).*/\1/' <<<"$line")"
  if [[ "$line" == *again_ms=* ]]; then
    again="$(sed -E 's/.* again_ms=([0-9.]+).*/\1/' <<<"$line")"
    again_outcome="$(sed -E 's/.* again_outcome=([^ ]*).*/\1/' <<<"$line")"
  fi
  read -r rss user sys < <(tail -1 "$work/usage")
  if [ "$run" != warmup ] && [ "$outcome" != ok ]; then
    log "$task ($target) answered $outcome; its output:"
    tail -5 "$work/stdout" >&2
  fi
  local target_name=handler
  [ "$target" = baseline ] && target_name=baseline
  printf '%s\t%s\t%s\t%s\t%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$kind" "$task" "$target_name" \
    "$flags_name" $(((end - start) / 1000000)) "$(awk -v u="$user" -v s="$sys" 'BEGIN { print (u + s) * 1000 }')" "$rss" "$init" "$prime" \
    "$request" "$outcome" "$again" "$again_outcome" >>"$results"
}

class_of() { echo "io.restoredrill.aws.handler.$1Handler"; }

is_variant() {
  local h
  for h in "${variant_handlers[@]}"; do [ "$h" = "$1" ] && return 0; done
  return 1
}

cds="$work/cds"
mkdir -p "$cds"

load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
for run in warmup $(seq 1 "$runs"); do
  log "run $run of $runs ($(($(date +%s) - started)) s so far, load $(cut -d' ' -f1 /proc/loadavg))"
  for task in "${handlers[@]}"; do
    handler="$(class_of "$task")"
    order=(baseline "$handler")
    if [ "$run" != warmup ] && [ $((run % 2)) = 0 ]; then order=("$handler" baseline); fi
    for target in "${order[@]}"; do
      measure "$run" main "$task" lambda "$target" "${lambda_flags[@]}"
    done
    measure "$run" primed "$task" lambda "$handler" "${lambda_flags[@]}" --prime --again
    if is_variant "$task"; then
      for target in "${order[@]}"; do
        name=$([ "$target" = baseline ] && echo "baseline-$task" || echo "$task")
        if [ "$run" = warmup ]; then
          # the warm-up run is AppCDS's training run: the classes this JVM loaded go into its archive
          measure "$run" cds "$task" lambda+appcds "$target" "${lambda_flags[@]}" -XX:ArchiveClassesAtExit="$cds/$name.jsa"
        else
          measure "$run" cds "$task" lambda+appcds "$target" "${lambda_flags[@]}" -XX:SharedArchiveFile="$cds/$name.jsa"
        fi
        measure "$run" jdk "$task" jdk-default "$target"
      done
    fi
  done
done
elapsed=$(($(date +%s) - started))

cds_sizes=""
for f in "$cds"/*.jsa; do
  [ -f "$f" ] && cds_sizes+="$(basename "$f" .jsa)=$(stat -c %s "$f") "
done

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load average at start $load_at_start"
python3 "$root/bench/lambda-init-report.py" "$results" \
  --machine "$machine" --jar-bytes "$(stat -c %s "$jar")" --cds "$cds_sizes" --elapsed "$elapsed" \
  --handlers "${handlers[*]}" --variants "${variant_handlers[*]}" >"$out/report.md"
cat "$out/report.md"
