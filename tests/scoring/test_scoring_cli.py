"""`vigie score exchanges|panel` contracts, run as the real command in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import NLU_CRITERIA, score_record

VIGIE = str(Path(sys.executable).with_name("vigie"))
ROOT = Path(__file__).resolve().parents[2]

STRUCTURE = {
    "id": "s1",
    "name": "Mairie de Saint-Aubin",
    "category": "ville_moins_20000",
    "certified": True,
}


def exchange(n, **changes):
    record = {
        "id": f"ex-{n:03d}",
        "channel": "twitter",
        "scenario_kind": "information",
        "reachable": True,
        "sent_at": "2026-03-02T10:00:00+01:00",
        "replies": [{"at": "2026-03-02T11:30:00+01:00"}],
        "criteria": {c: True for c in NLU_CRITERIA} | {"complete": 0.5},
        "structure": STRUCTURE,
    }
    return record | changes


def vigie(*args, stdin=""):
    return subprocess.run(
        [VIGIE, "score", *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )


def lines(records):
    return "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )


def test_exchanges_stdin_to_stdout_same_order_as_the_library():
    records = [
        exchange(1),
        exchange(2, replies=[]),
        exchange(3, reachable=False),
        exchange(4, scenario_kind="complaint", channel="facebook"),
    ]
    done = vigie("exchanges", stdin=lines(records))
    assert done.returncode == 0, done.stderr.decode()
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [o["id"] for o in out] == ["ex-001", "ex-002", "ex-003", "ex-004"]
    assert out == [score_record(r) for r in records]
    first = out[0]
    assert list(first)[:5] == ["id", "grid", "first_reply_delay", "determinants", "score"]
    assert first["first_reply_delay"] == {"business_hours": 1.5, "calendar_hours": 1.5}
    assert first["score"] == 92.05
    assert out[1]["determinants"]["reactivite"] == 0.0 and out[1]["first_reply_delay"] is None
    assert out[2]["score"] == 0.0
    assert out[3]["structure"] == STRUCTURE  # passed through for `vigie score panel`


def test_a_malformed_line_is_reported_and_the_others_go_on():
    records = [
        exchange(1),
        "{pas du json",
        exchange(3, channel="fax"),
        "",  # blank lines are skipped
        exchange(5, criteria={"politesse": True}),
        '["un", "tableau"]',
        exchange(7, sent_at="hier"),
        exchange(8),
    ]
    done = vigie("exchanges", stdin=lines(records))
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(out) == 7
    assert out[0]["score"] == 92.05 and out[-1]["score"] == 92.05
    errors = out[1:6]
    assert [list(e) for e in errors] == [["id", "error"]] * 5
    assert errors[0] == {"id": None, "error": errors[0]["error"]}
    assert errors[0]["error"].startswith("ligne 2 : JSON illisible")
    assert errors[1]["id"] == "ex-003" and "Canal inconnu : « fax »" in errors[1]["error"]
    assert errors[2]["id"] == "ex-005" and "politesse" in errors[2]["error"]
    assert errors[3]["id"] is None and "objet JSON" in errors[3]["error"]
    assert errors[4]["id"] == "ex-007" and "« sent_at » n'est pas une date" in errors[4]["error"]
    assert "5 ligne(s) en erreur sur 7." in done.stderr.decode("utf-8")


def test_files_and_forced_grid(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(lines([exchange(1), exchange(2, channel="email")]), encoding="utf-8")
    done = vigie("exchanges", "--in", str(source), "--out", str(target))
    assert done.returncode == 0 and done.stdout == b""
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o["grid"] for o in out] == ["social-2026.1", "email-2026.1"]  # by channel

    forced = vigie("exchanges", "--in", str(source), "--grid", "social-2026.1")
    assert forced.returncode == 1
    out = [json.loads(line) for line in forced.stdout.decode().splitlines()]
    assert out[0]["grid"] == "social-2026.1"
    assert "n'est pas noté par la grille social-2026.1" in out[1]["error"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("exchanges", "--grid", "social-1999"), "La grille « social-1999 » n'existe pas"),
        (("exchanges", "--in", "/nonexistent/in.jsonl"), "impossible de lire"),
        (("panel", "--channel-weights", "twitter=beaucoup"), "Poids de canal illisible"),
        (("panel", "--previous", "/nonexistent/panel.json"), "impossible de lire"),
    ],
)
def test_unusable_invocations_exit_2_in_french(args, message):
    done = vigie(*args, stdin=lines([exchange(1)]))
    assert done.returncode == 2
    assert done.stdout == b""
    assert message in done.stderr.decode("utf-8")
    assert "Traceback" not in done.stderr.decode("utf-8")


def test_exchanges_then_panel_pipeline(tmp_path):
    other = {**STRUCTURE, "id": "s2", "name": "Ville de Port-Neuf", "certified": False}
    records = [
        exchange(1),
        exchange(2, channel="facebook", replies=[]),
        exchange(3, structure=other),
    ]
    scored = vigie("exchanges", stdin=lines(records))
    assert scored.returncode == 0
    done = vigie("panel", "--channel-weights", "twitter=2,facebook=1", stdin=scored.stdout.decode())
    assert done.returncode == 0, done.stderr.decode()
    doc = json.loads(done.stdout)
    assert set(doc) >= {"grids", "panel", "categories", "certified", "structures", "errors"}
    assert doc["errors"] == []
    s1 = doc["structures"]["s1"]
    assert s1["channels"]["twitter"]["score"] == 92.05
    assert s1["channels"]["facebook"]["score"] == 10.0
    assert s1["score"] == pytest.approx((2 * 92.05 + 10) / 3, abs=0.01)
    assert doc["panel"]["count"] == 2 and doc["panel"]["exchanges"] == 3
    assert doc["categories"]["ville_moins_20000"]["best"]["id"] == "s2"
    assert doc["certified"]["certified"]["count"] == 1

    previous = tmp_path / "previous.json"
    previous.write_bytes(done.stdout)
    again = vigie("panel", "--previous", str(previous), stdin=scored.stdout.decode())
    evolution = json.loads(again.stdout)["structures"]["s2"]["evolution"]
    assert evolution["score"] == 0.0 and evolution["previous_score"] == 92.05


def test_panel_reports_bad_lines_in_the_document(tmp_path):
    scored = [score_record(exchange(1)), {"id": "ex-2", "error": "ligne 2 : JSON illisible"}]
    source = tmp_path / "scored.jsonl"
    source.write_text(lines([*scored, "pas du json"]), encoding="utf-8")
    out = tmp_path / "panel.json"
    done = vigie("panel", "--in", str(source), "--out", str(out))
    assert done.returncode == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["panel"]["count"] == 1
    assert [(e["line"], e["id"]) for e in doc["errors"]] == [(2, "ex-2"), (3, None)]
    assert "échange non noté" in doc["errors"][0]["error"]
    assert "2 ligne(s) ignorée(s)" in done.stderr.decode("utf-8")


def test_the_scoring_path_imports_nothing_heavy():
    code = (
        "import sys, app.cli_score, scoring, scoring.records, scoring.panel\n"
        "scoring.load_grid()\n"
        "heavy = {'spacy', 'fastapi', 'sqlalchemy', 'numpy', 'sklearn', 'celery', 'starlette',"
        " 'nlu', 'core', 'bots', 'webhooks', 'campaigns', 'review', 'reports', 'sandbox'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60, check=True
    )
    assert done.stdout.decode().strip() == "[]"
