"""Criterion → determinant → exchange scores: every rule of RUBRIC.md, table-driven."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from scoring import (
    DETERMINANTS,
    NLU_CRITERIA,
    ScoreInputError,
    load_grid,
    round_score,
    score_exchange,
    score_record,
)

PARIS = ZoneInfo("Europe/Paris")
MONDAY_9 = datetime(2026, 3, 2, 9, tzinfo=PARIS)  # an ordinary Monday, no holiday that week
SOCIAL = load_grid("social-2026.1")
ALL_TRUE = {c: True for c in NLU_CRITERIA} | {"complete": 1.0}


def score(
    criteria=None,
    *,
    kind="information",
    reachable=True,
    sent_at=MONDAY_9,
    replies=(timedelta(minutes=30),),
    grid=SOCIAL,
    channel="twitter",
):
    criteria = ALL_TRUE if criteria is None else criteria
    return score_exchange(
        grid,
        scenario_kind=kind,
        reachable=reachable,
        sent_at=sent_at,
        reply_times=[sent_at + r if isinstance(r, timedelta) else r for r in replies],
        criteria=criteria,
        channel=channel,
    )


def after(days: int = 0, hours: float = 0, seconds: int = 0) -> datetime:
    return MONDAY_9 + timedelta(days=days, hours=hours, seconds=seconds)


# Replies from Monday 09:00; one working day is 9 business hours (09:00–18:00).
BANDS = [
    ("immediate", after(), 0, 100),
    ("exactly 1 h", after(hours=1), 1, 100),
    ("just above 1 h", after(hours=1, seconds=1), 1, 80),
    ("exactly 4 h", after(hours=4), 4, 80),
    ("just above 4 h", after(hours=4, seconds=1), 4, 60),
    ("exactly 9 h (Monday 18:00)", after(hours=9), 9, 60),
    ("Monday evening is still 9 h", after(hours=14), 9, 60),
    ("just above 9 h (Tuesday 09:00:01)", after(days=1, seconds=1), 9, 40),
    ("exactly 18 h (Tuesday 18:00)", after(days=1, hours=9), 18, 40),
    ("just above 18 h", after(days=2, seconds=1), 18, 20),
    ("exactly 45 h (Friday 18:00)", after(days=4, hours=9), 45, 20),
    ("Saturday after 45 h", after(days=5, hours=3), 45, 20),
    ("just above 45 h (next Monday)", after(days=7, seconds=1), 45, 0),
    ("a month later", after(days=30), None, 0),
]


@pytest.mark.parametrize(("label", "reply", "hours", "expected"), BANDS, ids=[b[0] for b in BANDS])
def test_delay_bands(label, reply, hours, expected):
    result = score(replies=[reply])
    assert result.determinants["reactivite"] == expected
    if hours is not None:
        assert result.first_reply_delay["business_hours"] == pytest.approx(hours, abs=1e-3)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


CALENDAR_CASES = [
    # (label, sent, first reply, business hours, reactivite)
    ("Saturday → Sunday", paris(2026, 3, 7, 10), paris(2026, 3, 8, 20), 0, 100),
    ("Friday 17:30 → Monday 10:00", paris(2026, 3, 6, 17, 30), paris(2026, 3, 9, 10), 1.5, 80),
    ("on Easter Monday", paris(2026, 4, 6, 10), paris(2026, 4, 6, 16), 0, 100),
    ("over Easter Monday", paris(2026, 4, 3, 17, 30), paris(2026, 4, 7, 9, 45), 1.25, 80),
    ("on 14 July", paris(2026, 7, 14, 9), paris(2026, 7, 14, 18), 0, 100),
    ("over 14 July", paris(2026, 7, 13, 12), paris(2026, 7, 15, 12), 9, 60),
    ("Christmas Eve → 28 Dec", paris(2026, 12, 24, 14), paris(2026, 12, 28, 14), 9, 60),
    ("spring DST weekend", paris(2026, 3, 27, 17, 30), paris(2026, 3, 30, 9, 30), 1, 100),
    (
        "autumn DST weekend",
        paris(2026, 10, 23, 17, 30),
        paris(2026, 10, 26, 9, 31),
        31 / 60 + 0.5,
        80,
    ),
]


@pytest.mark.parametrize(
    ("label", "sent", "reply", "hours", "expected"),
    CALENDAR_CASES,
    ids=[c[0] for c in CALENDAR_CASES],
)
def test_weekends_holidays_and_dst(label, sent, reply, hours, expected):
    result = score(sent_at=sent, replies=[reply])
    assert result.first_reply_delay["business_hours"] == pytest.approx(hours)
    assert result.determinants["reactivite"] == expected


def test_calendar_hours_stored_beside_business_hours():
    result = score(sent_at=paris(2026, 3, 27, 17, 30), replies=[paris(2026, 3, 30, 9, 30)])
    # 64 wall-clock hours minus the hour lost on 29 March.
    assert result.first_reply_delay == {"business_hours": 1.0, "calendar_hours": 63.0}


def test_first_reply_is_the_earliest_and_offsets_are_mixed():
    replies = [
        datetime(2026, 3, 2, 12, tzinfo=UTC),  # 13:00 Paris
        datetime(2026, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=1))),  # earliest
    ]
    result = score(replies=replies)
    assert result.first_reply_delay["business_hours"] == pytest.approx(1.5)
    assert result.determinants["reactivite"] == 80


def test_everything_right_scores_100():
    result = score()
    assert result.score == 100
    assert result.determinants == dict.fromkeys(DETERMINANTS, 100.0) | {
        "gestion_reclamations": None  # information scenario
    }


def test_worked_example():
    criteria = ALL_TRUE | {"complete": 0.5, "empathy": None, "remedy": None}
    result = score(criteria, replies=[after(hours=1.5)])
    assert result.determinants["reactivite"] == 80
    assert result.determinants["qualite_reponse"] == pytest.approx(87.5)  # (100+50+100+100)/4
    # (10×100 + 25×80 + 20×100 + 15×100 + 30×87.5 + 5×100 + 5×100) / 110
    assert result.score == pytest.approx(10125 / 110)
    assert result.as_dict()["score"] == 92.05


def test_criterion_weights_are_equal_by_default_and_null_is_left_out():
    criteria = ALL_TRUE | {"salutation": False, "closing": None, "thanks": None, "spelling": None}
    result = score(criteria)
    assert result.determinants["courtoisie"] == pytest.approx(100 * 2 / 3)  # 2 of 3 judged


def test_a_determinant_without_applicable_criterion_is_left_out():
    criteria = ALL_TRUE | {"acknowledgement": None, "followup_kept": None, "redirect_precise": None}
    result = score(criteria, replies=[after(hours=2)])
    assert result.determinants["gestion_attente"] is None
    assert result.determinants["efficacite_transfert"] is None
    # (10×100 + 25×80 + 20×100 + 15×100 + 30×100) / 100
    assert result.score == pytest.approx(95.0)


def test_no_reply_rule_information():
    result = score(ALL_TRUE, replies=[])
    assert result.first_reply_delay is None
    assert result.determinants == {
        "accessibilite": 100.0,
        "reactivite": 0.0,
        "courtoisie": 0.0,  # every criterion false, not null
        "personnalisation": 0.0,
        "qualite_reponse": 0.0,
        "gestion_attente": None,
        "efficacite_transfert": None,
        "gestion_reclamations": None,
    }
    assert result.score == pytest.approx(10.0)  # 10×100 / (10+25+20+15+30)


def test_no_reply_rule_complaint_even_with_null_criteria():
    nulls = dict.fromkeys(NLU_CRITERIA)
    result = score(nulls, kind="complaint", replies=[])
    assert result.determinants["gestion_reclamations"] == 0.0
    assert result.determinants["courtoisie"] == 0.0
    assert result.score == pytest.approx(1000 / 110)


def test_unreachable_rule():
    result = score(ALL_TRUE, reachable=False, replies=[after(hours=1)])
    assert result.score == 0.0
    assert result.first_reply_delay is None
    assert result.determinants == dict.fromkeys(DETERMINANTS) | {"accessibilite": 0.0}


def test_complaints_only_for_gestion_reclamations():
    criteria = ALL_TRUE | {"empathy": False, "remedy": True}
    assert score(criteria, kind="information").determinants["gestion_reclamations"] is None
    assert score(criteria, kind="complaint").determinants["gestion_reclamations"] == 50.0


def test_complete_is_a_fraction():
    criteria = ALL_TRUE | {"complete": 0.25}
    assert score(criteria).determinants["qualite_reponse"] == pytest.approx((300 + 25) / 4)


def test_measured_criteria_come_from_the_arguments():
    # A stray "reachable": false in the criteria does not override the send outcome.
    result = score(ALL_TRUE | {"reachable": False, "first_reply_delay": None})
    assert result.score == 100


BAD_INPUTS = [
    ("unknown criterion", {"criteria": ALL_TRUE | {"politesse": True}}, "inconnu.*politesse"),
    ("boolean as 1", {"criteria": ALL_TRUE | {"thanks": 1}}, "« thanks » vaut 1"),
    ("boolean as 0.5", {"criteria": ALL_TRUE | {"spelling": 0.5}}, "« spelling » vaut 0.5"),
    ("boolean as text", {"criteria": ALL_TRUE | {"thanks": "oui"}}, "true, false ou null"),
    ("fraction above 1", {"criteria": ALL_TRUE | {"complete": 1.5}}, "entre 0 et 1"),
    ("fraction as boolean", {"criteria": ALL_TRUE | {"complete": True}}, "entre 0 et 1"),
    ("unknown kind", {"kind": "plainte"}, "Type de scénario « plainte » inconnu"),
    ("channel of another grid", {"channel": "email"}, "canal « email » n'est pas noté"),
    ("reply long before send", {"replies": [MONDAY_9 - timedelta(hours=1)]}, "antérieure"),
    ("no send time", {"sent_at": None, "replies": [after(hours=1)]}, "sent_at"),
    ("naive reply", {"replies": [datetime(2026, 3, 2, 10)]}, "fuseau horaire"),
]


@pytest.mark.parametrize(("label", "kwargs", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_inputs_are_explained(label, kwargs, message):
    criteria = kwargs.pop("criteria", None)
    with pytest.raises(ScoreInputError, match=message):
        score(criteria, **kwargs)


def test_clock_skew_of_a_few_seconds_is_an_immediate_reply():
    result = score(replies=[MONDAY_9 - timedelta(seconds=20)])
    assert result.first_reply_delay == {"business_hours": 0.0, "calendar_hours": 0.0}
    assert result.determinants["reactivite"] == 100


def test_phone_grid_scores_rings_and_hold():
    phone = load_grid("phone-2026.1")
    base = {c: True for c in phone.graded_criteria} | {"complete": 1.0}
    result = score(base | {"rings": 4, "hold_minutes": None}, grid=phone, channel="phone")
    assert result.determinants["reactivite"] == 80
    result = score(base | {"rings": 2, "hold_minutes": 4}, grid=phone, channel="phone")
    assert result.determinants["reactivite"] == pytest.approx((100 + 40) / 2)
    nobody = score(base, grid=phone, channel="phone", replies=[])
    assert nobody.determinants["reactivite"] == 0
    with pytest.raises(ScoreInputError, match="nombre positif"):
        score(base | {"rings": -1}, grid=phone, channel="phone")


def test_email_grid_uses_working_days():
    email = load_grid("email-2026.1")
    base = {c: True for c in email.graded_criteria} | {"complete": 1.0}
    # Monday 09:00 → Friday 18:00 is 45 business hours: the barometer's 5 working days.
    result = score(base, grid=email, channel="email", replies=[after(days=4, hours=9)])
    assert result.determinants["reactivite"] == 40


def test_as_dict_is_the_contract_rounded_to_2_decimals():
    result = score(ALL_TRUE | {"complete": 1 / 3}, replies=[after(minutes := 0, hours=1 / 3)])
    data = result.as_dict()
    assert list(data) == ["grid", "first_reply_delay", "determinants", "score"]
    assert data["grid"] == "social-2026.1"
    assert data["first_reply_delay"] == {"business_hours": 0.33, "calendar_hours": 0.33}
    assert data["determinants"]["qualite_reponse"] == 83.33
    assert result.determinants["qualite_reponse"] == pytest.approx(250 / 3)  # exact inside
    assert minutes == 0
    assert round_score(None) is None and round_score(12.345678) == 12.35


def test_score_record_contract():
    record = {
        "id": "ex-001",
        "channel": "twitter",
        "scenario_kind": "information",
        "reachable": True,
        "sent_at": "2026-03-02T10:00:00+01:00",
        "replies": [{"at": "2026-03-02T11:30:00+01:00"}],
        "criteria": {"salutation": True, "complete": 0.5},
    }
    out = score_record(record)
    assert list(out)[:5] == ["id", "grid", "first_reply_delay", "determinants", "score"]
    assert out["first_reply_delay"] == {"business_hours": 1.5, "calendar_hours": 1.5}
    assert out["channel"] == "twitter"
    # The grader's own output shape is accepted; a re-score keeps the recorded grid.
    graded = record | {"criteria": {"salutation": {"value": True, "confidence": 0.9}}}
    assert score_record(graded)["determinants"]["courtoisie"] == 100.0
    assert score_record(record | {"grid": "social-2026.1"})["grid"] == "social-2026.1"
    with pytest.raises(ScoreInputError, match="fuseau horaire"):
        score_record(record | {"sent_at": "2026-03-02T10:00:00"})
    with pytest.raises(ScoreInputError, match="réponse n°1"):
        score_record(record | {"replies": [{"when": "2026-03-02T11:30:00+01:00"}]})
    with pytest.raises(ScoreInputError, match="« reachable » doit valoir true ou false"):
        score_record(record | {"reachable": "oui"})
