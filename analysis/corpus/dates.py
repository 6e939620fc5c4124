"""Publication dates: read once when a corpus is loaded, in the forms news data comes in.

:func:`parse_date` turns a date as found in metadata into ``YYYY-MM-DD`` (or ``""`` when
there is none or it cannot be read). Understood:

* ISO 8601: ``2019-07-12``, ``2019-07-12T10:30:00Z``, ``2019-07-12 10:30:00+03:00``,
  ``20190712``, ``2019/07/12``, ``2019.07.12``;
* numbers with slashes, dots or dashes, month first as in US news data
  (``7/12/2019``, ``9/28/16``); when the first number cannot be a month (``25/12/2019``)
  it is read day first. Two-digit years are 19xx from 70 on, else 20xx;
* month names in English, full or abbreviated, with or without the weekday:
  ``July 12, 2019``, ``Jul. 12 2019``, ``12 July 2019``, ``Fri, 12 Jul 2019 10:30:00 +0000``
  (RFC 2822, as in RSS feeds), ``Friday, July 12, 2019 - 10:30``, ``12-Jul-2019``.

A date with no day (``2019-07``, ``July 2019``, ``2019``) or an impossible one
(``2019-02-30``) is not guessed: it is returned as ``""`` and counted as unreadable by
:func:`dating_report`. The time of day and the time zone are dropped (the calendar date
as written is kept).
"""

from __future__ import annotations

import datetime as _dt
import re

import pandas as pd

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
_TAIL = r"(?:[\sT,@-].*)?$"  # a time of day, a zone, anything after the date

_ISO = re.compile(r"^(?P<y>\d{4})(?:(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})|(?P<m2>\d{2})(?P<d2>\d{2}))" + _TAIL)
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})" + _TAIL)
_NAME_DAY_YEAR = re.compile(
    "^" + _WEEKDAY + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _TAIL, re.IGNORECASE
)
_DAY_NAME_YEAR = re.compile(
    "^" + _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?" + _MONTH + r",?[\s-]+(?P<y>\d{4}|\d{2})" + _TAIL,
    re.IGNORECASE,
)


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 1900 if y >= 70 else 2000
    return y


def _iso(y: int, m: int, d: int) -> str:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return ""


def parse_date(value) -> str:
    """``value`` as ``YYYY-MM-DD``, or ``""`` when it is empty or not a full date (see module)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (_dt.datetime, pd.Timestamp)):
        return value.date().isoformat() if not pd.isna(value) else ""
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = " ".join(str(value).split()).strip()
    if not text:
        return ""
    m = _ISO.match(text)
    if m:
        return _iso(int(m["y"]), int(m["m"] or m["m2"]), int(m["d"] or m["d2"]))
    m = _NUMERIC.match(text)
    if m:
        a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
        month, day = (b, a) if a > 12 >= b else (a, b)
        return _iso(y, month, day)
    for pattern in (_NAME_DAY_YEAR, _DAY_NAME_YEAR):
        m = pattern.match(text)
        if m:
            return _iso(_year(m["y"]), _MONTHS[m["mon"].lower().rstrip(".")], int(m["d"]))
    return ""


def parse_dates(values) -> pd.Series:
    """:func:`parse_date` of every value (each distinct value parsed once); index kept."""
    values = pd.Series(values)
    cache = {v: parse_date(v) for v in pd.unique(values.astype(object))}
    return values.astype(object).map(cache).astype(object)


def dating_report(articles: pd.DataFrame, examples: int = 3) -> dict:
    """How many articles carry a readable date.

    Returns
    -------
    dict
        articles, dated, undated (no date given), unreadable (a date given that could not
        be read), unreadable_examples (up to ``examples`` of them, as given), first and
        last (the earliest and latest date, ``""`` when none).
    """
    given = articles["date"].astype("string").fillna("").str.strip() != ""
    iso = articles["date_iso"] if "date_iso" in articles else parse_dates(articles["date"])
    dated = iso.astype("string").fillna("") != ""
    bad = given & ~dated
    days = sorted(iso[dated])
    return {
        "articles": int(len(articles)),
        "dated": int(dated.sum()),
        "undated": int((~given).sum()),
        "unreadable": int(bad.sum()),
        "unreadable_examples": list(dict.fromkeys(articles.loc[bad, "date"].astype(str)))[:examples],
        "first": days[0] if days else "",
        "last": days[-1] if days else "",
    }
