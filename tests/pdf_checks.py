"""Checks on the text of the PDF, kept apart so tests can feed them bad text."""

from __future__ import annotations

import re

# Numbered captions as Sphinx's LaTeX writer prints them: "Fig. 5.1: ..." and "Table 5.1: ...".
CAPTION = re.compile(r"^(Fig\.|Table) (\d+(?:\.\d+)*):", re.MULTILINE)

LEAKS = {
    "??": "unresolved cross-reference",
    "[?]": "missing citation",
    "<pandas": "object repr",
    "Figure size": "matplotlib figure repr",
    "object at 0x": "object repr",
    "np.float64(": "numpy repr",
    "Traceback (most recent call last)": "traceback",
    "{glue": "unresolved glue role",
}
RAW_LATEX = re.compile(r"\\(begin|end|textbf|emph|hyperref|sphinx[A-Za-z]*)\b|\\\\$")


def caption_labels(text: str) -> dict[str, set[str]]:
    """Figure and table numbers whose caption appears in the text."""
    found: dict[str, set[str]] = {"Fig.": set(), "Table": set()}
    for kind, number in CAPTION.findall(text):
        found[kind].add(number)
    return found


def leaks(text: str) -> list[str]:
    """What should never be in a reader's PDF: unresolved references, reprs, raw LaTeX."""
    problems = [f"{why}: {marker!r}" for marker, why in LEAKS.items() if marker in text]
    problems += [f"raw LaTeX: {m.group(0)!r}" for m in RAW_LATEX.finditer(text)]
    return problems
