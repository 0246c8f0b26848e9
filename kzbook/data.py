"""Load a data resource by name, validated, or fail with a clear error.

Every CSV in ``data/`` is a resource of ``data/datapackage.json`` (a
Frictionless Data Package). :func:`load` checks a resource in three steps and
returns a typed :class:`pandas.DataFrame` only when all of them pass:

1. the file: it exists, is not empty, and its header has exactly the columns
   the schema names;
2. the schema, checked by ``frictionless``: types, constraints, primary key;
3. the domain rules of this book, declared by custom field properties:

   * ``unit``: a registered unit (:mod:`kzbook.units`); values must respect
     its bounds (quantities non-negative, per cent within 0-100, years
     between :data:`FIRST_YEAR` and the current year, or ``x-future`` years
     beyond it);
   * ``role: iso3``: an ISO 3166-1 alpha-3 code (or a listed aggregate);
   * ``role: country``: a country name that resolves to the row's ``iso3``;
   * ``role: unit`` with ``unitOf: <field>``: a column naming, on each row,
     the unit of ``<field>``; it must equal the unit that field declares;
   * ``role: source``: the ``id`` of one of the resource's sources, so every
     row says where it comes from;
   * ``x-at-most: <field>``: a part never exceeds its whole on the same
     row (exports to one partner and all exports);
   * ``role: latitude`` / ``role: longitude``: coordinates in degrees, given
     together; with ``x-within: <ISO3>`` the point must lie inside that
     country's Natural Earth boundary.

Problems are collected and raised together as one
:class:`DataValidationError`; each line names the file, the row and the field.
Rows are numbered as lines of the file: the header is row 1, the first data
row is row 2 (the numbering ``frictionless`` uses too).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kzbook import countries, rubric, units
from kzbook.paths import data_dir

FIRST_YEAR = 1900
MAX_PROBLEMS_SHOWN = 20
REQUIRED_SOURCE_KEYS = ("title", "path", "publisher", "published", "accessed")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # line of the file; 1 is the header, None for the file itself
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        where.append(f"row {self.row}" if self.row is not None else "whole file")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return ", ".join(where) + f": {self.message}"


class DataValidationError(ValueError):
    """Raised when a data file breaks its schema or a domain rule."""

    def __init__(self, resource: str, problems: list[Problem]):
        self.resource = resource
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(
            f"data resource '{resource}' is invalid ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}):\n{shown}{tail}"
        )


# --------------------------------------------------------------------------
# The package descriptor


def package_path() -> Path:
    return data_dir() / "datapackage.json"


def _package() -> dict[str, Any]:
    path = package_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError(
            "datapackage", [Problem(str(path), None, None, "file not found")]
        ) from None
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            "datapackage",
            [Problem(path.name, exc.lineno, None, f"not valid JSON: {exc.msg}")],
        ) from None


def resource_names() -> list[str]:
    return [r["name"] for r in _package()["resources"]]


def resource_meta(name: str) -> dict[str, Any]:
    """The descriptor of one resource (sources, licences, schema...)."""
    for res in _package()["resources"]:
        if res.get("name") == name:
            return res
    raise KeyError(f"no resource named '{name}' in {package_path()}")


def source_publishers(name: str) -> dict[str, str]:
    """Map each source ``id`` of resource ``name`` to its publisher."""
    return {src["id"]: src["publisher"] for src in resource_meta(name)["sources"]}


def source_grades(name: str) -> dict[str, str]:
    """Map each source ``id`` of resource ``name`` to its source-quality grade
    (:data:`kzbook.rubric.GRADES`)."""
    return {src["id"]: src["x-grade"] for src in resource_meta(name)["sources"]}


def source_key(source: dict, resource: dict) -> str | None:
    """The BibTeX key that cites a source: its own ``x-bibtex``, else its resource's."""
    return source.get("x-bibtex", resource.get("x-bibtex"))


def source_citations(name: str) -> dict[str, str]:
    """Map each source id of resource ``name`` to its BibTeX key (:func:`source_key`)."""
    meta = resource_meta(name)
    return {src["id"]: source_key(src, meta) for src in meta.get("sources", [])}


