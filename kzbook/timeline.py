"""One dated timeline of US–Kazakhstan events, built from the book's dated
datasets (never typed a second time).

:func:`events` reads five resources and returns one row per event, oldest
first. What counts as an event, and what does not, is decided by the rules
below; every row a rule leaves out is reported by :func:`accounting` with its
reason, so that the timeline's rows plus its exclusions always equal the
dated rows of its sources (``tests/test_timeline.py`` recomputes both from the
CSV files).

The rules, by dataset:

``us_projects_register``
    One event per project, dated by its first announcement; the project's later
    rows (a new amount, status or site, or the other side's statement of the
    same day) are *changes* to that event, not new events
    (:func:`kzbook.projects.latest` gives the one row per project,
    :func:`kzbook.projects.revisions` its rows in order). Kind: the deal type.
``commitments``
    Commitments with the United States, and with NATO (the alliance the United
    States leads; the commentary's frame is security integration with it).
    Commitments with Russia, China, the EU or multilateral bodies are not
    US–Kazakhstan events.
``alliance_milestones``
    Kazakhstan's US partnership milestones only (rows of Japan, South Korea and
    Germany concern other US allies; Kazakhstan's Russia-led alliances and
    unions are not US events). A milestone dated the same day as a US
    commitment is the same event recorded twice: it adds its source to that
    event instead of a second row.
``control_instruments``
    Every instrument, as kind "law": Kazakhstan's laws and binding terms set
    the conditions on which US (and any foreign) capital holds its strategic
    resources, and chapter 4 weighs them against that capital.
``us_russian_uranium_ban``
    Every step of the US ban and of Russia's response, as kind "sanction": the
    ban reshapes the US market for Kazakh uranium (claim C05).

In every dataset, a row dated after the edition's release date
(``CITATION.cff``) is *scheduled*, not yet an event: it is left out of the
timeline and listed by :func:`scheduled` (the ban's waivers end in 2028 and
the ban itself in 2040).

Bad input raises :class:`TimelineError`, each problem naming the file, the row
(a line of the file: the header is line 1) and the field.
"""

from __future__ import annotations

import re

import pandas as pd

from kzbook import data, sections
from kzbook.paths import book_root
from kzbook.data import Problem
from kzbook.projects import date_label, latest, revisions

# The kinds of event, in the order the figure's lanes and the legend use.
KINDS = ("investment", "purchase", "memorandum", "security", "law", "sanction")
KIND_MEANING = {
    "investment": "a US company's investment in Kazakhstan",
    "purchase": "a Kazakh purchase from a US company",
    "memorandum": "a memorandum, framework or partnership: intent, no money and no obligation",
    "security": "security cooperation (no alliance: Kazakhstan has none with the United States)",
    "law": "a Kazakh law or binding term of control over strategic resources",
    "sanction": "the US ban on Russian uranium and Russia's response",
}
PRECISIONS = ("day", "month", "year")
DATASETS = ("us_projects_register", "commitments", "alliance_milestones", "control_instruments",
            "us_russian_uranium_ban")

# Kinds, by the column of each dataset that decides them.
REGISTER_KIND = {"US investment": "investment", "Kazakh purchase from a US company": "purchase",
                 "partnership or memorandum": "memorandum"}
COMMITMENT_KIND = {"security cooperation": "security", "alliance": "security",
                   "partnership": "memorandum", "economic": "memorandum"}
MILESTONE_KIND = {"US partnership": "memorandum", "security treaty": "security", "alliance": "security"}

# Who counts as the US side.
US_PARTNERS = ("United States", "NATO")
US_MILESTONE_KINDS = ("US partnership",)
KAZAKHSTAN = "KAZ"

# The section that discusses each dataset's events; a project with a section of
# its own, or a sector discussed apart, goes there instead.
SECTION = {"us_projects_register": "ch02-register", "commitments": "ch04-commitments",
           "alliance_milestones": "ch03-kazakhstan", "control_instruments": "ch04-who-controls",
           "us_russian_uranium_ban": "ch01-us-purchases"}
