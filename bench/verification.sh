#!/usr/bin/env bash
# Verification throughput: the drill's zero-config verification (VerificationRunner, default suite,
# as `drill local` runs it on the restored copy) against the same verification hashing every row's
# text (contentHash: text, as it did before typed hashing) and against the text-hash statements done
# the plain way, one after another on one psql connection. Also the floor (count(*) of every table),
# rows/s, and the verifier JVM's peak RSS at two database sizes.
#
#   bench/verification.sh                      full size (2 M rows; memory at 8 M)
#   BENCH_VERIFY_ROWS=50000 BENCH_MEMORY_ROWS=200000 BENCH_RUNS=2 bench/verification.sh   smoke run
#
# Environment: BENCH_VERIFY_ROWS (2000000), BENCH_MEMORY_ROWS (8000000; 0 skips the memory run),
# BENCH_MEMORY_RUNS (2, after one warm-up), BENCH_RUNS (5), BENCH_WARMUP (1), BENCH_PG_BIN,
# BENCH_TMPDIR (/tmp), BENCH_VERBOSE=1 (per-check durations of the candidate on stderr).
# Experiments only (VerifyBench): BENCH_PG_OPTIONS (the verifier's session options, e.g.
# '-c max_parallel_workers_per_gather=0'), BENCH_RANGE_BLOCKS (the verifier's block-range size).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS=${BENCH_VERIFY_ROWS:-2000000}
MEMORY_ROWS=${BENCH_MEMORY_ROWS:-8000000}
MEMORY_RUNS=${BENCH_MEMORY_RUNS:-2}
TARGET=0.6          # candidate / psql baseline
SPEEDUP_TARGET=2    # candidate rows/s / text-hash candidate rows/s

