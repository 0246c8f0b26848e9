"""Unit tests of the shared helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from kzbook import countries, gluing
from kzbook.analysis import latest_edition, share


def test_latest_edition_keeps_the_newest_row_per_key():
    frame = pd.DataFrame({"iso3": ["KAZ", "KAZ", "CAN"], "year": [2016, 2016, 2016],
                          "production": [24586, 24689, 14039],
                          "edition": ["2019-03", "2023-08", "2019-03"]})
    out = latest_edition(frame, keys=["iso3", "year"])
    assert out.set_index("iso3").loc["KAZ", "production"] == 24689
    assert len(out) == 2


def test_share_rejects_a_zero_total():
    with pytest.raises(ValueError):
        share(pd.Series([1.0]), pd.Series([0.0]))


def test_leading_since_finds_the_unbroken_run(monkeypatch, tmp_path):
    from kzbook import checks
    monkeypatch.setenv("KZBOOK_ROOT", str(tmp_path))
    rows = {"resource": "x", "where": {}, "year": "year"}
    ranks = pd.Series([1, 2, 1, 1, 1], index=[2010, 2011, 2012, 2013, 2014])
    assert checks.leading_since("ch99_since", ranks == 1, rows) == 2012
    with pytest.raises(ValueError):
        checks.leading_since("ch99_since", pd.Series([True, False], index=[2010, 2011]), rows)


def test_english_words_for_generated_sentences():
    from kzbook import english
    assert english.ordinal(2) == "second"
    assert english.count(0, "company") == "no companies"
    assert english.count(3, "project") == "three projects"
    assert english.join(["Russia", "China", "the US"]) == "Russia, China and the US"


@pytest.mark.parametrize("name, code", [("Kazakhstan", "KAZ"), ("Russia", "RUS"),
                                        ("United States", "USA"), ("Niger", "NER"),
                                        ("World", "WLD"), ("Atlantis", None)])
def test_country_names_resolve_to_iso_codes(name, code):
    assert countries.code_for(name) == code


def test_table_cells_from_data_are_inert():
    frame = pd.DataFrame({"Name": ["<script>alert(1)</script>", "a | b"], "Value": ["1", "2"]})
    source = gluing.markdown_table(frame, caption="Caption", label="tbl-test")
    assert "<script>" not in source
    assert r"\<script\>" in source
    assert r"a \| b" in source
    assert source.startswith(":::{table} Caption\n:name: tbl-test")


def test_tungsten_fractions_match_known_compositions():
    from kzbook.tungsten import to_tungsten, tungsten_fraction

    assert tungsten_fraction("W") == 1
    assert abs(tungsten_fraction("WO3") - 0.7930) < 0.0005  # 183.84 / 231.84
    assert 0.70 < tungsten_fraction("APT") < 0.71  # APT is about 88.5% WO3
    assert abs(tungsten_fraction("APT") / tungsten_fraction("WO3") - 0.8885) < 0.005
    assert to_tungsten(1000, "t WO3") < 1000


def test_pdf_checks_catch_leaks_and_count_captions():
    import pdf_checks
    good = "Fig. 5.1: Uranium output\nText\nTable 5.2: Stakes\nFig. 5.3: Map\n"
    assert pdf_checks.caption_labels(good) == {"Fig.": {"5.1", "5.3"}, "Table": {"5.2"}}
    assert pdf_checks.leaks(good) == []
    for bad in ("see Section ??", "as shown [?]", "<pandas.io.formats.style.Styler>",
                "<Figure size 640x480 with 1 Axes>", "\\begin{tabular}", "{glue:text}`x`"):
        assert pdf_checks.leaks(good + bad), bad


def test_accessibility_repairs_match_the_theme_markup():
    from kzbook.sphinxext import repair_accessibility
    page = ('<button class="btn search-button-field search-button__button pst-js-only" title="Search" '
            'aria-label="Search" data-bs-toggle="tooltip">'
            '<i class="theme-switch fa-solid fa-sun                fa-lg" data-mode="light" title="Light"></i>'
            '<div role="list" class="citation-list"><summary aria-label="Toggle hidden content">')
    repaired = repair_accessibility(page)
    assert 'aria-label="Search"' not in repaired and 'title="Light"' not in repaired
    assert 'aria-hidden="true"' in repaired and 'role="list"' not in repaired
    assert "<summary>" in repaired


def test_citation_metadata_matches_the_book_edition():
    import yaml
    from conftest import REPO
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    config = yaml.safe_load((REPO / "_config.yml").read_text())["sphinx"]["config"]
    for key in ("cff-version", "message", "title", "authors", "version", "date-released", "license"):
        assert cff.get(key), f"CITATION.cff lacks {key}"
    assert str(cff["version"]) == config["release"]
    assert str(cff["date-released"]) == config["today"]
    assert "MIT" in cff["license"] and "CC-BY-4.0" in cff["license"]
    assert config["release"] in (REPO / "README.md").read_text()


def test_citation_file_is_valid_cff_and_the_checker_can_fail():
    from kzbook import cite
    assert cite.schema()["$schema"].startswith("http://json-schema.org/draft-07")
    assert cite.schema_problems() == []
    broken = {**cite.citation(), "date-released": "26 November 2026", "version": None}
    broken.pop("authors")
    problems = cite.schema_problems(broken)
    assert any(p.startswith("date-released:") for p in problems), problems
    assert any(p.startswith("version:") for p in problems), problems
    assert any("'authors' is a required property" in p for p in problems), problems


def test_readme_and_introduction_give_the_bibtex_generated_from_citation_cff(built_book):
    import re

    from bs4 import BeautifulSoup
    from conftest import REPO
    from kzbook import cite
    entry = cite.bibtex()
    assert "{Version " + str(cite.citation()["version"]) + "}" in entry
    readme = re.search(r"```bibtex\n(.*?)\n```", (REPO / "README.md").read_text(), re.S).group(1)
    assert readme == entry, "README's BibTeX differs from the one generated from CITATION.cff"
    html = (built_book / "_build" / "html" / "chapters" / "00-introduction.html").read_text()
    shown = [pre.get_text() for pre in BeautifulSoup(html, "html.parser").find("main").find_all("pre")]
    assert any(text.strip() == entry for text in shown), shown


def test_long_tables_break_across_pages_with_widths_for_every_column():
    import pandas as pd
    from kzbook.gluing import content_widths, is_long, markdown_table
    short = pd.DataFrame({"Year": ["2020", "2021"], "Value": ["1", "2"]})
    wordy = pd.DataFrame({"Country": ["Kazakhstan"] * 12, "Note": ["a long explanation of the row " * 6] * 12})
    assert not is_long(short) and is_long(wordy) and is_long(pd.DataFrame({"x": range(31)}))
    assert ":class: longtable" not in markdown_table(short, "cap", "tbl-ch01-x")
    text = markdown_table(wordy, "cap", "tbl-ch01-x")
    assert ":class: longtable" in text and ":widths:" in text  # LaTeX would not wrap it otherwise
    widths = content_widths(wordy)
    assert abs(sum(widths) - 100) <= 2
    assert widths[0] >= 100 * len("Kazakhstan") / 75 - 1, widths  # the longest word fits
    with pytest.raises(ValueError, match="one positive width per column"):
        markdown_table(short, "cap", "tbl-ch01-x", widths=(50,))
