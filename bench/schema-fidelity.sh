#!/usr/bin/env bash
# Schema fidelity and source catalog: what the schema inventory of the restored copy and the default comparisons
# with the source's catalog (schema, owners and privileges, row expectations) add to Verify, side by side with
# Verify without them, on a wide schema and on pgbench; and, at pgbench scale, what they add to a whole drill.
#
# Candidate pair (bench/java/VerifyBench.java, in-process time of VerificationRunner.run, as verification.sh):
#   without  BENCH_SCHEMA=without: the default suite with `schema: false`, no source catalog;
#   with     BENCH_SCHEMA=with: the source's catalog read first as a drill's Snapshot reads it (SourceCatalog.read
#            in a repeatable-read transaction + afterDump; not in Verify's time, its seconds reported apart), then
#            the default suite (schema on) with that catalog and ownershipRestored: every default comparison runs.
#            The database is compared with itself, so no check may fail.
# On pgbench, each run also runs one whole `./drill local --source-url …` (as bench/local-drill.sh does) and
# reports the added time (with − without + catalog read) as a fraction of it.
#
#   bench/schema-fidelity.sh                   full size: 1,500 tables / 7,500 indexes, and pgbench scale 20
#   BENCH_WIDE_TABLES=60 BENCH_PGBENCH_SCALE=1 BENCH_RUNS=2 bench/schema-fidelity.sh      smoke run (~2 min)
#
# Environment: BENCH_WIDE_TABLES (1500), BENCH_WIDE_SCHEMAS (5), BENCH_WIDE_ROWS (150 rows per table),
# BENCH_PGBENCH_SCALE (20; 0 skips pgbench), BENCH_WIDE_DRILL (1: one whole drill of the wide database at the
# end, for its phases; 0 skips it), BENCH_JOBS (2), BENCH_RUNS (5), BENCH_WARMUP (1), BENCH_PG_BIN,
# BENCH_TMPDIR (/tmp), BENCH_VERBOSE=1 (on stderr, for each candidate run: every check's duration; for `with`,
# also each query of the source catalog read and of SchemaReader.read with its seconds and rows, and the comparison
# with the source timed alone).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TABLES=${BENCH_WIDE_TABLES:-1500}
SCHEMAS=${BENCH_WIDE_SCHEMAS:-5}
WIDE_ROWS=${BENCH_WIDE_ROWS:-150}
SCALE=${BENCH_PGBENCH_SCALE:-20}
WIDE_DRILL=${BENCH_WIDE_DRILL:-1}
JOBS=${BENCH_JOBS:-2}
VERIFY_TARGET=1.05   # Verify with ≤ 1.05 × Verify without, on the wide schema
DRILL_TARGET=2       # added time ≤ 2 % of a drill, at pgbench scale 20

bench_init
build_bench_classes

log "starting the source cluster (the drill's own initdb settings)"
cluster_start source "max_wal_size = '4GB'"
SOURCE_PORT=$PGPORT
export BENCH_SOURCE_PASSWORD=$PGPASSWORD

t0=$(now)
log "generating wide: $TABLES tables in $SCHEMAS schemas, 5 B-tree indexes and $WIDE_ROWS rows each"
psql_q postgres -c "CREATE DATABASE wide"
psql_q wide -v tables="$TABLES" -v schemas="$SCHEMAS" -v rows="$WIDE_ROWS" -f "$BENCH_DIR/sql/wide-schema.sql" >/dev/null
psql_q wide -c "VACUUM ANALYZE" -c "CHECKPOINT"
log "generated wide in $(elapsed "$t0" "$(now)") s ($(psql_q wide -c "SELECT pg_size_pretty(pg_database_size('wide'))"))"
if ((SCALE > 0)); then
  t0=$(now)
  log "generating pgbench: pgbench -i -s $SCALE"
  psql_q postgres -c "CREATE DATABASE pgbench"
  "$PG_BIN/pgbench" -i -q -s "$SCALE" pgbench >/dev/null 2>&1 || die "pgbench -i failed"
  psql_q pgbench -c "CHECKPOINT"
  log "generated pgbench in $(elapsed "$t0" "$(now)") s ($(psql_q pgbench -c "SELECT pg_size_pretty(pg_database_size('pgbench'))"))"
fi

# The verifier installs amcheck into a copy before its checks (after reading the copy's schema). Here the copy is
# the source itself, so amcheck is installed once beforehand: both catalogs hold it.
for db in wide $( ((SCALE > 0)) && echo pgbench); do psql_q "$db" -c "CREATE EXTENSION IF NOT EXISTS amcheck"; done