PROJECT_SECTION = {"PepsiCo snack plant": "ch02-pepsico",
                   "LanzaJet sustainable aviation fuel plant": "ch02-lanzajet",
                   "Severniy Katpar tungsten joint venture": "ch01-tungsten-jv"}
SECTOR_SECTION = {"oil and gas": "ch02-scale"}

# Short names of the datasets, for the page's tables.
NAMES = {"us_projects_register": "Project register", "commitments": "Commitments",
         "alliance_milestones": "Alliance milestones", "control_instruments": "Control instruments",
         "us_russian_uranium_ban": "US ban on Russian uranium"}

# The rule of each dataset, in a line.
RULES = {
    "us_projects_register": "one event per project, at its first announcement; later rows are changes to it",
    "commitments": "commitments with the United States and NATO; other partners are not US–Kazakhstan events",
    "alliance_milestones": "Kazakhstan's US partnership milestones; a milestone of the same day as a US "
                           "commitment is that commitment; other countries' rows are left out",
    "control_instruments": "every instrument, as a law: the terms on which US capital holds strategic resources",
    "us_russian_uranium_ban": "every step of the ban and of Russia's response, as a sanction",
}

COLUMNS = ["date", "precision", "event", "kind", "source", "source_id", "sources", "section", "dataset", "row_id", "line",
           "changes", "merged", "other_date", "other_precision", "other_note", "other_source"]


class TimelineError(ValueError):
    """Input the timeline cannot use; every problem names file, row and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("the timeline cannot be built:\n" + "\n".join(f"  - {p}" for p in problems))


def _file(name: str) -> str:
    return data.resource_meta(name)["path"]


def release_date() -> pd.Timestamp:
    """The edition's release date (``CITATION.cff``): later rows are scheduled."""
    from kzbook.cite import citation

    return pd.Timestamp(str(citation()["date-released"]))


_ENTRY = re.compile(r"^@\w+\{([^,\s]+),(.*?)^\}", re.M | re.S)
_URL = re.compile(r"^\s*url\s*=\s*\{([^}]*)\}", re.M)


def citations(name: str) -> dict[str, str]:
    """The BibTeX key of each source of resource ``name``: the source's own
    ``x-bibtex``; else the one entry of ``references.bib`` whose ``url`` is the
    source's address; else the resource's key (:func:`kzbook.data.source_citations`
    gives the resource's key to every source without one of its own, which
    would credit, say, a press report to the law it reports on)."""
    by_url: dict[str, list[str]] = {}
    for key, body in _ENTRY.findall((book_root() / "references.bib").read_text(encoding="utf-8")):
        for url in _URL.findall(body):
            by_url.setdefault(url.strip(), []).append(key)
    meta = data.resource_meta(name)
    out = {}
    for source in meta.get("sources", []):
        matches = by_url.get(source.get("path", ""), [])
        out[source["id"]] = source.get("x-bibtex") or (matches[0] if len(matches) == 1 else meta.get("x-bibtex"))
    return out


def load_tables() -> dict[str, pd.DataFrame]:
    """The five source datasets, loaded and validated by :func:`kzbook.data.load`."""
    return {name: data.load(name) for name in DATASETS}


