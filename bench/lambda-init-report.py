#!/usr/bin/env python3
"""The tables of bench/lambda-init.sh, from its results.tsv (one row per JVM). Ratios are pair by pair
within one run (handler / baseline of the same run and flags), then min / median / max over the runs."""
import argparse
import csv
import statistics

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("--machine", required=True)
parser.add_argument("--jar-bytes", type=int, required=True)
parser.add_argument("--cds", default="")
parser.add_argument("--elapsed", default="?")
parser.add_argument("--handlers", required=True)
parser.add_argument("--variants", default="")
args = parser.parse_args()

rows = [r for r in csv.DictReader(open(args.results), delimiter="\t") if r["run"] != "warmup"]
handlers = args.handlers.split()
variants = args.variants.split()
runs = sorted({r["run"] for r in rows}, key=int)


def by_run(kind, task, target, flags):
    return {r["run"]: r for r in rows
            if r["kind"] == kind and r["handler"] == task and r["target"] == target and r["flags"] == flags}


def mmm(values, fmt="{:.0f}"):
    if not values:
        return "–"
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def ratios(candidate, baseline, field="wall_ms"):
    return [float(candidate[k][field]) / float(baseline[k][field]) for k in candidate if k in baseline]


def walls(rs):
    return [float(r["wall_ms"]) for r in rs.values()]


def again(rs):
    done = [float(r["again_ms"]) for r in rs.values() if r["again_outcome"] == "ok"]
    failed = sorted({r["again_outcome"].rsplit(".", 1)[-1] for r in rs.values() if r["again_outcome"] not in ("ok", "")})
    return (f"{statistics.median(done):.0f}" if done else "–") + (f" ({', '.join(failed)})" if failed else "")


def outcome(rs):
    found = sorted({r["outcome"] for r in rs.values()})
    return "ok" if found == ["ok"] else ", ".join(o.rsplit(".", 1)[-1] for o in found)


out = []
out.append(f"Machine: {args.machine}. Runs: {len(runs)} measured after one warm-up run; "
           f"all JVMs took {args.elapsed} s in all.")
out.append("")
out.append(f"Shaded jar: {args.jar_bytes / 1048576:.1f} MiB (target ≤ 35 MB).")
out.append("")
out.append("### JVM start → first sample event handled (Lambda's Java 21 flags: "
           "`-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`)")
out.append("")
out.append("Wall ms min / median / max; ratio = handler ÷ baseline of the same run (wall time; the CPU-time ratio, "
           "user + system of the JVM, is less sensitive to other load on the machine); RSS = max resident set, "
           "MiB (median).")
out.append("")
out.append("| Handler | event | baseline ms | handler ms | ratio (target ≤ 1.2) | CPU-time ratio | handler RSS | baseline RSS |")
out.append("|---|---|---|---|---|---|---|---|")
worst = []
for task in handlers:
    b = by_run("main", task, "baseline", "lambda")
    h = by_run("main", task, "handler", "lambda")
    r = ratios(h, b)
    if r:
        worst.append((statistics.median(r), task))
    out.append(f"| {task} | {outcome(h)} | {mmm(walls(b))} | {mmm(walls(h))} | {mmm(r, '{:.2f}')} | "
               f"{mmm(ratios(h, b, 'cpu_ms'), '{:.2f}')} | "
               f"{statistics.median(float(x['rss_kb']) / 1024 for x in h.values()):.0f} | "
               f"{statistics.median(float(x['rss_kb']) / 1024 for x in b.values()):.0f} |")
out.append("")
if worst:
    met = [t for m, t in worst if m <= 1.2]
    out.append(f"Median ratio ≤ 1.2 for {len(met)} of {len(worst)} handlers"
               + (f"; highest: {max(worst)[1]} at {max(worst)[0]:.2f}." if worst else "."))
    out.append("")

out.append("### Inside the JVM: init, and the first request with and without the SnapStart priming hook")
out.append("")
out.append("Median ms. *init* = the handler's no-argument constructor (clients built); *first request* = "
           "handleRequest of the sample event in the JVM above; *after priming* = the same in a JVM that ran "
           "the handler's CRaC `beforeCheckpoint` (Priming) between init and the request; *removed* = "
           "1 − after ÷ before, per run (min / median / max); *second request* = the same event once more in "
           "the primed JVM, now warm: about the request's own work (AWS calls, queries), where the task "
           "may run twice on one event.")
out.append("")
out.append("| Handler | init | first request | priming | first request after priming | removed | second request |")
out.append("|---|---|---|---|---|---|---|")
for task in handlers:
    h = by_run("main", task, "handler", "lambda")
    p = by_run("primed", task, "handler", "lambda")
    removed = [1 - x for x in ratios(p, h, "request_ms")]
    med = lambda rs, f: statistics.median(float(x[f]) for x in rs.values()) if rs else float("nan")
    out.append(f"| {task} | {med(h, 'init_ms'):.0f} | {med(h, 'request_ms'):.0f} | {med(p, 'prime_ms'):.0f} | "
               f"{med(p, 'request_ms'):.0f} | {mmm([100 * x for x in removed], '{:.0f} %')} | {again(p)} |")
out.append("")

if variants:
    out.append("### Flags: Lambda's (C1 only, serial GC), the JDK's defaults (C2, G1), and AppCDS")
    out.append("")
    out.append("Wall ms median; ratio = handler ÷ baseline with the same flags in the same run (min / median / max). "
               "AppCDS: `-XX:SharedArchiveFile` from a dynamic archive (`-XX:ArchiveClassesAtExit`) written by the "
               "warm-up run of the same JVM (baseline and handler each have their own).")
    out.append("")
    out.append("| Handler | flags | baseline ms | handler ms | ratio | handler vs. Lambda flags |")
    out.append("|---|---|---|---|---|---|")
    for task in variants:
        reference = by_run("main", task, "handler", "lambda")
        for kind, flags in (("main", "lambda"), ("jdk", "jdk-default"), ("cds", "lambda+appcds")):
            b = by_run(kind, task, "baseline", flags)
            h = by_run(kind, task, "handler", flags)
            med_b = statistics.median(walls(b)) if b else float("nan")
            med_h = statistics.median(walls(h)) if h else float("nan")
            out.append(f"| {task} | {flags} | {med_b:.0f} | {med_h:.0f} | {mmm(ratios(h, b), '{:.2f}')} | "
                       f"{mmm(ratios(h, reference), '{:.2f}')} |")
    out.append("")
    if args.cds.strip():
        sizes = ", ".join(f"{k} {int(v) / 1048576:.0f} MiB" for k, v in (p.split("=") for p in args.cds.split()))
        out.append(f"AppCDS archives: {sizes}.")
        out.append("")

print("\n".join(out))
