"""Business-hours arithmetic: Monday–Friday 09:00–18:00 Europe/Paris, French holidays excluded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_CALENDAR",
    "HOLIDAY_SETS",
    "BusinessCalendar",
    "business_hours",
    "calendar_hours",
    "easter_sunday",
    "french_holidays",
]

_DAY = timedelta(days=1)
_YEARS = (2000, 2100)  # holidays precomputed for these years; others are computed on demand
_BASE_ORDINAL = date(_YEARS[0], 1, 1).toordinal()
_END_ORDINAL = date(_YEARS[1], 1, 1).toordinal()


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=256)
def _french_holidays(year: int) -> tuple[tuple[date, str], ...]:
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Jour de l'an",
        easter + timedelta(days=1): "Lundi de Pâques",
        date(year, 5, 1): "Fête du Travail",
        date(year, 5, 8): "Victoire 1945",
        easter + timedelta(days=39): "Ascension",
        easter + timedelta(days=50): "Lundi de Pentecôte",
        date(year, 7, 14): "Fête nationale",
        date(year, 8, 15): "Assomption",
        date(year, 11, 1): "Toussaint",
        date(year, 11, 11): "Armistice 1918",
        date(year, 12, 25): "Noël",
    }
    return tuple(sorted(days.items()))


def french_holidays(year: int) -> dict[date, str]:
    """The eleven public holidays of metropolitan France in `year`, date → French name."""
    return dict(_french_holidays(year))


@lru_cache(maxsize=256)
def _french_holiday_dates(year: int) -> frozenset[date]:
    return frozenset(day for day, _ in _french_holidays(year))


# Holiday sets a grid may name in its calendar. Alsace-Moselle (Good Friday, 26 December)
# would be one more line here when a panel needs it.
HOLIDAY_SETS = {
    "fr-metropole": _french_holiday_dates,
}


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Opening hours on working days in one time zone; holidays come from a named set.

    The window is in wall-clock time. Daylight-saving changes in Europe happen at night,
    outside any opening window, so each working day contributes exactly its window length.
    """

    timezone: str = "Europe/Paris"
    weekdays: frozenset[int] = frozenset(range(5))  # Monday = 0
    opening: time = time(9)
    closing: time = time(18)
    holidays: str = "fr-metropole"
    _tz: ZoneInfo = field(init=False, repr=False, compare=False)
    _open_s: int = field(init=False, repr=False, compare=False)
    _close_s: int = field(init=False, repr=False, compare=False)
    _closed: frozenset[date] = field(init=False, repr=False, compare=False)
    _table: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Holidays of the usual years in one set: the hot path is a single membership test.
        holidays_of = HOLIDAY_SETS[self.holidays]
        closed = frozenset(d for y in range(_YEARS[0], _YEARS[1]) for d in holidays_of(y))
        object.__setattr__(self, "_closed", closed)
        object.__setattr__(self, "_tz", ZoneInfo(self.timezone))
        object.__setattr__(self, "_open_s", _seconds(self.opening))
        object.__setattr__(self, "_close_s", _seconds(self.closing))

    def is_working_day(self, day: date) -> bool:
        if not _YEARS[0] <= day.year < _YEARS[1]:
            return day.weekday() in self.weekdays and day not in HOLIDAY_SETS[self.holidays](
                day.year
            )
        return day.weekday() in self.weekdays and day not in self._closed

    def seconds(self, start: datetime, end: datetime) -> float:
        """Business seconds between two aware datetimes (0 when `end` is not after `start`)."""
        tz = self._tz
        s = start.astimezone(tz)
        e = end.astimezone(tz)
        table = self._table or self._build_table()
        i = s.toordinal() - _BASE_ORDINAL
        j = e.toordinal() - _BASE_ORDINAL
        if i < 0 or j >= len(table) - 1:
            return self.seconds_by_days(start, end)
        # B(t) = business seconds from the table's origin to t; the answer is B(e) - B(s).
        # Clamped at 0: B only moves during opening hours, never across a DST change.
        open_s, window = self._open_s, self._close_s - self._open_s
        at, nxt = table[i], table[i + 1]
        if nxt != at:
            within = s.hour * 3600 + s.minute * 60 + s.second + s.microsecond / 1e6 - open_s
            if within >= window:
                at = nxt
            elif within > 0:
                at += within
        to, nxt = table[j], table[j + 1]
        if nxt != to:
            within = e.hour * 3600 + e.minute * 60 + e.second + e.microsecond / 1e6 - open_s
            if within >= window:
                to = nxt
            elif within > 0:
                to += within
        return float(to - at) if to > at else 0.0

    def _build_table(self) -> list[int]:
        """Cumulative business seconds at the start of each day of the precomputed years."""
        window = self._close_s - self._open_s
        table, total = [], 0
        for ordinal in range(_BASE_ORDINAL, _END_ORDINAL + 1):
            table.append(total)
            if self.is_working_day(date.fromordinal(ordinal)):
                total += window
        object.__setattr__(self, "_table", table)
        return table

    def seconds_by_days(self, start: datetime, end: datetime) -> float:
        """Same as `seconds`, computed day by day (any year; the reference in tests)."""
        tz = self._tz
        s = start.astimezone(tz)
        e = end.astimezone(tz)
        if e.timestamp() <= s.timestamp():
            return 0.0
        open_s, close_s = self._open_s, self._close_s
        s_day, e_day = s.date(), e.date()
        s_sec = s.hour * 3600 + s.minute * 60 + s.second + s.microsecond / 1e6
        e_sec = e.hour * 3600 + e.minute * 60 + e.second + e.microsecond / 1e6
        if s_day == e_day:
            if not self.is_working_day(s_day):
                return 0.0
            return max(0.0, min(e_sec, close_s) - max(s_sec, open_s))
        total = 0.0
        if self.is_working_day(s_day):
            total += max(0.0, close_s - max(s_sec, open_s))
        if self.is_working_day(e_day):
            total += max(0.0, min(e_sec, close_s) - open_s)
        first, last = s_day + _DAY, e_day - _DAY
        if first <= last:
            total += (close_s - open_s) * self._working_days(first, last)
        return total

    def hours(self, start: datetime, end: datetime) -> float:
        """Business hours between two aware datetimes."""
        return self.seconds(start, end) / 3600.0

    def _working_days(self, first: date, last: date) -> int:
        """Working days in [first, last], counted without walking every day."""
        n_days = (last - first).days + 1
        weeks, rest = divmod(n_days, 7)
        weekdays = self.weekdays
        start_wd = first.weekday()
        count = weeks * len(weekdays)
        count += sum(1 for i in range(rest) if (start_wd + i) % 7 in weekdays)
        holidays_of = HOLIDAY_SETS[self.holidays]
        for year in range(first.year, last.year + 1):
            for day in holidays_of(year):
                if first <= day <= last and day.weekday() in weekdays:
                    count -= 1
        return count


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


DEFAULT_CALENDAR = BusinessCalendar()


@lru_cache(maxsize=16)
def _calendar_for(tz: str) -> BusinessCalendar:
    return BusinessCalendar(timezone=tz)


def business_hours(start: datetime, end: datetime, tz: str = "Europe/Paris") -> float:
    """Business hours (Mon–Fri 09:00–18:00 in `tz`, French holidays excluded) from start to end."""
    _require_aware(start, end)
    return _calendar_for(tz).hours(start, end)


def calendar_hours(start: datetime, end: datetime) -> float:
    """Elapsed real hours from start to end (UTC arithmetic, so DST changes count right)."""
    _require_aware(start, end)
    # Subtracting two datetimes that share a tzinfo is wall-clock arithmetic in Python;
    # going through UTC gives elapsed time across a daylight-saving change.
    return (end.astimezone(_UTC) - start.astimezone(_UTC)).total_seconds() / 3600.0


_UTC = ZoneInfo("UTC")


def _require_aware(*moments: datetime) -> None:
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(
                f"L'horodatage {moment.isoformat()} n'indique pas son fuseau horaire "
                "(ajoutez un décalage, par exemple +01:00)."
            )