class _Checker:
    """Collects problems with one dataset's rows (line = index + 2)."""

    def __init__(self, name: str, frame: pd.DataFrame, problems: list[Problem]):
        self.name, self.frame, self.problems = name, frame, problems
        self.file = _file(name)
        self.citations = citations(name)

    def line(self, index) -> int:
        return int(index) + 2

    def decide(self, decided: list[dict], index, outcome: str, reason: str, row_id: str | None = None) -> None:
        """Record what became of a row (its id defaults to its file line)."""
        line = self.line(index)
        decided.append({"dataset": self.name, "line": line, "row_id": row_id or f"line {line}",
                        "outcome": outcome, "reason": reason})

    def problem(self, index, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.line(index), field, message))

    def date(self, index, field: str = "date"):
        value = self.frame.at[index, field]
        parsed = pd.to_datetime(value, errors="coerce") if not isinstance(value, pd.Timestamp) else value
        if pd.isna(parsed):
            self.problem(index, field, f"not a date: {value!r}")
            return None
        return pd.Timestamp(parsed)

    def precision(self, index, field: str = "date_precision") -> str:
        if field not in self.frame.columns:
            return "day"  # a dataset without the column dates every row to the day
        value = self.frame.at[index, field]
        if pd.isna(value) or value not in PRECISIONS:
            self.problem(index, field, f"unknown date precision {value!r} (expected one of {', '.join(PRECISIONS)})")
            return "day"
        return str(value)

    def kind(self, index, field: str, mapping: dict[str, str]) -> str | None:
        value = self.frame.at[index, field]
        if value not in mapping:
            self.problem(index, field, f"unknown kind {value!r} for the timeline (known: {', '.join(mapping)}); "
                                       "map it to one of " + ", ".join(KINDS) + " in kzbook/timeline.py")
            return None
        return mapping[value]

    def source(self, index, field: str = "source") -> tuple[str, str | None]:
        value = self.frame.at[index, field]
        key = self.citations.get(value)
        if key is None:
            self.problem(index, field, f"source {value!r} is not the id of any source of {self.name} "
                                       "with a BibTeX key")
        return str(value), key

    def required(self, *columns: str) -> bool:
        missing = [c for c in columns if c not in self.frame.columns]
        for column in missing:
            self.problems.append(Problem(self.file, 1, column, "column missing"))
        return not missing


def _section(label: str, checker: _Checker, index) -> str:
    try:
        sections.title(label)
    except KeyError:
        checker.problem(index, "section", f"section label {label!r} is not a label in chapters/*.md")
    return label


def _event(checker: _Checker, index, *, date, precision, event, kind, source, section, row_id, **extra) -> dict:
    source_id, key = source
    return {"date": date, "precision": precision, "event": event, "kind": kind, "source": key,
            "sources": [key], "source_id": source_id, "section": section, "dataset": checker.name,
            "row_id": row_id, "line": checker.line(index), "changes": [], "merged": [],
            "other_date": pd.NaT, "other_precision": None, "other_note": None, "other_source": None, **extra}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _project_text(project: str, company: str, event: str) -> str:
    """ "PepsiCo snack plant (PepsiCo): Plant announced ..."; where the project
    or the company already holds brackets, the company follows a comma."""
    who = f"{project}, {company}" if ")" in project or "(" in company else f"{project} ({company})"
    return f"{who}: {_capital(event)}"


def _register(frame: pd.DataFrame, problems: list[Problem], decided: list[dict]) -> list[dict]:
    check = _Checker("us_projects_register", frame, problems)
    if not check.required("row_id", "project", "us_company", "deal_type", "sector", "date", "date_precision",
                          "event", "status", "source"):
        return []
    bad = [i for i in frame.index if check.date(i) is None]
    usable = frame.drop(index=bad).assign(date=lambda f: pd.to_datetime(f["date"]))
    out = []
    for project in latest(usable).index:
        rows = revisions(usable, project)
        first_index, first = rows.index[0], rows.iloc[0]
        kind = check.kind(first_index, "deal_type", REGISTER_KIND)
        label = PROJECT_SECTION.get(project) or SECTOR_SECTION.get(first["sector"]) or SECTION[check.name]
        event = _event(check, first_index, date=check.date(first_index), precision=check.precision(first_index),
                       event=_project_text(project, first["us_company"], first["event"]), kind=kind,
                       source=check.source(first_index), section=_section(label, check, first_index),
                       row_id=str(first["row_id"]))
        for index, row in rows.iloc[1:].iterrows():
            source_id, key = check.source(index)
            event["changes"].append({"date": row["date"], "precision": check.precision(index),
                                     "status": str(row["status"]), "event": str(row["event"]),
                                     "source": key, "row_id": str(row["row_id"]), "line": check.line(index)})
            event["sources"].append(key)
            check.decide(decided, index, "change", f"a later row of {project}: a change to its event",
                         row_id=str(row["row_id"]))
        check.decide(decided, first_index, "event", "the first announcement of a project",
                     row_id=str(first["row_id"]))
        out.append(event)
    return out


