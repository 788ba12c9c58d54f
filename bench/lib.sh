# Shared helpers of the benchmark scripts (sourced, not run). Not part of the test run.
#
# Every script: bench_init → clusters and data under one temp directory → measured runs →
# a Markdown table on stdout → bench_cleanup (trap) stops every cluster and removes the directory.
# Progress goes to stderr, so `bench/x.sh > results.md` keeps only the tables.

set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$BENCH_ROOT/bench"
PG_BIN="${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
BENCH_RUNS="${BENCH_RUNS:-5}"
BENCH_WARMUP="${BENCH_WARMUP:-1}"
DRILL_JAR="$BENCH_ROOT/cli/target/drill.jar"
BENCH_CLASSES="$BENCH_DIR/target/classes"
BENCH_JAR="$BENCH_DIR/target/bench.jar"
BENCH_TMP=""
BENCH_CLUSTERS=()
BENCH_T0=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Seconds since the epoch with microseconds (bash 5).
now() { printf '%s' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

bench_init() {
  BENCH_T0=$(now)
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL in $PG_BIN (set BENCH_PG_BIN, or apt-get install -y postgresql)"
  command -v java >/dev/null || die "java is not installed"
  command -v javac >/dev/null || die "javac is not installed (a JDK is needed, not a JRE)"
  [[ "$BENCH_RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$BENCH_RUNS'"
  [[ "$BENCH_WARMUP" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a non-negative integer, got '$BENCH_WARMUP'"
  BENCH_TMP=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/restore-drill-bench.XXXXXX")
  # Servers run as postgres when we are root: they must be able to traverse (not list) the directory.
  chmod 711 "$BENCH_TMP"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  BENCH_LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
}

bench_cleanup() {
  local status=$?
  set +e
  for data in "${BENCH_CLUSTERS[@]}"; do
    [ -f "$data/postmaster.pid" ] && as_server "$PG_BIN/pg_ctl" stop -D "$data" -m immediate -w -t 30 >/dev/null 2>&1
  done
  [ -n "$BENCH_TMP" ] && rm -rf "$BENCH_TMP"
  [ "$status" -ne 0 ] && log "failed (exit $status); everything the benchmark created was removed"
  exit "$status"
}

# Runs a server program as the postgres user when we are root (PostgreSQL refuses root).
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

server_owns() {
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Builds cli/target/drill.jar (core, the local engine and pgjdbc inside) unless it is newer than every source file.
build_drill_jar() {
  if [ -f "$DRILL_JAR" ] && [ -z "$(find "$BENCH_ROOT/pom.xml" "$BENCH_ROOT/core" "$BENCH_ROOT/local" "$BENCH_ROOT/cli" -type f -newer "$DRILL_JAR" \
      -not -path '*/target/*' \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit)" ]; then
    return
  fi
  log "building cli/target/drill.jar"
  (cd "$BENCH_ROOT" && mvn -q -B -ntp -DskipTests -pl cli -am package >&2) || die "building the drill jar failed"
}

# Compiles bench/java/*.java against the drill jar into bench/target/bench.jar (a jar, not a
# directory, so class-data sharing can archive its classes).
build_bench_classes() {
  build_drill_jar
  rm -rf "$BENCH_CLASSES"; mkdir -p "$BENCH_CLASSES"
  javac -d "$BENCH_CLASSES" -cp "$DRILL_JAR" "$BENCH_DIR"/java/*.java || die "compiling bench/java failed"
  jar cf "$BENCH_JAR" -C "$BENCH_CLASSES" . || die "packing bench/target/bench.jar failed"
}

# cluster_start NAME → starts a throwaway cluster in $BENCH_TMP/NAME on 127.0.0.1 only, with the
# same initdb options as the drill's ThrowawayCluster (superuser "drill", SCRAM, UTF8, C.UTF-8).
# Sets PGHOST/PGPORT/PGUSER/PGPASSWORD for the caller's libpq clients. Extra postgresql.conf lines
# may follow the name.
cluster_start() {
  local name=$1; shift
  local data="$BENCH_TMP/$name"
  BENCH_PASSWORD=${BENCH_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}
  mkdir -p "$data"; chmod 700 "$data"; server_owns "$data"
  (umask 077; printf '%s\n' "$BENCH_PASSWORD" > "$BENCH_TMP/$name.pw"); server_owns "$BENCH_TMP/$name.pw"
  as_server "$PG_BIN/initdb" -D "$data" -U drill --pwfile="$BENCH_TMP/$name.pw" --auth=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 --no-sync --no-instructions >/dev/null || die "initdb failed in $data"
  rm -f "$BENCH_TMP/$name.pw"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = ''"
    echo "logging_collector = off"
    for line in "$@"; do echo "$line"; done
  } >> "$data/postgresql.conf"
  local port; port=$(free_port)
  BENCH_CLUSTERS+=("$data")
  as_server "$PG_BIN/pg_ctl" start -D "$data" -l "$data/server.log" -w -t 120 -o "-p $port" >/dev/null \
      || { tail -5 "$data/server.log" >&2; die "PostgreSQL in $data did not start"; }
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=drill PGPASSWORD=$BENCH_PASSWORD PGSSLMODE=disable
}

# raw_cluster_start DATA_DIR → what a careful operator scripts for a restore target: initdb with the
# drill's options and a start on 127.0.0.1; sets RAW_PORT. The raw pipelines' cluster, timed as theirs.
raw_cluster_start() {
  local data=$1 pw=$BENCH_TMP/raw.pw
  mkdir -p "$data"; chmod 700 "$data"; server_owns "$data"
  (umask 077; printf '%s\n' "$BENCH_PASSWORD" > "$pw"); server_owns "$pw"
  as_server "$PG_BIN/initdb" -D "$data" -U drill --pwfile="$pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
      --no-sync --no-instructions >/dev/null || die "raw initdb failed"
  rm -f "$pw"
  printf "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\nlogging_collector = off\n" >> "$data/postgresql.conf"
  RAW_PORT=$(free_port)
  BENCH_CLUSTERS+=("$data")
  as_server "$PG_BIN/pg_ctl" start -D "$data" -l "$data/server.log" -w -t 120 -o "-p $RAW_PORT" >/dev/null \
      || die "raw start failed"
}

# psql with stop-on-error, quiet, unaligned: psql_q DB [psql args...]
psql_q() {
  local db=$1; shift
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"
}

# stats "n1 n2 ..." [decimals] → "min median max" (3 decimals unless told)
stats() {
  printf '%s\n' $1 | sort -g | awk -v d="${2:-3}" '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    f = "%." d "f"; printf f " " f " " f, v[1], m, v[NR] }'
}

median() { stats "$1" | cut -d' ' -f2; }

# stat_row LABEL "values" [unit] [decimals] → a Markdown row | LABEL | min | median | max |
stat_row() {
  local s; s=$(stats "$2" "${4:-3}")
  local suffix=${3:-}
  printf '| %s | %s%s | %s%s | %s%s |\n' "$1" "$(cut -d' ' -f1 <<<"$s")" "$suffix" "$(cut -d' ' -f2 <<<"$s")" "$suffix" \
      "$(cut -d' ' -f3 <<<"$s")" "$suffix"
}

machine_table() {
  local cpu mem pg java kernel
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  pg=$("$PG_BIN/postgres" --version | sed 's/^postgres (PostgreSQL) //')
  java=$(java -version 2>&1 | head -1 | sed 's/"//g')
  kernel=$(uname -sr)
  echo "| Machine | |"
  echo "|---|---|"
  echo "| CPUs (nproc) | $(nproc) × ${cpu:-unknown} |"
  echo "| RAM | $mem |"
  echo "| OS | $kernel |"
  echo "| PostgreSQL | $pg |"
  echo "| Java | $java |"
  echo "| Load average at start (1/5/15 min) | $BENCH_LOAD_AT_START |"
  echo "| Runs | $BENCH_WARMUP warm-up + $BENCH_RUNS measured, candidate and baseline alternating within each run |"
}

# CPU seconds (user + system) of every process this shell has waited for so far.
children_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($16 + $17) / hz }' "/proc/$$/stat"
}

# Peak resident set size (KiB) from a `/usr/bin/time -v` output file.
max_rss_kib() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }

mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

bench_footer() {
  echo
  echo "Total wall time of this benchmark: $(awk -v s="$(elapsed "$BENCH_T0" "$(now)")" 'BEGIN { printf "%dm%02ds", s / 60, s % 60 }')."
}
