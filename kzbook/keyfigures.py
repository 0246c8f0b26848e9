"""The key figures, drawn in English for the chapters and in Russian for the
Russian summary by the same code, with a language switch.

Each function takes the data behind the figure as the chapter saved it (the
CSV offered for download beside the figure), so both languages draw the same
numbers. Words come from :data:`LABELS`; numbers in hover texts are formatted
for the language (Russian ones by Babel, through :mod:`kzbook.ru`), and the
Russian downloads get Russian column headers.
"""

from __future__ import annotations

import pandas as pd

from kzbook import charts, ru
from kzbook.data import source_line

LABELS = {
    "en": {
        "tU": "tonnes of uranium (tU)", "share_world": "Kazakhstan, % of world", "year": "year",
        "claim_40": "\u201cabout {claim}%\u201d (commentary)",
        "hover_tu": "{country}, {year}: {value} tU",
        "hover_share": "Kazakhstan, {year}: {value}% of world mine production",
        "uranium_source": " Latest edition for each year; chart: this book.",
        "exports": "exports", "imports": "imports", "pct_world": "% of the world total",
        "hover_trade": "{bloc}, {year}: {value}% of Kazakhstan's {flow}",
        "chart": " Chart: this book.",
        "n_claims": "number of claims",
        "verdicts_source": "Source: the verdicts recorded by the chapters of this book. Chart: this book.",
    },
    "ru": {
        "tU": "тонны урана (т U)", "share_world": "Казахстан, % мировой добычи", "year": "год",
        "claim_40": "«около {claim}\u00a0%» (комментарий)",
        "hover_tu": "{country}, {year}: {value}\u00a0т U",
        "hover_share": "Казахстан, {year}: {value}\u00a0% мировой добычи",
        "uranium_source": " Для каждого года — последнее издание; график: авторы книги.",
        "exports": "экспорт", "imports": "импорт", "pct_world": "% от общего объёма",
        "hover_trade": "{bloc}, {year}: {value}\u00a0% ({flow} Казахстана)",
        "chart": " График: авторы книги.",
        "n_claims": "число тезисов",
        "verdicts_source": "Источник: оценки, записанные в главах книги. График: авторы книги.",
    },
}


def _fmt(value: float, digits: int, lang: str) -> str:
    return f"{value:,.{digits}f}" if lang == "en" else ru.number(value, digits)


def _name(name: str, lang: str) -> str:
    return name if lang == "en" else ru.translate(name)


def _finish(fig, name: str, lang: str, *, source: str, data: pd.DataFrame, inputs: list[str],
            headers: dict[str, str]) -> None:
    if lang == "en":
        charts.finish(fig, name, source=source, data=data, inputs=inputs)
    else:
        missing = [c for c in data.columns if c not in headers and _name_or_none(c) is None]
        if missing:
            raise ru.RussianTextError(f"{name}: no Russian header for the columns {missing}")
        russian = data.rename(columns=lambda c: headers.get(c) or _name_or_none(c))
        charts.finish(fig, name, source=source, data=russian, inputs=inputs, folder=ru.generated_dir(), lang="ru")


def _name_or_none(column: str) -> str | None:
    try:
        return ru.translate(column)
    except ru.RussianTextError:
        return None


def uranium_production(data: pd.DataFrame, claim: float, lang: str = "en") -> None:
    """Mine production of the largest producers (upper panel) and Kazakhstan's
    share of the world (lower panel), with the commentary's figure marked.
    ``data``: one row a year; a column per country, ``world`` and
    ``kazakhstan_share_pct`` (fig-ch01-uranium-production.csv)."""
    words = LABELS[lang]
    frame = data.set_index("year")
    countries = [c for c in frame.columns if c not in ("world", "kazakhstan_share_pct")]
    first_year, last_year = int(frame.index.min()), int(frame.index.max())
    fig, (upper, lower) = charts.figure(2, height=6.8, sharex=True, gridspec_kw={"height_ratios": [1.5, 1]})
    colours = {}
    for i, country in enumerate(countries):
        colours[_name(country, lang)] = charts.COUNTRY[country]
        series = frame[country]
        upper.plot(series.index, series.values, marker=charts.MARKERS[i], markersize=3.5,
                   color=charts.COUNTRY[country], linewidth=2.2 if country == "Kazakhstan" else 1.4)
        charts.hover(upper, series.index, series.values,
                     [words["hover_tu"].format(country=_name(country, lang), year=y, value=_fmt(v, 0, lang))
                      for y, v in series.items()])
    upper.set_ylabel(words["tU"])
    upper.set_ylim(0, None)
    # Russian country names are wider: room for them inside the axes keeps the
    # figure at its width (and its text legible on a phone)
    upper.set_xlim(first_year - 0.5, last_year + (0.5 if lang == "en" else 3.5))
    upper.yaxis.set_major_formatter(lambda v, _: _fmt(v, 0, lang))
    charts.label_line_ends(upper, {_name(c, lang): (last_year, frame.at[last_year, c]) for c in countries}, colours)
    share = frame["kazakhstan_share_pct"]
    lower.plot(share.index, share.values, marker="o", markersize=3.5, color=charts.KAZAKHSTAN, linewidth=2.2)
    lower.axhline(claim, color=charts.PALETTE["vermillion"], linestyle="--", linewidth=1.2)
    lower.annotate(words["claim_40"].format(claim=_fmt(claim, 0, lang)), (first_year, claim), xytext=(0, 4),
                   textcoords="offset points", color=charts.PALETTE["vermillion"], va="bottom")
    charts.hover(lower, share.index, share.values,
                 [words["hover_share"].format(year=y, value=_fmt(v, 1, lang)) for y, v in share.items()])
    lower.set_ylabel(words["share_world"])
    lower.set_ylim(0, 60)
    lower.set_xlabel(words["year"])
    charts.year_ticks(lower, first_year, last_year, 4)
    _finish(fig, "fig-ch01-uranium-production" if lang == "en" else "fig-ru-uranium-production", lang,
            source=source_line("uranium_mine_production", lang=lang) + words["uranium_source"],
            data=data, inputs=["uranium_mine_production"],
            headers={"year": "год", "world": "мир, т U", "kazakhstan_share_pct": "доля Казахстана, %"})


