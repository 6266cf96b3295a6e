"""Grid files: the shipped grids encode RUBRIC.md; bad grids are explained in French."""

import copy

import pytest
import yaml

from scoring import (
    CHANNELS,
    DEFAULT_GRID,
    DETERMINANT_LABELS,
    DETERMINANTS,
    NLU_CRITERIA,
    GridError,
    available_grids,
    grid_for_channel,
    load_grid,
    load_grid_file,
    parse_grid,
)
from scoring.grid import GRIDS_DIR


def test_shipped_grids():
    assert available_grids() == [
        "email-2026.1",
        "mail-2026.1",
        "phone-2026.1",
        "social-2026.1",
        "website-2026.1",
    ]
    for grid_id in available_grids():
        grid = load_grid(grid_id)
        assert grid.id == grid_id
        assert grid.determinant_ids == DETERMINANTS
        assert {d.id: d.label for d in grid.determinants} == DETERMINANT_LABELS
        assert grid.description


def test_load_grid_is_cached_and_defaults_to_social():
    assert DEFAULT_GRID == "social-2026.1"
    assert load_grid() is load_grid("social-2026.1")


def test_social_grid_is_the_rubric():
    grid = load_grid("social-2026.1")
    assert {d.id: d.weight for d in grid.determinants} == {
        "accessibilite": 10,
        "reactivite": 25,
        "courtoisie": 20,
        "personnalisation": 15,
        "qualite_reponse": 30,
        "gestion_attente": 5,
        "efficacite_transfert": 5,
        "gestion_reclamations": 10,
    }
    assert {d.id: [c.id for c in d.criteria] for d in grid.determinants} == {
        "accessibilite": ["reachable"],
        "reactivite": ["first_reply_delay"],
        "courtoisie": [
            "salutation",
            "closing",
            "thanks",
            "register",
            "respectful_tone",
            "spelling",
        ],
        "personnalisation": ["name_used", "request_restated", "agent_identified"],
        "qualite_reponse": ["relevant", "complete", "accurate", "actionable"],
        "gestion_attente": ["acknowledgement", "followup_kept"],
        "efficacite_transfert": ["redirect_precise"],
        "gestion_reclamations": ["empathy", "remedy"],
    }
    assert all(c.weight == 1 for c in grid.criteria.values())  # equal weights by default
    delay = grid.delay_criterion
    assert delay.bands == ((1, 100), (4, 80), (9, 60), (18, 40), (45, 20))
    assert delay.otherwise == 0
    assert grid.criteria["complete"].kind == "fraction"
    rules = {d.id: (d.on_no_reply, d.applies_to) for d in grid.determinants}
    assert rules["gestion_attente"] == ("not_applicable", None)
    assert rules["efficacite_transfert"] == ("not_applicable", None)
    assert rules["gestion_reclamations"] == ("fail", frozenset({"complaint"}))
    assert rules["accessibilite"][0] == "keep"
    calendar = grid.calendar
    assert (calendar.timezone, calendar.opening.hour, calendar.closing.hour) == (
        "Europe/Paris",
        9,
        18,
    )
    assert calendar.weekdays == frozenset(range(5))


def test_nlu_criteria_are_the_graded_criteria_of_the_social_grid():
    assert len(NLU_CRITERIA) == 18
    assert load_grid("social-2026.1").graded_criteria == NLU_CRITERIA


@pytest.mark.parametrize(
    ("grid_id", "limit", "unit"),
    [
        ("email-2026.1", 45, "heures ouvrées"),  # 5 working days
        ("website-2026.1", 45, "heures ouvrées"),
        ("mail-2026.1", 135, "heures ouvrées"),  # 15 working days
        ("phone-2026.1", 5, "sonneries"),  # 5 rings
    ],
)
def test_human_grids_keep_the_state_barometer_thresholds(grid_id, limit, unit):
    grid = load_grid(grid_id)
    reactivity = next(d for d in grid.determinants if d.id == "reactivite")
    banded = reactivity.criteria[0]
    assert banded.unit == unit
    assert limit in [up_to for up_to, _ in banded.bands]
    # Meeting the barometer's limit always earns points, missing every band earns none.
    assert banded.band_score(limit) > 0
    assert banded.otherwise == 0


@pytest.mark.parametrize(
    ("channel", "grid_id"),
    [
        ("twitter", "social-2026.1"),
        ("facebook", "social-2026.1"),
        ("messenger", "social-2026.1"),
        ("instagram", "social-2026.1"),
        ("whatsapp", "social-2026.1"),
        ("telegram", "social-2026.1"),
        ("email", "email-2026.1"),
        ("mail", "mail-2026.1"),
        ("phone", "phone-2026.1"),
        ("website", "website-2026.1"),
    ],
)
def test_grid_for_channel(channel, grid_id):
    assert grid_for_channel(channel) == grid_id
    assert channel in load_grid(grid_id).channels


def test_every_channel_has_a_grid_and_unknown_ones_are_refused():
    assert {grid_for_channel(c) for c in CHANNELS} == set(available_grids())
    with pytest.raises(GridError, match="Canal inconnu : « fax »"):
        grid_for_channel("fax")


def test_unknown_grid_lists_the_available_ones():
    with pytest.raises(GridError, match="La grille « social-1999 » n'existe pas.*social-2026.1"):
        load_grid("social-1999")
    with pytest.raises(GridError, match="identifiant de grille"):
        load_grid("../etc/passwd")


def social_data() -> dict:
    return yaml.safe_load((GRIDS_DIR / "social-2026.1.yaml").read_text(encoding="utf-8"))


