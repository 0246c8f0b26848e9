"""The claims ledger: one verdict per claim of the commentary (C01-C20).

Each chapter records the verdicts it reaches with :func:`record`. The evidence
is a template whose numbers are placeholders for values the chapter glued
(``{ch01_kaz_share_latest:.1f}``), so no number in the ledger is typed by
hand; :func:`record` refuses a template with a digit outside a placeholder.
Records are written to ``chapters/_generated/ledger/<id>.json``; the ledger
page, which the build reads after every chapter, collects them.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pandas as pd

from kzbook import gluing
from kzbook.paths import data_dir, generated_dir

VERDICTS = ("supported", "partly supported", "not supported", "contradicted",
            "not testable with public data")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_KEY = re.compile(r"^C(0[1-9]|1[0-9]|20)$")


class LedgerError(ValueError):
    pass


def ledger_dir() -> Path:
    return generated_dir("ledger")


def render(template: str, values: dict[str, object]) -> tuple[str, dict[str, object]]:
    """Fill ``template`` from glued ``values``; return the text and the values used."""
    # a digit not part of a formula or name such as WO3, U3O8 or C5+1
    if re.search(r"(?<![A-Za-z])\d", _PLACEHOLDER.sub("", template)):
        raise LedgerError(f"evidence has a number typed outside a glued placeholder: {template!r}")
    used = {}
    for _, field, _, _ in string.Formatter().parse(template):
        if field is None:
            continue
        if field not in values:
            raise LedgerError(f"evidence cites '{field}', which this chapter has not glued")
        used[field] = values[field]
    return template.format_map(values), used


def record(claim: str, verdict: str, evidence: str, sources: list[str], section: str) -> dict:
    """Record the verdict on ``claim`` with evidence built from glued values."""
    if not _KEY.match(claim):
        raise LedgerError(f"not a claim id: {claim!r}")
    if verdict not in VERDICTS:
        raise LedgerError(f"{claim}: verdict {verdict!r} is not one of {VERDICTS}")
    if not sources or any(not gluing.BIBKEY.match(k) for k in sources):
        raise LedgerError(f"{claim}: give at least one BibTeX key as a source, got {sources!r}")
    text, used = render(evidence, gluing.VALUES)
    entry = {"id": claim, "verdict": verdict, "evidence": text, "template": evidence,
             "numbers": used, "sources": list(sources), "section": section}
    (ledger_dir() / f"{claim}.json").write_text(json.dumps(entry, indent=1, ensure_ascii=False) + "\n")
    return entry


def claims() -> pd.DataFrame:
    """The claims as paraphrased for this book (``data/claims.csv``)."""
    from kzbook.data import load
    return load("claims")


def records() -> pd.DataFrame:
    rows = [json.loads(p.read_text()) for p in sorted(ledger_dir().glob("C*.json"))]
    return pd.DataFrame(rows, columns=["id", "verdict", "evidence", "template", "numbers", "sources", "section"])


def ledger() -> pd.DataFrame:
    """Claims joined with their recorded verdicts; every claim must have one."""
    table = claims().merge(records(), on="id", how="left")
    missing = table.loc[table["verdict"].isna(), "id"].tolist()
    if missing:
        raise LedgerError(f"no verdict recorded for {', '.join(missing)}: run the chapters that test "
                          "them first (`make book` does, in order)")
    return table
