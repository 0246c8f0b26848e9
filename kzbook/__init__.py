"""Helpers shared by every chapter of the book.

One place for each job:

* :mod:`kzbook.data` loads a resource of ``data/datapackage.json`` by name and
  validates it (schema plus domain rules) before anyone can draw from it;
* :mod:`kzbook.countries` maps country names to ISO 3166 codes;
* :mod:`kzbook.units` is the registry of units the data may use;
* :mod:`kzbook.charts` holds the house chart style and the source line;
* :mod:`kzbook.gluing` glues numbers and tables into the prose.
"""

from kzbook.data import DataValidationError, load, resource_meta, source_line

__all__ = ["DataValidationError", "load", "resource_meta", "source_line"]
