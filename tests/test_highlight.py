"""Code cells keep their look with fewer spans (kzbook/highlight.py)."""

from __future__ import annotations

import re

from pygments import highlight
from pygments.formatters import HtmlFormatter

from kzbook import highlight as light

CODE = 'import pandas as pd\nframe = pd.read_csv("a.csv")  # load\nprint(len(frame), 3)\n'


def test_names_and_punctuation_are_plain_text_and_the_rest_keeps_its_class():
    html = highlight(CODE, light.lexer_class()(), HtmlFormatter())
    classes = set(re.findall(r'<span class="([a-z0-9]+)">', html))
    assert not classes & set(light.CSS_CLASSES), classes
    assert {"kn", "k", "s2", "c1", "nb", "mi"} <= classes
    assert re.sub(r"<[^>]+>", "", html).replace("&quot;", '"').rstrip("\n") == CODE.rstrip("\n")


def test_the_styles_draw_those_tokens_in_the_text_colour(built_book):
    """If a theme update coloured names or punctuation, dropping their spans
    would change the pages: then this fails."""
    css = (built_book / "_build" / "html" / "_static" / "pygments.css").read_text()
    for mode in ("light", "dark"):
        base = re.search(rf'html\[data-theme="{mode}"\] \.highlight {{ [^}}]*color: (#[0-9A-Fa-f]+)', css)[1]
        for cls in light.CSS_CLASSES:
            rule = re.search(rf'html\[data-theme="{mode}"\] \.highlight \.{cls} {{ color: (#[0-9A-Fa-f]+)', css)
            assert rule is None or rule[1].lower() == base.lower(), (mode, cls, rule and rule[1], base)
