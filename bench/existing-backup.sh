#!/usr/bin/env bash
# Drilling an existing backup against the raw pipeline: `drill local --from s3://…` of an age-encrypted
# custom-format dump in a bucket (moto on loopback) against the bare commands an operator would script
# for the same drill: download (boto3), age -d, initdb + start, pg_restore -j2, count(*) per table,
# stop + remove. Also the drill's peak memory at two backup sizes: decryption streams, so it stays flat.
#
#   bench/existing-backup.sh                                          full size (pgbench scale 20: 2 M accounts)
#   BENCH_PGBENCH_SCALE=1 BENCH_MEMORY_SCALE=2 BENCH_RUNS=2 bench/existing-backup.sh   smoke run
#
# Environment: BENCH_PGBENCH_SCALE (20), BENCH_MEMORY_SCALE (80: the larger backup of the memory
# comparison), BENCH_MEMORY_NOISE_ROWS (3000000 rows of random bytes added to it, which no compression
# shrinks, so its encrypted backup is large), BENCH_JOBS (2), BENCH_RUNS (5), BENCH_WARMUP (1),
# BENCH_PG_BIN, BENCH_TMPDIR (/tmp).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCALE=${BENCH_PGBENCH_SCALE:-20}
MEMORY_SCALE=${BENCH_MEMORY_SCALE:-80}
NOISE_ROWS=${BENCH_MEMORY_NOISE_ROWS:-3000000}
JOBS=${BENCH_JOBS:-2}
TARGET=1.10

command -v age >/dev/null || die "age is not installed (apt-get install -y age)"
python3 -c 'import moto, boto3' 2>/dev/null || die "moto and boto3 are needed for python3 (pip install 'moto[server]')"

bench_init
build_drill_jar