def _commitments(frame: pd.DataFrame, problems: list[Problem], decided: list[dict]) -> list[dict]:
    check = _Checker("commitments", frame, problems)
    if not check.required("date", "date_precision", "partner", "kind", "commitment", "source"):
        return []
    out = []
    for index, row in frame.iterrows():
        line = check.line(index)
        if row["partner"] not in US_PARTNERS:
            check.decide(decided, index, "excluded", f"partner {row['partner']}: not a US–Kazakhstan event")
            continue
        event = _event(check, index, date=check.date(index), precision=check.precision(index),
                       event=str(row["commitment"]) if row["partner"] in row["commitment"]
                       else f"{row['commitment']} ({row['partner']})",
                       kind=check.kind(index, "kind", COMMITMENT_KIND), source=check.source(index),
                       section=_section(SECTION[check.name], check, index), row_id=f"line {line}")
        if "other_date" in frame.columns and not pd.isna(row["other_date"]):
            event.update(other_date=check.date(index, "other_date"),
                         other_precision=check.precision(index, "other_date_precision"),
                         other_note=None if pd.isna(row.get("other_date_note")) else str(row["other_date_note"]),
                         other_source=check.source(index, "other_date_source")[1])
            event["sources"].append(event["other_source"])
        check.decide(decided, index, "event", f"a commitment with {row['partner']}")
        out.append(event)
    return out


def _milestones(frame: pd.DataFrame, problems: list[Problem], decided: list[dict], commitments: list[dict]) -> list[dict]:
    check = _Checker("alliance_milestones", frame, problems)
    if not check.required("date", "iso3", "country", "kind", "event", "source"):
        return []
    out = []
    for index, row in frame.iterrows():
        line = check.line(index)
        if row["iso3"] != KAZAKHSTAN:
            check.decide(decided, index, "excluded", f"{row['country']}: another US ally, not Kazakhstan")
            continue
        if row["kind"] not in US_MILESTONE_KINDS:
            check.decide(decided, index, "excluded",
                         f"Kazakhstan's {row['kind']} with others: not a US–Kazakhstan event")
            continue
        date = check.date(index)
        same_day = [e for e in commitments if date is not None and e["date"] == date]
        if len(same_day) > 1:
            check.problem(index, "date", f"{len(same_day)} US commitments are dated {date:%Y-%m-%d}: "
                                         "cannot tell which one this milestone records")
            continue
        source_id, key = check.source(index)
        if same_day:
            same_day[0]["sources"].append(key)
            same_day[0]["merged"].append({"dataset": check.name, "line": line, "event": str(row["event"])})
            check.decide(decided, index, "merged", "the same event as the US commitment of the same day")
            continue
        out.append(_event(check, index, date=date, precision="day", event=str(row["event"]),
                          kind=check.kind(index, "kind", MILESTONE_KIND), source=(source_id, key),
                          section=_section(SECTION[check.name], check, index), row_id=f"line {line}"))
        check.decide(decided, index, "event", "a US partnership milestone of Kazakhstan")
    return out


def _every_row(name: str, frame: pd.DataFrame, problems: list[Problem], decided: list[dict], *,
               kind: str, text: str, required: tuple[str, ...]) -> list[dict]:
    """Datasets whose every row is an event of one kind."""
    check = _Checker(name, frame, problems)
    if not check.required(*required):
        return []
    out = []
    for index, row in frame.iterrows():
        line = check.line(index)
        out.append(_event(check, index, date=check.date(index), precision=check.precision(index),
                          event=_capital(text.format(**row.to_dict())), kind=kind, source=check.source(index),
                          section=_section(SECTION[name], check, index), row_id=f"line {line}"))
        check.decide(decided, index, "event", f"every row of {name} is an event ({kind})")
    return out