bench_init
build_bench_classes
read -r PARALLELISM HEAPALLINDEXED < <(java -cp "$BENCH_JAR:$DRILL_JAR" VerifyBench --settings)

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
  { echo "SET max_parallel_workers_per_gather = 0;"; cat "$dir/baseline.sql"; } > "$dir/serial.sql"
  # The same work with the typed hash as the verifier takes it, one process: the record hash, a term of its own for
  # each 64-bit column, the float8. Products hashes text, as in the verifier (its text[] column: an array's typed
  # hash leaves out its shape).
  local seed=7046029254386353131 table terms
  {
    echo "SET max_parallel_workers_per_gather = 0;"
    while read -r line; do
      table=$(sed 's/.* FROM ONLY \(.*\) AS t;/\1/' <<<"$line")
      if [[ $line != *"SELECT count(*), sum(hashtextextended"* || $table == *products* ]]; then echo "$line"; continue; fi
      terms=$(psql_q "$db" -c "SELECT coalesce(string_agg(format(' # coalesce(hashfloat8extended(%s, $seed), 0)',
          CASE WHEN atttypid = 'int8'::regtype THEN format('t.%I::float8', attname)
               ELSE format('date_part(''epoch'', t.%I)', attname) END), '' ORDER BY attnum), '')
        FROM pg_attribute WHERE attrelid = '$table'::regclass AND attnum > 0 AND NOT attisdropped
         AND atttypid IN ('int8'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype, 'time'::regtype, 'interval'::regtype)")
      echo "SELECT count(*), sum(hashfloat8extended((hash_record_extended(t, $seed)$terms)::float8, 0)) FROM ONLY $table AS t;"
    done < "$dir/baseline.sql"
  } > "$dir/typed-serial.sql"
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
# run_candidate DB [typed|text]: the verifier with the suite's contentHash (typed unless told).
run_candidate() {
  local db=$1 hash=${2:-typed} t0 t1 out c0
  c0=$(server_cpu)
  t0=$(now)
  out=$(BENCH_CONTENT_HASH=$hash /usr/bin/time -f '%e %U %S %M' -o "$BENCH_TMP/time.txt" \
      java "${CDS[@]}" -cp "$BENCH_JAR:$DRILL_JAR" VerifyBench "jdbc:postgresql://127.0.0.1:$PGPORT/$db" drill) \
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

# measure DB WARMUP RUNS SIDE... → M[metric] holds the measured runs' values, space-separated.
# Odd runs take the sides in the order given, even runs in reverse: both see the same cache states.
declare -A M
measure() {
  local db=$1 warmup=$2 runs=$3 i side; shift 3
  local sides=("$@")
  M=()
  for ((i = 1 - warmup; i <= runs; i++)); do
    local order=("${sides[@]}")
    if ((i % 2 == 0)); then order=(); for side in "${sides[@]}"; do order=("$side" "${order[@]}"); done; fi
    declare -A run=()
    for side in "${order[@]}"; do
      case $side in
        candidate) run_candidate "$db"
          run[cand]=$CAND_INNER; run[cand_wall]=$CAND_WALL; run[cand_rss]=$(mib "$CAND_RSS")
          run[cand_scpu]=$CAND_SERVER_CPU; run[cand_jcpu]=$CAND_JVM_CPU ;;
        text) run_candidate "$db" text; run[text]=$CAND_INNER; run[text_scpu]=$CAND_SERVER_CPU ;;
        baseline) run_psql "$db" "$BENCH_TMP/$db/baseline.sql"; run[base]=$PSQL_SECONDS; run[base_scpu]=$PSQL_SERVER_CPU ;;
        serial) run_psql "$db" "$BENCH_TMP/$db/serial.sql"; run[serial]=$PSQL_SECONDS; run[serial_scpu]=$PSQL_SERVER_CPU ;;
        typed_serial) run_psql "$db" "$BENCH_TMP/$db/typed-serial.sql"; run[tserial]=$PSQL_SECONDS ;;
        floor) run_psql "$db" "$BENCH_TMP/$db/floor.sql"; run[floor]=$PSQL_SECONDS ;;
      esac
    done
    local summary="candidate ${run[cand]} s (process ${run[cand_wall]} s, RSS ${run[cand_rss]} MiB), baseline ${run[base]} s"
    [ -n "${run[text]:-}" ] && summary+=", text-hash candidate ${run[text]} s"
    [ -n "${run[serial]:-}" ] && summary+=", serial baseline ${run[serial]} s"
    [ -n "${run[floor]:-}" ] && summary+=", floor ${run[floor]} s"
    if ((i < 1)); then log "warm-up: $summary"; continue; fi
    log "run $i/$runs (${order[*]}): $summary"
    run[r_cb]=$(ratio "${run[cand]}" "${run[base]}")
    run[r_cwb]=$(ratio "${run[cand_wall]}" "${run[base]}")
    if [ -n "${run[serial]:-}" ]; then
      run[r_cs]=$(ratio "${run[cand]}" "${run[serial]}")
      # The serial baseline is the whole work on one CPU; split perfectly over every CPU, it bounds the candidate.
      run[r_best]=$(awk -v s="${run[serial]}" -v n="$(nproc)" -v b="${run[base]}" 'BEGIN { printf "%.3f", s / n / b }')
      # The candidate's own server work, split perfectly over every CPU, bounds it in the same way.
      run[r_cbest]=$(awk -v s="${run[cand_scpu]}" -v n="$(nproc)" -v b="${run[base]}" 'BEGIN { printf "%.3f", s / n / b }')
    fi
    if [ -n "${run[tserial]:-}" ]; then
      run[r_tserial]=$(ratio "${run[serial]}" "${run[tserial]}")
    fi
    if [ -n "${run[floor]:-}" ]; then
      run[r_cf]=$(ratio "${run[cand]}" "${run[floor]}"); run[r_bf]=$(ratio "${run[base]}" "${run[floor]}")
    fi
    run[tput]=$(awk -v r="$CAND_ROWS" -v s="${run[cand]}" 'BEGIN { printf "%.0f", r / s }')
    if [ -n "${run[text]:-}" ]; then
      run[r_ct]=$(ratio "${run[cand]}" "${run[text]}")
      # Rows/s of the candidate over the text-hash candidate's: the same rows, so the inverse time ratio.
      run[speedup]=$(ratio "${run[text]}" "${run[cand]}")
      run[text_tput]=$(awk -v r="$CAND_ROWS" -v s="${run[text]}" 'BEGIN { printf "%.0f", r / s }')
    fi
    local k
    for k in "${!run[@]}"; do M[$k]+="${run[$k]} "; done
  done
}

