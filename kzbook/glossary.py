"""The glossary: one definition list (``kzbook/glossary.yml``) for the English
page (``chapters/13-glossary.md``) and the Russian one (``ru/glossary.md``).

* :func:`load` reads the list and checks every entry; a malformed entry raises
  :class:`GlossaryError`, which names the entry and the field.
* :func:`glossary_markdown` writes the MyST text of the page's glossary: one
  Sphinx ``{glossary}`` directive per kind of entry (units, standards,
  organisations, terms of art), each definition followed by its sources
  (``{cite:p}`` in English; title and link in Russian, since the Russian
  summary has no bibliography) and, where it quotes a conversion factor, a
  note that the factor is computed.
* As a Sphinx extension (``setup``), it replaces the line pair
  ````` ```{kz-glossary} en ````` / ````` ``` ````` (or ``ru``) in a page's
  source with that text when the page is read, so the pages need no kernel.
  An unexpanded marker is an unknown directive, which fails the build.
* :func:`prose` and :func:`first_uses` give the chapters' prose without code
  cells, headings, labels and roles, for the test that the first use of every
  term in a chapter links to its entry (tests/test_glossary.py).

Conversion factors are computed here from the standard atomic weights of
IUPAC (abridged values, as :mod:`kzbook.tungsten` uses) and the international
pound (0.45359237 kg); none is typed into a definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kzbook import tungsten
from kzbook.paths import book_root

LIST_PATH = Path(__file__).with_name("glossary.yml")

KINDS = {  # kind -> (English heading, Russian heading), in page order
    "unit": ("Units and conversion factors", "Единицы измерения и коэффициенты пересчёта"),
    "standard": ("Standards, classifications and measures", "Стандарты, классификации и показатели"),
    "organisation": ("Organisations, programmes and sources", "Организации, программы и источники"),
    "term": ("Terms of art", "Термины"),
}

# Units of data/datapackage.json that explain themselves (a reader needs no
# glossary for "per cent" or "US dollars"); every other unit a reader sees
# must be covered by an entry's ``units``.
PLAIN_UNITS = {
    "%": "per cent",
    "t": "metric tonnes (of ore)",
    "USD": "US dollars",
    "USD million": "millions of US dollars",
    "USD billion": "billions of US dollars",
    "thousand persons": "population in thousands",
    "degrees": "latitude or longitude",
    "count": "a number of items",
    "t per year": "metric tonnes a year",
    "barrels per day": "barrels of crude oil a day",
    "years": "a duration",
    "year": "a calendar year",
    "calendar year": "a calendar year",
}

# IUPAC standard atomic weights, abridged (as in kzbook.tungsten), and the pound.
U_ATOMIC_WEIGHT = 238.03
O_ATOMIC_WEIGHT = tungsten.ATOMIC_WEIGHT["O"]
POUND_KG = 0.45359237


def _u_in_u3o8() -> float:
    return 3 * U_ATOMIC_WEIGHT / (3 * U_ATOMIC_WEIGHT + 8 * O_ATOMIC_WEIGHT)


# name -> (value, how it is printed: "pct1" a percentage with one decimal,
# "pct0" without, or an int: that many decimals)
def factors() -> dict[str, tuple[float, object]]:
    w_wo3 = tungsten.tungsten_fraction("WO3")
    kgu_per_lb = POUND_KG * _u_in_u3o8()
    return {
        "w_in_wo3": (w_wo3, "pct1"),
        "w_in_wo3_t": (w_wo3, 3),
        "w_in_apt": (tungsten.tungsten_fraction("APT"), "pct1"),
        "u_in_u3o8": (_u_in_u3o8(), "pct1"),
        "kgu_per_lb_u3o8": (kgu_per_lb, 4),
        "lb_u3o8_per_kgu": (1 / kgu_per_lb, 2),
    }


FACTOR = re.compile(r"\[\[([a-z0-9_]+)\]\]")
ENTRY_KEYS = {"term", "kind", "forms", "en", "ru", "sources", "computed", "units", "plain"}
REQUIRED = ("term", "kind", "forms", "en", "ru")


class GlossaryError(ValueError):
    """A malformed glossary list: the message names each entry and field."""


@dataclass(frozen=True)
class Entry:
    term: str
    kind: str
    forms: tuple[str, ...]
    en: str
    ru_term: str
    ru: str
    sources: tuple[str, ...] = ()
    computed: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    plain: bool = False


@dataclass
class Glossary:
    entries: list[Entry] = field(default_factory=list)

    def by_term(self) -> dict[str, Entry]:
        return {e.term.lower(): e for e in self.entries}

    def units(self) -> dict[str, str]:
        """Datapackage unit string -> the term whose entry explains it."""
        return {u: e.term for e in self.entries for u in e.units}


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def validate(raw, bib_keys: set[str] | None = None, where: str = "glossary.yml") -> Glossary:
    """Check a loaded list and return it as a :class:`Glossary`. Every problem
    is reported, each as ``<where>: entry N ('term'), field 'x': what is wrong``."""
    problems: list[str] = []
    entries: list[Entry] = []
    if not isinstance(raw, list) or not raw:
        raise GlossaryError(f"{where}: the list is empty or not a list of entries")
    known_factors = factors()
    seen_terms: dict[str, int] = {}
    seen_forms: dict[str, str] = {}
    seen_units: dict[str, str] = {}
    for n, item in enumerate(raw, start=1):
        label = f"entry {n}"
        if not isinstance(item, dict):
            problems.append(f"{where}: {label}: not a mapping")
            continue
        if _text(item.get("term")):
            label = f"entry {n} ({item['term']!r})"

        def bad(name: str, message: str) -> None:
            problems.append(f"{where}: {label}, field {name!r}: {message}")

        for key in sorted(set(item) - ENTRY_KEYS):
            bad(key, "unknown field")
        for key in REQUIRED:
            if key not in item:
                bad(key, "missing")
        term = item.get("term")
        if "term" in item and not _text(term):
            bad("term", "must be a non-empty string")
        elif _text(term):
            if term.lower() in seen_terms:
                bad("term", f"duplicate of entry {seen_terms[term.lower()]}")
            seen_terms[term.lower()] = n
        kind = item.get("kind")
        if "kind" in item and kind not in KINDS:
            bad("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
        forms = item.get("forms")
        if "forms" in item:
            if not isinstance(forms, list) or not forms or not all(_text(f) for f in forms):
                bad("forms", "must be a non-empty list of strings")
                forms = []
            for form in forms:
                if form in seen_forms:
                    bad("forms", f"{form!r} is already a form of {seen_forms[form]!r}")
                seen_forms[form] = term
        for lang in ("en",):
            if lang in item and not _text(item[lang]):
                bad(lang, "must be a non-empty definition")
        ru = item.get("ru")
        ru_term = ru_text = ""
        if "ru" in item:
            if not isinstance(ru, dict):
                bad("ru", "must be a mapping with 'term' and 'definition'")
            else:
                for key in sorted(set(ru) - {"term", "definition"}):
                    bad(f"ru.{key}", "unknown field")
                for key in ("term", "definition"):
                    if not _text(ru.get(key)):
                        bad(f"ru.{key}", "missing or empty")
                ru_term, ru_text = ru.get("term") or "", ru.get("definition") or ""
                if re.search(r'"', ru_text + ru_term):
                    bad("ru", "straight quotation marks: Russian text uses «ёлочки»")
        sources = item.get("sources", [])
        if not isinstance(sources, list) or not all(_text(s) for s in sources):
            bad("sources", "must be a list of BibTeX keys")
            sources = []
        if bib_keys is not None:
            for key in sources:
                if key not in bib_keys:
                    bad("sources", f"{key!r} is not a key of references.bib")
        computed = item.get("computed", [])
        if not isinstance(computed, list):
            bad("computed", "must be a list of factor names")
            computed = []
        for name in computed:
            if name not in known_factors:
                bad("computed", f"{name!r} is not a known factor ({', '.join(known_factors)})")
        plain = item.get("plain", False)
        if not isinstance(plain, bool):
            bad("plain", "must be true or false")
        if not sources and not computed and plain is not True:
            bad("sources", "a definition needs a source or a computation (or 'plain: true' if it states "
                           "nothing technical)")
        if plain is True and sources:
            bad("plain", "an entry with sources is not plain")
        for lang, text in (("en", item.get("en") or ""), ("ru.definition", ru_text)):
            used = set(FACTOR.findall(text))
            for name in sorted(used - set(computed)):
                bad(lang, f"uses [[{name}]] but 'computed' does not list it")
            for name in sorted(set(computed) - used):
                bad(lang, f"does not quote the computed factor [[{name}]]")
            if re.search(r"\d+\.\d{3,}|\d,\d{3,}(?!\d)", FACTOR.sub("", text)) and computed:
                bad(lang, "a conversion factor typed as a number (write [[name]])")
        units = item.get("units", [])
        if not isinstance(units, list) or not all(_text(u) for u in units):
            bad("units", "must be a list of unit strings")
            units = []
        for unit in units:
            if unit in seen_units:
                bad("units", f"{unit!r} is already covered by {seen_units[unit]!r}")
            if unit in PLAIN_UNITS:
                bad("units", f"{unit!r} is a plain unit (kzbook.glossary.PLAIN_UNITS)")
            seen_units[unit] = term
        if not any(p.startswith(f"{where}: {label},") for p in problems):
            entries.append(Entry(term=term, kind=kind, forms=tuple(forms), en=" ".join(item["en"].split()),
                                 ru_term=ru_term, ru=" ".join(ru_text.split()), sources=tuple(sources),
                                 computed=tuple(computed), units=tuple(units), plain=plain))
    if problems:
        raise GlossaryError("the glossary list is malformed:\n  " + "\n  ".join(problems))
    return Glossary(entries)


def bib_keys(path: Path | None = None) -> set[str]:
    path = path or book_root() / "references.bib"
    return set(re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), re.MULTILINE))


def load(path: Path | None = None, bib: Path | None = None) -> Glossary:
    path = path or LIST_PATH
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return validate(raw, bib_keys(bib), where=path.name)


# --- the pages ---------------------------------------------------------------

def _format_factor(name: str, lang: str) -> str:
    value, style = factors()[name]
    if lang == "ru":
        from kzbook import ru
        if style in ("pct0", "pct1"):
            return ru.percent(value * 100, int(style[-1]))
        return ru.number(value, style)
    if style in ("pct0", "pct1"):
        return f"{value * 100:.{style[-1]}f}%"
    return f"{value:.{style}f}"


def fill(text: str, lang: str) -> str:
    return FACTOR.sub(lambda m: _format_factor(m[1], lang), text)


def _bib_entries(path: Path) -> dict:
    from pybtex.database import parse_file
    return parse_file(str(path), bib_format="bibtex").entries


def _ru_source(key: str, bib) -> str:
    """«Автор. Название» with a link: the Russian page has no bibliography."""
    entry = bib[key]
    fields = entry.fields
    people = entry.persons.get("author", [])
    author = ", ".join(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names) for p in people)
    author = author.replace("{", "").replace("}", "")
    title = fields.get("title", key).replace("{", "").replace("}", "").replace("--", "–")
    year = fields.get("year", "")
    year = "" if year == "n.d." else f", {year}"
    url = fields.get("url")
    body = f"{author}. {title}{year}" if author else f"{title}{year}"
    return f"[{body}]({url})" if url else body


SOURCE_LINE = {"en": "Source: ", "ru": "Источник: "}
SOURCES_LINE = {"en": "Sources: ", "ru": "Источники: "}
COMPUTED = {
    "en": "Conversion factors computed from IUPAC standard atomic weights (abridged){pound}.",
    "ru": "Коэффициенты пересчёта вычислены по стандартным атомным массам ИЮПАК (сокращённые значения){pound}.",
}
POUND = {"en": " and the international pound of 0.45359237 kg", "ru": " и международному фунту (0,45359237 кг)"}
USES_POUND = {"kgu_per_lb_u3o8", "lb_u3o8_per_kgu"}


def _definition(entry: Entry, lang: str, bib) -> str:
    text = fill(entry.en if lang == "en" else entry.ru, lang)
    notes = []
    if entry.sources:
        lead = (SOURCE_LINE if len(entry.sources) == 1 else SOURCES_LINE)[lang]
        if lang == "en":
            notes.append(lead + "{cite:p}`" + ",".join(entry.sources) + "`.")
        else:
            notes.append(lead + "; ".join(_ru_source(k, bib) for k in entry.sources) + ".")
    if entry.computed:
        pound = POUND[lang] if USES_POUND & set(entry.computed) else ""
        notes.append(COMPUTED[lang].format(pound=pound))
    return text + ("\n\n" + " ".join(notes) if notes else "")


def _sort_key(name: str):
    import unicodedata
    return unicodedata.normalize("NFKD", name.strip("«»")).lower()


def glossary_markdown(lang: str, glossary: Glossary | None = None, bib_path: Path | None = None) -> str:
    """The MyST text of the glossary for ``lang`` ("en" or "ru"): a section and
    a ``{glossary}`` directive per kind, entries in alphabetical order."""
    if lang not in ("en", "ru"):
        raise ValueError(f"glossary language {lang!r}: 'en' or 'ru'")
    bib_path = bib_path or book_root() / "references.bib"
    glossary = glossary or load(bib=bib_path)
    bib = _bib_entries(bib_path) if lang == "ru" else None
    parts = []
    for kind, headings in KINDS.items():
        entries = [e for e in glossary.entries if e.kind == kind]
        if not entries:
            continue
        entries.sort(key=lambda e: _sort_key(e.term if lang == "en" else e.ru_term))
        label = f"{'ch13' if lang == 'en' else 'ru-glossary'}-{kind}"
        parts.append(f"({label})=\n## {headings[0 if lang == 'en' else 1]}\n")
        lines = ["````{glossary}"]
        for entry in entries:
            lines.append(entry.term if lang == "en" else entry.ru_term)
            body = _definition(entry, lang, bib)
            lines.extend(("  " + line) if line else "" for line in body.split("\n"))
            lines.append("")
        lines[-1] = "````"
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


# --- the chapters' prose -------------------------------------------------------

CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```[ \t]*$", re.S | re.M)
FENCE = re.compile(r"^(`{3,}|:{3,})\{?[\w-]*\}?.*?^\1[ \t]*$", re.S | re.M)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
TERM_ROLE = re.compile(r"\{term\}`([^`]*)`")
ANY_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
INLINE_CODE = re.compile(r"`[^`\n]*`")
HEADING_OR_LABEL = re.compile(r"^(#{1,6} .*|\([\w-]+\)=)[ \t]*$", re.M)


def _blank(match: re.Match) -> str:
    """Keep line breaks (for line numbers), blank everything else."""
    return re.sub(r"[^\n]", " ", match[0])


@dataclass(frozen=True)
class Link:
    target: str
    start: int


def prose(text: str) -> tuple[str, list[Link]]:
    """The chapter's prose as a reader meets it, with everything that is not
    prose blanked out (front matter, code cells, directives' fenced blocks,
    headings and labels, roles and inline code), and the {term} links with
    their positions. Positions are offsets in ``text``."""
    links = []
    for m in TERM_ROLE.finditer(text):
        inner = m[1]
        target = re.search(r"<([^<>]+)>\s*$", inner)
        links.append(Link((target[1] if target else inner).strip(), m.start()))
    masked = FRONT_MATTER.sub(_blank, text)
    masked = CODE_CELL.sub(_blank, masked)
    masked = HEADING_OR_LABEL.sub(_blank, masked)
    masked = ANY_ROLE.sub(_blank, masked)
    masked = INLINE_CODE.sub(_blank, masked)
    inside_code = [m.span() for m in CODE_CELL.finditer(text)]
    links = [link for link in links if not any(a <= link.start < b for a, b in inside_code)]
    return masked, links


def _form_pattern(form: str) -> re.Pattern:
    words = [re.escape(w) for w in form.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])")


def first_uses(text: str, glossary: Glossary) -> dict[str, tuple[int | None, int | None]]:
    """term -> (offset of its first unlinked use in the prose, offset of its
    first {term} link), either ``None`` when absent."""
    masked, links = prose(text)
    by_term = glossary.by_term()
    found = {}
    for entry in glossary.entries:
        plain = [m.start() for form in entry.forms for m in _form_pattern(form).finditer(masked)]
        linked = [link.start for link in links if by_term.get(link.target.lower()) is entry]
        found[entry.term] = (min(plain) if plain else None, min(linked) if linked else None)
    return found


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# --- Sphinx --------------------------------------------------------------------

MARKER = re.compile(r"^```\{kz-glossary\}[ \t]+(en|ru)[ \t]*\n```[ \t]*$", re.M)


def _expand(app, docname, source) -> None:
    text = source[0]
    if not MARKER.search(text):
        return
    app.env.note_dependency(str(LIST_PATH))
    bib = book_root() / "references.bib"
    if not bib.exists():
        bib = Path(app.srcdir).parent / "references.bib"
    app.env.note_dependency(str(bib))

    source[0] = MARKER.sub(lambda m: glossary_markdown(m[1], bib_path=bib), text)


def _no_index_in_latex(app, doctree, docname) -> None:
    """Sphinx's glossary adds an index entry for every term; the books print
    no index, and in a LaTeX build the entries make latexmk run xindy (not
    installed, and not needed). Drop them from the PDF only."""
    if app.builder.format != "latex":
        return
    from docutils import nodes
    from sphinx import addnodes

    for node in list(doctree.findall(addnodes.index)):
        if isinstance(node.parent, nodes.term):
            node.parent.remove(node)


def setup(app) -> dict:
    app.connect("source-read", _expand)
    app.connect("doctree-resolved", _no_index_in_latex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