def metadata_problems(meta: dict[str, Any]) -> list[Problem]:
    """Provenance the book requires of every resource."""
    file = meta.get("path", meta.get("name", "?"))
    problems = []
    sources = meta.get("sources") or []
    if not sources:
        problems.append(Problem(file, None, None, "no sources recorded"))
    for i, src in enumerate(sources, start=1):
        for key in REQUIRED_SOURCE_KEYS:
            if not src.get(key):
                problems.append(Problem(file, None, None, f"source {i} lacks '{key}'"))
        if src.get("x-grade") not in rubric.GRADES:
            problems.append(Problem(file, None, None,
                f"source {i} has no source-quality grade 'x-grade' (one of "
                f"{', '.join(f'{k} {v}' for k, v in rubric.GRADES.items())}), got {src.get('x-grade')!r}"))
        if src.get("published") == "unknown" and not src.get("x-note"):
            problems.append(Problem(file, None, None,
                f"source {i} has an unknown publication date but no 'x-note' saying why"))
        for key in ("published", "accessed"):
            if key == "published" and src.get(key) == "unknown":
                continue
            if src.get(key) and not _is_date(src[key]):
                problems.append(
                    Problem(file, None, None, f"source {i} '{key}' is not a date: {src[key]!r}")
                )
    if not meta.get("licenses"):
        problems.append(Problem(file, None, None, "no licence recorded"))
    for field in meta.get("schema", {}).get("fields", []):
        unit = field.get("unit")
        if unit is not None and unit not in units.UNITS:
            problems.append(
                Problem(file, 1, field["name"], f"declares unknown unit {unit!r}")
            )
    return problems


def _is_date(text: str) -> bool:
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(text, fmt)
            return True
        except ValueError:
            pass
    return False


def source_line(*names: str, lang: str = "en") -> str:
    """'Source: ...' line for a figure, built from the resources' sources.

    A resource may give a short credit of its own in ``x-source-line``;
    otherwise editions of one title from one publisher are listed once, with
    their publication dates: "WNA, “Title” (2019-03, 2023-08)". In Russian
    (``lang="ru"``) each resource must give its credit in ``x-source-line-ru``.
    """
    if lang == "ru":
        missing = [n for n in names if not resource_meta(n).get("x-source-line-ru")]
        if missing:
            raise KeyError(f"no Russian source line (x-source-line-ru) in datapackage.json for {missing}")
        credits = "; ".join(resource_meta(n)["x-source-line-ru"].rstrip(".") for n in names)
        return f"Источник: {credits}."
    if lang != "en":
        raise ValueError(f"source_line(): unknown language {lang!r}")
    parts: list[str] = []
    grouped: dict[tuple[str, str], list[str]] = {}
    for name in names:
        meta = resource_meta(name)
        if meta.get("x-source-line"):
            parts.append(meta["x-source-line"].rstrip("."))
            continue
        for src in meta["sources"]:
            title = re.sub(r"\s*\([^)]*\)\s*$", "", src["title"])
            dates = grouped.setdefault((src["publisher"], title), [])
            published = "n.d." if src["published"] == "unknown" else src["published"]
            if published not in dates:
                dates.append(published)
    parts += [
        f"{publisher}, \u201c{title}\u201d ({', '.join(sorted(dates))})"
        for (publisher, title), dates in grouped.items()
    ]
    return "Source: " + "; ".join(parts) + "."


# --------------------------------------------------------------------------
# Loading and validation


# Resources loaded in this process (a chapter's kernel), in order: figures and
# tables may only name these as their inputs (:mod:`kzbook.provenance`).
LOADED: list[str] = []


def load(name: str) -> pd.DataFrame:
    """Load resource ``name`` as a typed DataFrame, or raise DataValidationError."""
    meta = resource_meta(name)
    path = data_dir() / meta["path"]
    fields = meta["schema"]["fields"]

    problems = metadata_problems(meta)
    problems += _file_problems(path, [f["name"] for f in fields])
    if problems:
        raise DataValidationError(name, problems)

    problems = _schema_problems(meta, path)
    if problems:
        raise DataValidationError(name, problems)

    frame = _read_typed(path, fields)
    source_ids = {src.get("id") for src in meta.get("sources", [])}
    problems = _domain_problems(path.name, frame, fields, source_ids)
    problems += _completeness_problems(path.name, frame, meta.get("x-complete-years"))
    if problems:
        raise DataValidationError(name, problems)
    if name not in LOADED:
        LOADED.append(name)
    return frame


