"""Section titles by label, read from the chapter sources, so that a link to
an analysis names its chapter and section ("Resources: Uranium resources by
country") rather than a bare label or "Verdicts"."""

from __future__ import annotations

import re
from functools import lru_cache

from kzbook.paths import book_root

_LABELLED = re.compile(r"^\(([a-z0-9-]+)\)=\n(#+) (.+)$", re.MULTILINE)


@lru_cache(maxsize=None)
def _titles() -> dict[str, tuple[str, int, str]]:
    """label -> (chapter file stem, heading level, title)."""
    found = {}
    for path in sorted((book_root() / "chapters").glob("[0-9][0-9]-*.md")):
        for label, hashes, title in _LABELLED.findall(path.read_text(encoding="utf-8")):
            found[label] = (path.stem, len(hashes), title.strip())
    return found


def title(label: str) -> str:
    try:
        return _titles()[label][2]
    except KeyError:
        raise KeyError(f"no section labelled {label!r} in the chapters") from None


def chapter_name(label: str) -> str:
    """The short name of the chapter holding ``label``: its title up to a colon."""
    stem = _titles()[label][0]
    top = next(t for lab, (st, level, t) in _titles().items() if st == stem and level == 1)
    return top.split(":")[0].strip()


def long_title(label: str) -> str:
    """ "Resources: Uranium resources by country" (chapter name, then section)."""
    section = title(label)
    chapter = chapter_name(label)
    return section if _titles()[label][1] == 1 else f"{chapter}: {section}"


def link(label: str) -> str:
    """A MyST reference to ``label`` whose text is :func:`long_title`."""
    from kzbook.gluing import reference
    return reference(f"{long_title(label)} <{label}>")


def url(label: str, prefix: str = "") -> str:
    """The address of section ``label`` in the built HTML, relative to the book's
    root (``chapters/01-resources.html#ch01-uranium-production``); ``prefix``
    leads there from elsewhere (``"../"`` from the Russian summary)."""
    try:
        stem, level, _ = _titles()[label]
    except KeyError:
        raise KeyError(f"no section labelled {label!r} in the chapters") from None
    return f"{prefix}chapters/{stem}.html" + ("" if level == 1 else f"#{label}")
