"""Small computations several chapters share.

Kept apart from the chapters so that they are written once; the tests
recompute key results independently rather than calling these.
"""

from __future__ import annotations

import pandas as pd


def latest_edition(frame: pd.DataFrame, keys: list[str], edition: str = "edition") -> pd.DataFrame:
    """Keep, for each ``keys`` combination, the row of the most recent edition.

    Editions are ISO-like date strings ("2019-03", "2023-08", "2025"), so
    their text order is their time order.
    """
    ordered = frame.sort_values(edition)
    return ordered.drop_duplicates(subset=keys, keep="last").sort_values(keys).reset_index(drop=True)


def share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """``part`` as a percentage of ``whole``, aligned on the index."""
    if (whole <= 0).any():
        raise ValueError("share(): the whole must be positive in every row")
    return 100.0 * part / whole
