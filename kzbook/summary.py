"""The introduction's bottom line: a few plain sentences on what the data show
overall, built from the ledger records and the values the chapters glued
(:func:`kzbook.gluing.saved`), so they change when a chapter's result does."""

from __future__ import annotations

import pandas as pd

from kzbook import english, rubric
from kzbook.sections import link


def verdict_counts(table: pd.DataFrame) -> dict[str, int]:
    counts = table["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in rubric.VERDICTS}


LABEL = {"supported": "supported", "partly supported": "partly supported",
         "not supported": "not supported", "contradicted": "contradicted",
         "not testable with public data": "cannot be tested with public data"}


def counts_sentence(table: pd.DataFrame) -> str:
    """ "Of the commentary's twenty claims, six are supported, ... and four cannot
    be tested with public data; none is contradicted." """
    counts = verdict_counts(table)
    present = [(v, n) for v, n in counts.items() if n]
    absent = [{"not supported": "unsupported", "not testable with public data": "untestable"}.get(v, LABEL[v])
              for v, n in counts.items() if not n]
    phrases = [f"{english.number_word(n)} {LABEL[v]}" for v, n in present]
    verb = "is" if present[0][1] == 1 else "are"
    if not present[0][0].startswith("not testable"):
        phrases[0] = phrases[0].replace(" ", f" {verb} ", 1)
    text = f"Of the commentary's {english.number_word(len(table))} claims, {english.join(phrases)}"
    if absent:
        text += "; none is " + (absent[0] if len(absent) == 1 else ", ".join(absent[:-1]) + " or " + absent[-1])
    return text + "."


def bottom_line(table: pd.DataFrame, v: dict) -> list[str]:
    """The sentences, in order (Markdown with links); ``v`` holds the saved values."""
    return [
        counts_sentence(table),
        (f"The production claim holds best: the commentary's \u201cabout {v['ch01_c03_claim']:.0f}%\u201d, read "
         f"as within {v['ch01_c03_tolerance']:.1f} points, matches the {v['ch01_kaz_share_latest']:.1f}% of the "
         f"world's uranium Kazakhstan mined in {v['ch01_last_year']}, more than any other country; but its "
         f"uranium resources rank "
         f"{v['ch01_res_kaz_rank_word']} on the standard measure; it leads only cheaper categories that "
         f"{v['ch01_c16_missing_holders']} does not report ({link('ch01-uranium-resources')})."),
        (f"The deals announced since {v['ch02_new_from']} are mostly Kazakh purchases: of the latest amounts of "
         f"the projects first announced since then, {v['ch02_recent_purchase_share']:.0f}% are purchases from US "
         f"companies, and {v['ch02_recent_strategic_share']:.1f}% lies in the critical-metals and aviation-fuel "
         f"projects the commentary points to ({link('ch02-scale')})."),
        (f"In the post-war precedents US aid, US troops and rising income came together, which shows "
         f"co-movement, not cause; two decades on, aid and troops had parted in {v['ch03_diverged']} "
         f"({link('ch03-aid')})."),
        (f"On control, Kazatomprom's attributable share of Kazakh uranium output was "
         f"{v['ch04_state_share_last']:.0f}% in {v['ch04_state_share_year']}; among the holders we could source, "
         f"no US company holds a stake in a Kazakh uranium mine; and all {english.number_word(v['ch04_alliances'])} "
         f"of Kazakhstan's treaties and declarations of alliance are with {v['ch04_alliance_partners']} "
         f"({link('ch04-commitments')})."),
    ]
