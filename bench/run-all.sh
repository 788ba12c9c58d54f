#!/usr/bin/env bash
# Runs every benchmark of this directory, one after another, and prints their Markdown results.
#   bench/run-all.sh > results.md        (progress goes to stderr)
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$dir/verification.sh"
echo
"$dir/verify-loop.sh"
echo
"$dir/local-drill.sh"
echo
"$dir/schema-fidelity.sh"
echo
"$dir/existing-backup.sh"
echo
"$dir/lambda-init.sh"
echo
"$dir/drill-cost.sh"
