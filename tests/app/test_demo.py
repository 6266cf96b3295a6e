"""`vigie demo` (what `make demo` runs): examples, a simulated campaign, the barometer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_demo_runs_a_campaign_and_prints_the_barometer(tmp_path, free_port):
    env = {
        **os.environ,
        "VIGIE_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "COLUMNS": "160",
    }
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "demo", "--structures", "4", "--no-serve", "--port", str(free_port)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=540,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "32 structures, 15 scénarios, 9 personas" in out
    assert "16 tests planifiés" in out
    assert "notés 16" in out
    for section in ("Baromètre : panel", "Par canal", "Par catégorie", "Par déterminant"):
        assert section in out
    assert "Structures certifiées" in out and "X (Twitter)" in out
