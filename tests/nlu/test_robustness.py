"""Odd replies never crash the grader and are graded sensibly."""

from __future__ import annotations

from tests.nlu.conftest import make_exchange, values


def test_empty_text(grader):
    line = grader.grade(make_exchange(""))
    assert line["intents"] == ["other"] and values(line)["relevant"] is False


def test_emoji_only(grader):
    line = grader.grade(make_exchange("😍💍"))
    assert line["intents"] == ["other"] and values(line)["respectful_tone"] is False


def test_english_reply_is_graded(grader):
    line = grader.grade(
        make_exchange(
            "Hello Claire, you need an appointment at the town hall, it is free. Kind regards, Paul"
        )
    )
    v = values(line)
    assert v["salutation"] and v["closing"] and v["name_used"] and v["register"]


def test_huge_text(grader):
    text = "Bonjour, le dépôt se fait sur rendez-vous en mairie. " * 2000
    line = grader.grade(make_exchange(text))
    assert line["criteria"]["salutation"]["value"] is True
    assert all(e["end"] <= len(text) for c in line["criteria"].values() for e in c["evidence"])


def test_missing_optional_fields(grader):
    exchange = make_exchange("Bonjour, c'est gratuit.")
    del exchange["persona"], exchange["question"], exchange["scenario"]["reference"]
    exchange["replies"][0].pop("at")
    assert grader.grade(exchange)["criteria"]["name_used"]["value"] is False


def test_malformed_exchange_raises_french_error(grader):
    import pytest

    with pytest.raises(ValueError, match="replies"):
        grader.grade({"id": "x", "scenario": {}, "replies": None})


def test_special_content_is_recognised(grader):
    text = "Bonjour, écrivez à etat-civil@ville.fr ou appelez le 03 80 12 34 56, du lundi au vendredi de 8 h 30 à 17 h. https://www.ville.fr/cni #CNI 😊"
    line = grader.grade(make_exchange(text))
    quoted = {text[e["start"] : e["end"]] for e in line["criteria"]["actionable"]["evidence"]}
    assert values(line)["actionable"] is True
    assert {"etat-civil@ville.fr", "03 80 12 34 56"} <= quoted
