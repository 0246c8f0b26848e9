"""Russian typography and wording for the Russian summary («Краткое изложение»).

Numbers, percentages and dates are formatted by Babel (decimal comma,
non-breaking space between thousands, «38,6 %», «6 ноября 2025 г.»), number
words by num2words, and the choice of a noun's form after a number by Babel's
plural rules for Russian. This module is the one place where:

* each verdict, qualifier and source grade has its fixed Russian wording;
* the Russian names of countries, companies and places are spelt, as the
  Russian-language sources spell them (Казатомпром, Тау-Кен Самрук, Рудный,
  Верхнее Кайракты);
* values the chapters glued as English words are given their Russian form.

A glued English phrase with no Russian form here is an error that names it, so
a changed result in a chapter can never leave a stale Russian sentence: the
build stops until the phrase is added.

Russian templates (:mod:`kzbook.ru_ledger`) cite glued values as
``{key:SPEC}``, where SPEC is one of

``n0``, ``n1``, ``n2``   a number with that many decimals («2 400 000», «2,7»);
``+n0``                  a signed number («+2», «−3»);
``p0``, ``p1``           a percentage («38,6 %»);
``y``                    a year, as digits with no grouping («2024»);
``d``                    a date in the genitive («7 августа 2024 г.», «августа 2024 г.»);
``w|одна|две|пять``      a count in words with the noun agreeing («четыре обязательства»);
``t``, ``t.gen`` …       a glued phrase in Russian, in the case named.
"""

from __future__ import annotations

import re
import string
from datetime import date, datetime

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

from kzbook.paths import book_root

LOCALE = Locale("ru")


def generated_dir():
    """Files the Russian summary writes at build time (figure data in Russian)."""
    path = book_root() / "ru" / "_generated"
    path.mkdir(parents=True, exist_ok=True)
    return path
NBSP = "\u00a0"

# One fixed Russian wording for each verdict, qualifier and grade.
VERDICT = {
    "supported": "подтверждается",
    "partly supported": "подтверждается частично",
    "not supported": "не подтверждается",
    "contradicted": "опровергается",
    "not testable with public data": "не проверяется по открытым данным",
}
QUALIFIER = {
    "as co-movement": "как совпадение динамики",
    "as an initiative": "как инициатива",
    "as a plan": "как план",
    "in part": "отчасти",
}
GRADE = {
    "A": "первоисточник",
    "B": "официальная цифра в изложении СМИ",
    "C": "СМИ",
    "D": "копия в стороннем источнике",
}
THEME = {"resources": "ресурсы", "industrial projects": "промышленные проекты",
         "historical integration": "исторический опыт", "balance": "баланс контроля",
         "framing": "общая рамка"}


class RussianTextError(ValueError):
    """A value or template the Russian edition cannot render."""


# --- numbers and dates (Babel) -------------------------------------------

