"""Events: dated moments of the story, drawn as markers on every figure over time.

The study configuration's ``events:`` is a file (or an inline list) of entries with a
``date`` (any form :func:`analysis.corpus.dates.parse_date` reads: ``2019-07-12``,
``July 12, 2019``) and a ``label``; the packaged ``analysis/data/events.yaml`` lists the
key dates of the S-400 story. An event file is a list, or a mapping with the list under
``events``.
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus.dates import parse_date
from analysis.dictionaries.registry import check_keys, load_config
from analysis.errors import InputError

_EVENT_KEYS = {"date", "label"}
EVENT_COLUMNS = ["date", "label"]


def parse_events(data, path) -> pd.DataFrame:
    """Validate parsed events; a table of date (Timestamp) and label, sorted by date."""
    if isinstance(data, dict):
        check_keys(data, {"events"}, path, "event file", required={"events"})
        data = data["events"]
    if data is None:
        data = []
    if not isinstance(data, list):
        raise InputError(path, "events: expected a list of {date, label}")
    rows = []
    for i, item in enumerate(data):
        where = f"events[{i}]"
        check_keys(item, _EVENT_KEYS, path, where, required={"date", "label"})
        day = parse_date(item["date"])
        if not day:
            raise InputError(path, f"{where}.date: not a full date: {item['date']!r} (use YYYY-MM-DD)")
        label = item["label"]
        if not isinstance(label, str) or not label.strip():
            raise InputError(path, f"{where}.label: expected a non-empty string")
        rows.append({"date": pd.Timestamp(day), "label": " ".join(label.split())})
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    return frame.sort_values(["date", "label"], kind="stable").reset_index(drop=True)


def events_for(config=None) -> pd.DataFrame:
    """The events of a study (the packaged ``events.yaml`` when it gives none)."""
    return load_config(config).part("events", "events.yaml", parse_events)
