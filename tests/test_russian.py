"""The Russian summary («Краткое изложение»): one Russian verdict and evidence
sentence per claim, whose numbers equal the English ledger's; Russian number
typography; no English left outside names, units and references; figures and
their downloads in Russian; search in Russian; and its PDF.

The page is the one built with the English book (``built_book``), so these
tests read what a reader gets, not a re-rendering.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, require_tool
from kzbook import ru, ru_ledger, rubric
from kzbook.build_ru import PDF_NAME, build

CLAIMS = [f"C{i:02d}" for i in range(1, 21)]
KEY_PHRASES = [row["key_phrase_ru"] for row in csv.DictReader((REPO / "data" / "claims.csv").open(encoding="utf-8"))]

# Latin-script words a Russian reader may meet in the summary: claim and rule
# ids, the acronyms of publishers and standards, company names, units, and the
# libraries named in the colophon. Anything else is English left untranslated.
ALLOWED_LATIN = {
    "WNA", "USGS", "EIA", "WITS", "UN", "Comtrade", "SAF", "U", "CSV", "Trend", "LanzaJet", "PepsiCo",
    "Babel", "num2words", "X",  # the rubric's «около X»
    # the WNA table's title, quoted in «» on the uranium figure's source line (figure text is SVG text)
    "World", "Uranium", "Mining", "Production",
}
ID = re.compile(r"^(C(0[1-9]|1\d|20)|R(10|[1-9])|[A-D])$")


@pytest.fixture(scope="module")
def ru_html(built_book):
    return (built_book / "_build" / "html" / "ru" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article(ru_html) -> BeautifulSoup:
    soup = BeautifulSoup(ru_html, "html.parser")
    main = soup.select_one("main article") or soup.select_one("article")
    assert main is not None, "the Russian page has no article"
    return main


def reader_text(article: BeautifulSoup) -> str:
    """The article's text as a reader sees it, without code, quotations of
    the commentary (printed as written) or the link-only heading anchors."""
    copy = BeautifulSoup(str(article), "html.parser")
    for node in copy.select("pre, code, .cell_input, a.headerlink, script, style"):
        node.decompose()
    text = copy.get_text(" ")
    for phrase in KEY_PHRASES:
        text = text.replace(phrase, " ")
    return text


def blocks(article: BeautifulSoup) -> dict[str, list[str]]:
    """Claim id -> the paragraphs that carry «Оценка: …» under its heading."""
    found: dict[str, list[str]] = {}
    current = None
    for node in article.find_all(["h1", "h2", "h3", "p"]):  # in document order
        if node.name != "p":
            m = re.match(r"(C\d\d)\.", node.get_text(strip=True))
            current = m[1] if m and node.name == "h3" else None
            if current:
                found.setdefault(current, [])
        elif current and node.get_text().startswith("Оценка:"):
            found[current].append(node.get_text(" ", strip=True))
    return found


def english_records(built_book) -> dict[str, dict]:
    folder = built_book / "chapters" / "_generated" / "ledger"
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("C*.json"))}


def test_every_claim_has_exactly_one_russian_verdict_and_evidence(built_book, article):
    found = blocks(article)
    assert sorted(found) == CLAIMS, f"claims in the Russian summary: {sorted(found)}"
    records = english_records(built_book)
    for claim, paragraphs in found.items():
        assert len(paragraphs) == 1, f"{claim}: {len(paragraphs)} verdict paragraphs"
        verdict = paragraphs[0].split(".", 1)[0].removeprefix("Оценка:").strip()
        assert verdict == ru.verdict_text(records[claim]), f"{claim}: {verdict!r}"


def test_russian_numbers_equal_the_english_ledgers(built_book, article):
    """Parse both languages: the same numbers, in the same multiset, per claim."""
    records = english_records(built_book)
    wrong = []
    for claim, paragraphs in blocks(article).items():
        evidence = paragraphs[0].split(".", 1)[1]
        russian = sorted(ru.numbers_in(evidence.replace("Правила рубрики", ""), "ru"))
        english = sorted(ru.numbers_in(records[claim]["evidence"], "en"))
        if russian != english:
            wrong.append(f"{claim}: Russian {russian} against English {english}")
    assert not wrong, "\n".join(wrong)


def test_number_parsers_read_each_convention():
    assert ru.numbers_in("2,400,000 t, 38.6% in 2024 (R9, U3O8)", "en") == [2400000, 38.6, 2024]
    assert ru.numbers_in("2\u00a0400\u00a0000\u00a0т, 38,6\u00a0% в 2024\u00a0г. (R9)", "ru") == [2400000, 38.6, 2024]


def test_russian_typography_check_fails_on_english_formatting():
    assert ru.typography_problems("доля 38.6% в 2024 г.")
    assert ru.typography_problems("доля 38.6\u00a0%")
    assert ru.typography_problems("издание 0.7.0") == []  # a version number is not a decimal
    assert ru.typography_problems("2 400 000 т")
    assert ru.typography_problems("2,400,000 т")
    assert ru.typography_problems("так называемый \"вес\"")
    assert ru.typography_problems("доля 38,6\u00a0% и 2\u00a0400\u00a0000\u00a0т, «вес»") == []


def test_russian_page_uses_russian_number_typography(article):
    problems = ru.typography_problems(reader_text(article))
    assert not problems, "\n".join(problems[:10])


def test_no_english_words_outside_names_units_and_references(article):
    words = re.findall(r"[A-Za-z][A-Za-z0-9\-]*", reader_text(article))
    english = sorted({w for w in words if w not in ALLOWED_LATIN and not ID.match(w)})
    assert not english, f"English words in the Russian summary: {english}"


def test_english_check_would_catch_an_english_sentence():
    soup = BeautifulSoup("<article><p>Оценка: supported by the data.</p></article>", "html.parser")
    words = re.findall(r"[A-Za-z][A-Za-z0-9\-]*", reader_text(soup))
    assert {"supported", "by", "the", "data"} <= set(words) - ALLOWED_LATIN


def test_russian_summary_links_to_the_english_chapters_and_back(built_book, ru_html):
    site = built_book / "_build" / "html"
    targets = set(re.findall(r'href="\.\./(chapters/[^"#]+)', ru_html))
    assert any("01-resources" in t for t in targets) and any("04-balance" in t for t in targets), targets
    missing = [t for t in targets if not (site / t).exists()]
    assert not missing, f"links to missing English pages: {missing}"
    intro = (site / "chapters" / "00-introduction.html").read_text(encoding="utf-8")
    assert 'href="../ru/index.html"' in intro, "the English introduction does not link the Russian summary"


def test_figures_and_their_downloads_are_in_russian(built_book, article):
    captions = [c.get_text(" ", strip=True) for c in article.select("figure figcaption, .kz-figure-caption")]
    assert len([c for c in captions if c.startswith("Рис.")]) >= 3, captions
    folder = built_book / "ru" / "_generated"
    for name in ("fig-ru-uranium-production", "fig-ru-trade-shares", "fig-ru-verdicts"):
        header = (folder / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        latin = [h for h in header.split(",") if re.search(r"[A-Za-z]{2,}", h)]
        assert not latin, f"{name}.csv has English headers: {latin}"
        record = json.loads((folder / "figures" / f"{name}.json").read_text(encoding="utf-8"))
        texts = " ".join(t["text"] for t in record["texts"])
        assert re.search(r"[А-Яа-я]", texts) and "Source" not in texts and "year" not in texts, texts[:300]


def test_verdict_wordings_are_defined_once_and_complete():
    ru_ledger.check_complete()
    assert set(ru.VERDICT) == set(rubric.VERDICTS)
    assert len(set(ru.VERDICT.values())) == len(rubric.VERDICTS)


def test_templates_refuse_typed_numbers_and_unknown_phrases():
    with pytest.raises(ru.RussianTextError, match="typed"):
        ru.fill("доля 40 % в {ch01_last_year:y} г.", {"ch01_last_year": 2024})
    with pytest.raises(ru.RussianTextError, match="no Russian form"):
        ru.translate("a phrase no chapter ever glued")
    with pytest.raises(ru.RussianTextError, match="Russian format"):
        ru.fill("{ch01_last_year}", {"ch01_last_year": 2024})


def test_russian_formatting_comes_from_babel():
    assert ru.percent(38.646, 1) == "38,6\u00a0%"
    assert ru.number(2400000) == "2\u00a0400\u00a0000"
    assert ru.date_ru("6 Nov 2025") == "6 ноября 2025\u00a0г."
    assert ru.count_words(4, ("обязательство", "обязательства", "обязательств")) == "четыре обязательства"
    assert ru.count_words(6, ("инструмент", "инструмента", "инструментов")) == "шесть инструментов"


def test_russian_edition_number_matches_the_english():
    english = yaml.safe_load((REPO / "_config.yml").read_text())["sphinx"]["config"]
    russian = yaml.safe_load((REPO / "ru" / "_config.yml").read_text())
    assert russian["language"] == "ru" and russian["sphinx"]["config"]["language"] == "ru"
    for key in ("release", "version"):
        assert russian["sphinx"]["config"][key] == english[key], key
    assert russian["sphinx"]["config"]["today"] == ru.date_ru(english["today"]).replace("\u00a0", " ")


def test_search_in_russian_finds_the_summary(browser, site):
    for word in ("вольфрам", "уран"):
        page = browser.new_page()
        try:
            page.goto(f"{site}/ru/search.html?q={word}", wait_until="networkidle")
            page.wait_for_selector("#search-results ul.search li", timeout=15000)
            hits = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
        finally:
            page.close()
        assert any(h.split("#")[0].endswith("/ru/index.html") for h in hits), f"{word}: {hits}"


# --- the Russian PDF --------------------------------------------------------

@pytest.fixture(scope="module")
def ru_pdf(built_pdf, built_book):
    result = build(built_book, "pdflatex")
    (built_book / "ru-pdf-build.log").write_text(result.stdout + result.stderr)
    pdf = built_book / "_build" / "latex" / PDF_NAME
    if result.returncode != 0 or not pdf.exists():
        pytest.fail(f"Russian PDF build failed (exit {result.returncode}):\n{(result.stdout + result.stderr)[-4000:]}")
    return pdf


@pytest.fixture(scope="module")
def ru_pdf_text(ru_pdf) -> str:
    require_tool("pdftotext")
    return subprocess.run(["pdftotext", str(ru_pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_russian_pdf_has_every_verdict(built_book, ru_pdf_text):
    text = re.sub(r"\s+", " ", ru_pdf_text.replace("\u00a0", " "))
    records = english_records(built_book)
    for claim in CLAIMS:
        assert f"{claim}." in text, f"{claim} missing from the Russian PDF"
        verdict = ru.verdict_text(records[claim]).replace("\u00a0", " ")
        assert f"Оценка: {verdict}" in text, f"{claim}: verdict missing"


def test_russian_pdf_has_no_unresolved_references_or_leaks(ru_pdf_text):
    from pdf_checks import leaks
    assert not leaks(ru_pdf_text)


def test_russian_pdf_size_and_fonts(ru_pdf):
    require_tool("pdffonts", "pdfinfo")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(ru_pdf)], capture_output=True,
                                                            text=True, check=True).stdout)[1])
    assert 6 <= pages <= 20, f"the Russian summary has {pages} pages (with its glossary: about 18)"
    out = subprocess.run(["pdffonts", str(ru_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), out
    log = ru_pdf.parent.parent.parent / "ru" / "_build" / "latex" / PDF_NAME.replace(".pdf", ".log")
    text = log.read_text(errors="replace")
    assert "Missing character" not in text, "a Cyrillic character is not covered by the fonts"
    assert not re.search(r"(Reference|Citation) .* undefined", text)


def test_russian_pdf_declares_its_language_and_prints_the_glossary(ru_pdf, ru_pdf_text):
    from test_pdf import pdf_objects_text
    assert re.search(rb"/Lang\s*\(ru\)", pdf_objects_text(ru_pdf)), "the Russian PDF does not declare /Lang (ru)"
    assert "Словарь" in ru_pdf_text
