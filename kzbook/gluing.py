"""Put computed values into the prose and computed tables onto the page.

Numbers in the text are never typed: a chapter computes them and glues them
with :func:`number`; the Markdown cites them as ``{glue:text}`key:.1f```.
Words that depend on data (a country, a year range) go through :func:`text`
and ``{glue:md}`key```. Tables go through :func:`table`, which emits a MyST
``table`` directive (numbered, captioned, labelled) that survives the LaTeX
build, where pandas' HTML tables would vanish.

Text that comes from data files is escaped, so a cell holding markup or a
``<script>`` is shown as text and never interpreted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display
from myst_nb import glue

from kzbook import data as data_package
from kzbook import provenance
from kzbook.paths import generated_dir

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$&#!^])")


def escape(text: object) -> str:
    """Backslash-escape characters that Markdown or HTML would interpret."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


# Every value glued in this kernel, by key: the claims ledger builds its
# evidence sentences from these, so a number in the ledger is always a glued one.
VALUES: dict[str, object] = {}
_KEY = re.compile(r"^(ch\d\d)_[a-z0-9_]+$")


def values_dir():
    """Where each chapter's glued values are saved (``values/chNN.json``), for
    the pages that report them (the introduction's bottom line, the ledger)."""
    return generated_dir("values")


