#!/usr/bin/env bash
# Verification throughput: the drill's zero-config verification (VerificationRunner, default suite,
# as `drill local` runs it on the restored copy) against the same work done the plain way, one
# statement after another on one psql connection. Also the floor (count(*) of every table), rows/s,
# and the verifier JVM's peak RSS at two database sizes.
#
#   bench/verification.sh                      full size (2 M rows; memory at 8 M)
#   BENCH_VERIFY_ROWS=50000 BENCH_MEMORY_ROWS=200000 BENCH_RUNS=2 bench/verification.sh   smoke run
#
# Environment: BENCH_VERIFY_ROWS (2000000), BENCH_MEMORY_ROWS (8000000; 0 skips the memory run),
# BENCH_MEMORY_RUNS (2, after one warm-up), BENCH_RUNS (5), BENCH_WARMUP (1), BENCH_PG_BIN,
# BENCH_TMPDIR (/tmp), BENCH_VERBOSE=1 (per-check durations of the candidate on stderr).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS=${BENCH_VERIFY_ROWS:-2000000}
MEMORY_ROWS=${BENCH_MEMORY_ROWS:-8000000}
MEMORY_RUNS=${BENCH_MEMORY_RUNS:-2}
TARGET=0.8

bench_init
build_bench_classes
read -r PARALLELISM HEAPALLINDEXED < <(java -cp "$BENCH_CLASSES:$DRILL_JAR" VerifyBench --settings)

log "starting a throwaway cluster (the drill's own initdb settings)"
cluster_start verify "max_wal_size = '4GB'"

# load DB ROWS → creates database DB with ROWS rows; prints how long it took to stderr.
load() {
  local db=$1 rows=$2 t0; t0=$(now)
  log "generating $db: $rows rows over 5 tables, 12 B-tree indexes"
  psql_q postgres -c "CREATE DATABASE $db"
  psql_q "$db" -v rows="$rows" -f "$BENCH_DIR/sql/verify-data.sql" >/dev/null
  log "generated $db in $(elapsed "$t0" "$(now)") s ($(psql_q "$db" -c "SELECT pg_size_pretty(pg_database_size('$db'))"))"
}

# The baseline and the floor, written from the catalog with the verifier's own queries and order:
# user tables by name, then valid B-tree indexes by name.
write_scripts() {
  local db=$1 dir=$BENCH_TMP/$1
  mkdir -p "$dir"
  local settings="SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';
SET extra_float_digits = 3; SET bytea_output = 'hex'; SET lc_monetary = 'C'; SET default_transaction_read_only = on;"
  local tables="SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY n.nspname, c.relname"
  local indexes="SELECT ci.oid FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_am am ON am.oid = ci.relam
    JOIN pg_namespace n ON n.oid = ci.relnamespace WHERE am.amname = 'btree' AND ci.relkind = 'i' AND ci.relpersistence <> 't'
    AND i.indisvalid AND i.indisready AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY n.nspname, ci.relname"
  {
    echo "$settings"
    psql_q "$db" -c "$tables" | sed 's/.*/SELECT count(*), sum(hashtextextended(t::text, 0)) FROM ONLY & AS t;/'
    psql_q "$db" -c "$indexes" | sed "s/.*/SELECT bt_index_check(index => &::regclass, heapallindexed => $HEAPALLINDEXED);/"
  } > "$dir/baseline.sql"
  {
    # Reading every row is the floor: no index-only scans of the (all-visible) tables.
    echo "$settings SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off;"
    psql_q "$db" -c "$tables" | sed 's/.*/SELECT count(*) FROM ONLY &;/'
  } > "$dir/floor.sql"
  TABLES=$(psql_q "$db" -c "$tables" | wc -l)
  INDEXES=$(psql_q "$db" -c "$indexes" | wc -l)
}

# CPU seconds (user + system) of the server's exited backends and parallel workers, as the
# postmaster has reaped them: the database work a side caused, whatever else loads the machine.
server_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($16 + $17) / hz }' "/proc/$(head -1 "$BENCH_TMP/verify/postmaster.pid")/stat"
}

# Waits until no client backend is left, so that its CPU time has been counted.
backends_gone() {
  local i
  for ((i = 0; i < 50; i++)); do
    [ "$(psql_q postgres -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type IN ('client backend', 'parallel worker') AND pid <> pg_backend_pid()")" = 0 ] && return
    sleep 0.1
  done
}

