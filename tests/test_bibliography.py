"""The citation style (kzbook/bibstyle.py) and the access dates of the bibliography."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.database import Entry, Person

from kzbook import bibstyle

ROOT = Path(__file__).resolve().parent.parent


def entry(key, year=None, authors=(), title="A title", **fields):
    e = Entry("misc", fields={"title": title, **({"year": year} if year else {}), **fields})
    for name in authors:
        e.add_person(Person(name), "author")
    e.key = key
    return e


def test_labels_are_author_year_with_letters_only_where_they_would_repeat():
    entries = [entry("a", "2025", ["{Trend News Agency}"]), entry("b", "2025", ["{Trend News Agency}"]),
               entry("c", "2024", ["{Trend News Agency}"]), entry("d", None, ["{World Bank}"]),
               entry("e", None, ["{World Bank}"]), entry("f", "2021", ["de Vries, Gaaitzen", "Arfelt, Linda",
                                                                        "Drees, Dorothea"]),
               entry("g", "2020", ["Bolt, Jutta", "van Zanden, Jan Luiten"]),
               entry("h", "1972", ["Huntington, Jr., A. H."]), entry("i", "2008", [], title="{Color Universal Design}")]
    assert bibstyle.labels(entries) == [
        "Trend News Agency, 2025a", "Trend News Agency, 2025b", "Trend News Agency, 2024",
        "World Bank, n.d.-a", "World Bank, n.d.-b", "de Vries et al., 2021", "Bolt and van Zanden, 2020",
        "Huntington, 1972", "Color Universal Design, 2008"]


def test_every_label_of_the_bibliography_is_unique():
    from pybtex.database import parse_file
    entries = list(parse_file(str(ROOT / "references.bib")).entries.values())
    found = bibstyle.labels(entries)
    repeated = sorted({label for label in found if found.count(label) > 1})
    assert not repeated, f"references.bib: labels shared by several entries: {repeated}"


def test_the_access_date_is_read_from_urldate_or_the_note():
    assert bibstyle.access_date(entry("a", note="Secondary copy. Accessed 2026-11-26")) == "2026-11-26"
    assert bibstyle.access_date(entry("a", urldate="2026-12-01")) == "2026-12-01"
    assert bibstyle.access_date(entry("a", note="Accessed recently")) is None
    assert bibstyle.access_date(entry("a")) is None


def test_the_bibliography_prints_read_on_and_keeps_the_rest_of_the_note():
    bibstyle.register()
    style = bibstyle.Style()
    e = entry("a", "2024", ["{World Bank}"], note="Secondary copy. Accessed 2026-11-26")
    text = style.format_entry("World Bank, 2024", e).text.render_as("text")
    assert "Secondary copy. Read on 2026-11-26" in text and "Accessed" not in text
    assert e.fields["note"] == "Secondary copy. Accessed 2026-11-26"  # the shared entry is untouched


def test_bibliography_access_dates_agree_with_the_data_package():
    """A source a dataset rests on shows, in the bibliography, the latest date
    the data package records for reading it."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text())
    in_bib = bibstyle.access_dates()
    wrong = {key: (in_bib.get(key), date) for key, date in bibstyle.dataset_access_dates(package).items()
             if key in in_bib and in_bib[key] != date}
    assert not wrong, f"references.bib: access date differs from data/datapackage.json (bib, package): {wrong}"


def test_the_agreement_check_can_fail():
    package = {"resources": [{"x-bibtex": "K", "sources": [{"accessed": "2026-11-26"}, {"accessed": "2026-12-01"}]}]}
    assert bibstyle.dataset_access_dates(package) == {"K": "2026-12-01"}


def test_no_entry_states_its_access_date_twice():
    """"Read 2026-12-01. Read on 2026-12-01." came from a note that gave the date twice."""
    from pybtex.database import parse_file
    entries = parse_file(str(ROOT / "references.bib")).entries
    twice = [key for key, e in entries.items()
             if (date := bibstyle.access_date(e)) and e.fields.get("note", "").count(date) > 1]
    assert not twice, f"references.bib: the note gives the access date twice: {twice}"