def save(folder: str, key: str, store: dict) -> None:
    """Write the entries of ``store`` that share ``key``'s chapter prefix to
    ``chapters/_generated/<folder>/chNN.json``."""
    prefix = _KEY.match(key)[1]
    chapter = {k: v for k, v in store.items() if k.startswith(prefix + "_")}
    (generated_dir(folder) / f"{prefix}.json").write_text(
        json.dumps(chapter, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def saved(folder: str) -> dict:
    """Every entry saved under ``folder`` by any chapter (see :func:`save`)."""
    found: dict = {}
    for path in sorted(generated_dir(folder).glob("ch*.json")):
        found.update(json.loads(path.read_text()))
    return found


def _keep(key: str, value: object) -> None:
    if not _KEY.match(key):
        raise ValueError(f"glue key {key!r} is not of the form chNN_name (lower case)")
    VALUES[key] = value
    save("values", key, VALUES)


def number(key: str, value: float | int) -> None:
    """Glue a number for ``{glue:text}`` (shown nowhere else)."""
    if hasattr(value, "item"):  # numpy scalars, which repr as np.float64(...)
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"glue key '{key}': expected a number, got {type(value).__name__}")
    _keep(key, value)
    glue(key, value, display=False)


def text(key: str, value: str) -> None:
    """Glue a short phrase for ``{glue:md}`` (escaped)."""
    _keep(key, str(value))
    glue(key, Markdown(escape(value)), display=False)


BIBKEY = re.compile(r"^[A-Za-z0-9]+$")


def citation(keys: str, textual: bool = False) -> str:
    """A MyST citation for comma-separated BibTeX keys (checked): parenthetical,
    "(Author, year)", or ``textual``, "Author (year)"."""
    parts = [k.strip() for k in str(keys).split(",") if k.strip()]
    bad = [k for k in parts if not BIBKEY.match(k)]
    if bad or not parts:
        raise ValueError(f"not BibTeX keys: {keys!r}")
    return ("{cite:t}`" if textual else "{cite:p}`") + ",".join(parts) + "`"


_LABEL = re.compile(r"^[a-z0-9-]+$")
_PLAIN = re.compile(r"^[\w ,.;:'’()\-–]+$")
_TITLED = re.compile(r"^(?P<text>.+?)\s*<(?P<label>[^<>]+)>$")


def reference(label: str) -> str:
    """A MyST cross-reference to a label (checked): a figure or table by its
    number ("Fig. 3.1"), a section by its title, or, written ``"Text <label>"``,
    by the given text."""
    titled = _TITLED.match(str(label))
    text, label = (titled["text"], titled["label"]) if titled else (None, str(label))
    if not _LABEL.match(label):
        raise ValueError(f"not a label: {label!r}")
    if text is not None:
        if not _PLAIN.match(text):
            raise ValueError(f"reference text may hold letters, digits, spaces and ,.;:'’()-– only: {text!r}")
        return "{ref}`" + text + " <" + label + ">`"
    role = "numref" if label.startswith(("fig-", "tbl-")) else "ref"
    return "{" + role + "}`" + label + "`"


def is_long(frame: pd.DataFrame) -> bool:
    """Whether a table may need more than a page in the PDF, so must be allowed
    to break across pages (a shorter one is kept whole: LaTeX cannot split it).
    Many rows, or many rows of long text, make a table long."""
    text = int(frame.astype(str).map(len).to_numpy().sum()) if len(frame) else 0
    return len(frame) > 30 or (len(frame) > 8 and text > 1500)


LINE_CHARS = 75  # characters of table text across the PDF's text width, less cell padding


def content_widths(frame: pd.DataFrame) -> tuple[int, ...]:
    """Relative column widths (per cent) from the text in each column: in
    proportion to its typical length, capped, but never narrower than its
    longest word (up to a limit) needs on the PDF page."""
    typical, floor = [], []
    for column in frame.columns:
        lengths = frame[column].astype(str).str.len()
        typical.append(min(45.0, max(4.0, 0.5 * float(lengths.mean()) + 0.5 * float(lengths.max()))))
        # a date is one unbreakable word (its spaces are non-breaking, see _keep_dates_whole)
        words = [len(w) for text in [str(column), *frame[column].astype(str)]
                 for w in _DATE.sub(lambda m: m.group(0).replace(" ", "_"), text).split()]
        floor.append(min(18, max(words or [0])) / LINE_CHARS)
    if sum(floor) >= 1:  # the longest words alone fill the line: widths in their proportion
        return tuple(max(1, int(round(100 * f / sum(floor)))) for f in floor)
    shares = [t / sum(typical) for t in typical]
    pinned: set[int] = set()  # columns held at their floor
    while True:  # pin starved columns at their floor; the free ones share the rest
        starved = {i for i in range(len(shares)) if i not in pinned and shares[i] < floor[i]}
        free = [i for i in range(len(shares)) if i not in pinned | starved]
        if not starved or not free:
            break
        spare = 1.0 - sum(floor[i] for i in pinned | starved)
        pinned |= starved
        for i in pinned:
            shares[i] = floor[i]
        total = sum(shares[i] for i in free)
        for i in free:
            shares[i] *= spare / total
    return tuple(max(1, int(round(100 * sh))) for sh in shares)


_QUALIFIER = r"(?:about |more than |less than |up to |nearly |at least |at most |an estimated |from )?"
_NUMBER = r"[+\-\u2212]?\d[\d,]*(?:\.\d+)?(?: ?%)?°?"
_NUMERIC_CELL = re.compile(rf"^{_QUALIFIER}{_NUMBER}(?:\s?[\u2013-]\s?{_NUMBER})?(?: \(\d{{4}}\))?(?: \((?:list value|implied)\))?$")
_BLANK_CELL = {"", "–", "-", "not stated", "not available", "not found", "n.a."}
_DATE = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\b|\b([A-Z][a-z]{2}) (\d{4})\b")


def is_numeric_column(values) -> bool:
    """Whether a column of formatted cells holds numbers ("1,234", "38.6",
    "about 160", "2,000–3,000", "24 (1979)"), so it is right-aligned."""
    cells = [str(v).strip() for v in values if str(v).strip() not in _BLANK_CELL]
    return bool(cells) and all(_NUMERIC_CELL.match(c) for c in cells)


def _keep_dates_whole(text: str) -> str:
    """Non-breaking spaces inside dates ("7 Aug 2024"), so a date never wraps."""
    return _DATE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)


