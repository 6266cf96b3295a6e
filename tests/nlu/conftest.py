"""NLU fixtures: the shipped grader, loaded once per test session (spaCy takes seconds)."""

from __future__ import annotations

import copy

import pytest

BASE = {
    "id": "t-1",
    "channel": "twitter",
    "structure": {"name": "Mairie de Saint-Aubin"},
    "persona": {"first_name": "Claire", "last_name": "Martin", "civility": "Madame"},
    "scenario": {
        "id": "cni-renouvellement",
        "kind": "information",
        "question": "Bonjour, comment renouveler ma carte d'identité ?",
        "expected": [
            {
                "id": "rdv",
                "label": "La demande se dépose en mairie sur rendez-vous",
                "keywords": ["rendez-vous"],
            },
            {"id": "gratuit", "label": "Le renouvellement est gratuit"},
        ],
        "reference": [
            "Le dépôt se fait uniquement sur rendez-vous",
            "Le renouvellement est gratuit",
            "La mairie est ouverte de 8 h 30 à 17 h",
        ],
    },
    "question": {
        "text": "@MairieStAubin Bonjour, comment renouveler ma carte d'identité ?",
        "sent_at": "2026-03-02T10:00:00+01:00",
    },
    "replies": [],
}


def make_exchange(*texts: str, kind: str = "information", **persona) -> dict:
    """A test exchange with the given reply texts (one per message)."""
    exchange = copy.deepcopy(BASE)
    exchange["replies"] = [
        {"text": t, "at": f"2026-03-02T1{i + 1}:00:00+01:00"} for i, t in enumerate(texts)
    ]
    exchange["scenario"]["kind"] = kind
    exchange["persona"].update(persona)
    return exchange


@pytest.fixture(scope="session")
def grader():
    from nlu import get_grader

    return get_grader()


@pytest.fixture(scope="session")
def grade(grader):
    """grade(*texts, kind=...) -> criteria dict with plain values."""

    def run(*texts: str, kind: str = "information", **persona) -> dict:
        return grader.grade(make_exchange(*texts, kind=kind, **persona))

    return run


def values(line: dict) -> dict:
    return {k: v["value"] for k, v in line["criteria"].items()}
