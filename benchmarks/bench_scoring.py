"""Score a national-size panel and compare with merely parsing the same JSON Lines.

    .venv/bin/python -m benchmarks.bench_scoring [--structures 35000] [--tests 13]

Generates structures × tests × 6 social channels exchanges (the `vigie score exchanges`
input) into a temporary file, then measures in the same run:
  1. parsing only (json.loads of each line),
  2. parsing + scoring (scoring.score_record of each parsed line), interleaved with 1
     chunk by chunk and timed in CPU seconds, so that a busy machine skews neither,
  3. the whole `vigie score exchanges` path (parse, score, serialise, write),
  4. `vigie score panel` on the scored file, in a child process whose peak RSS is read
     from os.wait4 (the aggregation must fit in 2 GiB).
Prints exchanges per second and the ratio scoring / parsing (target: below 3).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

from scoring import CATEGORIES, NLU_CRITERIA, SOCIAL_CHANNELS, score_record

RATIO_TARGET = 3.0
MEMORY_TARGET_MIB = 2048
_PARIS = ZoneInfo("Europe/Paris")


def _templates(rng: random.Random, count: int = 256) -> list[str]:
    """JSON fragments for the varying part of an exchange (kind, timing, criteria)."""
    base = datetime(2026, 3, 2, 8, 0, tzinfo=_PARIS)
    fragments = []
    for _ in range(count):
        kind = "complaint" if rng.random() < 0.2 else "information"
        reachable = rng.random() > 0.05
        sent = base + timedelta(days=rng.randrange(60), minutes=rng.randrange(14 * 60))
        replies = []
        if reachable and rng.random() > 0.15:
            at = sent
            for _ in range(rng.randint(1, 3)):
                at += timedelta(minutes=rng.choice([5, 40, 200, 900, 3000, 9000]))
                replies.append({"at": at.isoformat()})
        criteria: dict[str, object] = {}
        for crit in NLU_CRITERIA:
            roll = rng.random()
            criteria[crit] = None if roll < 0.15 else roll < 0.65
        criteria["complete"] = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0, None])
        if kind == "information":
            criteria["empathy"] = criteria["remedy"] = None
        body = {
            "scenario_kind": kind,
            "reachable": reachable,
            "sent_at": sent.isoformat(),
            "replies": replies,
            "criteria": criteria,
        }
        fragments.append(json.dumps(body, ensure_ascii=False)[1:-1])
    return fragments


def generate(path: Path, *, structures: int, tests: int, seed: int = 2026) -> int:
    """Write the input JSON Lines, streamed; returns the number of exchanges."""
    rng = random.Random(seed)
    fragments = _templates(rng)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for s in range(structures):
            structure = json.dumps(
                {
                    "id": f"st-{s:05d}",
                    "name": f"Structure n°{s}",
                    "category": CATEGORIES[s % len(CATEGORIES)],
                    "certified": s % 3 == 0,
                },
                ensure_ascii=False,
            )
            lines = []
            for channel in SOCIAL_CHANNELS:
                for _ in range(tests):
                    n += 1
                    lines.append(
                        f'{{"id": "ex-{n}", "channel": "{channel}", "structure": {structure}, '
                        f"{fragments[rng.randrange(len(fragments))]}}}\n"
                    )
            out.write("".join(lines))
    return n


def time_interleaved(path: Path, chunk: int = 20_000) -> dict[str, float]:
    """CPU seconds to parse, and to parse + score, the same lines, chunk by chunk.

    Each chunk is read into memory once, then parsed, then parsed and scored (the order
    alternates between chunks), so that both measures see the same data, caches and
    machine load; CPU time (time.process_time) ignores time lost to other processes on a
    shared machine. Wall-clock totals are kept beside.
    """
    loads = json.loads
    cpu = time.process_time
    wall = time.perf_counter
    totals = dict.fromkeys(("parse_cpu", "score_cpu", "parse_wall", "score_wall"), 0.0)

    def parse(lines: list[bytes]) -> None:
        c0, w0 = cpu(), wall()
        for line in lines:
            loads(line)
        totals["parse_cpu"] += cpu() - c0
        totals["parse_wall"] += wall() - w0

    def parse_score(lines: list[bytes]) -> None:
        c0, w0 = cpu(), wall()
        for line in lines:
            score_record(loads(line))
        totals["score_cpu"] += cpu() - c0
        totals["score_wall"] += wall() - w0

    with path.open("rb") as source:
        for n, lines in enumerate(iter(lambda: list(islice(source, chunk)), [])):
            first, second = (parse, parse_score) if n % 2 == 0 else (parse_score, parse)
            first(lines)
            second(lines)
    return totals


def _vigie(*args: str) -> list[str]:
    return [sys.executable, "-c", "from app.cli import main; main()", *args]


def run_child(args: list[str]) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, CPU seconds, peak RSS in MiB) from os.wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(args)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"La commande {' '.join(args)} a échoué (code {proc.returncode}).")
    # ru_maxrss is in KiB on Linux.
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=35_000)
    parser.add_argument("--tests", type=int, default=13, help="tests par structure et canal")
    parser.add_argument("--skip-cli", action="store_true", help="sans les étapes 3 et 4")
    opts = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="vigie-bench-") as tmp:
        source, scored, panel = (
            Path(tmp) / "in.jsonl",
            Path(tmp) / "scored.jsonl",
            Path(tmp) / "panel.json",
        )
        t0 = time.perf_counter()
        n = generate(source, structures=opts.structures, tests=opts.tests)
        size_mib = source.stat().st_size / 2**20
        print(
            f"Panel généré : {opts.structures} structures × {opts.tests} tests × "
            f"{len(SOCIAL_CHANNELS)} canaux = {n} échanges, {size_mib:.0f} Mio "
            f"({time.perf_counter() - t0:.1f} s)"
        )

        t = time_interleaved(source)
        parse_s, score_s = t["parse_cpu"], t["score_cpu"]
        ratio = score_s / parse_s
        figures = {"exchanges": n, "parse_s": parse_s, "parse_score_s": score_s, "ratio": ratio}
        figures |= {"parse_wall_s": t["parse_wall"], "parse_score_wall_s": t["score_wall"]}
        print(
            f"Lecture seule (json.loads)    : {parse_s:7.1f} s CPU  {n / parse_s:>10,.0f} "
            f"échanges/s  ({t['parse_wall']:.1f} s au total)"
        )
        print(
            f"Lecture + notation            : {score_s:7.1f} s CPU  {n / score_s:>10,.0f} "
            f"échanges/s  ({t['score_wall']:.1f} s au total)"
        )
        print(
            f"Ratio notation / lecture      : {ratio:.2f} (objectif < {RATIO_TARGET:g}) "
            f"{'OK' if ratio < RATIO_TARGET else 'HORS OBJECTIF'}"
            f" ; en temps écoulé : {t['score_wall'] / t['parse_wall']:.2f}"
        )

        if not opts.skip_cli:
            cli_s, cli_cpu, cli_mib = run_child(
                _vigie("score", "exchanges", "--in", str(source), "--out", str(scored))
            )
            print(
                f"vigie score exchanges (complet) : {cli_cpu:7.1f} s CPU  {n / cli_cpu:>10,.0f} "
                f"échanges/s ({cli_s:.1f} s au total), mémoire max {cli_mib:,.0f} Mio"
            )
            panel_s, panel_cpu, panel_mib = run_child(
                _vigie("score", "panel", "--in", str(scored), "--out", str(panel))
            )
            print(
                f"vigie score panel               : {panel_cpu:7.1f} s CPU ({panel_s:.1f} s au "
                f"total), mémoire max "
                f"{panel_mib:,.0f} Mio (objectif < {MEMORY_TARGET_MIB} Mio) "
                f"{'OK' if panel_mib < MEMORY_TARGET_MIB else 'HORS OBJECTIF'}"
            )
            document = json.loads(panel.read_bytes())
            print(
                f"Document de panel : {len(document['structures'])} structures, "
                f"score du panel {document['panel']['score']}"
            )
            figures |= {
                "cli_s": cli_s,
                "cli_cpu_s": cli_cpu,
                "panel_cpu_s": panel_cpu,
                "cli_mib": cli_mib,
                "panel_s": panel_s,
                "panel_mib": panel_mib,
            }
    return figures


if __name__ == "__main__":
    main()
