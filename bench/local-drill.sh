#!/usr/bin/env bash
# Local drill against the raw pipeline: `drill local --source-url` on a pgbench database against the
# bare commands a careful operator would script for the same drill (pg_dump -Fd -j2, copy to the
# recovery directory, initdb + start, pg_restore -j2, count(*) per table, stop + remove).
#
#   bench/local-drill.sh                                   full size (pgbench scale 20: 2 M accounts)
#   BENCH_PGBENCH_SCALE=1 BENCH_RUNS=2 bench/local-drill.sh   smoke run
#
# Environment: BENCH_PGBENCH_SCALE (20), BENCH_JOBS (2: pg_dump/pg_restore jobs on both sides),
# BENCH_RUNS (5), BENCH_WARMUP (1), BENCH_PG_BIN, BENCH_TMPDIR (/tmp).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCALE=${BENCH_PGBENCH_SCALE:-20}
JOBS=${BENCH_JOBS:-2}
TARGET=1.10

bench_init
build_drill_jar

log "starting the source cluster"
cluster_start source "max_wal_size = '4GB'"
SOURCE_PORT=$PGPORT
export BENCH_SOURCE_PASSWORD=$PGPASSWORD
psql_q postgres -c "CREATE DATABASE bench"
t0=$(now)
log "pgbench -i -s $SCALE"
"$PG_BIN/pgbench" -i -q -s "$SCALE" bench >/dev/null 2>&1 || die "pgbench -i failed"
log "generated in $(elapsed "$t0" "$(now)") s: $(psql_q bench -c "SELECT pg_size_pretty(pg_database_size('bench'))")"
psql_q bench -c "CHECKPOINT"
SOURCE_ROWS=$(psql_q bench -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
SIZE=$(psql_q bench -c "SELECT pg_size_pretty(pg_database_size('bench'))")

# The raw pipeline, one step at a time; leaves each step's seconds in RAW_STEP[...].
declare -A RAW_STEP
raw_run() {
  local w=$BENCH_TMP/raw t0 t
  mkdir -p "$w"; chmod 711 "$w"
  t0=$(now)
  PGPORT=$SOURCE_PORT PGPASSWORD=$BENCH_SOURCE_PASSWORD \
    "$PG_BIN/pg_dump" --format=directory --jobs="$JOBS" --file="$w/dump" --no-password bench || die "raw pg_dump failed"
  t=$(now); RAW_STEP[dump]=$(elapsed "$t0" "$t"); t0=$t

  # As the drill does by default: the dump moves to a recovery directory on the same file system.
  mkdir -p "$w/recovery"
  cp -r "$w/dump" "$w/recovery/bench" && rm -rf "$w/dump"
  t=$(now); RAW_STEP[copy]=$(elapsed "$t0" "$t"); t0=$t

  local data=$w/data port
  raw_cluster_start "$data"; port=$RAW_PORT
  t=$(now); RAW_STEP[initdb]=$(elapsed "$t0" "$t"); t0=$t

  PGPORT=$port "$PG_BIN/pg_restore" --dbname=postgres --create --jobs="$JOBS" --no-password --no-owner --no-privileges \
      "$w/recovery/bench" || die "raw pg_restore failed"
  t=$(now); RAW_STEP[restore]=$(elapsed "$t0" "$t"); t0=$t

  local tables
  tables=$(PGPORT=$port psql_q bench -c "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables ORDER BY 1")
  PGPORT=$port psql_q bench -c "$(sed 's/.*/SELECT count(*) FROM &;/' <<<"$tables")" >/dev/null || die "raw count failed"
  t=$(now); RAW_STEP[count]=$(elapsed "$t0" "$t"); t0=$t

  as_server "$PG_BIN/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null || die "raw stop failed"
  rm -rf "$w"
  t=$(now); RAW_STEP[cleanup]=$(elapsed "$t0" "$t")
}

# One drill; leaves its wall time and the report's phase durations in DRILL_STEP[...].
declare -A DRILL_STEP
drill_run() {
  local out=$BENCH_TMP/reports work=$BENCH_TMP/work t0 t1 report
  mkdir -p "$work"; chmod 711 "$work"
  t0=$(now)
  "$BENCH_ROOT/drill" local --source-url "jdbc:postgresql://127.0.0.1:$SOURCE_PORT/bench" \
      --user drill --password-env BENCH_SOURCE_PASSWORD --jobs "$JOBS" --out "$out" --work-dir "$work" \
      >"$BENCH_TMP/drill.out" 2>&1 || { cat "$BENCH_TMP/drill.out" >&2; die "the drill failed"; }
  t1=$(now)
  DRILL_STEP[total]=$(elapsed "$t0" "$t1")
  report=$(find "$out" -name '*.json' | head -1)
  local key value
  while read -r key value; do DRILL_STEP[$key]=$value; done < <(jq -r '
    def secs: (sub("\\.[0-9]+Z$"; "Z") | fromdate)
      + (if test("\\.[0-9]+Z$") then ("0" + capture("(?<f>\\.[0-9]+)Z$").f | tonumber) else 0 end);
    (.phases[] | "\(.phase | ascii_downcase) \(.durationSeconds)"),
    "inside \((.finishedAt | secs) - (.startedAt | secs))",
    "inventory \([.verification.checks[] | select(.kind == "tableInventory") | .durationSeconds] | add)",
    "amcheck \([.verification.checks[] | select(.kind == "amcheck") | .durationSeconds] | add)",
    "rows \([.verification.inventory.tables[] | select(.partitioned | not) | .rows] | add)"' "$report")
  rm -rf "$out" "$work"
}

STEPS_RAW=(dump copy initdb restore count cleanup)
PHASES=(plan snapshot copy restore verify cleanup)
declare -A RAW_ALL DRILL_ALL cpu
D_CPU=(); R_CPU=()
D=(); R=(); RATIOS=()
for ((i = 1 - BENCH_WARMUP; i <= BENCH_RUNS; i++)); do
  order=(drill raw)
  ((i % 2 == 0)) && order=(raw drill)
  for side in "${order[@]}"; do
    c0=$(children_cpu)
    if [ "$side" = drill ]; then drill_run; else raw_run; fi
    cpu[$side]=$(awk -v a="$c0" -v b="$(children_cpu)" 'BEGIN { printf "%.2f", b - a }')
  done
  raw_total=$(awk -v a="${RAW_STEP[dump]}" -v b="${RAW_STEP[copy]}" -v c="${RAW_STEP[initdb]}" -v d="${RAW_STEP[restore]}" \
      -v e="${RAW_STEP[count]}" -v f="${RAW_STEP[cleanup]}" 'BEGIN { printf "%.3f", a + b + c + d + e + f }')
  if ((i < 1)); then
    log "warm-up: drill ${DRILL_STEP[total]} s, raw $raw_total s"
    continue
  fi
  log "run $i/$BENCH_RUNS (${order[*]}): drill ${DRILL_STEP[total]} s, raw $raw_total s"
  D+=("${DRILL_STEP[total]}"); R+=("$raw_total"); RATIOS+=("$(ratio "${DRILL_STEP[total]}" "$raw_total")")
  D_CPU+=("${cpu[drill]}"); R_CPU+=("${cpu[raw]}")
  for s in "${STEPS_RAW[@]}"; do RAW_ALL[$s]+="${RAW_STEP[$s]} "; done
  for p in "${PHASES[@]}" inside inventory amcheck; do DRILL_ALL[$p]+="${DRILL_STEP[$p]} "; done
  DRILL_ALL[outside]+="$(awk -v t="${DRILL_STEP[total]}" -v i="${DRILL_STEP[inside]}" 'BEGIN { printf "%.3f", t - i }') "
done
ROWS=${DRILL_STEP[rows]}

# The JVM's own start, measured alone: the drill command printing its version.
JVM=()
for ((i = 0; i < 3; i++)); do
  t0=$(now); "$BENCH_ROOT/drill" --version >/dev/null; JVM+=("$(elapsed "$t0" "$(now)")")
done

median_ratio=$(median "${RATIOS[*]}")
verdict=$(awk -v m="$median_ratio" -v t="$TARGET" 'BEGIN { print (m <= t) ? "met" : "missed" }')
m() { median "${1}"; }

echo "## Local drill vs the raw pipeline — results"
echo
machine_table
echo
echo "Source: \`pgbench -i -s $SCALE\` ($SOURCE_ROWS rows, $SIZE), on a loopback cluster. Both sides use $JOBS jobs for"
echo "pg_dump and pg_restore and restore into a new cluster made with the same initdb options. Drill: the whole"
echo "\`./drill local --source-url … --jobs $JOBS\` command, zero-config verification ($ROWS rows)."
echo
echo "| | min | median | max |"
echo "|---|---|---|---|"
stat_row "drill local (s)" "${D[*]}"
stat_row "Raw pipeline (s)" "${R[*]}"
stat_row "**Ratio drill / raw** (per run)" "${RATIOS[*]}" "×"
stat_row "Client CPU, drill: JVM + pg_dump, pg_restore… (s)" "${D_CPU[*]}" "" 2
stat_row "Client CPU, raw: pg_dump, pg_restore, psql… (s)" "${R_CPU[*]}" "" 2
echo
echo "Target: drill ≤ ${TARGET}× raw — **$verdict** (median ratio ${median_ratio}×)."
echo
echo "Where the time goes (medians over the measured runs, seconds):"
echo
echo "| Raw step | Raw | Drill phase | Drill | Drill − raw |"
echo "|---|---|---|---|---|"
row() { # RAW_LABEL RAW_VALUES DRILL_LABEL DRILL_VALUES
  local r d
  r=$([ -n "$2" ] && m "$2" || echo 0); d=$([ -n "$4" ] && m "$4" || echo 0)
  printf '| %s | %s | %s | %s | %+.3f |\n' "$1" "$([ -n "$2" ] && echo "$r" || echo —)" "$3" \
      "$([ -n "$4" ] && echo "$d" || echo —)" "$(awk -v a="$d" -v b="$r" 'BEGIN { print a - b }')"
}
row "—" "" "JVM start, argument parsing, report + drill log (outside startedAt…finishedAt)" "${DRILL_ALL[outside]}"
row "—" "" "Plan (source version, drill-log check)" "${DRILL_ALL[plan]}"
row "pg_dump -Fd -j$JOBS" "${RAW_ALL[dump]}" "Snapshot (pg_dump + SHA-256 manifest)" "${DRILL_ALL[snapshot]}"
row "cp -r to the recovery directory" "${RAW_ALL[copy]}" "Copy (to the recovery directory)" "${DRILL_ALL[copy]}"
row "initdb + start, pg_restore -j$JOBS" \
    "$(paste -d' ' <(tr ' ' '\n' <<<"${RAW_ALL[initdb]}") <(tr ' ' '\n' <<<"${RAW_ALL[restore]}") | awk 'NF == 2 { printf "%.3f ", $1 + $2 }')" \
    "Restore (fetch + checksums, initdb + start, pg_restore)" "${DRILL_ALL[restore]}"
row "count(*) per table" "${RAW_ALL[count]}" "Verify (count + content hash, amcheck)" "${DRILL_ALL[verify]}"
row "stop + rm -rf" "${RAW_ALL[cleanup]}" "Cleanup" "${DRILL_ALL[cleanup]}"
echo
echo "Inside Verify (sums of check durations, run in parallel; medians): table inventories $(m "${DRILL_ALL[inventory]}") s,"
echo "amcheck $(m "${DRILL_ALL[amcheck]}") s. Raw steps alone (medians): initdb + start $(m "${RAW_ALL[initdb]}") s,"
echo "pg_restore $(m "${RAW_ALL[restore]}") s. JVM start alone (\`./drill --version\`, 3 runs): median $(m "${JVM[*]}") s."
echo
echo "<details><summary>Per-run values (s)</summary>"
echo
echo "| Run | Drill | Raw | Drill / raw | Client CPU drill / raw |"
echo "|---|---|---|---|---|"
for ((i = 0; i < BENCH_RUNS; i++)); do echo "| $((i + 1)) | ${D[i]} | ${R[i]} | ${RATIOS[i]} | ${D_CPU[i]} / ${R_CPU[i]} |"; done
echo
echo "</details>"
bench_footer