def _build(tables: dict[str, pd.DataFrame] | None, as_of: pd.Timestamp | None):
    tables = load_tables() if tables is None else tables
    missing = [name for name in DATASETS if name not in tables]
    if missing:
        raise KeyError(f"events(): tables missing: {', '.join(missing)}")
    as_of = release_date() if as_of is None else pd.Timestamp(as_of)
    problems: list[Problem] = []
    decided: list[dict] = []
    found = _register(tables["us_projects_register"], problems, decided)
    us_commitments = _commitments(tables["commitments"], problems, decided)
    found += us_commitments
    found += _milestones(tables["alliance_milestones"], problems, decided, us_commitments)
    found += _every_row("control_instruments", tables["control_instruments"], problems, decided, kind="law",
                        text="{kind}: {what_it_does}", required=("date", "kind", "what_it_does", "source"))
    found += _every_row("us_russian_uranium_ban", tables["us_russian_uranium_ban"], problems, decided,
                        kind="sanction", text="{event}", required=("date", "event", "source"))
    if problems:
        raise TimelineError(problems)
    for event in found:
        event["sources"] = list(dict.fromkeys(event["sources"]))
    frame = pd.DataFrame(found, columns=COLUMNS)
    later = frame["date"] > as_of
    if later.any():  # scheduled, not yet events: re-decide them
        keys = set(zip(frame.loc[later, "dataset"], frame.loc[later, "line"]))
        for entry in decided:
            if (entry["dataset"], entry["line"]) in keys:
                entry.update(outcome="scheduled",
                             reason=f"dated after this edition's release ({as_of:%Y-%m-%d}): scheduled, not yet an event")
    # oldest first; events of one day in the order of KINDS, then by file and line
    frame["kind_order"] = frame["kind"].map({k: i for i, k in enumerate(KINDS)})
    frame = frame.sort_values(["date", "kind_order", "dataset", "line"], kind="stable").drop(columns="kind_order")
    return frame[~frame["date"].gt(as_of)].reset_index(drop=True), frame[frame["date"].gt(as_of)].reset_index(drop=True), \
        pd.DataFrame(decided)


def events(tables: dict[str, pd.DataFrame] | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per US–Kazakhstan event, oldest first: ``date``, ``precision``
    (day, month or year), ``event``, ``kind`` (one of :data:`KINDS`), ``source``
    (the BibTeX key of the event's row) and ``sources`` (every key behind the
    row, with its changes and merged records), ``section`` (the label of the
    section that discusses it), ``dataset``, ``row_id`` and ``line`` (of the
    file), ``changes`` (later rows of the same project), ``merged`` (the same
    event recorded in another dataset) and, where sources disagree on the date,
    ``other_date`` with its precision, note and source.

    ``tables`` maps each of :data:`DATASETS` to its frame (by default they are
    loaded); ``as_of`` is the date after which rows are scheduled (by default
    the edition's release date)."""
    return _build(tables, as_of)[0]


def scheduled(tables: dict[str, pd.DataFrame] | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """The rows dated after ``as_of`` (scheduled, not yet events), as :func:`events` would give them."""
    return _build(tables, as_of)[1]


def accounting(tables: dict[str, pd.DataFrame] | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """What became of every row of every source dataset: ``outcome`` is event,
    change (a later row of a project), merged (the same event in another
    dataset), excluded (not a US–Kazakhstan event) or scheduled, with the
    ``reason``."""
    return _build(tables, as_of)[2]


def label(row) -> str:
    """An event's date as the book prints it, to its precision ("2025", "May 2025")."""
    return date_label(row["date"], row["precision"])


def changes_text(changes: list[dict]) -> str:
    """The later rows of a project, dated: "20 May 2025: Investment to be more than doubled; ..."."""
    return "; ".join(f"{date_label(c['date'], c['precision'])}: {c['event'].rstrip('.')}" for c in changes)
