"""The glossary (kzbook/glossary.yml, issue 20): every term a chapter links is
defined, every defined term is linked from a chapter, the first use of each
term in each chapter is its link, every unit a reader sees in the data package
has an entry, the Russian list is complete, and a malformed list is refused
with errors that name the entry and the field.

These read the sources; the built pages (links resolved with ``-W -n``) are
checked by the whole-book build (tests/test_html_build.py, via conftest)."""

from __future__ import annotations

import copy
import csv
import json
import re

import pytest
import yaml

from conftest import REPO
from kzbook import glossary

# The chapters whose prose links the first use of each term.
LINKED_CHAPTERS = ["00-introduction", "01-resources", "02-industrial-projects", "03-historical-integration",
                   "04-balance-of-control", "06-data-and-methods"]


@pytest.fixture(scope="module")
def terms() -> glossary.Glossary:
    return glossary.load(bib=REPO / "references.bib")


def chapter(name: str) -> str:
    return (REPO / "chapters" / f"{name}.md").read_text(encoding="utf-8")


def all_links() -> dict[str, list[str]]:
    """chapter -> the {term} targets in its prose."""
    return {name: [link.target for link in glossary.prose(chapter(name))[1]] for name in LINKED_CHAPTERS}


def unlinked_first_uses(name: str, text: str, terms: glossary.Glossary) -> list[str]:
    problems = []
    for term, (plain, linked) in glossary.first_uses(text, terms).items():
        if plain is not None and (linked is None or plain < linked):
            where = f"chapters/{name}.md, line {glossary.line_of(text, plain)}"
            if linked is None:
                problems.append(f"{where}: {term!r} is used without a {{term}} link to its glossary entry")
            else:
                problems.append(f"{where}: {term!r} is used before its {{term}} link "
                                f"(line {glossary.line_of(text, linked)}); link the first use")
    return problems


def test_every_linked_term_is_defined(terms):
    defined = terms.by_term()
    missing = [f"chapters/{name}.md: {{term}} target {target!r} is not in kzbook/glossary.yml"
               for name, targets in all_links().items() for target in targets if target.lower() not in defined]
    assert not missing, "\n".join(missing)


def test_every_defined_term_is_linked_from_a_chapter(terms):
    linked = {target.lower() for targets in all_links().values() for target in targets}
    unused = [f"kzbook/glossary.yml: entry {e.term!r} is linked from no chapter ({', '.join(LINKED_CHAPTERS)})"
              for e in terms.entries if e.term.lower() not in linked]
    assert not unused, "\n".join(unused)


@pytest.mark.parametrize("name", LINKED_CHAPTERS)
def test_first_use_in_each_chapter_links_to_the_glossary(name, terms):
    text = chapter(name)
    problems = unlinked_first_uses(name, text, terms)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", LINKED_CHAPTERS)
def test_a_term_is_linked_once_per_chapter(name, terms):
    """The first use links; later uses are plain text (a page full of links
    to the same entry is noise)."""
    targets = [t.lower() for t in all_links()[name]]
    repeated = sorted({t for t in targets if targets.count(t) > 1})
    assert not repeated, f"chapters/{name}.md links these terms more than once: {repeated}"


def test_first_use_check_catches_an_unlinked_and_a_late_link(terms):
    text = ("---\nfront: matter\n---\n# A heading with tU\n\nMines produced 10 tU, then\n"
            "{term}`tU` again.\n\n```{code-cell} ipython3\nx = 'kgU'\n```\n\nThe {term}`kgU` is linked.\n"
            "The USGS {cite:p}`USGS2025tungsten`\n")
    problems = unlinked_first_uses("test", text, terms)
    assert len(problems) == 2, problems
    assert "line 6: 'tU' is used before its {term} link (line 7)" in problems[0] + problems[1]
    assert any("'USGS' is used without a {term} link" in p for p in problems)
    assert not any("kgU" in p for p in problems), "a use in a code cell or a link counts as unlinked"