def number(value: float, digits: int = 0) -> str:
    """«2 400 000», «2,7»: Russian grouping (no-break space) and decimal comma."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(float(value), digits), format=pattern, locale=LOCALE)


def signed(value: float, digits: int = 0) -> str:
    """«+2», «−14»: a change, with a true minus sign."""
    body = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(float(value), digits), format=f"+{body};\u2212{body}", locale=LOCALE)


def percent(value: float, digits: int = 0) -> str:
    """«38,6 %»: a percentage with a no-break space before the sign, as Russian
    typography (and Babel's Russian pattern) has it."""
    return number(value, digits) + NBSP + "%"


_EN_DATE = [("%d %b %Y", "day"), ("%d %B %Y", "day"), ("%b %Y", "month"), ("%B %Y", "month"),
            ("%Y-%m-%d", "day"), ("%Y", "year")]


def to_date(value) -> tuple[date, str]:
    """A date and its precision from an English date label or a timestamp."""
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return pd.Timestamp(value).date(), "day"
    text = str(value).strip()
    for fmt, precision in _EN_DATE:
        try:
            return datetime.strptime(text, fmt).date(), precision
        except ValueError:
            continue
    raise RussianTextError(f"not a date the Russian edition can read: {value!r}")


def date_ru(value, precision: str | None = None, case: str = "gen") -> str:
    """«6 ноября 2025 г.», «ноября 2025 г.» (genitive, as after «с», «до» or in
    parentheses after an event), «2025 г.»; with ``case="nom"`` a month stands
    alone: «август 2025 г.» (as after «на»)."""
    day, found = to_date(value)
    precision = precision or found
    month = "LLLL y" if case == "nom" else "MMMM y"
    pattern = {"day": "d MMMM y", "month": month, "year": "y"}[precision]
    return format_date(day, pattern, locale=LOCALE) + NBSP + "г."


# --- counts in words -------------------------------------------------------

EN_WORDS = {w: i for i, w in enumerate(
    "no one two three four five six seven eight nine ten eleven twelve".split())}


def count_of(value) -> int:
    if isinstance(value, str):
        first = value.split()[0].lower()
        if first not in EN_WORDS:
            raise RussianTextError(f"not a count in words: {value!r}")
        return EN_WORDS[first]
    return int(value)


def plural(n: float, forms: tuple[str, str, str]) -> str:
    """The noun form after ``n`` by Babel's Russian plural rules: one (1, 21),
    few (2-4, 22-24; also fractions) or many (5-20, 25...)."""
    category = LOCALE.plural_form(n)
    return {"one": forms[0], "few": forms[1], "other": forms[1]}.get(category, forms[2])


def count_words(n: int, forms: tuple[str, str, str] | None = None, gender: str = "m", case: str = "nominative") -> str:
    """«четыре обязательства», «два документа», «одна», «двадцати» (``case``
    "genitive"): num2words for the word, Babel's plural rules for the noun."""
    if n == 0:
        return "ни одного" + (f" {forms[1]}" if forms else "")
    word = num2words(n, lang="ru", gender=gender, case=case)
    return word if forms is None else f"{word} {plural(n, forms)}"


# --- names and glued phrases ---------------------------------------------

CASES = ("nom", "gen", "dat", "acc", "inst", "prep", "verb")


def _forms(nom, gen=None, dat=None, acc=None, inst=None, prep=None, verb=None) -> dict[str, str]:
    """A phrase's forms by case; ``verb`` is a verdict as the verb of «данные …» (they support)."""
    return {"nom": nom, "gen": gen or nom, "dat": dat or nom, "acc": acc or nom,
            "inst": inst or nom, "prep": prep or nom, "verb": verb or nom}


# Countries and blocs, in the cases the templates use.
COUNTRY = {
    "Kazakhstan": _forms("Казахстан", "Казахстана", "Казахстану", "Казахстан", "Казахстаном", "Казахстане"),
    "Canada": _forms("Канада", "Канады", "Канаде", "Канаду", "Канадой", "Канаде"),
    "Australia": _forms("Австралия", "Австралии", "Австралии", "Австралию", "Австралией", "Австралии"),
    "Namibia": _forms("Намибия", "Намибии", "Намибии", "Намибию", "Намибией", "Намибии"),
    "Uzbekistan": _forms("Узбекистан", "Узбекистана", "Узбекистану", "Узбекистан", "Узбекистаном", "Узбекистане"),
    "Russia": _forms("Россия", "России", "России", "Россию", "Россией", "России"),
    "China": _forms("Китай", "Китая", "Китаю", "Китай", "Китаем", "Китае"),
    "Germany": _forms("Германия", "Германии", "Германии", "Германию", "Германией", "Германии"),
    "Japan": _forms("Япония", "Японии", "Японии", "Японию", "Японией", "Японии"),
    "South Korea": _forms("Южная Корея", "Южной Кореи", "Южной Корее", "Южную Корею", "Южной Кореей",
                          "Южной Корее"),
    "United States": _forms("США"),
    "US": _forms("США"),
    "EU-27": _forms("ЕС-27"),
}

# Names of companies and places, as the Russian-language sources spell them.
NAME = {
    "Kazatomprom": "Казатомпром", "Tau-Ken Samruk": "Тау-Кен Самрук", "KazMunayGas": "КазМунайГаз",
    "Rudny": "Рудный", "Verkhnee Kairakty": "Верхнее Кайракты", "Alatau": "Алатау", "Boguty": "Богуты",
    "Kostanay": "Костанай", "Konaev": "Конаев",
}

# Phrases the chapters glue as text, with their Russian forms.
TERMS: dict[str, dict[str, str]] = {
    # C02: sectors of the new US projects
    "tungsten": _forms("вольфрам", prep="вольфрамовой отрасли"),
    "aviation fuel": _forms("авиатопливо", prep="производстве авиатоплива"),
    "raw-material processing": _forms("переработка сырья", prep="переработке сырья"),
    "uranium": _forms("уран", prep="урановой отрасли"),
    # C03
    "consistent with": _forms("согласуется с последней долей"),
    "above": _forms("выше последней доли"),
    "below": _forms("ниже последней доли"),
    # C06
    "smaller only than the reserves USGS gives for China": _forms(
        "меньше лишь запасов, которые USGS приводит для Китая"),
    "larger than the reserves USGS gives for any country": _forms(
        "больше запасов любой страны, которые приводит USGS"),
    # C07: uses of tungsten
    "turbines": _forms("турбины", prep="турбинах"),
    "electronics": _forms("электроника", prep="электронике"),
    "defence": _forms("оборона", prep="оборонной промышленности"),
    "aircraft engines": _forms("авиадвигатели", acc="авиадвигатели"),
    # C08
    "Russia or a body Russia leads": _forms("Россия или объединение во главе с Россией",
                                            inst="Россией или объединениями во главе с Россией"),
    "more": _forms("сильнее"),
    "less": _forms("слабее"),
    # C10
    "no amount": _forms("суммы нет"),
    # C11, C15
    "all three": _forms("все три", prep="всех трёх"),
    "all three post-war allies": _forms("все три послевоенных союзника", gen="всех трёх послевоенных союзников",
                                        prep="всех трёх странах — послевоенных союзниках США"),
    # C13
    "on both measures": _forms("и по рыночному курсу, и по паритету покупательной способности"),
    # C16
    "second or third": _forms("второе или третье"),
    "second": _forms("второе"),
    "third": _forms("третье"),
    "contradicted": _forms("опровергается", verb="опровергают"),
    "supported": _forms("подтверждается", verb="подтверждают"),
    "partly supported": _forms("подтверждается частично", verb="подтверждают лишь частично"),
    # C17
    "financing letters of interest": _forms("письма о заинтересованности в финансировании",
                                            gen="писем о заинтересованности в финансировании"),
    "oil and gas": _forms("нефть и газ", dat="нефтегазовой отрасли"),
}
for _english, _russian in NAME.items():
    TERMS[_english] = _forms(_russian)
for _english, _russian in COUNTRY.items():
    TERMS[_english] = _russian

_RESOURCE = {"identified": "выявленные", "reasonably assured": "разумно гарантированные"}
_ORDINAL_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _pct(text: str) -> str:
    digits = len(text.split(".")[1]) if "." in text else 0
    return percent(_num(text), digits)


def _c04_part(part: str) -> str:
    m = re.fullmatch(r"(\d{4}), when its attributable ([\d.]+)% of world output was (above|below) (.+?)'s ([\d.]+)%",
                     part)
    if m:
        year, share, side, rival, rival_share = m.groups()
        verb = "превышала" if side == "above" else "была ниже"
        return (f"{year}{NBSP}г., когда атрибутивная доля компании ({_pct(share)} мировой добычи) {verb} "
                f"долю {translate(rival, 'gen')} ({_pct(rival_share)})")
    m = re.fullmatch(r"(\d{4}), when its own figure of (about )?([\d.]+)% was (above|below) (.+?)'s ([\d.]+)%", part)
    if m:
        year, about, share, side, rival, rival_share = m.groups()
        verb = "превышала" if side == "above" else "была ниже"
        return (f"{year}{NBSP}г., когда собственная оценка компании ({'около ' if about else ''}{_pct(share)}) "
                f"{verb} доли {translate(rival, 'gen')} ({_pct(rival_share)})")
    raise RussianTextError(f"C04: no Russian form for the part {part!r}")


def _c04_outcome(m: re.Match, case: str) -> str:
    verb, first, joint, second = m.groups()
    head = {"held": "выполнялся", "failed": "не выполнялся"}[verb]
    tail = {", and in ": ", а также в ", ", but not in ": ", но не в "}[joint]
    return f"{head} в {_c04_part(first)}{tail}{_c04_part(second)}"


def _c04_caveat(piece: str) -> str:
    m = re.fullmatch(r"the (\d{4}) attributable figure comes from a third-party copy of WNA's profile", piece)
    if m:
        return f"атрибутивная цифра за {m[1]}{NBSP}г. взята из копии профиля WNA у третьей стороны"
    m = re.fullmatch(r"the company's own figure for (\d{4}) \((about )?([\d.]+)%\) is rounded too coarsely to "
                     r"decide a ([\d.]+)-point margin", piece)
    if m:
        return (f"собственная цифра компании за {m[1]}{NBSP}г. ({'около ' if m[2] else ''}{_pct(m[3])}) "
                f"округлена слишком грубо, чтобы решить вопрос о разнице в {number(_num(m[4]), 1)}{NBSP}п.{NBSP}п.")
    m = re.fullmatch(r"on the company's own figure for (\d{4}) \((about )?([\d.]+)%\) the test (holds|fails) in "
                     r"that year", piece)
    if m:
        result = "выполняется" if m[4] == "holds" else "не выполняется"
        return (f"по собственной цифре компании за {m[1]}{NBSP}г. ({'около ' if m[2] else ''}{_pct(m[3])}) "
                f"критерий в том году {result}")
    raise RussianTextError(f"C04: no Russian form for the caveat {piece!r}")


def _c04_same_year(m: re.Match, case: str) -> str:
    pieces = [_c04_caveat(p[0].lower() + p[1:]) for p in m[1].split("; ")]
    text = "; ".join(pieces)
    return ". " + text[0].upper() + text[1:]


def _resources(m: re.Match, case: str) -> str:
    kinds = [_RESOURCE[k] for k in re.split(r" and ", m[1])]
    ceilings = m[2].replace(" and ", " и ")
    categories = "категориях" if " и " in ceilings else "категории"
    return f"{' и '.join(kinds)} ресурсы в стоимостных {categories} до {ceilings}{NBSP}долл./кг{NBSP}U"


def _ranking(m: re.Match, case: str) -> str:
    publisher, when, rank, about, share, measure = m.groups()
    if measure != "proven uranium reserves":
        raise RussianTextError(f"C16: no Russian form for the measure {measure!r}")
    agency = {"Trend News Agency": "агентства Trend"}.get(publisher)
    if agency is None:
        raise RussianTextError(f"C16: no Russian name for the publisher {publisher!r}")
    place = num2words(_ORDINAL_EN[rank], lang="ru", to="ordinal", gender="n")
    return (f"рейтинг {agency} ({date_ru(when)}: {place} место в мире, "
            f"{'около ' if about else ''}{_pct(share)} доказанных запасов урана)")


def _with_deals(m: re.Match, case: str) -> str:
    n, years = count_of(m[1]), m[2]
    word = num2words(n, lang="ru", gender="f")  # of the «договорённости» (commitments)
    listed = [y.strip() for y in years.split(",")]
    years_ru = (listed[0] + NBSP + "г.") if len(listed) == 1 else (
        ", ".join(listed[:-1]) + " и " + listed[-1] + NBSP + "гг.")
    return f"{word} из них ({years_ru}) пришлись на те же годы, что и инвестиционные сделки или закупки из реестра"


def _documents(m: re.Match, case: str) -> str:
    n = count_of(m[1])
    return count_words(n, ("документ", "документа", "документов"))


def _critical(m: re.Match, case: str) -> str:
    n = count_of(m[1])
    if n == 1:
        return "единственный проект в области критических металлов"
    return count_words(n, ("проект", "проекта", "проектов")) + " в области критических металлов"


def _treaty_years(m: re.Match, case: str) -> str:
    items = re.split(r", | and ", m[0])
    out = []
    for item in items:
        name, year = item.rsplit(" ", 1)
        # the treaty of 1955 is West Germany's (the ФРГ), as the English chapter says
        out.append(f"{'ФРГ' if name == 'Germany' else translate(name)}{NBSP}— {year}{NBSP}г.")
    return ", ".join(out)


PATTERNS = [
    (re.compile(r"(held|failed) in (.+?)(, and in |, but not in )(\d{4}, when its own figure.+)"), _c04_outcome),
    (re.compile(r"\. (.+)"), _c04_same_year),
    (re.compile(r"((?:identified|reasonably assured)(?: and (?:identified|reasonably assured))?) resources "
                r"under USD ([\d, and]+)/kgU"), _resources),
    (re.compile(r"under USD ([\d,]+)/kgU"), lambda m, c: f"до {m[1]}{NBSP}долл./кг{NBSP}U"),
    (re.compile(r"(.+?)'s \((\d{1,2} \w{3} \d{4}): (\w+) in the world, with (about )?([\d.]+)% of (.+)\)"),
     _ranking),
    (re.compile(r"(\w+) of them \(([\d, ]+)\) fell in the same year as investment or purchase deals in the "
                r"register"), _with_deals),
    (re.compile(r"none fell in a year with a deal in the register"),
     lambda m, c: "ни одно не пришлось на год сделки из реестра"),
    (re.compile(r"(\w+) signed documents?"), _documents),
    (re.compile(r"(\w+) critical-metals projects?"), _critical),
    (re.compile(r"(?:[A-Z][a-z]+(?: [A-Z][a-z]+)? \d{4})(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)? \d{4})*"
                r"(?: and [A-Z][a-z]+(?: [A-Z][a-z]+)? \d{4})"), _treaty_years),
]


def translate(value: str, case: str = "nom") -> str:
    """The Russian form of a phrase a chapter glued in English, in ``case``.

    Known phrases and names come from :data:`TERMS`; lists ("A, B and C") are
    translated item by item and joined with «и»; phrases with numbers in them
    are rebuilt by :data:`PATTERNS`, their numbers formatted again in Russian.
    Anything else is an error naming the phrase.
    """
    if case not in CASES:
        raise RussianTextError(f"unknown case {case!r}")
    text = str(value)
    if text in TERMS:
        return TERMS[text][case]
    for pattern, build in PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            return build(m, case)
    items = re.split(r", | and ", text)
    if len(items) > 1 and all(item in TERMS for item in items):
        russian = [TERMS[item][case] for item in items]
        return ", ".join(russian[:-1]) + " и " + russian[-1]
    raise RussianTextError(f"no Russian form for the glued phrase {text!r}: add it to kzbook/ru.py "
                           "(TERMS or PATTERNS)")


# --- templates -------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def format_value(value, spec: str) -> str:
    """Render one glued value by a Russian SPEC (see the module docstring)."""
    if spec.startswith("w"):
        _, *forms = spec.split("|")
        return count_words(count_of(value), tuple(forms) if forms else None)
    if spec.startswith("t"):
        case = spec.split(".", 1)[1] if "." in spec else "nom"
        return translate(value, case)
    if spec == "d":
        return date_ru(value)
    if spec == "y":
        return str(int(value))
    m = re.fullmatch(r"(\+?)([np])(\d)", spec)
    if not m:
        raise RussianTextError(f"unknown Russian format {spec!r}")
    if isinstance(value, str):
        raise RussianTextError(f"format {spec!r} needs a number, got the text {value!r}")
    sign, kind, digits = m.groups()
    if kind == "p":
        return percent(value, int(digits))
    return signed(value, int(digits)) if sign else number(value, int(digits))


def fill(template: str, values: dict) -> tuple[str, dict]:
    """Fill a Russian template from glued ``values``; return the text and the
    values used. A digit typed outside a placeholder is refused, as in English."""
    if re.search(r"(?<![A-Za-z])\d", _PLACEHOLDER.sub("", template)):
        raise RussianTextError(f"a number is typed outside a glued placeholder: {template!r}")
    out, used = [], {}
    for literal, field, spec, conversion in string.Formatter().parse(template):
        out.append(literal)
        if field is None:
            continue
        if field not in values:
            raise RussianTextError(f"the Russian template cites '{field}', which no chapter has glued")
        if not spec:
            raise RussianTextError(f"'{field}': give a Russian format (n0, p1, y, d, w, t...)")
        used[field] = values[field]
        out.append(format_value(values[field], spec))
    return typeset("".join(out)), used


def typeset(text: str) -> str:
    """Russian finishing touches: a no-break space before a dash (a line never
    starts with «—»), and one full stop after an abbreviation that ends a
    sentence («2024 г.», not «2024 г..»)."""
    text = text.replace(" — ", NBSP + "— ")
    return re.sub(r"\.\.(?!\.)", ".", text)


def quote(text: str) -> str:
    """«ёлочки» around a quotation (inner quotation marks become „лапки“)."""
    inner = re.sub(r"«([^«»]*)»", "„\\1“", text)
    return f"«{inner}»"


def verdict_text(entry: dict) -> str:
    """«подтверждается частично — как совпадение динамики» (no comma before «как»)."""
    qualifier = entry.get("qualifier")
    text = VERDICT[entry["verdict"]]
    return text + (f"{NBSP}— {QUALIFIER[qualifier]}" if isinstance(qualifier, str) and qualifier else "")


# --- reading numbers back (for the checks that the languages agree) ---------

_EN_NUMBER = re.compile(r"(?<![A-Za-z\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![A-Za-z\d.,])\d+(?:\.\d+)?")
_RU_NUMBER = re.compile(r"(?<![A-Za-zА-Яа-яЁё\d,])\d{1,3}(?:\u00a0\d{3})+(?:,\d+)?"
                        r"|(?<![A-Za-zА-Яа-яЁё\d,])\d+(?:,\d+)?")


def numbers_in(text: str, lang: str) -> list[float]:
    """Every number written in ``text`` (English or Russian conventions), in
    order; digits inside names such as R9, U3O8 or C5+1 are not numbers."""
    if lang == "en":
        return [float(m.replace(",", "")) for m in _EN_NUMBER.findall(text)]
    if lang == "ru":
        return [float(m.replace(NBSP, "").replace(",", ".")) for m in _RU_NUMBER.findall(text)]
    raise ValueError(lang)


_BAD_RU = [
    (re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])"), "a decimal point (Russian uses a comma)"),  # not 0.7.0
    (re.compile(r"\d%"), "a per cent sign without the no-break space before it"),
    (re.compile(r"\d \d{3}(?!\d)"), "an ordinary space between thousands (use a no-break space)"),
    (re.compile(r"\d,\d{3}(?!\d)"), "a comma between thousands"),
    (re.compile(r"[\"“”]"), "English quotation marks (use «ёлочки»)"),
]


def typography_problems(text: str) -> list[str]:
    """Breaches of Russian number typography in ``text``: «38.6%» fails,
    «38,6 %» passes."""
    problems = []
    for pattern, what in _BAD_RU:
        for m in pattern.finditer(text):
            start = max(0, m.start() - 20)
            problems.append(f"{what}: …{text[start:m.end() + 20]}…")
    return problems