moto_pid=""
stop_moto() { [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null; wait "$moto_pid" 2>/dev/null || true; }
trap 'stop_moto; bench_cleanup' EXIT
MOTO_PORT=$(free_port)
python3 -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" >"$BENCH_TMP/moto.log" 2>&1 &
moto_pid=$!
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
for _ in $(seq 50); do curl -fs "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1 && break; sleep 0.1; done

s3() { # s3 put|get KEY FILE
  python3 - "$@" <<'PY'
import os, sys, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
action, key, path = sys.argv[1:4]
if action == "put":
    try:
        s3.create_bucket(Bucket="bench")
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    s3.upload_file(path, "bench", key)
else:
    s3.download_file("bench", key, path)
PY
}

age-keygen -o "$BENCH_TMP/backups.key" 2>/dev/null
RECIPIENT=$(grep -o 'age1[0-9a-z]*' "$BENCH_TMP/backups.key" | head -1)

log "starting the source cluster"
cluster_start source "max_wal_size = '4GB'"
SOURCE_PORT=$PGPORT
make_backup() { # DATABASE SCALE KEY [NOISE_ROWS]
  psql_q postgres -c "CREATE DATABASE $1"
  "$PG_BIN/pgbench" -i -q -s "$2" "$1" >/dev/null 2>&1 || die "pgbench -i failed"
  if [ -n "${4:-}" ]; then
    psql_q "$1" -c "CREATE TABLE noise AS SELECT g AS id, decode(md5(random()::text) || md5(random()::text), 'hex') AS bytes
                    FROM generate_series(1, $4) g"
  fi
  "$PG_BIN/pg_dump" --format=custom "$1" | age -r "$RECIPIENT" > "$BENCH_TMP/backup.age" || die "pg_dump | age failed"
  s3 put "$3" "$BENCH_TMP/backup.age"
  BACKUP_SIZE[$1]=$(du -h "$BENCH_TMP/backup.age" | cut -f1)
  log "$1: ${BACKUP_SIZE[$1]} encrypted backup uploaded as $3"
  rm -f "$BENCH_TMP/backup.age"
}
declare -A BACKUP_SIZE
make_backup bench "$SCALE" "nightly/bench-2026-12-06T020000Z.dump.age"
SIZE=$(psql_q bench -c "SELECT pg_size_pretty(pg_database_size('bench'))")
SOURCE_ROWS=$(psql_q bench -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
KEY=nightly/bench-2026-12-06T020000Z.dump.age

declare -A RAW_STEP
raw_run() {
  local w=$BENCH_TMP/raw t0 t
  mkdir -p "$w"; chmod 711 "$w"
  t0=$(now)
  s3 get "$KEY" "$w/backup.age"
  t=$(now); RAW_STEP[download]=$(elapsed "$t0" "$t"); t0=$t
  age -d -i "$BENCH_TMP/backups.key" -o "$w/backup.dump" "$w/backup.age" && rm -f "$w/backup.age"
  t=$(now); RAW_STEP[decrypt]=$(elapsed "$t0" "$t"); t0=$t

  local data=$w/data port
  raw_cluster_start "$data"; port=$RAW_PORT
  PGPORT=$port "$PG_BIN/pg_restore" --dbname=postgres --create --jobs="$JOBS" --no-password --no-owner --no-privileges \
      "$w/backup.dump" || die "raw pg_restore failed"
  rm -f "$w/backup.dump"
  t=$(now); RAW_STEP[restore]=$(elapsed "$t0" "$t"); t0=$t

  local tables
  tables=$(PGPORT=$port psql_q bench -c "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables ORDER BY 1")
  PGPORT=$port psql_q bench -c "$(sed 's/.*/SELECT count(*) FROM &;/' <<<"$tables")" >/dev/null || die "raw count failed"
  t=$(now); RAW_STEP[count]=$(elapsed "$t0" "$t"); t0=$t

  as_server "$PG_BIN/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null || die "raw stop failed"
  rm -rf "$w"
  t=$(now); RAW_STEP[cleanup]=$(elapsed "$t0" "$t")
}

declare -A DRILL_STEP
drill_run() { # [DATABASE]
  local out=$BENCH_TMP/reports work=$BENCH_TMP/work t0 t1 report
  mkdir -p "$work"; chmod 711 "$work"
  t0=$(now)
  /usr/bin/time -v -o "$BENCH_TMP/drill.time" "$BENCH_ROOT/drill" local --from "s3://bench/nightly/" \
      --database "${1:-bench}" --identity "$BENCH_TMP/backups.key" --jobs "$JOBS" --out "$out" --work-dir "$work" \
      >"$BENCH_TMP/drill.out" 2>&1 || { cat "$BENCH_TMP/drill.out" >&2; die "the drill failed"; }
  t1=$(now)
  DRILL_STEP[total]=$(elapsed "$t0" "$t1")
  DRILL_STEP[rss]=$(max_rss_kib "$BENCH_TMP/drill.time")
  report=$(find "$out" -name '*.json' | head -1)
  local key value
  while read -r key value; do DRILL_STEP[$key]=$value; done < <(jq -r '
    (.phases[] | "\(.phase | ascii_downcase) \(.durationSeconds)"),
    "rows \([.verification.inventory.tables[] | select(.partitioned | not) | .rows] | add)"' "$report")
  rm -rf "$out" "$work"
}

STEPS_RAW=(download decrypt restore count cleanup)
PHASES=(plan download decrypt restore verify cleanup)
declare -A RAW_ALL DRILL_ALL
D=(); R=(); RATIOS=(); RSS_SMALL=()
for ((i = 1 - BENCH_WARMUP; i <= BENCH_RUNS; i++)); do
  order=(drill raw)
  ((i % 2 == 0)) && order=(raw drill)
  for side in "${order[@]}"; do
    if [ "$side" = drill ]; then drill_run; else raw_run; fi
  done
  raw_total=$(awk -v a="${RAW_STEP[download]}" -v b="${RAW_STEP[decrypt]}" -v c="${RAW_STEP[restore]}" \
      -v d="${RAW_STEP[count]}" -v e="${RAW_STEP[cleanup]}" 'BEGIN { printf "%.3f", a + b + c + d + e }')
  if ((i < 1)); then
    log "warm-up: drill ${DRILL_STEP[total]} s, raw $raw_total s"
    continue
  fi
  log "run $i/$BENCH_RUNS (${order[*]}): drill ${DRILL_STEP[total]} s, raw $raw_total s"
  D+=("${DRILL_STEP[total]}"); R+=("$raw_total"); RATIOS+=("$(ratio "${DRILL_STEP[total]}" "$raw_total")")
  RSS_SMALL+=("$(mib "${DRILL_STEP[rss]}")")
  for s in "${STEPS_RAW[@]}"; do RAW_ALL[$s]+="${RAW_STEP[$s]} "; done
  for p in "${PHASES[@]}"; do DRILL_ALL[$p]+="${DRILL_STEP[$p]} "; done
done
ROWS=${DRILL_STEP[rows]}

log "memory: a backup of scale $MEMORY_SCALE"
make_backup large "$MEMORY_SCALE" "nightly/large-2026-12-06T020000Z.dump.age" "$NOISE_ROWS"
drill_run large
RSS_LARGE=$(mib "${DRILL_STEP[rss]}")
LARGE_ROWS=${DRILL_STEP[rows]}

median_ratio=$(median "${RATIOS[*]}")
verdict=$(awk -v m="$median_ratio" -v t="$TARGET" 'BEGIN { print (m <= t) ? "met" : "missed" }')
m() { median "${1}"; }

echo "## Drilling an existing backup (--from) vs the raw pipeline — results"
echo
machine_table
echo
echo "Backup: \`pg_dump --format=custom | age\` of \`pgbench -i -s $SCALE\` ($SOURCE_ROWS rows, $SIZE; ${BACKUP_SIZE[bench]} encrypted), in an S3 bucket"
echo "on moto (loopback). Both sides download it, decrypt it, restore it with $JOBS jobs into a new cluster made with the"
echo "same initdb options, and count. Drill: the whole \`./drill local --from s3://… --identity … --jobs $JOBS\` command,"
echo "zero-config verification ($ROWS rows: exact counts, content hashes, amcheck, schema)."
echo
echo "| | min | median | max |"
echo "|---|---|---|---|"
stat_row "drill local --from (s)" "${D[*]}"
stat_row "Raw pipeline (s)" "${R[*]}"
stat_row "**Ratio drill / raw** (per run)" "${RATIOS[*]}" "×"
echo
echo "Target: drill ≤ ${TARGET}× raw — **$verdict** (median ratio ${median_ratio}×)."
echo
echo "Where the time goes (medians, seconds):"
echo
echo "| Raw step | Raw | Drill phase | Drill |"
echo "|---|---|---|---|"
echo "| — | — | Plan (list the bucket, pick the newest) | $(m "${DRILL_ALL[plan]}") |"
echo "| boto3 download_file | $(m "${RAW_ALL[download]}") | Download | $(m "${DRILL_ALL[download]}") |"
echo "| age -d | $(m "${RAW_ALL[decrypt]}") | Decrypt (streamed) | $(m "${DRILL_ALL[decrypt]}") |"
echo "| initdb + start, pg_restore -j$JOBS | $(m "${RAW_ALL[restore]}") | Restore (header, roles, initdb + start, pg_restore) | $(m "${DRILL_ALL[restore]}") |"
echo "| count(*) per table | $(m "${RAW_ALL[count]}") | Verify | $(m "${DRILL_ALL[verify]}") |"
echo "| stop + rm -rf | $(m "${RAW_ALL[cleanup]}") | Cleanup | $(m "${DRILL_ALL[cleanup]}") |"
echo
echo "Drill peak RSS (the JVM, \`/usr/bin/time -v\`): $(stats "${RSS_SMALL[*]}" 0 | cut -d" " -f2) MiB for the ${BACKUP_SIZE[bench]} backup"
echo "($ROWS rows), $RSS_LARGE MiB for a ${BACKUP_SIZE[large]} one (scale $MEMORY_SCALE and $NOISE_ROWS rows of random bytes; $LARGE_ROWS rows)."
echo
echo "<details><summary>Per-run values (s)</summary>"
echo
echo "| Run | Drill | Raw | Drill / raw |"
echo "|---|---|---|---|"
for ((i = 0; i < BENCH_RUNS; i++)); do echo "| $((i + 1)) | ${D[i]} | ${R[i]} | ${RATIOS[i]} |"; done
echo
echo "</details>"
bench_footer