def _det(data: dict, det_id: str) -> dict:
    return next(d for d in data["determinants"] if d["id"] == det_id)


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = (
                _det(target, key)
                if isinstance(key, str) and "determinants" in target
                else target[key]
            )
        target[path[-1]] = value

    return change


def _dup_determinant(data):
    data["determinants"].append(copy.deepcopy(_det(data, "courtoisie")))


def _criterion_in_two_determinants(data):
    _det(data, "personnalisation")["criteria"].append({"id": "thanks", "label": "Merci"})


def _criterion_twice_in_one(data):
    _det(data, "courtoisie")["criteria"].append({"id": "thanks", "label": "Merci"})


def _bands(rows, otherwise=0):
    def change(data):
        delay = _det(data, "reactivite")["criteria"][0]
        delay["bands"] = rows
        delay["otherwise"] = otherwise

    return change


def _no_reachable(data):
    data["determinants"].remove(_det(data, "accessibilite"))


def _empty_determinant(data):
    _det(data, "gestion_attente")["criteria"] = []


BAD_GRIDS = [
    (
        "duplicate determinant",
        _dup_determinant,
        "le déterminant « courtoisie » est déclaré deux fois",
    ),
    (
        "criterion in two determinants",
        _criterion_in_two_determinants,
        "le critère « thanks » figure dans deux déterminants \\(« courtoisie » et "
        "« personnalisation »\\) ; un critère appartient à un seul déterminant",
    ),
    ("criterion twice", _criterion_twice_in_one, "« thanks » est déclaré deux fois"),
    ("zero determinant weight", _set(("reactivite", "weight"), 0), "strictement positif"),
    ("negative determinant weight", _set(("courtoisie", "weight"), -5), "il vaut -5"),
    (
        "zero criterion weight",
        lambda d: _det(d, "courtoisie")["criteria"][0].update(weight=0),
        "critère « salutation ».*strictement positif",
    ),
    ("text weight", _set(("courtoisie", "weight"), "lourd"), "« lourd » n'est pas un nombre"),
    (
        "limits not increasing",
        _bands([{"up_to": 4, "score": 100}, {"up_to": 1, "score": 80}]),
        "les limites des tranches doivent croître",
    ),
    (
        "slower band scores more",
        _bands([{"up_to": 1, "score": 80}, {"up_to": 4, "score": 100}]),
        "une tranche plus lente ne peut pas mieux noter",
    ),
    (
        "beyond scores more than the last band",
        _bands([{"up_to": 1, "score": 100}], otherwise=150),
        "compris entre 0 et 100",
    ),
    (
        "otherwise above last band",
        _bands([{"up_to": 1, "score": 10}], otherwise=20),
        "dépasse celui de la dernière tranche",
    ),
    ("band without score", _bands([{"up_to": 1}]), "doit donner « up_to » et « score »"),
    (
        "unknown kind",
        lambda d: _det(d, "courtoisie")["criteria"][0].update(kind="couleur"),
        "type « couleur » inconnu",
    ),
    ("no reachable criterion", _no_reachable, "exactement un critère de type « reachable »"),
    ("determinant without criteria", _empty_determinant, "il n'a aucun critère"),
    ("unknown channel", _set(("channels",), ["twitter", "fax"]), "canal « fax » inconnu"),
    (
        "unknown no-reply rule",
        _set(("gestion_attente", "on_no_reply"), "ignore"),
        "« on_no_reply » vaut « ignore »",
    ),
    (
        "unknown scenario kind",
        _set(("gestion_reclamations", "applies_to"), ["plainte"]),
        "type de scénario « plainte » inconnu",
    ),
    ("missing id", lambda d: d.pop("id"), "la clé « id »"),
    (
        "bad opening hours",
        lambda d: d["calendar"].update(opening="18:00", closing="09:00"),
        "l'heure de fermeture \\(09:00\\) doit suivre",
    ),
    ("unknown time zone", lambda d: d["calendar"].update(timezone="Mars/Olympus"), "fuseau"),
    ("unknown holidays", lambda d: d["calendar"].update(holidays="fr-mars"), "fériés"),
]


@pytest.mark.parametrize(("label", "change", "message"), BAD_GRIDS, ids=[b[0] for b in BAD_GRIDS])
def test_bad_grids_are_explained(label, change, message):
    data = social_data()
    change(data)
    with pytest.raises(GridError, match=message):
        parse_grid(data, source="test.yaml")


def test_a_coordinator_copy_loads_from_its_file(tmp_path):
    data = social_data()
    data["id"] = "social-2026.2"
    _det(data, "reactivite")["weight"] = 30
    path = tmp_path / "social-2026.2.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    grid = load_grid_file(path)
    assert grid.id == "social-2026.2"
    assert grid.plan[1][1] == 30


def test_file_name_must_match_the_id(tmp_path):
    path = tmp_path / "autre.yaml"
    path.write_text(yaml.safe_dump(social_data(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        GridError, match="le nom du fichier et l'identifiant doivent être identiques"
    ):
        load_grid_file(path)


def test_broken_yaml_and_missing_file(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("id: [", encoding="utf-8")
    with pytest.raises(GridError, match="n'est pas un YAML valable"):
        load_grid_file(bad)
    with pytest.raises(GridError, match="Impossible de lire"):
        load_grid_file(tmp_path / "absent.yaml")
    with pytest.raises(GridError, match="dictionnaire"):
        parse_grid(["pas", "un", "dict"])