TRADE_STYLE = (("EU-27", "o"), ("China", "s"), ("Russia", "^"), ("United States", "D"))


def trade_shares(data: pd.DataFrame, switch_year: int, lang: str = "en") -> None:
    """Partner shares of Kazakhstan's exports (upper) and imports (lower).
    ``data``: columns year, flow and one per partner (fig-ch04-trade-shares.csv);
    ``switch_year`` is the first year read from the national statistics."""
    words = LABELS[lang]
    shares = data.set_index(["flow", "year"]).sort_index()
    fig, axes = charts.figure(2, height=6.6, sharex=True, sharey=True)
    for ax, flow in zip(axes, ("exports", "imports")):
        sh = shares.xs(flow, level="flow")
        ends, colours = {}, {}
        for bloc, marker in TRADE_STYLE:
            ax.plot(sh.index, sh[bloc], color=charts.COUNTRY[bloc], marker=marker, markersize=3.5)
            present = sh[bloc].dropna()
            label = _name(bloc, lang)
            charts.hover(ax, present.index, present.values,
                         [words["hover_trade"].format(bloc=label, year=y, value=_fmt(v, 1, lang), flow=words[flow])
                          for y, v in present.items()])
            ends[label] = (int(present.index[-1]), float(present.iloc[-1]))
            colours[label] = charts.COUNTRY[bloc]
        ax.axvline(switch_year - 0.5, color="#888888", linestyle="--", linewidth=0.8)
        ax.set_title(words[flow], loc="left")
        ax.set_ylabel(words["pct_world"])
        ax.set_ylim(0, None)
        charts.label_line_ends(ax, ends, colours)
    axes[1].set_xlabel(words["year"])
    years = shares.index.get_level_values("year")
    charts.year_ticks(axes[1], int(years.min()), int(years.max()), 3)
    out = data if lang == "en" else data.assign(flow=data["flow"].map({"exports": "экспорт", "imports": "импорт"}))
    _finish(fig, "fig-ch04-trade-shares" if lang == "en" else "fig-ru-trade-shares", lang,
            source=source_line("trade_by_partner", lang=lang) + words["chart"],
            data=out, inputs=["trade_by_partner"], headers={"year": "год", "flow": "поток"})


VERDICT_STYLE = (("supported", "green", ""), ("partly supported", "sky", "//"), ("not supported", "orange", ".."),
                 ("contradicted", "vermillion", "xx"), ("not testable with public data", "grey", ""))


def verdicts(data: pd.DataFrame, lang: str = "en") -> None:
    """Verdicts on the claims by theme (stacked horizontal bars of counts).
    ``data``: a row per theme, a column per verdict (fig-ch05-verdicts.csv)."""
    words = LABELS[lang]
    pivot = data.set_index("theme")
    if lang == "ru":
        pivot.index = [ru.THEME[t] for t in pivot.index]
    fig, ax = charts.figure(height=3.8)
    left = pd.Series(0, index=pivot.index)
    for verdict, colour, hatch in VERDICT_STYLE:
        ax.barh(pivot.index, pivot[verdict], left=left, color=charts.PALETTE[colour], hatch=hatch,
                edgecolor="white", label=verdict if lang == "en" else ru.VERDICT[verdict])
        left += pivot[verdict]
    ax.set_xlabel(words["n_claims"])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    # the Russian labels are longer: one column keeps the figure at its width
    fig.legend(loc="outside lower center", ncol=2 if lang == "en" else 1)
    out = data if lang == "en" else data.assign(theme=data["theme"].map(ru.THEME))
    _finish(fig, "fig-ch05-verdicts" if lang == "en" else "fig-ru-verdicts", lang,
            source=words["verdicts_source"], data=out, inputs=["claims", "chapters/_generated/ledger"],
            headers={"theme": "тема", **{v: ru.VERDICT[v] for v, _, _ in VERDICT_STYLE}})
