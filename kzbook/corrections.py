"""The corrections record (``data/corrections.csv``), with each correction's
"now" filled from the current build: glued values by key (``{ch02_x:.0f}``)
and verdicts by claim id (``{C11}``), so the record cannot state a stale result."""

from __future__ import annotations

import pandas as pd

from kzbook import gluing, ledger, sections
from kzbook.data import load
from kzbook.projects import date_label


def now_text(template: str, values: dict, verdicts: dict[str, str]) -> str:
    """Fill a "now" template; a digit typed outside a placeholder is refused."""
    text, _ = ledger.render(template, {**values, **verdicts})
    return text


def table() -> pd.DataFrame:
    """The corrections as the book prints them, newest first."""
    rows = load("corrections").sort_values(["date", "section"], ascending=[False, True])
    values = gluing.saved("values")
    found = ledger.ledger().set_index("id")
    verdicts = {cid: ledger.verdict_text(found.loc[cid]).capitalize() for cid in found.index}
    return pd.DataFrame({
        "Date": [date_label(d) for d in rows["date"]],
        "Where": [f"{sections.long_title(s)} <{s}>" for s in rows["section"]],
        "What was wrong": [f"{w} (edition {e})" for w, e in zip(rows["was"], rows["edition"])],
        "What it is now": [now_text(t, values, verdicts) for t in rows["now"]],
        "Why": rows["why"],
    })
