"""The units a data file may declare, and what each allows.

Every numeric field in ``data/datapackage.json`` that measures something
carries a custom ``unit`` property; a file with a ``unit`` column must use, on
every row, the unit its quantity field declares. A unit not listed here is an
error: a figure is never drawn from a quantity whose unit we do not know.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    symbol: str
    description: str
    minimum: float | None = 0.0  # quantities are non-negative unless stated
    maximum: float | None = None


UNITS: dict[str, Unit] = {
    u.symbol: u
    for u in [
        Unit("tU", "tonnes of uranium metal content"),
        Unit("t", "metric tonnes"),
        Unit("t W", "metric tonnes of tungsten content"),
        Unit("t WO3", "metric tonnes of tungsten trioxide content"),
        Unit("lb U3O8e", "pounds of uranium oxide equivalent"),
        Unit("million lb U3O8e", "millions of pounds of uranium oxide equivalent"),
        Unit("USD per lb U3O8e", "US dollars per pound of uranium oxide equivalent, nominal"),
        Unit("USD", "US dollars, current prices"),
        Unit("USD million", "millions of US dollars, current prices"),
        Unit("USD net", "US dollars, net of de-obligations (can be negative)", minimum=None),
        Unit("USD billion", "billions of US dollars, current prices"),
        Unit("EUR million position", "millions of euros, an investment position (can be negative under the "
             "directional principle)", minimum=None),
        Unit("EUR million net", "millions of euros, a net flow (can be negative)", minimum=None),
        Unit("2005 USD billion", "billions of US dollars at constant 2005 prices"),
        Unit("2011 international dollars", "GDP per person at 2011 purchasing-power parities"),
        Unit("2021 international dollars", "GDP per person at 2021 purchasing-power parities"),
        Unit("million 2011 international dollars", "GDP in millions of 2011 international (PPP) dollars"),
        Unit("thousand persons", "population in thousands"),
        Unit("degrees", "degrees of latitude or longitude", minimum=None),
        Unit("%", "per cent", minimum=0.0, maximum=100.0),
        Unit("t W per year", "metric tonnes of tungsten content a year"),
        Unit("tU per year", "tonnes of uranium a year (capacity or contract level)"),
        Unit("t APT per year", "metric tonnes of ammonium paratungstate a year"),
        Unit("t per year", "metric tonnes a year (a plant's capacity or feedstock)"),
        Unit("barrels per day", "barrels of crude oil a day"),
        Unit("count", "a count of items"),
        Unit("years", "a duration in years"),
        Unit("year", "calendar year", minimum=None),
        Unit("calendar year", "a calendar year given as a value", minimum=None),
    ]
}


def get(symbol: str) -> Unit:
    """Return the unit registered under ``symbol`` or raise ``KeyError``."""
    return UNITS[symbol]
