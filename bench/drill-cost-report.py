#!/usr/bin/env python3
"""The cost of one drill, from what bench/drill-cost.sh counted in a real workflow run (drill.json)
and the public prices below (us-east-1, on-demand). Change a price or an assumption here and rerun
the script: every line of the table is one term of the formula printed with it."""
import argparse
import json
import math

# --- prices: us-east-1, on-demand, USD. "verify" = taken from a third-party page quoting AWS, or
# --- assumed: check it on the AWS page named before relying on it.
PRICES = {
    "sfn_transition": (0.025 / 1000, "per state transition, Standard workflows",
                       "aws.amazon.com/step-functions/pricing ($0.025 per 1,000; retries count)", ""),
    "lambda_request": (0.20 / 1e6, "per Lambda request",
                       "docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html ($0.20 per 1M)", ""),
    "lambda_gb_s": (0.0000166667, "per Lambda GB-second, x86_64 (the stack sets no architecture)",
                    "aws.amazon.com/lambda/pricing (first tier)", ""),
    "rds_instance_hour": (0.065, "per db.t4g.medium PostgreSQL Single-AZ instance-hour",
                          "aws.amazon.com/rds/postgresql/pricing (quoted by infratally.com, 2026)", "verify"),
    "rds_storage_gb_month": (0.115, "per GB-month of the restored instance's gp2/gp3 storage",
                             "aws.amazon.com/rds/pricing (quoted by usage.ai, 2026)", "verify"),
    "snapshot_gb_month": (0.095, "per GB-month of snapshot (backup) storage",
                          "aws.amazon.com/rds/pricing (quoted by usage.ai, 2026)", "verify"),
    "transfer_gb": (0.02, "per GB of snapshot copied out to another region",
                    "aws.amazon.com/rds/pricing, data transfer between regions (quoted by usage.ai, 2026)", "verify"),
    "secret_month": (0.40, "per secret-month (pro-rated by the hour)", "aws.amazon.com/secrets-manager/pricing", "verify"),
    "secrets_call": (0.05 / 10000, "per Secrets Manager API call", "aws.amazon.com/secrets-manager/pricing", "verify"),
    "s3_put": (0.005 / 1000, "per S3 PUT/COPY/POST/LIST request (Standard)", "aws.amazon.com/s3/pricing", "verify"),
    "s3_get": (0.0004 / 1000, "per S3 GET request (Standard)", "aws.amazon.com/s3/pricing", "verify"),
    "sns_publish": (0.50 / 1e6, "per SNS publish", "aws.amazon.com/sns/pricing", "verify"),
    "metric_month": (0.30, "per custom metric-month (pro-rated by the hour; EMF metrics are custom metrics)",
                     "aws.amazon.com/cloudwatch/pricing (quoted by signoz.io, 2026)", "verify"),
    "logs_gb": (0.50, "per GB ingested into CloudWatch Logs", "aws.amazon.com/cloudwatch/pricing (quoted by factualminds.com)",
                "verify"),
    "xray_trace": (5.00 / 1e6, "per X-Ray trace recorded (Lambda and Step Functions tracing are on)",
                   "aws.amazon.com/xray/pricing", "verify"),
}
HOURS_PER_MONTH = 730
# Lambda's START / END / REPORT lines per invocation (REPORT carries durations and memory): about this many bytes
PLATFORM_LOG_BYTES = 350
# Credentials: ModifyDBInstance applies the new password at once; RDS takes about a minute before it works
CREDENTIALS_MIN = 1.0

parser = argparse.ArgumentParser()
parser.add_argument("drill")
parser.add_argument("--db-gb", type=float, default=100)
parser.add_argument("--verify-min", type=float, default=10)
parser.add_argument("--machine", default="")
args = parser.parse_args()

run = json.load(open(args.drill))
drill = run["drill"]
price = {k: v[0] for k, v in PRICES.items()}
gb = args.db_gb
waits = run["waitSeconds"]
polls = run["polls"]
memory = run["memoryMb"]
calls = run["apiCalls"]