def markdown_table(frame: pd.DataFrame, caption: str, label: str,
                   cite_columns: tuple[str, ...] = (), ref_columns: tuple[str, ...] = (),
                   widths: tuple[int, ...] | None = None, classes: tuple[str, ...] = ()) -> str:
    """MyST source of a numbered table with a caption, cells escaped.

    The caption is the author's MyST text (it may cite); cells, which come
    from data, are escaped, except ``cite_columns``, whose cells hold BibTeX
    keys and become citations.
    """
    header = "| " + " | ".join(escape(c) for c in frame.columns) + " |"
    # The first column labels the rows; others holding numbers are right-aligned.
    align = "|" + "|".join(
        "--:" if i > 0 and (pd.api.types.is_numeric_dtype(frame[c]) or is_numeric_column(frame[c])) else ":--"
        for i, c in enumerate(frame.columns)
    ) + "|"
    cite_at = {frame.columns.get_loc(c) for c in cite_columns}
    ref_at = {frame.columns.get_loc(c) for c in ref_columns}

    def cell(i: int, v: object) -> str:
        return citation(v) if i in cite_at else reference(v) if i in ref_at else _keep_dates_whole(escape(v))

    body = [
        "| " + " | ".join(cell(i, v) for i, v in enumerate(row)) + " |"
        for row in frame.astype(object).where(frame.notna(), "").itertuples(index=False)
    ]
    options = [f":name: {label}", ":align: center"]
    classes = list(classes)
    if is_long(frame):  # may break across PDF pages (Sphinx's longtable)
        classes.insert(0, "longtable")
        # A longtable without widths gets unwrapped columns in LaTeX and runs
        # off the page: give it widths from its content.
        widths = widths or content_widths(frame)
    elif widths is None and any(_DATE.search(str(v)) for v in frame.to_numpy().ravel()):
        # Dates do not wrap; LaTeX's automatic widths would cut them off.
        widths = content_widths(frame)
    if widths is not None:  # relative column widths: wrapped columns in the PDF
        if len(widths) != len(frame.columns) or any(int(w) <= 0 for w in widths):
            raise ValueError(f"table {label}: give one positive width per column "
                             f"({len(frame.columns)}), got {widths!r}")
        options.append(":widths: " + " ".join(str(int(w)) for w in widths))
    if classes:
        options.append(":class: " + " ".join(classes))
    return "\n".join([f":::{{table}} {caption}", *options, "", header, align, *body, ":::"])


def save_table(frame: pd.DataFrame, label: str, caption: str, inputs) -> Path:
    """Write a table as shown to ``chapters/_generated/<label>.csv``, with a
    Frictionless resource descriptor beside it (``<label>.resource.json``) that
    names its sources and their licences, so a reused table keeps its terms."""
    path = generated_dir() / f"{label}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    resources = [name for name in inputs if name in data_package.resource_names()]
    licences = {}
    for name in resources:
        for licence in data_package.resource_meta(name).get("licenses", []):
            licences[licence["name"]] = licence
    descriptor = {
        "name": label, "path": path.name, "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8",
        "title": re.sub(r"\{cite:[pt]\}`([^`]*)`", r"\1", caption).strip(),
        "description": "A table of the book, as printed (formatted text; units are in the column headers). "
                       "Computed from the data package resources listed in 'sources'.",
        "sources": [{"title": name, "path": f"data/{data_package.resource_meta(name)['path']}"} for name in resources],
        "licenses": list(licences.values()) or [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "schema": {"fields": [{"name": str(c), "type": "string"} for c in frame.columns]},
    }
    (generated_dir() / f"{label}.resource.json").write_text(json.dumps(descriptor, indent=1, ensure_ascii=False) + "\n")
    return path


def table(frame: pd.DataFrame, caption: str, label: str, inputs: list[str] | tuple[str, ...],
          cite_columns: tuple[str, ...] = (), ref_columns: tuple[str, ...] = (),
          widths: tuple[int, ...] | None = None, *, sortable: bool = False, filterable: bool = False,
          cards: bool = False) -> None:
    """Display ``frame`` (already formatted as strings) as a captioned table, and
    record the resources it was computed from (:mod:`kzbook.provenance`).

    In the HTML book a ``sortable`` table sorts by any column, a ``filterable``
    one has a box that filters its rows, and ``cards`` shows it as one card per
    row on a phone (see :mod:`kzbook.htmlpost`); the PDF shows the plain table.
    """
    provenance.record(label, inputs, data_file=save_table(frame, label, caption, inputs))
    # how recent the data are: the latest publication date among the inputs' sources
    caption = " ".join(filter(None, [caption.rstrip(), provenance.data_as_of(inputs)]))
    classes = tuple(name for name, wanted in (("kz-sortable", sortable), ("kz-filterable", filterable),
                                              ("kz-cards", cards)) if wanted)
    display(Markdown(markdown_table(frame, caption, label, cite_columns, ref_columns, widths, classes)
                     + f"\n\n{{download}}`Download this table (CSV) <_generated/{label}.csv>`"))
