"""English words for numbers and lists in generated sentences, from
``inflect`` (so no sentence reads "ranks 2" or "the number ... is 0")."""

from __future__ import annotations

from collections.abc import Iterable

import inflect

_ENGINE = inflect.engine()


def ordinal(n: int) -> str:
    """1 -> "first", 2 -> "second", 21 -> "twenty-first"."""
    return _ENGINE.number_to_words(_ENGINE.ordinal(int(n)))


def number_word(n: int) -> str:
    """A whole number in words up to twenty, in figures beyond ("three", "25")."""
    n = int(n)
    return _ENGINE.number_to_words(n) if 0 <= n <= 20 else f"{n:,}"


# plurals the book uses where inflect's differ ("memorandums")
PLURALS = {"memorandum": "memoranda"}


def count(n: int, noun: str) -> str:
    """ "no companies", "one company", "three companies", "12 companies"."""
    n = int(n)
    plural = PLURALS.get(noun) or _ENGINE.plural(noun)
    if n == 0:
        return f"no {plural}"
    return f"{number_word(n)} {noun if n == 1 else plural}"


def join(items: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C" (no serial comma, as in the rest of the book)."""
    items = [str(i) for i in items]
    if not items:
        raise ValueError("join(): nothing to join")
    return _ENGINE.join(items, final_sep="")
