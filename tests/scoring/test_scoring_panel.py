"""Structure, category, certified and panel aggregates (RUBRIC rule 5), evolutions, best."""

import pytest

from scoring import (
    CATEGORY_LABELS,
    PanelBuilder,
    PanelInputError,
    parse_channel_weights,
    score_panel,
)

MAIRIE = {
    "id": "s1",
    "name": "Mairie de Saint-Aubin",
    "category": "ville_moins_20000",
    "certified": True,
}
VILLE = {
    "id": "s2",
    "name": "Ville de Port-Neuf",
    "category": "ville_moins_20000",
    "certified": False,
}
REGION = {"id": "s3", "name": "Région Ouest", "category": "region", "certified": False}


def scored(structure, channel, score, **determinants):
    dets = {
        "accessibilite": 100.0,
        "reactivite": None,
        "courtoisie": None,
        "personnalisation": None,
        "qualite_reponse": None,
        "gestion_attente": None,
        "efficacite_transfert": None,
        "gestion_reclamations": None,
    } | determinants
    return {
        "id": f"ex-{structure['id']}-{channel}-{score}",
        "grid": "social-2026.1",
        "first_reply_delay": None,
        "determinants": dets,
        "score": score,
        "channel": channel,
        "structure": structure,
    }


EXCHANGES = [
    scored(MAIRIE, "twitter", 80.0, reactivite=100.0),
    scored(MAIRIE, "twitter", 60.0, reactivite=60.0),
    scored(MAIRIE, "facebook", 40.0, reactivite=20.0, courtoisie=50.0),
    scored(VILLE, "twitter", 20.0, reactivite=0.0),
    scored(REGION, "facebook", 90.0, reactivite=80.0),
    scored(REGION, "facebook", 70.0),
]


def test_structure_per_channel_and_global():
    doc = score_panel(EXCHANGES)
    s1 = doc["structures"]["s1"]
    assert s1["count"] == 3
    assert s1["channels"]["twitter"]["score"] == 70.0  # mean of 80 and 60
    assert s1["channels"]["twitter"]["count"] == 2
    assert s1["channels"]["twitter"]["determinants"]["reactivite"] == 80.0
    assert s1["channels"]["facebook"]["score"] == 40.0
    assert s1["score"] == 55.0  # equal channel weights: (70 + 40) / 2
    assert s1["determinants"]["reactivite"] == 50.0  # (80 + 20) / 2
    assert s1["determinants"]["courtoisie"] == 50.0  # only facebook judged it
    assert s1["determinants"]["personnalisation"] is None
    assert (s1["name"], s1["category"], s1["certified"]) == (
        "Mairie de Saint-Aubin",
        "ville_moins_20000",
        True,
    )
    # null determinants are left out of means: REGION's reactivite is 80 from one exchange.
    assert doc["structures"]["s3"]["determinants"]["reactivite"] == 80.0


def test_channel_weights_from_the_campaign():
    doc = score_panel(EXCHANGES, channel_weights={"twitter": 3, "facebook": 1})
    assert doc["structures"]["s1"]["score"] == 62.5  # (3×70 + 40) / 4
    assert doc["structures"]["s1"]["determinants"]["reactivite"] == 65.0  # (3×80 + 20) / 4
    assert doc["channel_weights"] == {"twitter": 3, "facebook": 1}
    with pytest.raises(PanelInputError, match="ne couvrent pas : facebook"):
        score_panel(EXCHANGES, channel_weights={"twitter": 1})


def test_groups_are_means_of_structure_scores():
    doc = score_panel(EXCHANGES)
    panel = doc["panel"]
    assert (panel["count"], panel["exchanges"]) == (3, 6)
    assert panel["score"] == pytest.approx((55 + 20 + 80) / 3, abs=0.01)
    assert panel["channels"]["twitter"] == {
        "count": 2,
        "score": 45.0,  # structures s1 (70) and s2 (20)
        "determinants": panel["channels"]["twitter"]["determinants"],
    }
    small = doc["categories"]["ville_moins_20000"]
    assert small["label"] == CATEGORY_LABELS["ville_moins_20000"]
    assert (small["count"], small["score"]) == (2, 37.5)
    assert doc["categories"]["region"]["score"] == 80.0
    assert list(doc["categories"]) == ["ville_moins_20000", "region"]  # CATEGORIES order
    assert doc["certified"]["certified"]["count"] == 1
    assert doc["certified"]["certified"]["score"] == 55.0
    assert doc["certified"]["non_certified"]["score"] == 50.0  # (20 + 80) / 2
    assert doc["grids"] == ["social-2026.1"]


