"""Country names and ISO 3166-1 alpha-3 codes.

Codes are checked against ``pycountry`` (the ISO 3166 database). Names are
the ones a source prints; each must resolve to the code on its row, either
through ``pycountry`` or through the short alias table below, which lists
only names that ISO spells differently.
"""

from __future__ import annotations

import pycountry

# Names sources commonly print that ISO 3166 spells differently.
ALIASES: dict[str, str] = {
    "russia": "RUS",
    "west germany": "DEU",
    "other countries": "XOT",
}

# Aggregates that are not countries but appear in statistics tables. WLD is
# the World Bank's code for the world; XOT is from the range ISO 3166 leaves
# to users (XAA-XZZ), for a source's "others" row.
AGGREGATES: dict[str, str] = {"WLD": "World", "XOT": "Others", "UNS": "Unspecified"}

# Former states that historical series (Maddison) keep before their break-up;
# ISO 3166-3 retired these codes.
FORMER: dict[str, str] = {"SUN": "Former USSR", "CSK": "Czechoslovakia", "YUG": "Former Yugoslavia",
                          "ANT": "Netherlands Antilles"}

# The 27 members of the European Union (since February 2020), for EU totals
# summed from member rows, so that the United Kingdom is never counted.
EU27 = ("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
        "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE")


def is_known_code(code: str) -> bool:
    return code in AGGREGATES or code in FORMER or pycountry.countries.get(alpha_3=code) is not None


def code_for(name: str) -> str | None:
    """ISO alpha-3 code for a country name, or ``None`` if unknown."""
    key = name.strip().lower()
    if key in ALIASES:
        return ALIASES[key]
    for code, label in {**AGGREGATES, **FORMER}.items():
        if key == label.lower():
            return code
    try:
        return pycountry.countries.lookup(name.strip()).alpha_3
    except LookupError:
        return None


def numeric_code(code: str) -> str:
    """ISO 3166-1 numeric code (as a three-digit string) for an alpha-3 code."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise KeyError(f"unknown ISO alpha-3 code {code!r}")
    return country.numeric


def short_name(code: str) -> str:
    """The short English name the book prints for a code ("Russia", "South Korea")."""
    short = {"RUS": "Russia", "KOR": "South Korea", "PRK": "North Korea", "IRN": "Iran", "TUR": "Türkiye",
             "TWN": "Taiwan", "VNM": "Vietnam", "GBR": "United Kingdom", "USA": "United States",
             "CZE": "Czechia", "NLD": "Netherlands", "MDA": "Moldova", "SYR": "Syria", "VEN": "Venezuela",
             "BOL": "Bolivia", "TZA": "Tanzania", "LAO": "Laos"}
    if code in short:
        return short[code]
    if code in AGGREGATES:
        return AGGREGATES[code]
    if code in FORMER:
        return FORMER[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise KeyError(f"unknown ISO alpha-3 code {code!r}")
    return getattr(country, "common_name", None) or country.name
