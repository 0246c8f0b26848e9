"""The claims ledger: one verdict per claim of the commentary (C01-C20).

Each chapter records the verdicts it reaches with :func:`record` and shows
them with :func:`show`, so the verdict a chapter prints and the one the ledger
lists are the same record. A record holds:

* the verdict, and a qualifier where the rubric asks for one ("as co-movement");
* the evidence: a template whose numbers are placeholders for values the
  chapter glued (``{ch01_kaz_share_latest:.1f}``), so no number is typed;
  :func:`record` refuses a template with a digit outside a placeholder;
* the rubric rules applied (:mod:`kzbook.rubric`) and the grade of the
  evidence: the weakest source grade of the datasets the decisive numbers come
  from; a verdict that breaks the rubric is refused;
* the sources (BibTeX keys) and the section of the book that holds the analysis.

Records are written to ``chapters/_generated/ledger/<id>.json``; the ledger
page and the introduction, read after every chapter, collect them.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from kzbook import gluing, rubric
from kzbook.data import load, source_grades
from kzbook.paths import generated_dir

VERDICTS = rubric.VERDICTS
QUALIFIERS = ("as co-movement", "as an initiative", "as a plan", "in part")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_KEY = re.compile(r"^C(0[1-9]|1[0-9]|20)$")
COLUMNS = ["id", "verdict", "qualifier", "evidence", "template", "numbers", "rules", "grade", "data",
           "sources", "section"]


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


def evidence_grade(datasets) -> str:
    """The weakest grade among the sources the decisive numbers come from.

    ``datasets`` is a list of dataset names (all their sources count) or a
    mapping from dataset name to the source ids of the rows used.
    """
    if isinstance(datasets, str) or not datasets:
        raise LedgerError(f"name the datasets the decisive numbers come from, got {datasets!r}")
    used = datasets if isinstance(datasets, dict) else {name: None for name in datasets}
    grades = []
    for name, ids in used.items():
        known = source_grades(name)
        ids = list(known) if ids is None else [str(i) for i in ids]
        unknown = [i for i in ids if i not in known]
        if unknown or not ids:
            raise LedgerError(f"{name}: not source ids of this dataset: {unknown or ids!r}")
        grades += [known[i] for i in ids]
    return rubric.weakest(grades)


def record(claim: str, verdict: str, evidence: str, sources: list[str], section: str, *,
           rules: list[str], data: list[str] | dict, qualifier: str | None = None,
           corroborated: bool = False) -> dict:
    """Record the verdict on ``claim`` with evidence built from glued values.

    ``rules`` are the rubric rules applied, ``data`` the datasets the decisive
    numbers come from, or a mapping from each to the source ids of the rows
    used (their weakest source grade is the evidence grade), and
    ``corroborated`` says that a second, independent publisher confirms those
    numbers (see rule R9).
    """
    if not _KEY.match(claim):
        raise LedgerError(f"not a claim id: {claim!r}")
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise LedgerError(f"{claim}: qualifier {qualifier!r} is not one of {QUALIFIERS}")
    if not sources or any(not gluing.BIBKEY.match(k) for k in sources):
        raise LedgerError(f"{claim}: give at least one BibTeX key as a source, got {sources!r}")
    if section.endswith("-verdicts"):
        raise LedgerError(f"{claim}: link the section that holds the analysis, not {section!r}")
    grade = evidence_grade(data)
    try:
        rubric.check(claim, verdict, list(rules), grade, corroborated, qualifier)
    except rubric.RubricError as exc:
        raise LedgerError(str(exc)) from None
    text, used = render(evidence, gluing.VALUES)
    entry = {"id": claim, "verdict": verdict, "qualifier": qualifier, "evidence": text,
             "template": evidence, "numbers": used, "rules": list(rules), "grade": grade,
             "data": ({name: sorted(str(i) for i in ids) for name, ids in data.items()} if isinstance(data, dict)
                      else list(data)),
             "sources": list(sources), "section": section}
    (ledger_dir() / f"{claim}.json").write_text(json.dumps(entry, indent=1, ensure_ascii=False) + "\n")
    return entry


def verdict_text(entry: dict) -> str:
    """The verdict with its qualifier: "partly supported, as co-movement"."""
    qualifier = entry.get("qualifier")
    return entry["verdict"] + (f", {qualifier}" if isinstance(qualifier, str) and qualifier else "")


def basis_text(entry: dict) -> str:
    """Rules applied and evidence grade, as printed after the evidence."""
    rules = ", ".join(entry["rules"])
    return f"Rubric: {rules}. Evidence grade {entry['grade']} ({rubric.GRADES[entry['grade']]})."


def markdown(entries: list[dict]) -> str:
    """The verdicts as a chapter prints them: one bullet per claim."""
    labels = claims().set_index("id")["short"]
    return "\n".join(
        f"- **{e['id']} ({gluing.escape(labels[e['id']])}): {verdict_text(e)}.** "
        f"{gluing.escape(e['evidence'])} *{basis_text(e)}*"
        for e in entries)


def show(entries: list[dict]) -> None:
    """Display a chapter's verdicts, from the records just written."""
    display(Markdown(markdown(entries)))


def claims() -> pd.DataFrame:
    """The claims as paraphrased for this book (``data/claims.csv``)."""
    return load("claims")


def records() -> pd.DataFrame:
    rows = [json.loads(p.read_text()) for p in sorted(ledger_dir().glob("C*.json"))]
    return pd.DataFrame(rows, columns=COLUMNS)


def ledger() -> pd.DataFrame:
    """Claims joined with their recorded verdicts; every claim must have one."""
    table = claims().merge(records(), on="id", how="left")
    missing = table.loc[table["verdict"].isna(), "id"].tolist()
    if missing:
        raise LedgerError(f"no verdict recorded for {', '.join(missing)}: run the chapters that test "
                          "them first (`make book` does, in order)")
    return table