def test_best_structure_of_each_category():
    doc = score_panel(EXCHANGES)
    assert doc["categories"]["ville_moins_20000"]["best"] == {
        "id": "s1",
        "name": "Mairie de Saint-Aubin",
        "score": 55.0,
        "count": 3,
    }
    tie = [scored(MAIRIE, "twitter", 50.0), scored(VILLE, "twitter", 50.0)]
    tie.append(scored(VILLE, "twitter", 50.0))
    # Equal scores: more exchanges wins, then the lower id.
    assert score_panel(tie)["categories"]["ville_moins_20000"]["best"]["id"] == "s2"


def test_evolution_against_a_previous_edition():
    before = score_panel(EXCHANGES)
    after = score_panel(
        [*EXCHANGES, scored(VILLE, "twitter", 60.0, reactivite=100.0)], previous=before
    )
    evolution = after["structures"]["s2"]["evolution"]
    assert evolution["previous_score"] == 20.0
    assert evolution["score"] == 20.0  # 40 now
    assert evolution["determinants"]["reactivite"] == 50.0
    assert evolution["determinants"]["courtoisie"] is None
    assert after["structures"]["s1"]["evolution"]["score"] == 0.0
    assert after["categories"]["ville_moins_20000"]["evolution"]["score"] == 10.0
    assert after["panel"]["evolution"]["score"] == pytest.approx(20 / 3, abs=0.01)
    assert after["certified"]["non_certified"]["evolution"]["score"] == 10.0
    assert after["structures"]["s2"]["channels"]["twitter"]["evolution"]["score"] == 20.0
    new = score_panel([scored({**REGION, "id": "s9"}, "twitter", 10.0)], previous=before)
    assert new["structures"]["s9"]["evolution"] is None  # not in the previous edition
    assert "evolution" not in before["panel"]
    with pytest.raises(PanelInputError, match="clé « panel » absente"):
        score_panel(EXCHANGES, previous={"structures": {}})


BAD = [
    ("not an object", ["x"], "objet JSON"),
    ("error line", [{"id": "ex-1", "error": "ligne 1 : JSON illisible"}], "non noté"),
    (
        "no structure",
        [scored(MAIRIE, "twitter", 1.0) | {"structure": None}],
        "« structure » manque",
    ),
    (
        "unknown category",
        [scored({**MAIRIE, "category": "commune"}, "twitter", 1.0)],
        "Catégorie « commune » inconnue",
    ),
    ("certified as text", [scored({**MAIRIE, "certified": "oui"}, "twitter", 1.0)], "certified"),
    ("score above 100", [scored(MAIRIE, "twitter", 101.0)], "entre 0 et 100"),
    ("unknown channel", [scored(MAIRIE, "fax", 1.0)], "Canal « fax »"),
    ("bad determinant", [scored(MAIRIE, "twitter", 1.0, courtoisie="bien")], "« courtoisie »"),
    (
        "structure described twice",
        [scored(MAIRIE, "twitter", 1.0), scored({**MAIRIE, "name": "Autre"}, "twitter", 1.0)],
        "décrite autrement",
    ),
]


@pytest.mark.parametrize(("label", "exchanges", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_exchanges_are_explained(label, exchanges, message):
    with pytest.raises(PanelInputError, match=message):
        score_panel(exchanges)


def test_a_bad_exchange_leaves_the_builder_unchanged():
    builder = PanelBuilder()
    builder.add(EXCHANGES[0])
    with pytest.raises(PanelInputError):
        builder.add(scored(VILLE, "twitter", 500.0))
    doc = builder.document()
    assert list(doc["structures"]) == ["s1"]
    assert builder.exchanges == 1


def test_empty_panel():
    doc = score_panel([])
    assert doc["panel"]["count"] == 0
    assert doc["panel"]["score"] is None
    assert doc["categories"] == {} and doc["structures"] == {}


def test_channel_weights_option():
    assert parse_channel_weights("twitter=2, facebook=1") == {"twitter": 2.0, "facebook": 1.0}
    for text, message in [
        ("twitter", "illisible"),
        ("twitter=deux", "illisible"),
        ("fax=1", "Canal inconnu"),
        ("twitter=0", "strictement positif"),
        ("", "Aucun poids"),
    ]:
        with pytest.raises(PanelInputError, match=message):
            parse_channel_weights(text)


def test_other_grids_and_channels_mix_in_one_panel():
    email = scored(MAIRIE, "email", 30.0) | {"grid": "email-2026.1"}
    doc = score_panel([*EXCHANGES, email])
    assert doc["grids"] == ["email-2026.1", "social-2026.1"]
    assert doc["structures"]["s1"]["score"] == pytest.approx((70 + 40 + 30) / 3, abs=0.01)