load bench "$ROWS"
write_scripts bench
# As ./drill does after its first drill: the JVM maps the classes a first (untimed) run recorded.
CDS=(-Xlog:cds=off -Xlog:cds+dynamic=off -XX:ArchiveClassesAtExit="$BENCH_TMP/verify.jsa")
run_candidate bench
CDS=(-Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile="$BENCH_TMP/verify.jsa")
log "$TABLES tables, $INDEXES B-tree indexes; verifier parallelism $PARALLELISM, heapallindexed $HEAPALLINDEXED"
measure bench "$BENCH_WARMUP" "$BENCH_RUNS" candidate text baseline serial typed_serial floor
ROWS_COUNTED=$CAND_ROWS
SIZE=$(psql_q bench -c "SELECT pg_size_pretty(pg_database_size('bench'))")
declare -A SMALL
for k in "${!M[@]}"; do SMALL[$k]=${M[$k]}; done

if ((MEMORY_ROWS > 0)); then
  psql_q postgres -c "DROP DATABASE bench"
  load bench_large "$MEMORY_ROWS"
  write_scripts bench_large
  LARGE_SIZE=$(psql_q bench_large -c "SELECT pg_size_pretty(pg_database_size('bench_large'))")
  measure bench_large 1 "$MEMORY_RUNS" candidate text baseline
  LARGE_ROWS=$CAND_ROWS
fi

median_ratio=$(median "${SMALL[r_cb]}")
verdict=$(awk -v m="$median_ratio" -v t="$TARGET" 'BEGIN { print (m <= t) ? "met" : "missed" }')
median_speedup=$(median "${SMALL[speedup]}")
speedup_verdict=$(awk -v m="$median_speedup" -v t="$SPEEDUP_TARGET" 'BEGIN { print (m >= t) ? "met" : "missed" }')
m3() { stats "$1" 0 | awk '{ printf "%s / %s / %s", $1, $2, $3 }'; }