# --- what the run counted ---------------------------------------------------------------------------
T = drill["stateTransitions"]
T_fleet = run["fleetPerScheduledDrill"]["stateTransitions"]
invocations = drill["invocations"]
I = sum(invocations.values())
durations = drill["durationsMs"]
gbs_measured = sum(sum(ms) / 1000 * memory[name] / 1024 for name, ms in durations.items())
verify_measured = sum(durations.get("Verify", [])) / 1000 * memory["Verify"] / 1024
gbs_model = gbs_measured - verify_measured + args.verify_min * 60 * memory["Verify"] / 1024
s3_puts = calls.get("S3:PutObject", 0) + calls.get("S3:ListObjectsV2", 0) + calls.get("S3:CopyObject", 0)
s3_gets = calls.get("S3:GetObject", 0) + calls.get("S3:HeadObject", 0)
secrets_calls = sum(v for k, v in calls.items() if k.startswith("SecretsManager:"))
sns_publishes = calls.get("Sns:Publish", 0)
metrics = len(run["emfMetrics"])
history_events = sum(drill["historyEvents"].values())
log_bytes = (run["handlerLogBytes"] + run["emfLogBytes"] + I * PLATFORM_LOG_BYTES
             + history_events * drill["finalStateBytes"])

# --- the drill's timeline, in minutes: each phase lasts its polls × the ASL's Wait ------------------
snap_min = polls["CheckSnapshot"] * waits["WaitSnapshot"] / 60
copy_min = polls["CheckCopy"] * waits["WaitCopy"] / 60
restore_min = polls["CheckRestore"] * waits["WaitRestore"] / 60
after_restore = CREDENTIALS_MIN + args.verify_min  # Credentials + Verify; Cleanup deletes right after
h_instance = max(10 / 60, after_restore / 60)  # RDS bills from "available" to deletion, at least 10 minutes
h_storage = (restore_min + after_restore) / 60  # storage from the restore's start (conservative)
h_snapshot = (snap_min + copy_min + restore_min + after_restore) / 60  # the drill's own snapshot, source region
h_copy = (copy_min + restore_min + after_restore) / 60  # its copy, recovery region
h_secret = max(1.0, after_restore / 60)  # pro-rated by the hour
h_metric = 1.0

rows = [
    ("Step Functions", f"T × p = {T} × {price['sfn_transition']:.6f}", T * price["sfn_transition"]),
    ("Lambda requests", f"I × p = {I} × {price['lambda_request']:.7f}", I * price["lambda_request"]),
    ("Lambda duration", f"GB-s × p = {gbs_model:.1f} × {price['lambda_gb_s']:.10f}", gbs_model * price["lambda_gb_s"]),
    ("RDS instance", f"h × p = {h_instance:.3f} h × {price['rds_instance_hour']}", h_instance * price["rds_instance_hour"]),
    ("RDS storage (restored)", f"GB × p × h / 730 = {gb:.0f} × {price['rds_storage_gb_month']} × {h_storage:.2f} / 730",
     gb * price["rds_storage_gb_month"] * h_storage / HOURS_PER_MONTH),
    ("Snapshot storage (source + copy)",
     f"GB × p × (h_s + h_c) / 730 = {gb:.0f} × {price['snapshot_gb_month']} × ({h_snapshot:.2f} + {h_copy:.2f}) / 730",
     gb * price["snapshot_gb_month"] * (h_snapshot + h_copy) / HOURS_PER_MONTH),
    ("Cross-region copy transfer", f"GB × p = {gb:.0f} × {price['transfer_gb']}", gb * price["transfer_gb"]),
    ("Secrets Manager", f"secret × p × h / 730 + calls × p = 1 × {price['secret_month']} × {h_secret:.0f} / 730 + "
                        f"{secrets_calls} × {price['secrets_call']:.6f}",
     price["secret_month"] * h_secret / HOURS_PER_MONTH + secrets_calls * price["secrets_call"]),
    ("S3 requests", f"{s3_puts} PUT/LIST × {price['s3_put']:.6f} + {s3_gets} GET × {price['s3_get']:.7f}",
     s3_puts * price["s3_put"] + s3_gets * price["s3_get"]),
    ("SNS", f"{sns_publishes} × {price['sns_publish']:.7f}", sns_publishes * price["sns_publish"]),
    ("CloudWatch metrics (EMF)", f"metrics × p × 1 h / 730 = {metrics} × {price['metric_month']} / 730",
     metrics * price["metric_month"] * h_metric / HOURS_PER_MONTH),
    ("CloudWatch Logs", f"bytes / 1e9 × p = {log_bytes / 1e6:.2f} MB × {price['logs_gb']}", log_bytes / 1e9 * price["logs_gb"]),
    ("X-Ray", f"(I + 1) × p = {I + 1} × {price['xray_trace']:.6f}", (I + 1) * price["xray_trace"]),
]
total = sum(r[2] for r in rows)

