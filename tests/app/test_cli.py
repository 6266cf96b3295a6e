"""The `vigie` command as a user runs it: a subprocess, French messages, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def vigie(*args: str, db: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VIGIE_DATABASE_URL": db, "COLUMNS": "200", "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=120)  # fmt: skip
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def empty_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_help_is_french_and_lists_every_command(empty_db):
    out = vigie("--help", db=empty_db).stdout
    assert "audits mystère citoyen" in out
    for name in ("db", "import", "structures", "serve", "score", "campaigns"):
        assert name in out


def test_unmigrated_database_gets_a_clear_french_error(empty_db):
    result = vigie("structures", "list", db=empty_db, check=False)
    assert result.returncode == 1
    assert "vigie db upgrade" in result.stderr


def test_upgrade_import_and_list(empty_db):
    from alembic.script import ScriptDirectory

    from core.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config(empty_db)).get_current_head()
    assert f"révision {head}" in vigie("db", "upgrade", db=empty_db).stdout
    out = vigie("import", "structures", str(EXAMPLES / "structures.csv"), db=empty_db).stdout
    assert "32 créé(s)" in out
    vigie("import", "scenarios", str(EXAMPLES / "scenarios.yaml"), db=empty_db)
    vigie("import", "personas", str(EXAMPLES / "personas.yaml"), db=empty_db)
    vigie("import", "campaign", str(EXAMPLES / "campaign.yaml"), db=empty_db)
    rows = [json.loads(line) for line in
            vigie("structures", "list", "--json", db=empty_db).stdout.splitlines()]  # fmt: skip
    assert len(rows) == 32 and {"code", "name", "category", "certified"} <= set(rows[0])
    table = vigie("campaigns", "list", db=empty_db).stdout
    assert "Vague 1" in table and "assisté" in table
    assert len(vigie("personas", "list", "--json", db=empty_db).stdout.splitlines()) == 9
    assert "Réserver une cure thermale" in vigie("scenarios", "list", db=empty_db).stdout


def test_bad_import_exits_non_zero_and_lists_problems(empty_db, tmp_path):
    vigie("db", "upgrade", db=empty_db)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,category\nok,Mairie,region\nko,,planete\n", encoding="utf-8")
    result = vigie("import", "structures", str(bad), db=empty_db, check=False)
    assert result.returncode == 1
    assert "ligne 3" in result.stderr and "rien n'a été importé" in result.stderr
    assert vigie("structures", "list", "--json", db=empty_db).stdout == ""


@pytest.mark.parametrize(
    ("args", "french"),
    [
        (["score", "panel", "--bogus"], "Option inconnue : --bogus (options possibles : --out)"),
        (["nlu", "evaluate"], "Argument manquant : « paths »."),
        (["scor"], "Commande inconnue : « scor »."),
        (["inbox", "list", "--limit", "x"], "« --limit » : un nombre entier est attendu"),
        (["inbox", "list", "extra"], "Argument(s) en trop : extra"),
    ],
)
def test_command_line_mistakes_are_explained_in_french(empty_db, args, french):
    result = vigie(*args, db=empty_db, check=False)
    assert result.returncode == 2
    assert french in result.stderr
    assert "Utilisation : vigie" in result.stderr and "Usage" not in result.stderr


def test_every_part_of_the_cli_has_french_help_only(empty_db):
    out = vigie("campaign", "--help", db=empty_db).stdout
    assert "Utilisation : vigie campaign" in out and "Afficher cette aide" in out
    assert "completion" not in out


def test_french_error_table_leaves_unknown_messages_alone():
    from app.cli import french_error

    assert french_error("'abc' is not a valid integer.") == "« abc » n'est pas un nombre entier."
    assert french_error("Quelque chose d'autre.") == "Quelque chose d'autre."
