"""Property tests: bounds, monotonicity (false → true never lowers a score), null is neutral."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring import (
    CATEGORIES,
    NLU_CRITERIA,
    SOCIAL_CHANNELS,
    available_grids,
    load_grid,
    score_exchange,
    score_panel,
    score_record,
)

PARIS = ZoneInfo("Europe/Paris")
SOCIAL = load_grid("social-2026.1")
BOOLEANS = [c for c in NLU_CRITERIA if c != "complete"]

boolean_value = st.sampled_from([True, False, None])
fraction_value = st.one_of(st.none(), st.floats(min_value=0, max_value=1))


@st.composite
def exchanges(draw, grid_id=None):
    grid = load_grid(grid_id or draw(st.sampled_from(available_grids())))
    criteria = {}
    for crit in grid.criteria.values():
        if crit.kind == "boolean":
            criteria[crit.id] = draw(boolean_value)
        elif crit.kind == "fraction":
            criteria[crit.id] = draw(fraction_value)
        elif crit.kind == "banded":
            criteria[crit.id] = draw(st.one_of(st.none(), st.integers(0, 20)))
    sent = draw(
        st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31))
    ).replace(tzinfo=PARIS)
    delays = draw(st.lists(st.integers(0, 20 * 24 * 60), max_size=3))
    return {
        "grid": grid,
        "scenario_kind": draw(st.sampled_from(grid.scenario_kinds)),
        "reachable": draw(st.booleans()),
        "sent_at": sent,
        "reply_times": [sent + timedelta(minutes=m) for m in delays],
        "criteria": criteria,
        "channel": grid.channels[0],
    }


def run(exchange, **changes):
    args = exchange | changes
    return score_exchange(args.pop("grid"), **args)


def scores_of(result):
    return [result.score, *result.determinants.values()]


@settings(max_examples=200, deadline=None)
@given(exchanges())
def test_scores_stay_between_0_and_100(exchange):
    result = run(exchange)
    assert result.score is not None
    for value in scores_of(result):
        assert value is None or 0 <= value <= 100
    rounded = result.as_dict()
    for value in [rounded["score"], *rounded["determinants"].values()]:
        assert value is None or 0 <= value <= 100


@settings(max_examples=200, deadline=None)
@given(exchanges(), st.data())
def test_false_to_true_never_lowers_any_score(exchange, data):
    criteria = exchange["criteria"]
    falses = [c for c, v in criteria.items() if v is False]
    assume(falses)
    flipped = data.draw(st.sampled_from(falses))
    before = run(exchange)
    after = run(exchange, criteria=criteria | {flipped: True})
    assert after.score >= before.score - 1e-9
    for det, value in before.determinants.items():
        if value is not None:
            assert after.determinants[det] >= value - 1e-9
        else:
            assert after.determinants[det] is None or after.score is not None


@settings(max_examples=150, deadline=None)
@given(exchanges(), st.data())
def test_more_complete_never_lowers_any_score(exchange, data):
    assume(exchange["criteria"].get("complete") is not None)
    before_value = exchange["criteria"]["complete"]
    higher = data.draw(st.floats(min_value=before_value, max_value=1))
    before = run(exchange)
    after = run(exchange, criteria=exchange["criteria"] | {"complete": higher})
    assert after.score >= before.score - 1e-9


@settings(max_examples=200, deadline=None)
@given(exchanges(), st.data())
def test_a_null_criterion_changes_nothing(exchange, data):
    criteria = exchange["criteria"]
    nulls = [c for c, v in criteria.items() if v is None]
    assume(nulls)
    dropped = data.draw(st.sampled_from(nulls))
    without = {c: v for c, v in criteria.items() if c != dropped}
    assert run(exchange) == run(exchange, criteria=without)


@settings(max_examples=200, deadline=None)
@given(exchanges(grid_id="social-2026.1"))
def test_a_null_criterion_weighs_nothing_in_its_determinant(exchange):
    # The determinant score equals the plain mean of the criteria that are not null.
    result = run(exchange)
    assume(exchange["reachable"] and exchange["reply_times"])
    judged = [
        exchange["criteria"][c]
        for c in ("salutation", "closing", "thanks", "register", "respectful_tone", "spelling")
    ]
    judged = [100.0 if v else 0.0 for v in judged if v is not None]
    expected = sum(judged) / len(judged) if judged else None
    assert result.determinants["courtoisie"] == expected


def _record(n, structure, channel, criteria, kind="information"):
    return {
        "id": f"ex-{n}",
        "channel": channel,
        "scenario_kind": kind,
        "reachable": True,
        "sent_at": "2026-03-02T10:00:00+01:00",
        "replies": [{"at": "2026-03-02T12:00:00+01:00"}],
        "criteria": criteria,
        "structure": structure,
    }


panel_rows = st.lists(
    st.tuples(
        st.integers(0, 4),  # structure
        st.sampled_from(SOCIAL_CHANNELS),
        st.fixed_dictionaries({c: boolean_value for c in BOOLEANS}),
    ),
    min_size=1,
    max_size=12,
)


def _aggregates(doc):
    yield doc["panel"]
    yield from doc["categories"].values()
    yield from doc["certified"].values()
    for structure in doc["structures"].values():
        yield structure
        yield from structure["channels"].values()


@settings(max_examples=80, deadline=None)
@given(panel_rows, st.data())
def test_false_to_true_never_lowers_a_panel_score(rows, data):
    structures = [
        {
            "id": f"s{i}",
            "name": f"Structure {i}",
            "category": CATEGORIES[i],
            "certified": i % 2 == 0,
        }
        for i in range(5)
    ]
    records = [_record(n, structures[s], ch, crit) for n, (s, ch, crit) in enumerate(rows)]
    falses = [(n, c) for n, r in enumerate(records) for c, v in r["criteria"].items() if v is False]
    assume(falses)
    n, crit = data.draw(st.sampled_from(falses))
    better = [dict(r) for r in records]
    better[n]["criteria"] = better[n]["criteria"] | {crit: True}
    before = score_panel(score_record(r) for r in records)
    after = score_panel(score_record(r) for r in better)
    for old, new in zip(_aggregates(before), _aggregates(after), strict=True):
        assert new["count"] == old["count"]
        if old["count"] == 0:  # an empty group (no certified structure drawn)
            assert old["score"] is None and new["score"] is None
            continue
        assert new["score"] >= old["score"]
        for det, value in old["determinants"].items():
            if value is not None and new["determinants"][det] is not None:
                assert new["determinants"][det] >= value
