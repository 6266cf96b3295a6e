"""Importers: all-or-nothing, idempotent, every problem located and in French."""

from pathlib import Path

from sqlalchemy import func, select, text

from core.importers import run_import
from core.models import Campaign, Persona, Scenario, Structure, StructureAccount

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEADER = "code,name,category,population,departement,certifications,webhooks_opt_in,twitter\n"


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def _import_examples(session):
    for kind, name in [("structures", "structures.csv"), ("scenarios", "scenarios.yaml"),
                       ("personas", "personas.yaml"), ("campaign", "campaign.yaml")]:  # fmt: skip
        report = run_import(session, kind, EXAMPLES / name)
        assert report.ok, report.problems
        session.commit()


def test_examples_import_then_reimport_changes_nothing(session):
    _import_examples(session)
    counts = {
        m: _count(session, m) for m in (Structure, Scenario, Persona, Campaign, StructureAccount)
    }
    assert counts[Structure] >= 30 and counts[Scenario] >= 12 and counts[Persona] >= 8
    categories = set(session.scalars(select(Structure.category)))
    assert len(categories) == 9
    report = run_import(session, "structures", EXAMPLES / "structures.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, counts[Structure])
    session.commit()
    assert {m: _count(session, m) for m in counts} == counts


def test_reimport_updates_by_natural_key(session, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        HEADER + "ville-a,Mairie A,ville_moins_20000,1200,21,,non,@VilleAFict\n", encoding="utf-8"
    )
    assert run_import(session, "structures", path).created == 1
    session.commit()
    path.write_text(
        HEADER + "ville-a,Mairie d'A,ville_moins_20000,1300,21,Qualivilles,oui,\n", encoding="utf-8"
    )
    report = run_import(session, "structures", path)
    session.commit()
    assert (report.created, report.updated) == (0, 1)
    row = session.scalar(select(Structure))
    assert (row.name, row.population, row.certifications, row.webhooks_opt_in) == (
        "Mairie d'A",
        1300,
        ["Qualivilles"],
        True,
    )
    assert _count(session, StructureAccount) == 0  # the emptied account column removed it


def test_a_csv_with_several_bad_lines_imports_nothing_and_names_each_line(session, tmp_path):
    path = tmp_path / "panel.csv"
    path.write_text(
        HEADER
        + "ville-ok,Mairie OK,ville_moins_20000,1200,21,,non,\n"  # line 2: fine
        + "ville-b,Mairie B,galaxie,1200,21,,non,\n"  # line 3: unknown category
        + "ville-c,,ville_moins_20000,abc,21,,non,\n"  # line 4: empty name, bad population
        + "ville-ok,Mairie OK bis,region,1,21,,non,\n"  # line 5: duplicate code
        + "ville-d,Mairie D,region,1,21,,peut-être,\n"  # line 6: bad yes/no
        + "ville-e,Mairie E,region,1,21\n",  # line 7: fine (short rows are allowed)
        encoding="utf-8",
    )
    report = run_import(session, "structures", path)
    session.commit()
    assert not report.ok
    lines = sorted({p.location.split(".")[0] for p in report.problems})
    assert lines == ["ligne 3", "ligne 4", "ligne 5", "ligne 6"]
    messages = " | ".join(str(p) for p in report.problems)
    assert "valeur inconnue « galaxie »" in messages
    assert "doit être un nombre entier" in messages
    assert "en double" in messages
    assert "ni oui ni non" in messages
    assert "rien n'a été importé" in report.summary()
    assert _count(session, Structure) == 0


def test_one_social_account_for_two_structures_is_refused(session, tmp_path):
    path = tmp_path / "panel.csv"
    path.write_text(HEADER + "ville-a,Mairie A,region,1,21,,non,@MemeCompte\n"
                    "ville-b,Mairie B,region,1,21,,non,@MemeCompte\n", encoding="utf-8")  # fmt: skip
    report = run_import(session, "structures", path)
    assert [str(p) for p in report.problems] == [
        "ligne 3 : compte « twitter @MemeCompte » en double (déjà à ligne 2)"
    ]


def test_missing_columns_and_unknown_columns_are_reported(session, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,nom\nx,y\n", encoding="utf-8")
    report = run_import(session, "structures", path)
    assert [str(p) for p in report.problems] == [
        "ligne 1 : colonne(s) obligatoire(s) absente(s) : name, category"
    ]


def test_yaml_problems_carry_their_path(session, tmp_path):
    path = tmp_path / "scenarios.yaml"
    path.write_text(
        "scenarios:\n"
        "  - slug: ok\n    title: T\n    theme: t\n    kind: information\n"
        "    question: Bonjour {persona.first_name}\n"
        "    expected: [{id: a, label: A}]\n    reference: [R]\n"
        "  - slug: Mauvais Slug\n    title: T\n    theme: t\n    kind: plainte\n"
        "    question: Bonjour {persona.age}\n    expected: []\n    reference: [R]\n",
        encoding="utf-8",
    )
    report = run_import(session, "scenarios", path)
    locations = {p.location for p in report.problems}
    assert {"scenarios[1].slug", "scenarios[1].kind", "scenarios[1].question",
            "scenarios[1].expected"} <= locations  # fmt: skip
    assert any("{persona.age}" in p.message for p in report.problems)
    assert _count(session, Scenario) == 0


def test_broken_yaml_reports_its_line(session, tmp_path):
    path = tmp_path / "personas.yaml"
    path.write_text("personas:\n  - code: a\n   civility: Madame\n", encoding="utf-8")
    report = run_import(session, "personas", path)
    assert report.problems[0].location == "ligne 3"
    assert "YAML illisible" in report.problems[0].message


def test_campaign_validation(session, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        "campaign:\n  code: c\n  name: C\n  edition: 2026\n  grid_version: inconnue-1\n"
        "  channels: {twitter: {mode: robot}}\n"
        "  channel_weights: {facebook: 1}\n"
        "  waves:\n    - {number: 1, name: V1, starts_on: 2026-05-01, ends_on: 2026-04-01}\n",
        encoding="utf-8",
    )
    report = run_import(session, "campaign", path)
    text_ = " | ".join(str(p) for p in report.problems)
    assert "grille inconnue « inconnue-1 »" in text_
    assert "campaign.channels.twitter.mode" in text_
    assert "se termine avant de commencer" in text_
    assert _count(session, Campaign) == 0


def test_scenario_versions_in_use_are_immutable(session, tmp_path):
    from tests import factories

    _import_examples(session)
    scenario = session.scalar(select(Scenario).where(Scenario.slug == "cni-renouvellement"))
    factories.exchange(session, scenario_row=scenario)
    session.commit()
    source = (EXAMPLES / "scenarios.yaml").read_text(encoding="utf-8")
    path = tmp_path / "scenarios.yaml"
    path.write_text(
        source.replace("Renouveler sa carte d'identité", "Renouveler sa CNI"), encoding="utf-8"
    )
    report = run_import(session, "scenarios", path)
    assert not report.ok
    assert "créez une nouvelle version" in report.problems[0].message


def test_human_grades_import_scores_on_the_channel_grid(session):
    _import_examples(session)
    report = run_import(session, "grades", EXAMPLES / "grades-humains.csv")
    session.commit()
    assert report.ok, report.problems
    scores = dict(session.execute(text(
        "SELECT e.external_ref, s.score FROM exchange_scores s JOIN exchanges e ON e.id = s.exchange_id"
        " WHERE s.grid_version = 'email-2026.1'")).all())  # fmt: skip
    assert set(scores) == {"EM-0001", "EM-0002", "EM-0003", "EM-0004"}
    assert scores["EM-0004"] == 0  # unreachable
    assert scores["EM-0001"] > scores["EM-0002"] > scores["EM-0003"]
    again = run_import(session, "grades", EXAMPLES / "grades-humains.csv")
    session.commit()
    assert again.unchanged == 4
    assert session.scalar(text("SELECT count(*) FROM grades")) > 0
    grades_before = session.scalar(text("SELECT count(*) FROM grades"))
    run_import(session, "grades", EXAMPLES / "grades-humains.csv")
    assert session.scalar(text("SELECT count(*) FROM grades")) == grades_before


def test_bad_grade_lines_are_located(session, tmp_path):
    _import_examples(session)
    path = tmp_path / "g.csv"
    path.write_text(
        "campaign,test,structure,channel,scenario,persona,sent_at,reachable,salutation,complete\n"
        "barometre-social-2026,T1,mairie-de-villebrune,twitter,cni-renouvellement,claire-martin,"
        "2026-03-03T10:00:00+01:00,oui,oui,0.5\n"
        "barometre-social-2026,T2,inconnue,email,cni-renouvellement,claire-martin,"
        "2026-03-03T10:00:00,oui,peut-être,2\n",
        encoding="utf-8",
    )
    report = run_import(session, "grades", path)
    found = {str(p) for p in report.problems}
    assert any(p.startswith("ligne 2, colonne channel") for p in found)
    assert any(p.startswith("ligne 3, colonne sent_at") for p in found)
    assert any(p.startswith("ligne 3, colonne salutation") for p in found)
    assert any(p.startswith("ligne 3, colonne complete") for p in found)
