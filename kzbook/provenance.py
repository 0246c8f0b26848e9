"""Which data files each figure and table of the book is computed from.

Every figure's data (:func:`kzbook.charts.save_data`) and every table
(:func:`kzbook.gluing.table`) names its inputs: resources of
``data/datapackage.json`` that the chapter loaded, or other files of the book
(``data/datapackage.json`` itself, the ledger records). :func:`record` checks
them and writes ``chapters/_generated/provenance/<label>.json``; the
reproducibility appendix, read after every chapter, turns the records into a
map from each figure and table to its chapter, label and input files.

An input a chapter names but never loaded is refused, so the map cannot
credit a file the figure was not computed from by mistake of spelling or
copy-paste (it cannot know which of the loaded files a figure used: that the
author states).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from kzbook import data
from kzbook.paths import book_root, generated_dir

LABEL = re.compile(r"^(fig|tbl)-ch(\d\d)-[a-z0-9-]+$")


class ProvenanceError(ValueError):
    pass


def provenance_dir() -> Path:
    return generated_dir("provenance")


def chapter_of(label: str) -> Path:
    """The chapter source a label belongs to (``fig-ch03-...`` -> ``chapters/03-*.md``)."""
    match = LABEL.match(label)
    if not match:
        raise ProvenanceError(f"label {label!r} is not of the form fig-chNN-name or tbl-chNN-name")
    found = sorted((book_root() / "chapters").glob(f"{match.group(2)}-*.md"))
    if len(found) != 1:
        raise ProvenanceError(f"label {label!r}: no single chapter file chapters/{match.group(2)}-*.md")
    return found[0]


def _input_file(label: str, item: str) -> str:
    if item in data.resource_names():
        if item not in data.LOADED:
            raise ProvenanceError(f"{label}: input {item!r} was never loaded in this chapter "
                                  f"(loaded: {', '.join(data.LOADED) or 'none'})")
        return f"data/{data.resource_meta(item)['path']}"
    if (book_root() / item).exists():
        return item
    raise ProvenanceError(f"{label}: input {item!r} is neither a resource of "
                          "data/datapackage.json nor a file of the book")


def record(label: str, inputs: list[str] | tuple[str, ...], data_file: Path | None = None) -> dict:
    """Record that figure or table ``label`` is computed from ``inputs``."""
    chapter = chapter_of(label)
    if isinstance(inputs, str) or not inputs:
        raise ProvenanceError(f"{label}: name the inputs as a list of resources or files, got {inputs!r}")
    entry = {
        "label": label,
        "kind": "figure" if label.startswith("fig-") else "table",
        "chapter": f"chapters/{chapter.stem}",
        "inputs": [_input_file(label, item) for item in inputs],
        "data": (data_file.resolve().relative_to(book_root()).as_posix() if data_file else None),
    }
    path = provenance_dir() / f"{label}.json"
    path.write_text(json.dumps(entry, indent=1) + "\n")
    return entry


def records() -> pd.DataFrame:
    """Every recorded figure and table still present in its chapter, in book order.

    A record whose label no longer occurs in its chapter (a figure since
    removed) is left out.
    """
    rows, sources = [], {}
    for path in sorted(provenance_dir().glob("*.json")):
        entry = json.loads(path.read_text())
        if entry["chapter"] not in sources:  # each chapter read once
            source = book_root() / f"{entry['chapter']}.md"
            sources[entry["chapter"]] = source.read_text() if source.exists() else ""
        text = sources[entry["chapter"]]
        defined = re.search(r"(?:name:\s*|label\s*=\s*[\"'])" + re.escape(entry["label"]) + r"(?![a-z0-9-])", text)
        if defined:
            rows.append({**entry, "position": defined.start()})
    columns = ["label", "kind", "chapter", "inputs", "data"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows).sort_values(["chapter", "position"], kind="stable")
    return frame[columns].reset_index(drop=True)


def latest_publication(inputs: list[str] | tuple[str, ...]) -> tuple[int, ...] | None:
    """The latest publication date among the sources of the resources in
    ``inputs``, as (year,), (year, month) or (year, month, day) at the
    precision the source records; None when no source records one. Files that
    are not resources (the ledger records) carry no publication date."""
    best = None
    for item in inputs:
        if item not in data.resource_names():
            continue
        for src in data.resource_meta(item).get("sources", []):
            published = src.get("published")
            if not published or published == "unknown":
                continue
            parts = tuple(int(p) for p in published.split("-"))
            key = parts + (0,) * (3 - len(parts))
            if best is None or key > best[0]:
                best = (key, parts)
    return best[1] if best else None


def data_as_of(inputs: list[str] | tuple[str, ...], lang: str = "en") -> str:
    """ "Data as of Aug 2025." for a figure's source line or a table's caption
    (empty when no input records a publication date); in Russian «Данные на
    август 2025 г.»."""
    parts = latest_publication(inputs)
    if parts is None:
        return ""
    day = pd.Timestamp(*(parts + (1,) * (3 - len(parts))))
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    if lang == "ru":
        from kzbook import ru
        return f"Данные на {ru.date_ru(day, precision, case='nom')}"  # ends with «г.»
    from kzbook.projects import date_label  # the book's one date format
    return f"Data as of {date_label(day, precision)}."