def _file_problems(path: Path, expected: list[str]) -> list[Problem]:
    if not path.exists():
        return [Problem(path.name, None, None, "file not found")]
    text = path.read_text(encoding="utf-8-sig")
    if not text.strip():
        return [Problem(path.name, None, None, "file is empty (no header, no rows)")]
    rows = list(csv.reader(text.splitlines()))
    header = rows[0]
    problems = [
        Problem(path.name, 1, col, "column is missing from the header")
        for col in expected
        if col not in header
    ]
    problems += [
        Problem(path.name, 1, col, "column is not described in datapackage.json")
        for col in header
        if col not in expected
    ]
    if not any(any(cell.strip() for cell in row) for row in rows[1:]):
        problems.append(Problem(path.name, None, None, "file has a header but no data rows"))
    return problems


def _schema_problems(meta: dict[str, Any], path: Path) -> list[Problem]:
    from frictionless import Resource, Schema

    # Columns are matched by name, in any order (the header check above has
    # already required exactly the schema's columns).
    schema = Schema.from_descriptor({**meta["schema"], "fieldsMatch": "equal"})
    resource = Resource(path=path.name, basepath=str(path.parent), schema=schema,
                        format="csv", encoding="utf-8")
    report = resource.validate()
    problems = []
    for row, field, kind, note in report.flatten(["rowNumber", "fieldName", "type", "note"]):
        if kind == "primary-key":
            keys = ", ".join(meta["schema"].get("primaryKey", []))
            field = keys
            note = f"duplicate primary key ({keys}): {note}"
        else:
            note = f"{kind}: {note}"
        problems.append(Problem(path.name, row, field or None, note))
    return problems


_PANDAS_TYPES = {
    "integer": "Int64",
    "number": "Float64",
    "string": "string",
    "boolean": "boolean",
}


def _read_typed(path: Path, fields: list[dict[str, Any]]) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    out = pd.DataFrame(index=raw.index)
    for field in fields:
        col = raw[field["name"]].replace("", pd.NA)
        kind = field.get("type", "string")
        if kind in ("date", "datetime"):
            out[field["name"]] = pd.to_datetime(col)
        elif kind == "year":
            out[field["name"]] = col.astype("Int64")
        elif kind == "boolean":
            out[field["name"]] = col.str.lower().map({"true": True, "false": False}).astype("boolean")
        else:
            out[field["name"]] = col.astype(_PANDAS_TYPES.get(kind, "string"))
    return out


def _bound_problems(file: str, row: int, field: str, value: Any, unit: units.Unit) -> list[Problem]:
    """A value outside the bounds its unit allows."""
    if pd.isna(value):
        return []
    if unit.minimum is not None and value < unit.minimum:
        return [Problem(file, row, field, f"{value} is below {unit.minimum:g} {unit.symbol} "
                                          f"({unit.description} cannot be negative)")]
    if unit.maximum is not None and value > unit.maximum:
        return [Problem(file, row, field, f"{value} is above {unit.maximum:g} {unit.symbol}")]
    return []


