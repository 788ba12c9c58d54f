#!/usr/bin/env bash
# The Verify loop: the zero-config verification run whole against the same verification run in
# slices, as the AWS engine runs it one Lambda invocation at a time (each slice new connections, the
# progress through JSON between slices), alternating within each run. Also the verified rows and
# bytes per second per server CPU, and from them the largest database an instance class verifies in
# a 4-hour budget.
#
#   bench/verify-loop.sh                                                  full size (4 M rows, slices of 0.5 s)
#   BENCH_VERIFY_ROWS=100000 BENCH_SLICE_SECONDS=0.1 BENCH_RANGE_BLOCKS=256 BENCH_RUNS=2 bench/verify-loop.sh   smoke run
#
# A Lambda's slice is 14 minutes; here slices are short, so that a small database needs several, and
# ranges are small in proportion (16 MiB, against 1 GiB in production), so that no scan is long next to
# a slice. What each slice adds (new connections; the idle tail while its last checks finish) is then
# measured per slice, and the overhead at 14-minute slices follows from it.
#
# Environment: BENCH_VERIFY_ROWS (4000000), BENCH_SLICE_SECONDS (0.5), BENCH_RANGE_BLOCKS (2048),
# BENCH_BUDGET_HOURS (4), BENCH_RUNS (5), BENCH_WARMUP (1), BENCH_PG_BIN, BENCH_TMPDIR (/tmp).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS=${BENCH_VERIFY_ROWS:-4000000}
SLICE=${BENCH_SLICE_SECONDS:-0.5}
RANGE_BLOCKS=${BENCH_RANGE_BLOCKS:-2048}
BUDGET_HOURS=${BENCH_BUDGET_HOURS:-4}
TARGET=1.05

bench_init
[ "$(getconf CLK_TCK)" = 100 ] || die "the server CPU is read in ticks of 1/100 s; this kernel counts $(getconf CLK_TCK)"
build_bench_classes

