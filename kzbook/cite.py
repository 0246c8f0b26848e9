"""How to cite the book, from one source: ``CITATION.cff``.

:func:`bibtex` writes the BibTeX entry that the introduction shows and the
README repeats (a test keeps them equal); :func:`schema_problems` checks the
file against the Citation File Format 1.2.0 JSON schema, read from the
``cffconvert`` package (installed without its dependencies for that file).
"""

from __future__ import annotations

import json
from importlib import metadata as importlib_metadata
from pathlib import Path

import yaml

from kzbook.paths import book_root


def citation(path: Path | None = None) -> dict:
    return yaml.safe_load((path or book_root() / "CITATION.cff").read_text())


def _author(person: dict) -> str:
    if "name" in person:  # an entity (a group), kept whole by BibTeX's braces
        return "{" + person["name"] + "}"
    return f"{person['family-names']}, {person['given-names']}"


def bibtex(meta: dict | None = None) -> str:
    """A BibTeX ``@book`` entry for the edition described by ``CITATION.cff``."""
    meta = meta or citation()
    released = str(meta["date-released"])
    fields = {
        "title": "{" + meta["title"] + "}",
        "author": " and ".join(_author(p) for p in meta["authors"]),
        "year": released[:4],
        "edition": f"Version {meta['version']}",
        "note": f"Executable research book, released {released}",
    }
    for key in ("url", "repository-code"):
        if meta.get(key):
            fields["url"] = meta[key]
            break
    width = max(len(k) for k in fields)
    lines = [f"  {k.ljust(width)} = {{{v}}}," for k, v in fields.items()]
    return "@book{USKazakhstanBook" + released[:4] + ",\n" + "\n".join(lines) + "\n}"


def schema() -> dict:
    dist = importlib_metadata.distribution("cffconvert")
    found = [f for f in dist.files or [] if str(f).replace("\\", "/").endswith("schemas/1.2.0/schema.json")]
    if not found:
        raise FileNotFoundError("the CFF 1.2.0 schema is missing from cffconvert: run `make setup`")
    return json.loads(Path(dist.locate_file(found[0])).read_text())


def schema_problems(meta: dict | None = None) -> list[str]:
    """Every way ``CITATION.cff`` breaks the CFF 1.2.0 schema ([] when valid)."""
    import jsonschema

    validator = jsonschema.Draft7Validator(schema(), format_checker=jsonschema.FormatChecker())
    meta = meta if meta is not None else citation()
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(top level)'}: {error.message}"
            for error in sorted(validator.iter_errors(meta), key=lambda e: list(e.absolute_path))]