def _domain_problems(file: str, frame: pd.DataFrame, fields: list[dict[str, Any]],
                     source_ids: set[str | None]) -> list[Problem]:
    problems: list[Problem] = []
    by_role = {f.get("role"): f["name"] for f in fields if f.get("role")}
    declared_units = {f["name"]: f.get("unit") for f in fields}
    this_year = dt.date.today().year

    def each(column: str):
        for idx, value in frame[column].items():
            if not pd.isna(value):
                yield idx + 2, value  # file line: header is 1

    for field in fields:
        name, unit_symbol = field["name"], field.get("unit")
        if unit_symbol is not None:
            unit = units.get(unit_symbol)
            if unit_symbol == "year":
                last = this_year + int(field.get("x-future", 0))
                for row, value in each(name):
                    if not FIRST_YEAR <= value <= last:
                        problems.append(Problem(file, row, name,
                            f"year {value} outside the plausible range {FIRST_YEAR}-{last}"))
            else:
                for row, value in each(name):
                    problems += _bound_problems(file, row, name, value, unit)
        ceiling = field.get("x-at-most")  # a part cannot exceed its whole on the same row
        if ceiling is not None:
            for row, value in each(name):
                whole = frame.at[row - 2, ceiling]
                if not pd.isna(whole) and value > whole:
                    problems.append(Problem(file, row, name,
                        f"{value} exceeds '{ceiling}' ({whole}) on the same row: a part above its whole"))
        role = field.get("role")
        if role == "iso3":
            for row, value in each(name):
                if not countries.is_known_code(value):
                    problems.append(Problem(file, row, name,
                        f"unknown country code {value!r} (not ISO 3166-1 alpha-3)"))
        elif role == "country":
            code_col = by_role.get("iso3")
            for row, value in each(name):
                code = countries.code_for(value)
                if code is None:
                    problems.append(Problem(file, row, name, f"unknown country {value!r}"))
                elif code_col is not None:
                    expected = frame.at[row - 2, code_col]
                    if not pd.isna(expected) and code != expected:
                        problems.append(Problem(file, row, name,
                            f"country {value!r} is {code}, but the row's "
                            f"{code_col} is {expected!r}"))
        elif role == "source":
            for row, value in each(name):
                if value not in source_ids:
                    problems.append(Problem(file, row, name,
                        f"source {value!r} is not the 'id' of any source of this resource"))
        elif role == "unit":
            target = field.get("unitOf")
            expected_unit = declared_units.get(target)
            for row, value in each(name):
                if value not in units.UNITS:
                    problems.append(Problem(file, row, name, f"unknown unit {value!r}"))
                elif expected_unit is not None and value != expected_unit:
                    problems.append(Problem(file, row, name,
                        f"unit {value!r} does not match the unit of '{target}', "
                        f"which is {expected_unit!r}"))
                elif expected_unit is None and target in frame.columns:
                    # The quantity's unit varies by row: apply this row's bounds.
                    problems += _bound_problems(file, row, target, frame.at[row - 2, target],
                                                units.get(value))
            if expected_unit is None and target in frame.columns:
                # a quantity and its unit come together: neither without the other
                for idx in frame.index[frame[target].notna() & frame[name].isna()]:
                    problems.append(Problem(file, idx + 2, name, f"'{target}' has a value but no unit"))
                for idx in frame.index[frame[target].isna() & frame[name].notna()]:
                    problems.append(Problem(file, idx + 2, target, f"no value, though '{name}' gives a unit"))
        elif role == "latitude":
            problems += _coordinate_problems(file, frame, name, by_role.get("longitude"),
                                             field.get("x-within"))
    return problems


def _completeness_problems(file: str, frame: pd.DataFrame, spec: dict | None) -> list[Problem]:
    """A resource declaring ``x-complete-years: {field, by}`` holds one row a
    year for each group, without gaps, between the group's first and last
    year (so its maxima and minima are those of the annual series)."""
    if not spec:
        return []
    year, by = spec["field"], list(spec.get("by", []))
    problems = []
    groups = frame.groupby(by) if by else [((), frame)]
    for key, rows in groups:
        years = sorted(int(y) for y in rows[year].dropna())
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years)) if years else []
        if missing:
            where = ", ".join(f"{c}={v}" for c, v in zip(by, key if isinstance(key, tuple) else (key,)))
            shown = ", ".join(map(str, missing[:8])) + (" ..." if len(missing) > 8 else "")
            problems.append(Problem(file, int(rows.index[0]) + 2, year,
                f"declared complete (x-complete-years) but {where} lacks the years {shown}"))
    return problems


def _coordinate_problems(file: str, frame: pd.DataFrame, lat: str, lon: str | None,
                         within: str | None) -> list[Problem]:
    """Latitude and longitude come in pairs, within range, and (with
    ``x-within: ISO3``) inside that country's boundary (:mod:`kzbook.geo`)."""
    from kzbook import geo

    problems = []
    if lon is None:
        return [Problem(file, None, lat, "a latitude column needs a column with role 'longitude'")]
    for idx in frame.index:
        row, y, x = idx + 2, frame.at[idx, lat], frame.at[idx, lon]
        if pd.isna(y) != pd.isna(x):
            problems.append(Problem(file, row, lat if pd.isna(y) else lon,
                                    "latitude and longitude must be given together"))
        elif pd.isna(y):
            continue
        elif not (-90 <= y <= 90 and -180 <= x <= 180):
            problems.append(Problem(file, row, lat, f"({y}, {x}) is not a latitude/longitude in degrees"))
        elif within and not geo.contains(within, float(x), float(y)):
            problems.append(Problem(file, row, lat,
                f"point ({y}, {x}) lies outside {within} (lat/lon swapped or wrong place?)"))
    return problems
