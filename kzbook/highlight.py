"""Lighter syntax highlighting for the code cells, with the same look.

Pygments wraps every token of the highlighted code in a ``<span>``, so the
collapsed code of a chapter weighed five times its text (0.23 MB of markup for
56 KB of code in chapter 1). Names, punctuation and whitespace make up most
tokens, and the book's highlighting styles (the theme's accessible light and
dark styles) draw them in the code block's own text colour, so their spans
change nothing on screen. This module registers, through Sphinx's
``add_lexer``, the IPython 3 lexer with a filter that hands those tokens to
the formatter as plain text, which it writes without a span; keywords,
strings, numbers, comments and built-ins keep their colours.
``tests/test_figures.py`` checks that the styles still draw those tokens in
the text colour, so the pages look the same.
"""

from __future__ import annotations

from pygments.filter import Filter
from pygments.token import Name, Punctuation, Text, Whitespace

# token types drawn in the code block's text colour by the styles in use
PLAIN = (Name, Name.Namespace, Punctuation, Whitespace, Text.Whitespace)
CSS_CLASSES = ("n", "nn", "p", "w")  # their classes in pygments.css


class PlainTokens(Filter):
    def filter(self, lexer, stream):
        for ttype, value in stream:
            yield (Text if ttype in PLAIN else ttype), value


def lexer_class():
    from IPython.lib.lexers import IPython3Lexer

    class LightIPython3Lexer(IPython3Lexer):
        def __init__(self, **options):
            super().__init__(**options)
            self.add_filter(PlainTokens())

    return LightIPython3Lexer


def setup(app) -> None:
    app.add_lexer("ipython3", lexer_class())