# Each side leaves its seconds and its server CPU; the candidate also its in-process seconds,
# its own CPU and its peak RSS.
run_candidate() {
  local db=$1 t0 t1 out c0
  c0=$(server_cpu)
  t0=$(now)
  out=$(/usr/bin/time -f '%e %U %S %M' -o "$BENCH_TMP/time.txt" \
      java -cp "$BENCH_CLASSES:$DRILL_JAR" VerifyBench "jdbc:postgresql://127.0.0.1:$PGPORT/$db" drill) \
      || die "the candidate verification failed"
  t1=$(now)
  backends_gone
  CAND_SERVER_CPU=$(awk -v a="$c0" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }')
  read -r CAND_INNER CAND_ROWS CAND_CHECKS _ <<<"$out"
  read -r _ user sys CAND_RSS < <(tail -1 "$BENCH_TMP/time.txt")
  CAND_JVM_CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  CAND_WALL=$(elapsed "$t0" "$t1")
}

run_psql() {
  local db=$1 script=$2 t0 c0
  c0=$(server_cpu)
  t0=$(now)
  psql_q "$db" -f "$script" >/dev/null || die "psql $script failed"
  PSQL_SECONDS=$(elapsed "$t0" "$(now)")
  backends_gone
  PSQL_SERVER_CPU=$(awk -v a="$c0" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }')
}

# measure DB WARMUP RUNS → arrays of per-run values; the order alternates run by run.
measure() {
  local db=$1 warmup=$2 runs=$3 i
  C_IN=(); C_WALL=(); C_RSS=(); C_SCPU=(); C_JCPU=(); B=(); B_SCPU=(); F=()
  for ((i = 1 - warmup; i <= runs; i++)); do
    local order=(candidate baseline floor)
    ((i % 2 == 0)) && order=(floor baseline candidate)
    local b f b_cpu
    for side in "${order[@]}"; do
      case $side in
        candidate) run_candidate "$db" ;;
        baseline) run_psql "$db" "$BENCH_TMP/$db/baseline.sql"; b=$PSQL_SECONDS; b_cpu=$PSQL_SERVER_CPU ;;
        floor) run_psql "$db" "$BENCH_TMP/$db/floor.sql"; f=$PSQL_SECONDS ;;
      esac
    done
    if ((i < 1)); then
      log "warm-up: candidate $CAND_INNER s (process $CAND_WALL s), baseline $b s, floor $f s"
      continue
    fi
    log "run $i/$runs (${order[*]}): candidate $CAND_INNER s (process $CAND_WALL s), baseline $b s, floor $f s, RSS $(mib "$CAND_RSS") MiB"
    C_IN+=("$CAND_INNER"); C_WALL+=("$CAND_WALL"); C_RSS+=("$CAND_RSS"); B+=("$b"); F+=("$f")
    C_SCPU+=("$CAND_SERVER_CPU"); C_JCPU+=("$CAND_JVM_CPU"); B_SCPU+=("$b_cpu")
  done
}

load bench "$ROWS"
write_scripts bench
log "$TABLES tables, $INDEXES B-tree indexes; verifier parallelism $PARALLELISM, heapallindexed $HEAPALLINDEXED"
measure bench "$BENCH_WARMUP" "$BENCH_RUNS"
ROWS_COUNTED=$CAND_ROWS
SIZE=$(psql_q bench -c "SELECT pg_size_pretty(pg_database_size('bench'))")

R_CB=(); R_CWB=(); R_CF=(); R_BF=(); TPUT=(); RSS_MIB=()
for ((i = 0; i < BENCH_RUNS; i++)); do
  R_CB+=("$(ratio "${C_IN[i]}" "${B[i]}")")
  R_CWB+=("$(ratio "${C_WALL[i]}" "${B[i]}")")
  R_CF+=("$(ratio "${C_IN[i]}" "${F[i]}")")
  R_BF+=("$(ratio "${B[i]}" "${F[i]}")")
  TPUT+=("$(awk -v r="$ROWS_COUNTED" -v s="${C_IN[i]}" 'BEGIN { printf "%.0f", r / s }')")
  RSS_MIB+=("$(mib "${C_RSS[i]}")")
done

