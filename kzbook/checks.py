"""Checks behind two kinds of sentence that data can make false.

* **Extremes** ("a peak of", "its low was", "up to", "since"): :func:`extreme`
  and :func:`leading_since` take a series indexed by year and refuse one that
  skips years, because the maximum of a sample taken every fifth year is not
  the peak of the annual series it was sampled from.
* **Statements over a set** ("all three", "in every year", "each of"):
  :func:`every` tests the statement for each member and returns the members
  for which it holds and fails, so the sentence can say which is which.

Each check is saved with the glue key it produced, the resource and rows it
read and its result, in ``chapters/_generated/checks/chNN.json``. The tests
re-verify the saved checks against the raw CSV files and scan the chapters'
prose: a sentence with an extreme or a quantifier over data must cite a key
that one of these checks produced.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from kzbook import gluing

CHECKS: dict[str, dict] = {}


class SampledSeriesError(ValueError):
    """A series with gaps between its years was asked for a peak or a run."""


def _years(series: pd.Series, key: str, what: str) -> list[int]:
    present = series.dropna()
    years = sorted(int(y) for y in present.index)
    if not years:
        raise SampledSeriesError(f"{key}: {what} has no values")
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
        raise SampledSeriesError(
            f"{key}: {what} is not an annual series ({years[0]}-{years[-1]} lacks {shown}); "
            "the extreme of a sampled series is not the peak of the series it samples")
    return years


def _record(key: str, entry: dict) -> None:
    CHECKS[key] = entry
    gluing.save("checks", key, CHECKS)


def extreme(key: str, series: pd.Series, kind: str, rows: dict) -> tuple[float, int]:
    """Glue the largest (``kind="max"``) or smallest (``"min"``) value of an
    annual ``series`` as ``key``, its first year as ``key_year`` and, as
    ``key_years``, every year it was reached (a tie: "1951–1953").

    ``rows`` names where the series comes from, for the tests: ``{"resource":
    name, "where": {column: value}, "year": column}``; a series the book
    computes itself (a scenario) names ``"resource": None``.
    """
    if kind not in ("max", "min"):
        raise ValueError(f"{key}: kind must be 'max' or 'min', not {kind!r}")
    what = f"{rows['resource']} where {rows.get('where', {})}"
    years = _years(series, key, what)
    present = series.dropna().astype(float)
    year = int(present.idxmax() if kind == "max" else present.idxmin())
    value = float(present.loc[year])
    tied = sorted(int(y) for y in present[present == value].index)
    gluing.number(key, value)
    gluing.number(f"{key}_year", year)
    # every year the extreme was reached: "1951-1953", "1951 and 1955"
    consecutive = tied == list(range(tied[0], tied[-1] + 1))
    gluing.text(f"{key}_years", f"{tied[0]}–{tied[-1]}" if len(tied) > 1 and consecutive else
                ", ".join(map(str, tied[:-1])) + (" and " if len(tied) > 1 else "") + str(tied[-1]))
    _record(key, {"kind": kind, **rows, "first": years[0], "last": years[-1], "value": value, "in": tied})
    return value, year


def leading_since(key: str, holds: pd.Series, rows: dict) -> int:
    """Glue, as ``key``, the first year of the unbroken run of years up to the
    last year in which ``holds`` (a boolean series by year) is true."""
    years = _years(holds, key, f"{rows['resource']} where {rows.get('where', {})}")
    ordered = holds.dropna().astype(bool).sort_index()
    if not ordered.iloc[-1]:
        raise ValueError(f"{key}: the condition does not hold in the last year, {years[-1]}")
    start = years[-1]
    for year, ok in ordered.iloc[::-1].items():
        if not ok:
            break
        start = int(year)
    gluing.number(key, start)
    _record(key, {"kind": "since", **rows, "first": years[0], "last": years[-1], "value": start})
    return start


def first_event(key: str, dates: pd.Series, rows: dict) -> int:
    """Glue, as ``key``, the year of the earliest of a list of dated events
    ("since 1993"). An event list is not a sampled series: each dated row is
    an event, so its first date is the first event the data hold."""
    present = pd.to_datetime(dates.dropna())
    if present.empty:
        raise ValueError(f"{key}: no dated events")
    year = int(present.min().year)
    gluing.number(key, year)
    _record(key, {"kind": "first event", **rows, "value": year})
    return year


def every(key: str, members: Mapping[str, bool], statement: str) -> tuple[list[str], list[str]]:
    """Record a statement tested on each member of a set; return the members
    for which it holds and those for which it fails, in the given order."""
    if not members:
        raise ValueError(f"{key}: a statement over a set needs at least one member")
    holding = [m for m, ok in members.items() if bool(ok)]
    failing = [m for m, ok in members.items() if not bool(ok)]
    _record(key, {"kind": "every", "statement": statement,
                  "members": {m: bool(ok) for m, ok in members.items()}})
    return holding, failing


def saved() -> dict:
    """Every check saved by any chapter."""
    return gluing.saved("checks")
