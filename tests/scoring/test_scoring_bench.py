"""The scoring benchmark runs end to end (tiny size by default, 2,000 structures when slow)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def bench(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_scoring", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


def test_tiny_benchmark_prints_its_figures():
    out = bench("--structures", "3", "--tests", "2")
    assert "= 36 échanges" in out  # 3 structures × 2 tests × 6 channels
    assert re.search(r"Ratio notation / lecture\s+: \d+\.\d\d", out)
    assert re.search(r"vigie score panel .* mémoire max [\d,]+ Mio", out)
    assert "Document de panel : 3 structures" in out


@pytest.mark.slow
def test_scoring_costs_less_than_three_parsings():
    out = bench("--structures", "2000")
    ratio = float(re.search(r"Ratio notation / lecture\s+: (\d+\.\d+)", out).group(1))
    assert ratio < 3.0, out
    memory = float(re.search(r"panel .* mémoire max ([\d,]+) Mio", out).group(1).replace(",", ""))
    assert memory < 2048, out