out = []
if args.machine:
    out.append(f"Machine: {args.machine}. One workflow run (the counts are deterministic; the poll counts are asserted).")
    out.append("")
out.append("### What one drill does (counted in the run)")
out.append("")
out.append(f"The ASL polls every {waits['WaitSnapshot']} s (WaitSnapshot), {waits['WaitCopy']} s (WaitCopy), "
           f"{waits['WaitRestore']} s (WaitRestore). Assumed durations: snapshot {run['assumedMinutes']['snapshot']:g} min, "
           f"copy {run['assumedMinutes']['copy']:g} min, restore {run['assumedMinutes']['restore']:g} min → "
           f"{polls['CheckSnapshot']} + {polls['CheckCopy']} + {polls['CheckRestore']} polls.")
out.append("")
out.append("| What | Count |")
out.append("|---|---|")
out.append(f"| State transitions, manual start (states entered + retries) | {T} (retries: {drill['retries']}) |")
out.append(f"| … plus the fleet's share for a scheduled drill (one source) | {T_fleet} |")
out.append(f"| Lambda invocations | {I} ({', '.join(f'{k} {v}' for k, v in invocations.items())}) |")
out.append(f"| Lambda GB-s measured here (moto on loopback; Verify on a 1,450-row stand-in) | {gbs_measured:.1f} |")
out.append(f"| Lambda GB-s for the cost (Verify at {args.verify_min:g} min × {memory['Verify']} MB instead) | {gbs_model:.1f} |")
out.append(f"| AWS API calls by the handlers | {sum(calls.values())} "
           f"({', '.join(f'{k} {v}' for k, v in calls.items() if not k.startswith('Rds:'))}; the rest RDS, free) |")
out.append(f"| CloudWatch metrics (EMF) | {metrics} |")
out.append(f"| Log bytes (handlers {run['handlerLogBytes']:,}, EMF {run['emfLogBytes']:,}, Lambda platform ≈ "
           f"{I * PLATFORM_LOG_BYTES:,}, state machine history ≈ {history_events} events × {drill['finalStateBytes']:,} B) | "
           f"{log_bytes:,} |")
out.append("")
out.append(f"Transitions of a passing drill: T = 11 + 3 × (polls) = 11 + 3 × "
           f"{polls['CheckSnapshot'] + polls['CheckCopy'] + polls['CheckRestore']} = "
           f"{11 + 3 * (polls['CheckSnapshot'] + polls['CheckCopy'] + polls['CheckRestore'])}; "
           f"invocations: I = 8 + polls.")
out.append("")
out.append(f"### Cost of one drill: {gb:.0f} GB PostgreSQL, db.t4g.medium, us-east-1 on-demand")
out.append("")
out.append(f"Timeline (minutes): snapshot {snap_min:g}, copy {copy_min:g}, restore {restore_min:g}, credentials "
           f"{CREDENTIALS_MIN:g}, verify {args.verify_min:g}. Instance billed {h_instance * 60:.0f} min (from available to "
           f"deletion, 10 min minimum); restored storage {h_storage * 60:.0f} min; the drill's snapshot "
           f"{h_snapshot * 60:.0f} min and its copy {h_copy * 60:.0f} min (worst case: full size, no free backup allowance).")
out.append("")
out.append("| Line | Formula (this drill) | USD |")
out.append("|---|---|---|")
for name, formula, usd in rows:
    out.append(f"| {name} | {formula} | {usd:.5f} |")
out.append(f"| **Total** | | **{total:.4f}** |")
out.append("")
biggest = max(rows, key=lambda r: r[2])
out.append(f"The largest line is {biggest[0].lower()} ({100 * biggest[2] / total:.0f} % of the total); the drill's own "
           f"machinery (Step Functions, Lambda, logs, metrics, X-Ray) is "
           f"{sum(r[2] for r in rows if r[0].startswith(('Step', 'Lambda', 'CloudWatch', 'X-Ray'))):.4f} USD.")
out.append("")
out.append("Prices used:")
out.append("")
out.append("| Price | USD | Source |")
out.append("|---|---|---|")
for key, (value, what, source, flag) in PRICES.items():
    out.append(f"| {what} | {value:.10g} | {source}{' — **verify**' if flag else ''} |")
print("\n".join(out))
