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
AGGREGATES: dict[str, str] = {"WLD": "World", "XOT": "Others"}

# Former states that historical series (Maddison) keep before their break-up;
# ISO 3166-3 retired these codes.
FORMER: dict[str, str] = {"SUN": "Former USSR", "CSK": "Czechoslovakia", "YUG": "Former Yugoslavia"}


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