log "starting a throwaway cluster (the drill's own initdb settings)"
cluster_start loop "max_wal_size = '4GB'"
log "generating $ROWS rows over 5 tables, 12 B-tree indexes"
psql_q postgres -c "CREATE DATABASE bench"
psql_q bench -v rows="$ROWS" -f "$BENCH_DIR/sql/verify-data.sql" >/dev/null
psql_q bench -c "VACUUM ANALYZE" >/dev/null
SIZE=$(psql_q bench -c "SELECT pg_size_pretty(pg_database_size('bench'))")
RANGED=$(psql_q bench -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname = 'public' AND pg_relation_size(c.oid) / 8192 > $RANGE_BLOCKS")
log "database $SIZE; $RANGED tables larger than $RANGE_BLOCKS blocks are read in ranges; slices of $SLICE s"

OUT=$(BENCH_SLICE_SECONDS=$SLICE BENCH_RANGE_BLOCKS=$RANGE_BLOCKS java -cp "$BENCH_JAR:$DRILL_JAR" VerifyLoopBench \
    "jdbc:postgresql://127.0.0.1:$PGPORT/bench" drill "$BENCH_TMP/loop/postmaster.pid") || die "the loop benchmark failed"

declare -A M=()
while read -r whole sliced slices rows wcpu scpu bytes; do
  M[whole]+="$whole "; M[sliced]+="$sliced "; M[slices]+="$slices "
  M[ratio]+="$(ratio "$sliced" "$whole") "; M[cpu_ratio]+="$(ratio "$scpu" "$wcpu") "
  # What one more slice costs, and the loop's overhead were every slice a Lambda's 14 minutes (840 s) of this work.
  if ((slices > 1)); then
    per=$(awk -v s="$sliced" -v w="$whole" -v n="$slices" 'BEGIN { printf "%.3f", (s - w) / (n - 1) }')
    M[per_slice]+="$per "
    M[lambda_ratio]+="$(awk -v p="$per" 'BEGIN { printf "%.4f", 1 + (p > 0 ? p : 0) / 840 }') "
  fi
  M[wcpu]+="$wcpu "; M[scpu]+="$scpu "
  # Per server CPU second: what one vCPU of the restored server verifies, when the server's CPUs are the limit.
  M[rows_cpu]+="$(awk -v r="$rows" -v c="$wcpu" 'BEGIN { printf "%.0f", r / c }') "
  M[mib_cpu]+="$(awk -v b="$bytes" -v c="$wcpu" 'BEGIN { printf "%.1f", b / 1048576 / c }') "
  ROWS_COUNTED=$rows
done <<<"$OUT"

[ -n "${M[per_slice]:-}" ] || die "the verification took one slice only: make BENCH_SLICE_SECONDS shorter or the database larger"
median_ratio=$(stats "${M[lambda_ratio]}" 4 | cut -d' ' -f2)
verdict=$(awk -v m="$median_ratio" -v t="$TARGET" 'BEGIN { print (m <= t) ? "met" : "missed" }')
rows_cpu=$(median "${M[rows_cpu]}")
mib_cpu=$(median "${M[mib_cpu]}")

echo "## Verify loop — results"
echo
machine_table
echo
echo "Database: $ROWS_COUNTED rows in 5 tables with 12 B-tree indexes ($SIZE); $RANGED of the tables over $RANGE_BLOCKS blocks"
echo "read in ranges of that many blocks. Whole: \`VerificationRunner.run\`, default suite. Sliced: \`runSlice\` in slices of"
echo "$SLICE s until done, each slice a new runner and new connections, the progress through JSON between slices, then"
echo "\`finish\`. Both in one JVM, alternating, the whole verification's counts checked equal to the sliced one's."
echo
echo "| | min | median | max |"
echo "|---|---|---|---|"
stat_row "Whole verification (s)" "${M[whole]}"
stat_row "Sliced verification (s)" "${M[sliced]}"
stat_row "Slices" "${M[slices]}" "" 0
stat_row "Ratio sliced / whole, slices of $SLICE s (per run)" "${M[ratio]}" "×"
stat_row "Cost of one more slice: (sliced − whole) / (slices − 1) (s)" "${M[per_slice]}"
stat_row "**Ratio at 14-minute Lambda slices**: 1 + cost per slice / 840 s (target ≤ $TARGET×, $verdict)" "${M[lambda_ratio]}" "×" 4
stat_row "Server CPU, whole (s)" "${M[wcpu]}" "" 2
stat_row "Server CPU, sliced (s)" "${M[scpu]}" "" 2
stat_row "Ratio server CPU sliced / whole" "${M[cpu_ratio]}" "×"
stat_row "Rows verified per server CPU second (whole)" "${M[rows_cpu]}" "" 0
stat_row "MiB verified per server CPU second (whole)" "${M[mib_cpu]}" "" 1
echo
echo "The largest database an instance class verifies within a ${BUDGET_HOURS}-hour Verify budget, when its vCPUs are the limit"
echo "(one connection per vCPU, as Verify opens them): size = MiB per server CPU second × vCPUs × ${BUDGET_HOURS} h × 3,600 s"
echo "÷ the loop's overhead at 14-minute slices, from this run's medians ($mib_cpu MiB/s, ${median_ratio}×):"
echo
echo "| Instance class | vCPUs | Database size verified in ${BUDGET_HOURS} h | Rows (at this database's row width) |"
echo "|---|---|---|---|"
for class in "db.t4g.medium 2" "db.r6g.large 2" "db.r6g.xlarge 4" "db.r6g.2xlarge 8" "db.r6g.4xlarge 16"; do
  read -r name vcpus <<<"$class"
  awk -v name="$name" -v v="$vcpus" -v m="$mib_cpu" -v r="$rows_cpu" -v h="$BUDGET_HOURS" -v o="$median_ratio" 'BEGIN {
    printf "| %s | %d | %.0f GiB | %.2f billion |\n", name, v, m * v * h * 3600 / o / 1024, r * v * h * 3600 / o / 1e9 }'
done
bench_footer
