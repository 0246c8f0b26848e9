"""One citation style for the text and the bibliography, in HTML and PDF.

The text cites by author and year, "(World Bank, 2024)". Before edition 0.9
the bibliography was numbered ("[12] World Bank …"), so a reader could not
find a citation in the list, and one label could stand for several sources
(three different Trend News Agency articles of 2025 were all "Trend News
Agency, 2025"). Here:

* :class:`AuthorYearLabels`, a pybtex label style, gives every entry the label
  "Author, year", adding a letter where two entries would share it
  ("Trend News Agency, 2025a", "…, 2025b"; "n.d.-a" for undated ones, as APA
  does). Authors: one surname, two joined by "and", three or more "X et al.";
  an organisation is its name; with no author or editor, the title.
* :class:`Style` is pybtex's plain style with those labels, and with the date a
  source was read (``urldate``, or "Accessed YYYY-MM-DD" in ``note``) printed
  as "read on …".
* :class:`ReferenceStyle`, a sphinxcontrib-bibtex referencing style, prints the
  same label in the text: ``{cite:p}`` gives "(label)" and ``{cite:t}`` gives
  "Author (year)", both taken from the entry's label, so text and list can
  never disagree.

Registered by :func:`register` (called from :mod:`kzbook.sphinxext`), and
chosen in ``_config.yml`` (``bibtex_default_style: kzbook``,
``bibtex_reference_style: kzbook``).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from pybtex.database import Entry
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle

NAME = "kzbook"
NO_DATE = "n.d."
SEPARATOR = ", "  # between the author part and the year part of a label


def _plain(latex: str) -> str:
    """A BibTeX name or title as plain text (braces and accents resolved)."""
    return Text.from_latex(latex).render_as("text").strip()


def _surname(person) -> str:
    parts = person.prelast_names + person.last_names
    return _plain(" ".join(parts)) if parts else _plain(str(person))


def author_part(entry) -> str:
    """The label's author part: surnames (1, 2, or "X et al."), else the title."""
    for role in ("author", "editor"):
        people = entry.persons.get(role) or []
        if len(people) == 1:
            return _surname(people[0])
        if len(people) == 2:
            return f"{_surname(people[0])} and {_surname(people[1])}"
        if people:
            return f"{_surname(people[0])} et al."
    return _plain(entry.fields.get("title", entry.key))


def year_part(entry) -> str:
    year = entry.fields.get("year", "").strip()
    return _plain(year) if year else NO_DATE


def labels(entries: Iterable) -> list[str]:
    """"Author, year" for each entry in order, with a, b, c… where labels would repeat."""
    entries = list(entries)
    bases = [(author_part(e), year_part(e)) for e in entries]
    counts, seen = Counter(bases), Counter()
    out = []
    for base in bases:
        author, year = base
        suffix = ""
        if counts[base] > 1:
            if seen[base] >= len(string.ascii_lowercase):
                raise ValueError(f"references.bib: more than 26 entries labelled {author}, {year}")
            suffix = ("-" if year == NO_DATE else "") + string.ascii_lowercase[seen[base]]
            seen[base] += 1
        out.append(f"{author}{SEPARATOR}{year}{suffix}")
    return out


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        yield from labels(sorted_entries)


ACCESSED = re.compile(r"\s*Accessed (\d{4}-\d{2}-\d{2})\.?\s*$")


def access_date(entry) -> str | None:
    """The date the source was read, as recorded in ``urldate`` or the note."""
    if entry.fields.get("urldate"):
        return entry.fields["urldate"]
    match = ACCESSED.search(entry.fields.get("note", ""))
    return match.group(1) if match else None


def access_dates(path=None) -> dict[str, str | None]:
    """Each entry of ``references.bib`` and the date its source was read (None if not recorded)."""
    from pybtex.database import parse_file

    from kzbook import paths

    path = path or paths.book_root() / "references.bib"
    return {key: access_date(entry) for key, entry in parse_file(str(path)).entries.items()}


def dataset_access_dates(package: dict) -> dict[str, str]:
    """For each BibTeX key the data package cites for a source, the latest
    access date it records for that key's sources."""
    from kzbook.data import source_key

    latest: dict[str, str] = {}
    for resource in package["resources"]:
        for source in resource.get("sources", []):
            key = source_key(source, resource)
            if key and source.get("accessed"):
                latest[key] = max(latest.get(key, ""), source["accessed"])
    return latest


class Style(PlainStyle):
    default_label_style = NAME

    def format_entry(self, label, entry, bib_data=None):
        # print the access date as "Read on …", wherever the note recorded it
        note = entry.fields.get("note")
        match = ACCESSED.search(note) if note else None
        if match:
            rest = ACCESSED.sub("", note).rstrip(" .;")
            fields = dict(entry.fields)
            fields["note"] = (rest + ". " if rest else "") + f"Read on {match.group(1)}"
            copy = Entry(entry.type, fields=fields, persons=entry.persons)  # entries are shared: edit a copy
            copy.key = entry.key
            entry = copy
        return super().format_entry(label, entry, bib_data=bib_data)


def _label_parts(data) -> tuple[str, str]:
    label = data["formatted_entry"].label
    author, _, year = label.rpartition(SEPARATOR)
    return author, year


def register() -> None:
    """Register the label, formatting and referencing styles (idempotent)."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
        BasicAuthorYearParentheticalReferenceStyle,
        BasicAuthorYearTextualReferenceStyle,
    )
    from sphinxcontrib.bibtex.style.template import join, join2, node, post_text, pre_text, reference

    @node
    def label_text(children, data):
        return Text(data["formatted_entry"].label)

    @node
    def label_author(children, data):
        return Text(_label_parts(data)[0])

    @node
    def label_year(children, data):
        return Text(_label_parts(data)[1])

    class Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
        def inner(self, role_name):
            return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[pre_text, reference[label_text], post_text]

    class Textual(BasicAuthorYearTextualReferenceStyle):
        def inner(self, role_name):
            return join(sep=self.text_reference_sep)[
                label_author,
                join[self.bracket.left,
                     join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[pre_text, reference[label_year], post_text],
                     self.bracket.right],
            ]

    @dataclass
    class ReferenceStyle(AuthorYearReferenceStyle):
        def __post_init__(self):
            super().__post_init__()
            replaced = {BasicAuthorYearParentheticalReferenceStyle: Parenthetical,
                        BasicAuthorYearTextualReferenceStyle: Textual}
            for i, style in enumerate(self.styles):
                new = replaced.get(type(style))
                if new is not None:
                    self.styles[i] = new(**{k: getattr(style, k) for k in style.__dataclass_fields__})
            self.role_style.clear()
            self.role_style.update((role, style) for style in self.styles for role in style.role_names())

    pybtex.plugin.register_plugin("pybtex.style.labels", NAME, AuthorYearLabels, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", NAME, Style, force=True)
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", NAME, ReferenceStyle,
                                                force=True)