echo "## Verification throughput — results"
echo
machine_table
echo
echo "Database: $ROWS_COUNTED rows in $TABLES tables with $INDEXES B-tree indexes ($SIZE). Candidate: VerificationRunner, default suite"
echo "(parallelism $PARALLELISM, amcheck with heapallindexed $HEAPALLINDEXED, typed hash where the types allow), in-process time of run()."
echo "Text-hash candidate: the same with \`contentHash: text\` (every row hashed by its text form, as before typed hashing)."
echo "Baseline: the text-hash statements one after another in one psql session, server defaults (so PostgreSQL's parallel"
echo "query may run a big scan on several cores). Serial baseline: the same with \`max_parallel_workers_per_gather = 0\`."
echo "Serial typed: the serial baseline's statements with the candidate's typed hash instead of the text hash."
echo "Floor: \`SELECT count(*)\` of every table by sequential scan, one psql session."
echo
echo "| $ROWS_COUNTED rows | min | median | max |"
echo "|---|---|---|---|"
stat_row "Candidate: drill verification (s)" "${SMALL[cand]}"
stat_row "Candidate incl. JVM start (s)" "${SMALL[cand_wall]}"
stat_row "Text-hash candidate: the same verification, contentHash text (s)" "${SMALL[text]}"
stat_row "Baseline: psql, one connection (s)" "${SMALL[base]}"
stat_row "Serial baseline: psql, no parallel query (s)" "${SMALL[serial]}"
stat_row "Serial typed: the same statements with the typed hash, no parallel query (s)" "${SMALL[tserial]}"
stat_row "Floor: count(*) of every table (s)" "${SMALL[floor]}"
stat_row "**Ratio candidate / baseline** (per run)" "${SMALL[r_cb]}" "×"
stat_row "**Rows/s, candidate / text-hash candidate** (per run)" "${SMALL[speedup]}" "×"
stat_row "Ratio candidate / text-hash candidate (time)" "${SMALL[r_ct]}" "×"
stat_row "Ratio candidate incl. JVM start / baseline" "${SMALL[r_cwb]}" "×"
stat_row "Ratio candidate / serial baseline" "${SMALL[r_cs]}" "×"
stat_row "Best possible ratio: serial baseline / $(nproc) CPUs / baseline" "${SMALL[r_best]}" "×"
stat_row "Best possible candidate ratio: candidate's server CPU / $(nproc) CPUs / baseline" "${SMALL[r_cbest]}" "×"
stat_row "Rows/s, serial typed / serial baseline (the same statements, one process)" "${SMALL[r_tserial]}" "×"
stat_row "Ratio candidate / floor" "${SMALL[r_cf]}" "×"
stat_row "Ratio baseline / floor" "${SMALL[r_bf]}" "×"
stat_row "Server CPU, candidate (s)" "${SMALL[cand_scpu]}" "" 2
stat_row "Server CPU, text-hash candidate (s)" "${SMALL[text_scpu]}" "" 2
stat_row "Server CPU, baseline (s)" "${SMALL[base_scpu]}" "" 2
stat_row "Server CPU, serial baseline (s)" "${SMALL[serial_scpu]}" "" 2
stat_row "Verifier JVM CPU incl. its start (s)" "${SMALL[cand_jcpu]}" "" 2
stat_row "Candidate throughput (rows/s)" "${SMALL[tput]}" "" 0
stat_row "Text-hash candidate throughput (rows/s)" "${SMALL[text_tput]}" "" 0
stat_row "Verifier JVM peak RSS (MiB)" "${SMALL[cand_rss]}" "" 0
echo
echo "Targets: candidate ≤ ${TARGET}× baseline — **$verdict** (median ratio ${median_ratio}×); candidate rows/s ≥ ${SPEEDUP_TARGET}×"
echo "the text-hash candidate's — **$speedup_verdict** (median ${median_speedup}×)."
if ((MEMORY_ROWS > 0)); then
  echo
  echo "Peak memory against table size (the larger database, $LARGE_SIZE: 1 warm-up + $MEMORY_RUNS measured runs, candidate,"
  echo "text-hash candidate and baseline only; ratios are medians of the per-run ratios):"
  echo
  echo "| Rows | Verifier JVM peak RSS, min / median / max (MiB) | Candidate median (s) | Text-hash candidate median (s) | Baseline median (s) | Candidate rows/s | Rows/s candidate / text | Candidate / baseline |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| $ROWS_COUNTED | $(m3 "${SMALL[cand_rss]}") | $(median "${SMALL[cand]}") | $(median "${SMALL[text]}") | $(median "${SMALL[base]}") | $(stats "${SMALL[tput]}" 0 | cut -d' ' -f2) | $(median "${SMALL[speedup]}")× | $(median "${SMALL[r_cb]}")× |"
  echo "| $LARGE_ROWS | $(m3 "${M[cand_rss]}") | $(median "${M[cand]}") | $(median "${M[text]}") | $(median "${M[base]}") | $(stats "${M[tput]}" 0 | cut -d' ' -f2) | $(median "${M[speedup]}")× | $(median "${M[r_cb]}")× |"
fi
echo
echo "<details><summary>Per-run values (s)</summary>"
echo
echo "| Run | Candidate | incl. JVM | Text-hash candidate | Baseline | Serial baseline | Floor | Candidate / baseline | Rows/s candidate / text | Server CPU candidate / text / baseline |"
echo "|---|---|---|---|---|---|---|---|---|---|"
read -r -a c <<<"${SMALL[cand]}"; read -r -a cw <<<"${SMALL[cand_wall]}"; read -r -a b <<<"${SMALL[base]}"
read -r -a tx <<<"${SMALL[text]}"; read -r -a sp <<<"${SMALL[speedup]}"; read -r -a ts <<<"${SMALL[text_scpu]}"
read -r -a sb <<<"${SMALL[serial]}"; read -r -a f <<<"${SMALL[floor]}"; read -r -a r <<<"${SMALL[r_cb]}"
read -r -a cs <<<"${SMALL[cand_scpu]}"; read -r -a bs <<<"${SMALL[base_scpu]}"
for ((i = 0; i < BENCH_RUNS; i++)); do
  echo "| $((i + 1)) | ${c[i]} | ${cw[i]} | ${tx[i]} | ${b[i]} | ${sb[i]} | ${f[i]} | ${r[i]} | ${sp[i]} | ${cs[i]} / ${ts[i]} / ${bs[i]} |"
done
echo
echo "</details>"
bench_footer
