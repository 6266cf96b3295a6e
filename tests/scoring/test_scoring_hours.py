"""Business hours: French holidays, weekends, daylight-saving weekends, calendar hours."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import (
    BusinessCalendar,
    business_hours,
    calendar_hours,
    easter_sunday,
    french_holidays,
    load_grid,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),  # earliest possible date
        (1943, date(1943, 4, 25)),  # latest possible date
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_french_holidays_2026():
    assert french_holidays(2026) == {
        date(2026, 1, 1): "Jour de l'an",
        date(2026, 4, 6): "Lundi de Pâques",
        date(2026, 5, 1): "Fête du Travail",
        date(2026, 5, 8): "Victoire 1945",
        date(2026, 5, 14): "Ascension",
        date(2026, 5, 25): "Lundi de Pentecôte",
        date(2026, 7, 14): "Fête nationale",
        date(2026, 8, 15): "Assomption",
        date(2026, 11, 1): "Toussaint",
        date(2026, 11, 11): "Armistice 1918",
        date(2026, 12, 25): "Noël",
    }


def test_french_holidays_returns_a_copy():
    french_holidays(2027).clear()
    assert len(french_holidays(2027)) == 11


CASES = [
    # (label, start, end, business hours)
    ("same hour", paris(2026, 3, 2, 10), paris(2026, 3, 2, 11), 1.0),
    ("before opening to 09:30", paris(2026, 3, 2, 7), paris(2026, 3, 2, 9, 30), 0.5),
    ("evening to next morning", paris(2026, 3, 2, 17), paris(2026, 3, 3, 10), 2.0),
    ("night only", paris(2026, 3, 2, 19), paris(2026, 3, 3, 8, 59), 0.0),
    ("a full working day", paris(2026, 3, 2, 9), paris(2026, 3, 2, 18), 9.0),
    ("a full week", paris(2026, 3, 2, 0), paris(2026, 3, 9, 0), 45.0),
    ("Saturday to Sunday", paris(2026, 3, 7, 10), paris(2026, 3, 8, 16), 0.0),
    ("Friday evening to Monday", paris(2026, 3, 6, 17), paris(2026, 3, 9, 10), 2.0),
    ("Saturday to Monday 09:30", paris(2026, 3, 7, 12), paris(2026, 3, 9, 9, 30), 0.5),
    # Easter Monday 6 April 2026 is closed.
    ("Easter weekend", paris(2026, 4, 3, 17), paris(2026, 4, 7, 10), 2.0),
    ("on Easter Monday", paris(2026, 4, 6, 9), paris(2026, 4, 6, 18), 0.0),
    # 14 July 2026 is a Tuesday.
    ("over 14 July", paris(2026, 7, 13, 17), paris(2026, 7, 15, 9, 30), 1.5),
    ("Christmas", paris(2026, 12, 24, 17), paris(2026, 12, 28, 10), 2.0),
    ("Ascension bridge", paris(2026, 5, 13, 17), paris(2026, 5, 15, 10), 2.0),
    ("New Year", paris(2026, 12, 31, 17), paris(2027, 1, 4, 10), 2.0),
    # Daylight saving: 29 March 2026 (02:00 → 03:00), 25 October 2026 (03:00 → 02:00).
    ("spring DST weekend", paris(2026, 3, 27, 17), paris(2026, 3, 30, 10), 2.0),
    ("autumn DST weekend", paris(2026, 10, 23, 17), paris(2026, 10, 26, 10), 2.0),
    (
        "across DST, UTC input",
        datetime(2026, 3, 27, 16, tzinfo=UTC),
        datetime(2026, 3, 30, 8, tzinfo=UTC),
        2.0,
    ),
    ("reversed interval", paris(2026, 3, 3, 10), paris(2026, 3, 2, 10), 0.0),
    # 30 Apr 12–18 (6) + 4–7 May (36) + 11–13 May (27) + 15 May 9–12 (3): 1, 8, 14 May closed.
    ("May holidays", paris(2026, 4, 30, 12), paris(2026, 5, 15, 12), 72.0),
]


@pytest.mark.parametrize(("label", "start", "end", "expected"), CASES, ids=[c[0] for c in CASES])
def test_business_hours(label, start, end, expected):
    assert business_hours(start, end) == pytest.approx(expected)
    calendar = load_grid().calendar
    assert calendar.seconds_by_days(start, end) / 3600 == pytest.approx(expected)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (paris(2026, 3, 28, 12), paris(2026, 3, 29, 12), 23.0),  # spring forward
        (paris(2026, 10, 24, 12), paris(2026, 10, 25, 12), 25.0),  # fall back
        (paris(2026, 3, 2, 10), paris(2026, 3, 2, 11, 30), 1.5),
        (datetime(2026, 3, 2, 9, tzinfo=UTC), paris(2026, 3, 2, 11), 1.0),
    ],
)
def test_calendar_hours_counts_real_time(start, end, expected):
    assert calendar_hours(start, end) == pytest.approx(expected)


def test_naive_datetimes_are_refused_in_french():
    with pytest.raises(ValueError, match="fuseau horaire"):
        business_hours(datetime(2026, 3, 2, 10), paris(2026, 3, 2, 11))
    with pytest.raises(ValueError, match="fuseau horaire"):
        calendar_hours(paris(2026, 3, 2, 10), datetime(2026, 3, 2, 11))


def test_other_time_zone_and_years_outside_the_table():
    # A reunion-island calendar uses its own zone; far years fall back to day-by-day.
    assert business_hours(
        datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Indian/Reunion")),
        datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Indian/Reunion")),
        tz="Indian/Reunion",
    ) == pytest.approx(1.0)
    assert business_hours(paris(2150, 12, 24, 17), paris(2150, 12, 28, 10)) == pytest.approx(
        BusinessCalendar().seconds_by_days(paris(2150, 12, 24, 17), paris(2150, 12, 28, 10)) / 3600
    )


moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(PARIS)
)


@settings(max_examples=200, deadline=None)
@given(moments, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)))
def test_table_and_day_by_day_agree(start, span):
    end = start + span
    calendar = load_grid().calendar
    assert calendar.seconds(start, end) == pytest.approx(calendar.seconds_by_days(start, end))


@settings(max_examples=150, deadline=None)
@given(moments, moments, moments)
def test_business_hours_add_up_and_stay_below_calendar_hours(a, b, c):
    a, b, c = sorted((a, b, c), key=lambda m: m.timestamp())
    whole = business_hours(a, c)
    assert whole == pytest.approx(business_hours(a, b) + business_hours(b, c), abs=1e-6)
    assert 0 <= whole <= calendar_hours(a, c) + 1e-9