def datapackage_units() -> dict[str, str]:
    """Unit string -> where a reader sees it: a field's ``unit``, or a value
    of a unit column (``role: unit``) in the CSV."""
    package = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for resource in package["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            if field.get("unit"):
                seen.setdefault(field["unit"], f"{resource['name']}.{field['name']} (unit)")
            if field.get("unitOf") or field.get("role") == "unit":
                with (REPO / "data" / resource["path"]).open(encoding="utf-8") as handle:
                    for row in csv.DictReader(handle):
                        if row.get(field["name"]):
                            seen.setdefault(row[field["name"]], f"{resource['name']}.{field['name']} (values)")
    return seen


def test_every_unit_a_reader_sees_has_an_entry(terms):
    covered = terms.units()
    units = datapackage_units()
    assert "tU" in units and "million lb U3O8e" in units, "the data package's units were not found"
    missing = [f"data/datapackage.json: unit {unit!r} ({where}) has no glossary entry (add it to an entry's "
               f"'units' in kzbook/glossary.yml, or to kzbook.glossary.PLAIN_UNITS if it explains itself)"
               for unit, where in sorted(units.items()) if unit not in covered and unit not in glossary.PLAIN_UNITS]
    assert not missing, "\n".join(missing)
    from kzbook.units import UNITS
    unknown = sorted(set(covered) - set(units) - set(UNITS))
    assert not unknown, f"kzbook/glossary.yml covers units that are neither used nor registered: {unknown}"


def test_the_russian_list_has_every_entry(terms):
    raw = yaml.safe_load(glossary.LIST_PATH.read_text(encoding="utf-8"))
    assert len(raw) == len(terms.entries)
    russian = [e.ru_term for e in terms.entries]
    assert all(russian), "an entry has no Russian term"
    assert len(set(russian)) == len(russian), "two entries share a Russian term"
    for entry in terms.entries:
        assert re.search("[а-яё]", entry.ru, re.I), f"{entry.term!r}: the Russian definition is not in Russian"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_both_pages_have_every_entry_once(terms, lang):
    text = glossary.glossary_markdown(lang, terms, REPO / "references.bib")
    names = [e.term if lang == "en" else e.ru_term for e in terms.entries]
    for name in names:
        assert re.search(rf"^{re.escape(name)}$", text, re.M), f"{lang}: no glossary term {name!r}"
    assert text.count("````{glossary}") == len({e.kind for e in terms.entries})
    assert "[[" not in text, "a conversion factor was not filled in"
    if lang == "en":
        assert "{cite:p}`" in text
    else:
        assert "{cite" not in text, "the Russian summary has no bibliography to cite into"


def test_conversion_factors_are_computed_not_typed(terms):
    en = glossary.glossary_markdown("en", terms, REPO / "references.bib")
    assert f"{glossary.factors()['w_in_wo3'][0] * 100:.1f}%" in en
    assert "79.3%" in en and "0.3846 kgU" in en and "2.60 pounds" in en
    ru = glossary.glossary_markdown("ru", terms, REPO / "references.bib")
    assert "79,3\u00a0%" in ru and "0,3846" in ru


def test_the_pages_carry_the_marker_and_the_books_load_the_extension():
    for page, lang in ((REPO / "chapters" / "13-glossary.md", "en"), (REPO / "ru" / "glossary.md", "ru")):
        assert glossary.MARKER.search(page.read_text(encoding="utf-8"))[1] == lang, page
    for config in (REPO / "_config.yml", REPO / "ru" / "_config.yml"):
        assert "kzbook.glossary" in yaml.safe_load(config.read_text())["sphinx"]["extra_extensions"], config
    assert "chapters/13-glossary" in (REPO / "_toc.yml").read_text()
    assert "glossary" in (REPO / "ru" / "_toc.yml").read_text()


# --- a malformed list is refused, naming the entry and the field --------------

def good_raw() -> list[dict]:
    return yaml.safe_load(glossary.LIST_PATH.read_text(encoding="utf-8"))


KEYS = glossary.bib_keys(REPO / "references.bib")


def refuse(raw, *expected: str) -> str:
    with pytest.raises(glossary.GlossaryError) as caught:
        glossary.validate(raw, KEYS)
    message = str(caught.value)
    for part in expected:
        assert part in message, message
    return message


def test_the_real_list_is_accepted():
    assert len(glossary.validate(good_raw(), KEYS).entries) > 0


def test_missing_and_unknown_fields_are_named():
    raw = good_raw()
    del raw[0]["en"]
    raw[1]["colour"] = "blue"
    refuse(raw, "entry 1 ('tU'), field 'en': missing", "entry 2 ('kgU'), field 'colour': unknown field")


def test_bad_kind_duplicate_term_and_shared_form_are_named():
    raw = good_raw()
    raw[0]["kind"] = "gadget"
    raw[2]["term"] = "TU"
    raw[3]["forms"] = ["tU"]
    refuse(raw, "entry 1 ('tU'), field 'kind': 'gadget' is not one of",
           "entry 3 ('TU'), field 'term': duplicate of entry 1",
           "entry 4 ('t W'), field 'forms': 'tU' is already a form of 'tU'")


def test_unknown_source_and_missing_source_are_named():
    raw = good_raw()
    raw[0]["sources"] = ["Nobody2099nothing"]
    raw[3]["sources"] = []
    refuse(raw, "field 'sources': 'Nobody2099nothing' is not a key of references.bib",
           "entry 4 ('t W'), field 'sources': a definition needs a source or a computation")


def test_russian_side_errors_are_named():
    raw = good_raw()
    raw[0]["ru"] = {"term": "т U"}
    raw[1]["ru"]["definition"] = 'Килограмм урана, "кг U".'
    refuse(raw, "entry 1 ('tU'), field 'ru.definition': missing or empty",
           "entry 2 ('kgU'), field 'ru': straight quotation marks")


def test_factor_errors_are_named():
    raw = good_raw()
    wo3 = next(i for i, e in enumerate(raw) if e["term"] == "WO3")
    raw[wo3]["en"] = raw[wo3]["en"].replace("[[w_in_wo3]]", "0.7930")
    raw[wo3]["computed"] = raw[wo3]["computed"] + ["w_in_gold"]
    refuse(raw, f"entry {wo3 + 1} ('WO3'), field 'en': does not quote the computed factor [[w_in_wo3]]",
           "field 'en': a conversion factor typed as a number",
           "field 'computed': 'w_in_gold' is not a known factor")


def test_unit_errors_are_named():
    raw = good_raw()
    raw[0]["units"] = ["tU", "%"]
    raw[3]["units"] = ["tU"]
    refuse(raw, "entry 1 ('tU'), field 'units': '%' is a plain unit",
           "entry 4 ('t W'), field 'units': 'tU' is already covered by 'tU'")


def test_an_empty_or_non_list_is_refused():
    refuse([], "the list is empty")
    refuse({"term": "tU"}, "not a list")
    refuse(copy.deepcopy(good_raw()) + ["just a string"], "entry 50: not a mapping")