if ((MEMORY_ROWS > 0)); then
  psql_q postgres -c "DROP DATABASE bench"
  load bench_large "$MEMORY_ROWS"
  write_scripts bench_large
  SMALL=("${C_IN[*]}" "${C_WALL[*]}" "${B[*]}" "${F[*]}" "${C_SCPU[*]}" "${C_JCPU[*]}" "${B_SCPU[*]}")
  measure bench_large 1 "$MEMORY_RUNS"
  LARGE_RSS_MIB=(); for k in "${C_RSS[@]}"; do LARGE_RSS_MIB+=("$(mib "$k")"); done
  LARGE_IN=("${C_IN[@]}"); LARGE_B=("${B[@]}"); LARGE_ROWS=$CAND_ROWS
  read -r -a C_IN <<<"${SMALL[0]}"; read -r -a C_WALL <<<"${SMALL[1]}"
  read -r -a B <<<"${SMALL[2]}"; read -r -a F <<<"${SMALL[3]}"
  read -r -a C_SCPU <<<"${SMALL[4]}"; read -r -a C_JCPU <<<"${SMALL[5]}"; read -r -a B_SCPU <<<"${SMALL[6]}"
fi

median_ratio=$(median "${R_CB[*]}")
verdict=$(awk -v m="$median_ratio" -v t="$TARGET" 'BEGIN { print (m <= t) ? "met" : "missed" }')

echo "## Verification throughput — results"
echo
machine_table
echo
echo "Database: $ROWS_COUNTED rows in $TABLES tables with $INDEXES B-tree indexes ($SIZE). Candidate: VerificationRunner, default suite"
echo "(parallelism $PARALLELISM, amcheck with heapallindexed $HEAPALLINDEXED), in-process time of run(). Baseline: the same statements"
echo "one after another in one psql session. Floor: \`SELECT count(*)\` of every table, one psql session."
echo
echo "| $ROWS_COUNTED rows | min | median | max |"
echo "|---|---|---|---|"
stat_row "Candidate: drill verification (s)" "${C_IN[*]}"
stat_row "Candidate incl. JVM start (s)" "${C_WALL[*]}"
stat_row "Baseline: psql, one connection (s)" "${B[*]}"
stat_row "Floor: count(*) of every table (s)" "${F[*]}"
stat_row "**Ratio candidate / baseline** (per run)" "${R_CB[*]}" "×"
stat_row "Ratio candidate incl. JVM start / baseline" "${R_CWB[*]}" "×"
stat_row "Ratio candidate / floor" "${R_CF[*]}" "×"
stat_row "Ratio baseline / floor" "${R_BF[*]}" "×"
stat_row "Server CPU, candidate (s)" "${C_SCPU[*]}" "" 2
stat_row "Server CPU, baseline (s)" "${B_SCPU[*]}" "" 2
stat_row "Verifier JVM CPU incl. its start (s)" "${C_JCPU[*]}" "" 2
stat_row "Candidate throughput (rows/s)" "${TPUT[*]}" "" 0
stat_row "Verifier JVM peak RSS (MiB)" "${RSS_MIB[*]}" "" 0
echo
echo "Target: candidate ≤ ${TARGET}× baseline — **$verdict** (median ratio ${median_ratio}×)."
if ((MEMORY_ROWS > 0)); then
  echo
  echo "Peak memory against table size (the larger database: 1 warm-up + $MEMORY_RUNS measured runs):"
  echo
  echo "| Rows | Verifier JVM peak RSS, min / median / max (MiB) | Candidate median (s) | Baseline median (s) |"
  echo "|---|---|---|---|"
  echo "| $ROWS_COUNTED | $(stats "${RSS_MIB[*]}" | awk '{ printf "%.0f / %.0f / %.0f", $1, $2, $3 }') | $(median "${C_IN[*]}") | $(median "${B[*]}") |"
  echo "| $LARGE_ROWS | $(stats "${LARGE_RSS_MIB[*]}" | awk '{ printf "%.0f / %.0f / %.0f", $1, $2, $3 }') | $(median "${LARGE_IN[*]}") | $(median "${LARGE_B[*]}") |"
fi
echo
echo "<details><summary>Per-run values (s)</summary>"
echo
echo "| Run | Candidate | Candidate incl. JVM | Baseline | Floor | Candidate / baseline | Server CPU candidate / baseline |"
echo "|---|---|---|---|---|---|---|"
for ((i = 0; i < BENCH_RUNS; i++)); do
  echo "| $((i + 1)) | ${C_IN[i]} | ${C_WALL[i]} | ${B[i]} | ${F[i]} | ${R_CB[i]} | ${C_SCPU[i]} / ${B_SCPU[i]} |"
done
echo
echo "</details>"
bench_footer