# facts DB → one line of catalog counts: tables indexes constraints foreign-keys sequences columns rows size
facts() {
  psql_q "$1" -F' ' -c "SELECT
    (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'),
    (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'i' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'),
    (SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'),
    (SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE k.contype = 'f' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'),
    (SELECT count(*) FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')),
    (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'),
    (SELECT sum(n_live_tup) FROM pg_stat_user_tables),
    replace(pg_size_pretty(pg_database_size(current_database())), ' ', '_')"
}

# run_side DB MODE → SIDE[seconds rows checks failed catalog schemaread]: one VerifyBench process.
declare -A SIDE
run_side() {
  local db=$1 mode=$2 out seconds rows checks failed catalog schemaread
  out=$(BENCH_SCHEMA=$mode java "${CDS[@]}" -cp "$BENCH_JAR:$DRILL_JAR" VerifyBench \
      "jdbc:postgresql://127.0.0.1:$SOURCE_PORT/$db" drill) || die "VerifyBench ($mode) failed on $db"
  read -r seconds rows checks failed catalog schemaread <<<"$out"
  [ "$failed" = 0 ] || die "VerifyBench ($mode) reported $failed failed checks on $db"
  SIDE=([seconds]=$seconds [rows]=$rows [checks]=$checks [failed]=$failed [catalog]=${catalog:-0} [schemaread]=${schemaread:-0})
}

# One drill, as bench/local-drill.sh runs it; leaves its wall time and the report's phases in DRILL_STEP[...].
declare -A DRILL_STEP
drill_run() {
  local db=$1 out=$BENCH_TMP/reports work=$BENCH_TMP/work t0 t1 report
  mkdir -p "$work"; chmod 711 "$work"
  t0=$(now)
  "$BENCH_ROOT/drill" local --source-url "jdbc:postgresql://127.0.0.1:$SOURCE_PORT/$db" \
      --user drill --password-env BENCH_SOURCE_PASSWORD --jobs "$JOBS" --out "$out" --work-dir "$work" \
      >"$BENCH_TMP/drill.out" 2>&1 || { cat "$BENCH_TMP/drill.out" >&2; die "the drill of $db failed"; }
  t1=$(now)
  DRILL_STEP=([total]=$(elapsed "$t0" "$t1"))
  report=$(find "$out" -name '*.json' | head -1)
  local key value
  while read -r key value; do DRILL_STEP[$key]=$value; done < <(jq -r '
    (.phases[] | "\(.phase | ascii_downcase) \(.durationSeconds)"),
    "checks \(.verification.checks | length)",
    "failed \([.verification.checks[] | select(.status | ascii_upcase | . == "FAILED" or . == "ERROR")] | length)"' "$report")
  rm -rf "$out" "$work"
}

# measure DB DRILL(0|1) → A[metric] holds the measured runs' values, space-separated. Odd runs take the sides in
# the order without, with[, drill], even runs in reverse: both see the same cache states.
declare -A A
measure() {
  local db=$1 with_drill=$2 i side
  local sides=(without with); ((with_drill)) && sides+=(drill)
  A=()
  for ((i = 1 - BENCH_WARMUP; i <= BENCH_RUNS; i++)); do
    local order=("${sides[@]}")
    if ((i % 2 == 0)); then order=(); for side in "${sides[@]}"; do order=("$side" "${order[@]}"); done; fi
    declare -A run=()
    for side in "${order[@]}"; do
      case $side in
        without) run_side "$db" without; run[wo]=${SIDE[seconds]}; run[wo_checks]=${SIDE[checks]}; run[rows]=${SIDE[rows]} ;;
        with) run_side "$db" with; run[w]=${SIDE[seconds]}; run[w_checks]=${SIDE[checks]}
          run[cat]=${SIDE[catalog]}; run[sr]=${SIDE[schemaread]} ;;
        drill) drill_run "$db"; run[drill]=${DRILL_STEP[total]}; run[d_snapshot]=${DRILL_STEP[snapshot]}
          run[d_verify]=${DRILL_STEP[verify]}; run[d_checks]=${DRILL_STEP[checks]} ;;
      esac
    done
    local summary="without ${run[wo]} s, with ${run[w]} s (+ catalog ${run[cat]} s; schema read alone ${run[sr]} s)"
    ((with_drill)) && summary+=", drill ${run[drill]} s (Snapshot ${run[d_snapshot]} s, Verify ${run[d_verify]} s)"
    if ((i < 1)); then log "warm-up: $summary"; continue; fi
    log "run $i/$BENCH_RUNS (${order[*]}): $summary"
    run[r]=$(ratio "${run[w]}" "${run[wo]}")
    run[added]=$(awk -v w="${run[w]}" -v o="${run[wo]}" 'BEGIN { printf "%.3f", w - o }')
    run[added_cat]=$(awk -v w="${run[w]}" -v o="${run[wo]}" -v c="${run[cat]}" 'BEGIN { printf "%.3f", w - o + c }')
    run[r_cat]=$(awk -v w="${run[w]}" -v o="${run[wo]}" -v c="${run[cat]}" 'BEGIN { printf "%.3f", (w + c) / o }')
    run[r_sr]=$(ratio "${run[sr]}" "${run[wo]}")
    if ((with_drill)); then
      run[pct]=$(awk -v a="${run[added_cat]}" -v d="${run[drill]}" 'BEGIN { printf "%.2f", 100 * a / d }')
      # The same from its parts, each timed alone (less noisy than with − without): catalog read + schema read.
      run[pct_parts]=$(awk -v c="${run[cat]}" -v s="${run[sr]}" -v d="${run[drill]}" 'BEGIN { printf "%.2f", 100 * (c + s) / d }')
    fi
    local k
    for k in "${!run[@]}"; do A[$k]+="${run[$k]} "; done
  done
}

first() { cut -d' ' -f1 <<<"$1"; }

# As ./drill does after its first drill: the JVM maps the classes a first (untimed) run recorded.
CDS=(-Xlog:cds=off -Xlog:cds+dynamic=off -XX:ArchiveClassesAtExit="$BENCH_TMP/verify.jsa")
run_side wide with
CDS=(-Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile="$BENCH_TMP/verify.jsa")

read -r W_TABLES W_INDEXES W_CONS W_FKS W_SEQS W_COLS W_ROWS W_SIZE < <(facts wide)
log "wide: $W_TABLES tables, $W_INDEXES indexes, $W_CONS constraints ($W_FKS foreign keys), $W_SEQS sequences, $W_COLS columns"
measure wide 0
declare -A WIDE
for k in "${!A[@]}"; do WIDE[$k]=${A[$k]}; done

if ((WIDE_DRILL)); then
  log "one whole drill of wide"
  drill_run wide
  declare -A WIDE_DRILL_STEP
  for k in "${!DRILL_STEP[@]}"; do WIDE_DRILL_STEP[$k]=${DRILL_STEP[$k]}; done
fi

if ((SCALE > 0)); then
  read -r P_TABLES P_INDEXES P_CONS P_FKS P_SEQS P_COLS P_ROWS P_SIZE < <(facts pgbench)
  measure pgbench 1
  declare -A PG
  for k in "${!A[@]}"; do PG[$k]=${A[$k]}; done
fi

verdict() { awk -v m="$1" -v t="$2" 'BEGIN { print (m <= t) ? "met" : "missed" }'; }
wide_median=$(median "${WIDE[r]}")

echo "## Schema fidelity and source catalog — results"
echo
machine_table
echo
echo "Candidate pair: \`VerifyBench\` (in-process time of \`VerificationRunner.run\`, default suite, class-data sharing)."
echo "*Without*: \`schema: false\`, no source catalog. *With*: schema on, the source catalog read from the same database"
echo "beforehand (\`SourceCatalog.read\` in a repeatable-read transaction + \`afterDump\`: timed apart, it is part of a"
echo "drill's Snapshot), \`ownershipRestored\`; the database is compared with itself (0 failed checks in every run)."
echo
echo "### Wide schema"
echo
echo "Database \`wide\`: $W_TABLES tables in $SCHEMAS schemas, $W_INDEXES B-tree indexes, $W_CONS constraints ($W_FKS foreign"
echo "keys), $W_SEQS sequences, $W_COLS columns, $W_ROWS rows (${W_SIZE//_/ }). Checks per run: $(first "${WIDE[wo_checks]}") without,"
echo "$(first "${WIDE[w_checks]}") with."
echo
echo "| Wide schema | min | median | max |"
echo "|---|---|---|---|"
stat_row "Verify without schema (s)" "${WIDE[wo]}"
stat_row "Verify with schema + source comparisons (s)" "${WIDE[w]}"
stat_row "**Ratio with / without** (per run)" "${WIDE[r]}" "×"
stat_row "Added to Verify: with − without (s)" "${WIDE[added]}"
stat_row "Source catalog read (SourceCatalog.read + afterDump; in Snapshot) (s)" "${WIDE[cat]}"
stat_row "SchemaReader.read alone, on a fresh connection (s)" "${WIDE[sr]}"
stat_row "Ratio SchemaReader.read alone / Verify without" "${WIDE[r_sr]}" "×"
stat_row "Ratio (with + catalog read) / without" "${WIDE[r_cat]}" "×"
echo
echo "Target: Verify with ≤ ${VERIFY_TARGET}× without on the wide schema — **$(verdict "$wide_median" "$VERIFY_TARGET")** (median ratio ${wide_median}×)."
if ((WIDE_DRILL)); then
  echo
  echo "One whole \`./drill local --jobs $JOBS\` of \`wide\` (not alternated, for its phases): ${WIDE_DRILL_STEP[total]} s in all;"
  echo "Plan ${WIDE_DRILL_STEP[plan]} s, Snapshot ${WIDE_DRILL_STEP[snapshot]} s, Copy ${WIDE_DRILL_STEP[copy]} s, Restore ${WIDE_DRILL_STEP[restore]} s,"
  echo "Verify ${WIDE_DRILL_STEP[verify]} s, Cleanup ${WIDE_DRILL_STEP[cleanup]} s; ${WIDE_DRILL_STEP[checks]} checks, ${WIDE_DRILL_STEP[failed]} failed."
  echo "Added time at the medians, (with − without + catalog read) / drill: $(awk -v a="$(median "${WIDE[added_cat]}")" \
      -v d="${WIDE_DRILL_STEP[total]}" 'BEGIN { printf "%.1f %%", 100 * a / d }')."
fi
if ((SCALE > 0)); then
  pg_median=$(median "${PG[pct]}" | awk '{ printf "%.2f", $1 }')
  echo
  echo "### pgbench scale $SCALE"
  echo
  echo "Database \`pgbench\` (\`pgbench -i -s $SCALE\`): $P_TABLES tables, $P_INDEXES indexes, $P_ROWS rows (${P_SIZE//_/ }). Checks"
  echo "per run: $(first "${PG[wo_checks]}") without, $(first "${PG[w_checks]}") with. Drill: the whole \`./drill local --source-url … --jobs $JOBS\`"
  echo "(its Snapshot reads the source catalog, its Verify runs the schema comparison), in the same runs."
  echo
  echo "| pgbench scale $SCALE | min | median | max |"
  echo "|---|---|---|---|"
  stat_row "Verify without schema (s)" "${PG[wo]}"
  stat_row "Verify with schema + source comparisons (s)" "${PG[w]}"
  stat_row "Ratio with / without (per run)" "${PG[r]}" "×"
  stat_row "Source catalog read (s)" "${PG[cat]}"
  stat_row "SchemaReader.read alone (s)" "${PG[sr]}"
  stat_row "Added: with − without + catalog read (s)" "${PG[added_cat]}"
  stat_row "drill local (s)" "${PG[drill]}"
  stat_row "drill: Snapshot phase (s)" "${PG[d_snapshot]}"
  stat_row "drill: Verify phase (s)" "${PG[d_verify]}"
  stat_row "**Added / drill local** (per run)" "${PG[pct]}" " %" 2
  stat_row "From its parts: (catalog read + schema read alone) / drill local" "${PG[pct_parts]}" " %" 2
  echo
  echo "Target: added ≤ ${DRILL_TARGET} % of a drill at pgbench scale $SCALE — **$(verdict "$pg_median" "$DRILL_TARGET")** (median ${pg_median} %)."
fi
echo
echo "<details><summary>Per-run values (s)</summary>"
echo
echo "| Database | Run | Without | With | With / without | Catalog read | Schema read alone | Drill | Added / drill |"
echo "|---|---|---|---|---|---|---|---|---|"
per_run() { # LABEL ARRAY-NAME
  local -n d=$2
  local wo w r c s dr p i
  read -r -a wo <<<"${d[wo]}"; read -r -a w <<<"${d[w]}"; read -r -a r <<<"${d[r]}"; read -r -a c <<<"${d[cat]}"
  read -r -a s <<<"${d[sr]}"; read -r -a dr <<<"${d[drill]:-}"; read -r -a p <<<"${d[pct]:-}"
  for ((i = 0; i < BENCH_RUNS; i++)); do
    echo "| $1 | $((i + 1)) | ${wo[i]} | ${w[i]} | ${r[i]} | ${c[i]} | ${s[i]} | ${dr[i]:-—} | $([ -n "${p[i]:-}" ] && echo "${p[i]} %" || echo —) |"
  done
}
per_run wide WIDE
((SCALE > 0)) && per_run "pgbench $SCALE" PG
echo
echo "</details>"
bench_footer
